"""Print-ready PDFs of the built site, rendered by headless Chromium through Playwright.

``render_pdfs(site_dir, ...)`` serves the built site on a loopback port and writes, under
``site_dir/downloads``:

- ``co-production-toolkit.pdf`` and ``co-production-toolkit-large-print.pdf``: cover, contents
  with page numbers, every page, A4;
- ``worksheets.pdf``, each worksheet on its own (``worksheet-NN-slug.pdf``) and the card
  sheets (``cards-NN-slug.pdf``), each in standard and large print;
- ``activity-NN-slug.pdf``: one per activity, its run sheet, guide and worksheet;
- a PDF of each page whose front matter asks for one (the briefing, the Easy Read guide);
- ``form-SLUG.pdf`` and ``form-SLUG-large-print.pdf``: each form (hooks/forms.py), cut from its
  own page as a worksheet is cut from the print page.

The contents' page numbers come from a first printing: Chromium writes a named destination
for each heading a contents link points to, and its page is the number to print. Each
printed file is then finished by hooks/pdf_finish.py, in a worker thread while Chromium
prints the next: repaired to PDF/UA-1, given its title, author, language and dates from
``epoch`` (the last commit, so one commit always gives the same files), and checked by an
independent PDF/UA-1 validator before it is written.
"""

from __future__ import annotations

import functools
import html
import http.server
import io
import logging
import os
import threading
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path

from hooks.downloads import Activity, Download, PagePdf, cards_file, worksheet_file
from hooks.forms import Form, form_file
from hooks.pdf_finish import Info, NotConformant, finish_file
from hooks.qr import published

# What the build is doing while Chromium prints, a line per stage at INFO through MkDocs' log.
log = logging.getLogger("mkdocs.plugins.pdfs")

BOOK_CSS = Path(__file__).with_name("book.css")
BOOK_PAGES_CSS = Path(__file__).with_name("book-pages.css")
CHROMIUM_CANDIDATES = ("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--font-render-hinting=none",
]
INSTALL_HINT = ("install it with 'sudo apt-get install chromium' (Debian or Ubuntu), or set "
                "CHROMIUM=/path/to/chromium")


class PdfError(Exception):
    """A problem that stops the PDFs being made; its message says what to do."""


def find_chromium() -> str:
    """The Chromium to use: $CHROMIUM if set, else the system's."""
    chosen = os.environ.get("CHROMIUM")
    if chosen:
        if os.access(chosen, os.X_OK):
            return chosen
        raise PdfError(f"CHROMIUM={chosen} is not a program that can be run; {INSTALL_HINT}")
    for candidate in CHROMIUM_CANDIDATES:
        if os.access(candidate, os.X_OK):
            return candidate
    raise PdfError(f"Chromium is needed to make the PDFs but was not found; {INSTALL_HINT}")


def source_epoch(root: Path) -> int:
    """SOURCE_DATE_EPOCH, else the last commit's time, else 0: the same for one commit."""
    if os.environ.get("SOURCE_DATE_EPOCH", "").isdigit():
        return int(os.environ["SOURCE_DATE_EPOCH"])
    import subprocess

    try:
        out = subprocess.run(["git", "log", "-1", "--format=%ct"], cwd=root, capture_output=True,
                             text=True, timeout=10)
        return int(out.stdout.strip())
    except (OSError, ValueError, subprocess.SubprocessError):
        return 0


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@contextmanager
def serve(site_dir: Path) -> Iterator[str]:
    handler = functools.partial(_Quiet, directory=str(site_dir))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    finally:
        httpd.shutdown()
        httpd.server_close()


BOOK_SCRIPT = """(opts) => {
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
}"""


ACTIVITY_SCRIPT = """(opts) => {
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
  // The run sheet (hooks/run_sheets.py), folded on the page, prints first on a page of its own.
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
}"""


# The contents' page numbers, from a first printing: heading id -> page.
NUMBERS_SCRIPT = """(numbers) => {
  for (const link of document.querySelectorAll('.book-contents a[data-target]')) {
    link.querySelector('.n').textContent = numbers[link.dataset.target] || '';
  }
}"""


