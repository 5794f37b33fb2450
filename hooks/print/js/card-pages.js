// Run in the page by hooks/print/pdf_render.py (CARD_PAGES_SCRIPT).
// Each card sheet on the page as printed: the index of the card that starts each page after
// the first, and whether its cards were brought closer (book.css, card-sheet--close).
() => Array.from(document.querySelectorAll('.card-sheet')).map((sheet) => ({
  starts: (sheet.dataset.pages || '').split(' ').filter(Boolean).map(Number),
  close: sheet.classList.contains('card-sheet--close'),
}))
