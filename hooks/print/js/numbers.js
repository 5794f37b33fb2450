// Run in the page by hooks/print/pdf_render.py (NUMBERS_SCRIPT).
// The contents' page numbers, from a first printing: heading id -> page.
(numbers) => {
  for (const link of document.querySelectorAll('.book-contents a[data-target]')) {
    link.querySelector('.n').textContent = numbers[link.dataset.target] || '';
  }
}