# Run on every document just before it is printed; returns its headings' text for the
# bookmarks (hooks/pdf_ua.py puts back the spaces Chromium drops where a heading wraps).
PREPARE_SCRIPT = """() => {
  const page = document.querySelector('#print-site-page') || document.querySelector('.md-content');
  // Chromium names a PDF destination after the id of each element a link points to, and a
  // PDF name holds at most 127 bytes: a longer id is cut short (and numbered), and so are the
  // links to it (a long activity title, "Activity 1: What do you know, and ...", made one).
  let cut = 0;
  for (const el of page.querySelectorAll('[id]')) {
    if (el.id.length <= 100) continue;
    const old = el.id;
    el.id = old.slice(0, 90) + '-' + ++cut;
    for (const a of document.querySelectorAll('a[href^="#"]')) {
      if (a.getAttribute('href') !== '#' + old) continue;
      a.setAttribute('href', '#' + el.id);
      if (a.dataset.target === old) a.dataset.target = el.id;
    }
  }
  // Chromium leaves empty table cells out of the tag tree, so a worksheet's rows of write-in
  // cells would read as a table with missing columns: a no-break space keeps each cell.
  for (const cell of page.querySelectorAll('td, th')) {
    if (!cell.textContent.trim() && !cell.querySelector('img, svg')) cell.append('\\u00a0');
  }
  // A web address may break only after a slash, never inside a word or at a hyphen: each
  // part in a span that does not break, and a <wbr> after each slash. Links to other sites print their address after the link text.
  const breakable = (text) => {
    const out = document.createDocumentFragment();
    text.split(/(?<=[^/:]\\/)/).forEach((part, i, parts) => {
      const piece = document.createElement('span');
      piece.className = 'address-part';  // no break inside, not even at a hyphen
      piece.textContent = part;
      out.append(piece);
      if (i < parts.length - 1) out.append(document.createElement('wbr'));
    });
    return out;
  };
  const addresses = /https?:\\/\\/\\S+/g;
  for (const el of page.querySelectorAll('.print-source, .worksheet-source, .book-cover p')) {
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    const nodes = [];
    while (walker.nextNode()) nodes.push(walker.currentNode);
    for (const node of nodes) {
      const text = node.nodeValue;
      if (!addresses.test(text)) continue;
      addresses.lastIndex = 0;
      const out = document.createDocumentFragment();
      let last = 0;
      for (const m of text.matchAll(addresses)) {
        out.append(text.slice(last, m.index), breakable(m[0]));
        last = m.index + m[0].length;
      }
      out.append(text.slice(last));
      node.replaceWith(out);
    }
  }
  for (const a of page.querySelectorAll('a[href^="http"]:not(.site-link)')) {
    const shown = document.createElement('span');
    shown.className = 'shown-address';
    shown.append(' (', breakable(a.getAttribute('href')), ')');
    a.append(shown);
  }
  // A worksheet's columns share the width equally, for writing in, but the first column is
  // never narrower than its longest word ("responsibilities" in large print).
  for (const table of page.querySelectorAll('.worksheet table')) {
    const head = table.rows[0];
    if (!head || head.cells.length < 2 || table.querySelector('colgroup')) continue;
    table.style.cssText = 'table-layout: auto; width: 0; min-width: 0';
    const need = head.cells[0].getBoundingClientRect().width;
    table.style.cssText = '';
    const full = table.getBoundingClientRect().width;
    const n = head.cells.length;
    let first = Math.min(Math.max((need + 4) / full, 1 / n), 0.5);
    // On a form (hooks/forms.py), columns that only hold tick boxes need room for a tick, not
    // for writing: the first column, the question, takes the rest.
    const others = Array.from(table.tBodies[0] ? table.tBodies[0].rows : [])
      .flatMap((row) => Array.from(row.cells).slice(1).map((c) => c.textContent));
    const ticks = others.some((text) => text.includes('☐')) &&
      others.every((text) => /^[\\s\\u00a0☐]*$/.test(text));
    if (table.closest('.form') && ticks) first = Math.max(first, 1 - 0.12 * (n - 1));
    const cols = document.createElement('colgroup');
    for (let i = 0; i < n; i++) {
      const col = document.createElement('col');
      col.style.width = (100 * (i === 0 ? first : (1 - first) / (n - 1))).toFixed(2) + '%';
      cols.append(col);
    }
    table.prepend(cols);
  }
  // Whole pages for every worksheet: one page where it fits (write-in boxes a little
  // shorter if that is all it takes); otherwise breaks only between answer spaces, never
  // between a question and its answer space, "Continued on the next page." at the foot of a
  // page that goes on, every page filled (taller boxes or rows), and no last page with less
  // than a third of a page. A table that goes on is split in two, each with its header row.
  const PAGE = window.innerHeight - 8;  // the printed page's content height, a little spare
  const LINE = (el) => parseFloat(getComputedStyle(el).fontSize) * 2;  // a write-in line: 2em
  const THIRD = PAGE * 0.37;  // a last page holds a third of a page, and a little more
  for (const sheet of page.querySelectorAll('.worksheet')) paginate(sheet);
  for (const sheet of page.querySelectorAll('.card-sheet')) spreadCards(sheet);
  shortTails();
  // No page holds only the last line or two of a section before something that starts a new
  // page (a worksheet, a card sheet, a chapter): the section's last part, from its last
  // heading, starts that page instead. Where pages fall is worked out from the layout, which
  // runs on without page breaks; tests/test_paper.py checks what prints.
  function shortTails() {
    const top = (el) => el.getBoundingClientRect().top + window.scrollY;
    const bottom = (el) => el.getBoundingClientRect().bottom + window.scrollY;
    const forced = Array.from(page.querySelectorAll('*')).filter((el) => el.offsetParent !== null &&
      ['page', 'always', 'left', 'right'].includes(getComputedStyle(el).breakBefore));
    // What never splits over two pages moves whole to the next one (book.css and the site's
    // print styles), and a heading takes two lines of what follows with it.
    const WHOLE = 'li, tr, figure, .admonition, .at-a-glance, .write-in, .card, img, svg';
    const atoms = Array.from(page.querySelectorAll('p, h1, h2, h3, h4, h5, h6, pre, ' + WHOLE))
      .filter((el) => el.offsetParent !== null && !el.parentElement.closest(WHOLE));
    let from = top(page), k = 0;
    for (const start of [...forced, null]) {
      const begin = from;
      const end = start ? top(start) - (parseFloat(getComputedStyle(start).marginTop) || 0) : bottom(page);
      from = end;
      let pageStart = begin, shift = 0;
      const inside = [];
      for (; k < atoms.length && top(atoms[k]) < end; k++) {
        const a = atoms[k];
        if (top(a) < begin) continue;
        inside.push(a);
        const heading = /^H[1-6]$/.test(a.tagName);
        const t = top(a) + shift;
        const b = bottom(a) + shift + (heading ? parseFloat(getComputedStyle(a).fontSize) * 3 : 0);
        if (b <= pageStart + PAGE) continue;
        if ((heading || a.matches(WHOLE)) && b - t <= PAGE && t > pageStart) {
          shift += pageStart + PAGE - t;  // moves whole to the next page
          pageStart += PAGE;
        } else {
          while (b > pageStart + PAGE) pageStart += PAGE;  // its lines run on
        }
      }
      const tail = end + shift - pageStart;
      if (pageStart === begin || tail > PAGE * 0.15) continue;
      const headings = inside.filter((h) => /^H[2-4]$/.test(h.tagName) &&
        !h.closest('.worksheet, .card-sheet, table, .admonition, details') &&
        top(h) + shift > pageStart - PAGE * 0.6 && top(h) > begin + 1);
      const last = headings[headings.length - 1];
      if (last) last.style.breakBefore = 'page';
    }
  }
  // A card sheet never leaves one card alone on its last page: the cards come closer (less
  // room around the words), or, if that is not enough, the page before gives up its last row
  // (the rest of the cards go on in a list of their own, which starts a page).
  function cardPages(sheet) {
    const rows = [];
    for (const card of sheet.querySelectorAll('.card')) {
      const r = card.getBoundingClientRect();
      const row = rows[rows.length - 1];
      if (row && Math.abs(row.top - r.top) < 2) {
        row.cards.push(card);
        row.bottom = Math.max(row.bottom, r.bottom);
      } else {
        rows.push({top: r.top, bottom: r.bottom, cards: [card]});
      }
    }
    // The sheet starts a page; a row that would cross a page's foot starts the next one.
    let start = pageTop(sheet), shift = 0;
    const pages = [[]];
    for (const row of rows) {
      if (row.bottom + shift - start > PAGE && pages[pages.length - 1].length) {
        shift += start + PAGE - (row.top + shift);
        start = row.top + shift;
        pages.push([]);
      }
      pages[pages.length - 1].push(row);
    }
    return pages;
  }
  function lonely(pages) {
    const last = pages[pages.length - 1];
    return pages.length > 1 && last.length === 1 && last[0].cards.length === 1;
  }
  function spreadCards(sheet) {
    let pages = cardPages(sheet);
    // Where each page after the first starts, as the index of its first card: the planner's
    // pack breaks its large-print cards in the same places (hooks/planner.py).
    const starts = () => {
      const cards = Array.from(sheet.querySelectorAll('.card'));
      sheet.dataset.pages = pages.slice(1).map((p) => cards.indexOf(p[0].cards[0])).join(' ');
    };
    starts();
    if (!lonely(pages)) return;
    sheet.classList.add('card-sheet--close');
    pages = cardPages(sheet);
    starts();
    if (!lonely(pages)) return;
    const before = pages[pages.length - 2];
    if (before.length < 2) return;  // one card a page: nothing to move
    const moved = before[before.length - 1].cards[0];
    pages[pages.length - 1].unshift(before.pop());
    starts();
    const list = moved.parentElement;
    const rest = list.cloneNode(false);
    let card = moved;
    while (card) {
      const next = card.nextElementSibling;
      rest.append(card);
      card = next;
    }
    rest.style.breakBefore = 'page';
    list.after(rest);
  }
  function parts(sheet) {
    const out = [];
    for (const el of Array.from(sheet.children)) {
      const table = el.matches('.write-in') ? null : (el.matches('table') ? el : el.querySelector('table'));
      if (table && table.tBodies[0]) {
        Array.from(table.tBodies[0].rows).forEach((row, i) => out.push({el: row, box: i ? row : el, table, wrap: el, row: i}));
      } else {
        out.push({el, box: el});
      }
    }
    return out;
  }
  // Where the sheet's page starts, above the sheet: the top of the document for a sheet on
  // the first page (Material's layout puts a little room above it), else its own top margin,
  // which a forced page break keeps.
  function pageTop(sheet) {
    const top = sheet.getBoundingClientRect().top + window.scrollY;
    return top - (top < PAGE ? top : keptMargin(sheet)) - window.scrollY;
  }
  // The top margin a forced page break keeps above an element: its own, or its first child's
  // where that collapses through it (a card sheet's title).
  function keptMargin(el) {
    let margin = 0;
    while (el) {
      const style = getComputedStyle(el);
      margin = Math.max(margin, parseFloat(style.marginTop) || 0);
      if (parseFloat(style.paddingTop) || parseFloat(style.borderTopWidth)) break;
      el = el.firstElementChild;
    }
    return margin;
  }
  function measure(sheet, list) {
    const top = pageTop(sheet);
    for (const p of list) {
      const r = p.box.getBoundingClientRect();
      p.top = r.top - top;
      p.bottom = (p.row !== undefined ? p.el.getBoundingClientRect().bottom : r.bottom) - top;
    }
  }
  // May a new page start at part i? Between rows of a table, or after an answer space (a
  // write-in box, a table, a quotation); never between a question and its answer space,
  // never on the footer alone.
  function canBreak(list, i) {
    if (i <= 0 || i >= list.length) return false;
    const p = list[i], before = list[i - 1];
    if (p.row === undefined && p.el.matches('.worksheet-source, .worksheet-continued')) return false;
    if (p.row > 0) return true;
    if (before.row !== undefined || before.el.matches('.write-in, blockquote')) return true;
    // A form is mostly words to read: it may also break between two blocks of them, never
    // after a heading or a question that leads into what follows.
    return !!p.el.closest('.form') && before.el.matches('p, ul, ol') &&
      !/:\\s*$/.test(before.el.textContent) && !before.el.matches('.worksheet-head *');
  }
  function stretch(list, from, to, spare) {
    const boxes = list.slice(from, to).filter((p) => p.el.matches && p.el.matches('.write-in'));
    const rows = list.slice(from, to).filter((p) => p.row !== undefined &&
      Array.from(p.el.cells).some((c) => !c.textContent.trim()));
    if (boxes.length) {
      for (const p of boxes) {
        const lines = parseFloat(getComputedStyle(p.el).getPropertyValue('--lines')) || 4;
        p.el.style.setProperty('--lines', Math.max(1.5, lines + spare / boxes.length / LINE(p.el)).toFixed(2));
      }
    } else if (rows.length) {
      for (const p of rows) {
        p.el.style.height = Math.max(0, p.el.getBoundingClientRect().height + spare / rows.length - 2) + 'px';
      }
    }
  }
  // How far the questions and answer spaces reach, leaving out the closing line.
  function contentBottom(list) {
    const own = list.filter((p) => p.row !== undefined || !p.el.matches('.worksheet-source'));
    return own.length ? own[own.length - 1].bottom : list[list.length - 1].bottom;
  }
  // One page where it can fit: the write-in boxes give up room, the deepest most, none below
  // two lines (or its own size, if smaller), and the space around them tightens.
  function fitOnePage(sheet, list, total) {
    const boxes = list.filter((p) => p.row === undefined && p.el.matches('.write-in'));
    const lines = boxes.map((p) => parseFloat(getComputedStyle(p.el).getPropertyValue('--lines')) || 4);
    const room = boxes.map((p, i) => Math.max(0, lines[i] - 2) * LINE(p.el));
    const give = room.reduce((a, b) => a + b, 0);
    if (total > PAGE * 1.25) return false;  // tighter spacing gains some, never this much
    sheet.classList.add('worksheet--tight');
    measure(sheet, list);
    const still = list[list.length - 1].bottom - PAGE + 4;
    if (still > 0 && give > 0) {
      boxes.forEach((p, i) => {
        const cut = Math.min(room[i], still * room[i] / give);
        p.el.style.setProperty('--lines', (lines[i] - cut / LINE(p.el)).toFixed(2));
      });
      measure(sheet, list);
    }
    if (list[list.length - 1].bottom <= PAGE) return true;
    sheet.classList.remove('worksheet--tight');  // it does not fit after all: as it was
    boxes.forEach((p, i) => p.el.style.setProperty('--lines', String(lines[i])));
    measure(sheet, list);
    return false;
  }
  function paginate(sheet) {
    let list = parts(sheet);
    measure(sheet, list);
    const total = list[list.length - 1].bottom;
    if (total <= PAGE) return;
    if (fitOnePage(sheet, list, total)) return;
    const reserve = parseFloat(getComputedStyle(sheet).fontSize) * 2.5;  // the "continued" line
    const breaks = [];
    let start = 0, offset = 0;
    while (list[list.length - 1].bottom - offset > PAGE) {
      let at = -1;
      for (let i = start + 1; i < list.length; i++) {
        if (list[i - 1].bottom - offset > PAGE - reserve) break;
        if (canBreak(list, i)) at = i;
      }
      if (at < 0) break;  // nothing fits: let the browser break it
      breaks.push(at);
      start = at;
      // A table split here repeats its header row, inside a wrapper with its own margin.
      const p = list[at];
      offset = p.top - (p.row > 0 ? (p.table.tHead ? p.table.tHead.getBoundingClientRect().height : 0)
                        + (parseFloat(getComputedStyle(p.wrap).marginTop) || 0) : 0);
    }
    if (!breaks.length) return;
    // The last page holds at least a third of a page of questions and answer spaces (its
    // closing line apart): move its break earlier if need be.
    const last = breaks[breaks.length - 1];
    if (contentBottom(list) - list[last].top < THIRD) {
      const from = breaks.length > 1 ? breaks[breaks.length - 2] : 0;
      for (let i = last - 1; i > from; i--) {
        if (canBreak(list, i) && contentBottom(list) - list[i].top >= THIRD) {
          breaks[breaks.length - 1] = i;
          break;
        }
      }
    }
    // Make the breaks: split tables, force the page, say that it goes on.
    const starting = new Set();
    for (const at of breaks.slice().reverse()) {
      const p = list[at];
      let first = p.el;
      if (p.row) {
        const copy = p.wrap.cloneNode(false);
        let inner = copy, source = p.wrap;
        while (source !== p.table) {  // Material's wrappers around the table
          source = source.firstElementChild;
          if (source === p.table) break;
          const c = source.cloneNode(false);
          inner.append(c);
          inner = c;
        }
        const table = p.table.cloneNode(false);
        for (const part of p.table.children) if (part.tagName !== 'TBODY') table.append(part.cloneNode(true));
        const body = document.createElement('tbody');
        const rows = Array.from(p.table.tBodies[0].rows).slice(p.row);
        body.append(...rows);
        table.append(body);
        (p.wrap === p.table ? copy : inner).append(...(p.wrap === p.table ? Array.from(table.childNodes) : [table]));
        p.wrap.after(copy);
        first = copy;
      } else if (p.row === 0) {
        first = p.wrap;
      }
      first.style.breakBefore = 'page';
      starting.add(first);
      const note = document.createElement('p');
      note.className = 'worksheet-continued';
      note.textContent = 'Continued on the next page.';
      first.before(note);
    }
    // Fill each page: taller boxes, or taller rows where a page has no boxes.
    list = parts(sheet);
    measure(sheet, list);
    const starts = [0, ...list.map((p, i) => i).filter((i) => i && starting.has(list[i].box))];
    starts.forEach((from, k) => {
      const to = k + 1 < starts.length ? starts[k + 1] : list.length;
      // A forced break keeps the first block's top margin on the new page.
      const margin = parseFloat(getComputedStyle(list[from].box).marginTop) || 0;
      const lastPage = k + 1 === starts.length;
      const used = (lastPage ? contentBottom(list) : list[to - 1].bottom) - list[from].top + (from ? margin : 0);
      const want = lastPage ? Math.max(0, THIRD - used) : PAGE - used - 24;
      if (want <= 0) return;
      stretch(list, from, to, want);
      measure(sheet, list);  // rounding in rows and borders: take back any overshoot
      const over = list[to - 1].bottom - list[from].top + (from ? margin : 0) - (PAGE - 16);
      if (!lastPage && over > 0) stretch(list, from, to, -over - 4);
    });
  }
  return Array.from(document.querySelectorAll('h1, h2, h3, h4, h5, h6'))
    .map((h) => h.textContent.replace(/\\s+/g, ' ').trim()).filter(Boolean);
}"""


