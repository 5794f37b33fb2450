// Run in the page by hooks/print/pdf_render.py (ACTIVITY_SCRIPT).
(opts) => {
  document.documentElement.classList.add('book');
  document.title = opts.title;
  // Links to the toolkit's other pages point at the published site, not this local copy;
  // they stay clickable without printing every address.
  // Without a public address (a local preview) they are plain text: no 127.0.0.1 in a file.
  for (const a of document.querySelectorAll('.md-content a[href]')) {
    const href = a.getAttribute('href');
    if (href.startsWith('#') || /^[a-z]+:/i.test(href)) continue;
    if (opts.url) a.setAttribute('href', new URL(href, opts.url).href);
    else a.removeAttribute('href');
    a.classList.add('site-link');
  }
  // The run sheet (hooks/planner/run_sheets.py), folded on the page, prints first on a page of its own.
  const sheet = document.querySelector('details.run-sheet');
  if (sheet) {
    const first = document.createElement('section');
    first.className = 'run-sheet run-sheet--print';
    const h1 = document.createElement('h1');
    h1.textContent = sheet.dataset.title;
    sheet.querySelector('summary').remove();
    first.append(h1, ...sheet.childNodes);
    const steps = first.querySelector('.run-sheet-steps-title');
    if (steps) steps.outerHTML = '<h2 class="run-sheet-steps-title">Steps</h2>';
    sheet.remove();
    document.querySelector('.md-content__inner').prepend(first);
  }
}
