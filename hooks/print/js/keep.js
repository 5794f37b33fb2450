// Run in the page by hooks/print/pdf_render.py (KEEP_SCRIPT).
// The worksheet files are cut from one load of the print page: its worksheets and card sheets
// are kept as they loaded (KEEP_SCRIPT) and put back before each file (RESTORE_SCRIPT), the
// same as loading the page again (BOOK_SCRIPT keeps only those sheets) at a fraction of the cost.
() => {
  const root = document.getElementById('print-site-page');
  const sheets = Array.from(root.querySelectorAll('.worksheet, .card-sheet'))
    .filter((el) => !el.parentElement.closest('.worksheet, .card-sheet'));
  window.__printPage = {
    root: root.cloneNode(false),
    sheets: sheets.map((el) => el.cloneNode(true)),
    className: document.documentElement.className,
    title: document.title,
  };
}