SETTLE_SCRIPT = """async (area) => {
  for (const img of document.images) img.loading = 'eager';
  const frame = () => new Promise((resolve) => requestAnimationFrame(() => resolve()));
  const until = Date.now() + 5000;
  while (window.innerWidth !== area.width && Date.now() < until) await frame();
  await document.fonts.ready;
  await Promise.race([
    Promise.all(Array.from(document.images).map((img) => img.decode().catch(() => null))),
    new Promise((resolve) => setTimeout(resolve, 5000)),
  ]);
  await frame();
  await frame();
}"""


# An A4 page less book.css's 15mm side margins, in CSS pixels: the width the page is laid out
# at when it prints, so what PREPARE_SCRIPT measures is what prints.
PRINT_AREA = {"width": round(180 / 25.4 * 96), "height": round(264 / 25.4 * 96)}


# Each card sheet on the page as printed: the index of the card that starts each page after
# the first, and whether its cards were brought closer (book.css, card-sheet--close).
CARD_PAGES_SCRIPT = """() => Array.from(document.querySelectorAll('.card-sheet')).map((sheet) => ({
  starts: (sheet.dataset.pages || '').split(' ').filter(Boolean).map(Number),
  close: sheet.classList.contains('card-sheet--close'),
}))"""


def print_view(page) -> None:
    """Show every page as it prints: print media, on a viewport as wide as the printed page.
    Set once: Playwright keeps both for the page's life, across loads."""
    page.emulate_media(media="print")
    page.set_viewport_size(PRINT_AREA)


