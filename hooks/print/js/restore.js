// Run in the page by hooks/print/pdf_render.py (RESTORE_SCRIPT).
() => {
  const kept = window.__printPage;
  const root = kept.root.cloneNode(false);
  root.append(...kept.sheets.map((el) => el.cloneNode(true)));
  document.getElementById('print-site-page').replaceWith(root);
  document.documentElement.className = kept.className;
  document.title = kept.title;
}
