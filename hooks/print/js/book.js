// Run in the page by hooks/print/pdf_render.py (BOOK_SCRIPT).
(opts) => {
  // The print page, or a form's own page (a form is not in the printed books).
  const root = document.getElementById('print-site-page') || document.querySelector('.md-content__inner');
  const doc = document.documentElement;
  doc.classList.add('book');
  if (opts.large) doc.classList.add('large-print');
  document.title = opts.title;
  if (opts.worksheetsOnly) {
    doc.classList.add('worksheets-only');
    // The packs hold each worksheet and, after it, its card sheets; a single file holds one
    // activity's worksheet, or its cards.
    const kind = opts.cardsOnly ? '.card-sheet' : (opts.only !== undefined || opts.form ? '.worksheet' : '.worksheet, .card-sheet');
    let sheets = Array.from(root.querySelectorAll(kind));
    if (opts.only !== undefined) sheets = sheets.filter((el) => el.dataset.activity === String(opts.only));
    if (opts.form) sheets = sheets.filter((el) => el.dataset.form === opts.form);
    const worksheetCount = sheets.filter((el) => el.matches('.worksheet')).length;
    root.replaceChildren(...sheets);
    // Each worksheet is a document of its own here: its heading is the top level (H1), and
    // the headings inside it move up one level with it, so no level is skipped.
    for (const sheet of sheets) {
      for (const h of Array.from(sheet.querySelectorAll('h2, h3, h4, h5, h6'))) {
        const up = document.createElement('h' + (Number(h.tagName[1]) - 1));
        for (const attr of Array.from(h.attributes)) up.setAttribute(attr.name, attr.value);
        up.classList.add('was-' + h.tagName.toLowerCase());
        up.replaceChildren(...h.childNodes);
        h.replaceWith(up);
      }
    }
    return opts.cardsOnly ? sheets.length : worksheetCount;
  }
  // Contents: every part and page, linked to its heading.
  const entries = [];
  for (const section of root.querySelectorAll('section.print-page')) {
    const h1 = Array.from(section.children).find((el) => el.tagName === 'H1');
    if (!h1) continue;
    if (!h1.id) h1.id = section.id + '-title';
    const part = section.classList.contains('md-section');
    const text = h1.textContent.trim();
    entries.push(`<li class="${part ? 'part' : 'page'}"><a href="#${h1.id}" data-target="${h1.id}">` +
                 `<span class="t">${text}</span><span class="n"></span></a></li>`);
  }
  const contents = document.createElement('section');
  contents.className = 'book-contents';
  contents.innerHTML = '<h1 id="book-contents">Contents</h1><ol>' + entries.join('') + '</ol>';
  const cover = document.createElement('section');
  cover.className = 'book-cover';
  cover.innerHTML = opts.cover;
  root.prepend(cover, contents);
  return entries.length;
}