def prepare(page) -> list[str]:
    """Make a page in print_view ready to print (PREPARE_SCRIPT); its headings."""
    # Measure only what is final: the new width laid out, fonts ready, every picture decoded
    # (a lazy one would never load off screen), or one commit could give two sets of breaks.
    page.evaluate(SETTLE_SCRIPT, PRINT_AREA)
    return page.evaluate(PREPARE_SCRIPT)


def _cover(site_name: str, description: str, edition: str, url: str, credit: str) -> str:
    esc = html.escape
    online = f'<p>Read it online: {esc(url)}</p>' if url else ""
    return (f'<h1 class="book-title" id="book-title">{esc(site_name)}</h1>'
            f'<p>{esc(description)}</p>'
            f'<p class="book-edition">{esc(edition)}</p>'
            f'<p>{esc(credit)}</p>{online}')


def _pdf(page) -> bytes:
    return page.pdf(format="A4", print_background=False, tagged=True, outline=True,
                    display_header_footer=False, prefer_css_page_size=True)


def _page_numbers(data: bytes) -> dict[str, int]:
    """Heading id -> page number (1-based), from the PDF's named destinations."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    index = {page.indirect_reference.idnum: i for i, page in enumerate(reader.pages)}
    numbers = {}
    for name, dest in reader.named_destinations.items():
        ref = dest.get("/Page")
        if ref is not None and getattr(ref, "idnum", None) in index:
            numbers[name.lstrip("/")] = index[ref.idnum] + 1
    return numbers


# The worksheet files are cut from one load of the print page: its worksheets and card sheets
# are kept as they loaded (KEEP_SCRIPT) and put back before each file (RESTORE_SCRIPT), the
# same as loading the page again (BOOK_SCRIPT keeps only those sheets) at a fraction of the cost.
KEEP_SCRIPT = """() => {
  const root = document.getElementById('print-site-page');
  const sheets = Array.from(root.querySelectorAll('.worksheet, .card-sheet'))
    .filter((el) => !el.parentElement.closest('.worksheet, .card-sheet'));
  window.__printPage = {
    root: root.cloneNode(false),
    sheets: sheets.map((el) => el.cloneNode(true)),
    className: document.documentElement.className,
    title: document.title,
  };
}"""

RESTORE_SCRIPT = """() => {
  const kept = window.__printPage;
  const root = kept.root.cloneNode(false);
  root.append(...kept.sheets.map((el) => el.cloneNode(true)));
  document.getElementById('print-site-page').replaceWith(root);
  document.documentElement.className = kept.className;
  document.title = kept.title;
}"""


def render_pdfs(site_dir: Path, activities: list[Activity], *, site_name: str, description: str,
                author: str, site_url: str, credit: str, epoch: int,
                pages: list[PagePdf] = (), forms: list[Form] = (),
                pack_layout: dict[int, dict] | None = None) -> list[Download]:
    """Write every PDF into site_dir/downloads and return what was written. ``pack_layout``,
    if given, is filled with what the planner's pack needs to print as these files do, for
    each activity: ``sheets``, its worksheet as laid out on paper ([standard, large print]
    HTML, hooks/planner.py), and ``cards``, where its large-print card sheets start a page."""
    try:
        from playwright.sync_api import Error as PlaywrightError
        from playwright.sync_api import sync_playwright
    except ImportError as err:  # pragma: no cover - the lock file installs it
        raise PdfError(f"Playwright is not installed ({err}); run 'make setup'") from err

    chromium = find_chromium()
    site_url = published(site_url) or ""  # never a local preview's address on paper
    out_dir = site_dir / "downloads"
    out_dir.mkdir(parents=True, exist_ok=True)
    book_css = BOOK_PAGES_CSS.read_text(encoding="utf-8") + BOOK_CSS.read_text(encoding="utf-8")
    # Chromium (a process of its own) prints the next file while a worker thread finishes
    # and checks the one before, so the two cores are both at work.
    finishing = ThreadPoolExecutor(max_workers=1)
    pending: list[tuple[str, str, Future]] = []

    def collect(job_filename: str, job: Future) -> tuple[int, int]:
        try:
            return job.result()
        except NotConformant as err:
            raise PdfError(f"{job_filename} does not conform to PDF/UA-1 ({err}); see hooks/pdf_ua.py") from None

    def save(page, filename: str, title: str, subject: str, headings: list[str] | None = None) -> None:
        for done_name, _, job in pending:  # a file that failed stops the build now, not at the end
            if job.done():
                collect(done_name, job)
        if headings is None:
            headings = prepare(page)
        info = Info(title=title, author=author, subject=subject, epoch=epoch, headings=headings)
        pending.append((filename, title, finishing.submit(finish_file, _pdf(page), info, out_dir / filename)))

    def open_page(page, url: str, large: bool = False) -> None:
        page.goto(url, wait_until="load")
        page.add_style_tag(content=book_css)
        if large:  # page numbers as big as the text they number
            page.add_style_tag(content="@page { @bottom-center { font-size: 18pt; } }")

    try:
        with serve(site_dir) as base, sync_playwright() as p:
            try:
                browser = p.chromium.launch(executable_path=chromium, headless=True, args=CHROMIUM_ARGS)
            except PlaywrightError as err:
                first = str(err).strip().splitlines()[0] if str(err).strip() else "it did not start"
                raise PdfError(f"Chromium at {chromium} could not be started ({first}); {INSTALL_HINT}") from err
            try:
                context = browser.new_context(locale="en-GB", color_scheme="light")
                page = context.new_page()
                print_view(page)

                def book(large: bool, title: str, subject: str, filename: str) -> None:
                    edition = "Large print edition" if large else "Standard print edition"
                    cover = _cover(site_name, description, edition, site_url, credit)
                    open_page(page, base + "print_page/", large)
                    page.evaluate(BOOK_SCRIPT, {"large": large, "worksheetsOnly": False,
                                                "title": title, "cover": cover})
                    headings = prepare(page)
                    # A first printing finds the page each heading is on; the contents then
                    # give those numbers, and the book is printed again.
                    page.evaluate(NUMBERS_SCRIPT, _page_numbers(_pdf(page)))
                    save(page, filename, title, subject, headings)

                log.info("Printing the whole toolkit, standard and large print (2 PDFs)...")
                book(False, site_name, "The whole toolkit", "co-production-toolkit.pdf")
                book(True, f"{site_name} (large print)", "The whole toolkit in large print",
                     "co-production-toolkit-large-print.pdf")

                def worksheets(large: bool, only: Activity | None, filename: str, title: str,
                               subject: str, cards: bool = False) -> None:
                    page.evaluate(RESTORE_SCRIPT)
                    opts = {"large": large, "worksheetsOnly": True, "title": title, "cover": "",
                            "cardsOnly": cards}
                    if only is not None:
                        opts["only"] = only.number
                    count = page.evaluate(BOOK_SCRIPT, opts)
                    if only is None and count != len(activities):
                        raise PdfError(f"the print page has {count} worksheets but there are "
                                       f"{len(activities)} activities; check each activity's '## Worksheet'")
                    save(page, filename, title, subject)

                for large in (False, True):
                    open_page(page, base + "print_page/", large)
                    page.evaluate(KEEP_SCRIPT)
                    with_cards = set(page.evaluate(
                        "Array.from(document.querySelectorAll('.card-sheet')).map((el) => Number(el.dataset.activity))"))
                    lp = " (large print)" if large else ""
                    cards = [a for a in activities if a.number in with_cards]
                    log.info(f"Printing the {'large print ' if large else ''}worksheets and card sheets "
                             f"({1 + len(activities) + len(cards)} PDFs)...")
                    worksheets(large, None, worksheet_file(None, "pdf", large), f"{site_name}: worksheets{lp}",
                               f"The twelve worksheets{lp}")
                    for activity in activities:
                        worksheets(large, activity, worksheet_file(activity, "pdf", large),
                                   f"Worksheet: {activity.title}{lp}",
                                   f"The worksheet for Activity {activity.number}{lp}")
                        if pack_layout is not None:
                            pack_layout.setdefault(activity.number, {}).setdefault("sheets", []).append(
                                page.evaluate("document.getElementById('print-site-page').innerHTML"))
                    for activity in cards:
                        worksheets(large, activity, cards_file(activity, large),
                                   f"Cards to cut out: {activity.title}{lp}",
                                   f"The cards for Activity {activity.number}{lp}", cards=True)
                        if large and pack_layout is not None:
                            pack_layout.setdefault(activity.number, {})["cards"] = page.evaluate(CARD_PAGES_SCRIPT)

                log.info(f"Printing the activities, each with its run sheet ({len(activities)} PDFs)...")
                for activity in activities:
                    open_page(page, base + activity.url)
                    title = f"Activity {activity.number}: {activity.title}"
                    page.evaluate(ACTIVITY_SCRIPT, {"title": title, "url": site_url and site_url + activity.url})
                    save(page, activity.filename, title, f"{site_name}: an activity guide and its worksheet")

                for large in (False, True):  # each form from its own page (hooks/forms.py)
                    lp = " (large print)" if large else ""
                    if forms:
                        log.info(f"Printing the {'large print ' if large else ''}forms ({len(forms)} PDFs)...")
                    for form in forms:
                        open_page(page, base + form.url, large)
                        count = page.evaluate(BOOK_SCRIPT, {"large": large, "worksheetsOnly": True,
                                                            "title": form.title + lp, "cover": "",
                                                            "form": form.slug})
                        if count != 1:
                            raise PdfError(f"docs/{form.src}: the built page has no form to print; "
                                           "check its '## The form' heading")
                        save(page, form_file(form, "pdf", large), form.title + lp,
                             f"{site_name}: a form to use on the day{lp}")

                if pages:
                    log.info(f"Printing the pages with a PDF of their own ({len(pages)} PDFs)...")
                for item in pages:  # pages printed on their own: the briefing, the Easy Read guide
                    open_page(page, base + item.url)
                    page.evaluate(ACTIVITY_SCRIPT, {"title": item.title, "url": site_url and site_url + item.url})
                    save(page, item.filename, item.title, item.description)
            except PlaywrightError as err:
                first = str(err).strip().splitlines()[0]
                raise PdfError(f"Chromium failed while making the PDFs ({first}); {INSTALL_HINT}") from err
            finally:
                browser.close()
        log.info(f"Checking the last PDFs against PDF/UA-1 ({len(pending)} PDFs printed)...")
        return [Download(filename, title, *collect(filename, job)) for filename, title, job in pending]
    finally:
        finishing.shutdown(cancel_futures=True)

