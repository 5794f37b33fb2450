// Run in the page by hooks/print/pdf_render.py (CARD_ACTIVITIES_SCRIPT): the number of each
// activity that has card sheets on the print page.
() => Array.from(document.querySelectorAll('.card-sheet')).map((el) => Number(el.dataset.activity))
