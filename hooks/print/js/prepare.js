// Run in the page by hooks/print/pdf_render.py (PREPARE_SCRIPT).
// Run on every document just before it is printed; returns its headings' text for the
// bookmarks (hooks/print/pdf_ua.py puts back the spaces Chromium drops where a heading wraps).
() => {
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
    if (!cell.textContent.trim() && !cell.querySelector('img, svg')) cell.append('\u00a0');
  }
  // A web address may break only after a slash, never inside a word or at a hyphen: each
  // part in a span that does not break, and a <wbr> after each slash. Links to other sites print their address after the link text.
  const breakable = (text) => {
    const out = document.createDocumentFragment();
    text.split(/(?<=[^/:]\/)/).forEach((part, i, parts) => {
      const piece = document.createElement('span');
      piece.className = 'address-part';  // no break inside, not even at a hyphen
      piece.textContent = part;
      out.append(piece);
      if (i < parts.length - 1) out.append(document.createElement('wbr'));
    });
    return out;
  };
  const addresses = /https?:\/\/\S+/g;
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
    // On a form (hooks/worksheets/forms.py), columns that only hold tick boxes need room for a tick, not
    // for writing: the first column, the question, takes the rest.
    const others = Array.from(table.tBodies[0] ? table.tBodies[0].rows : [])
      .flatMap((row) => Array.from(row.cells).slice(1).map((c) => c.textContent));
    const ticks = others.some((text) => text.includes('☐')) &&
      others.every((text) => /^[\s\u00a0☐]*$/.test(text));
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
    // pack breaks its large-print cards in the same places (hooks/planner/planner.py).
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
      !/:\s*$/.test(before.el.textContent) && !before.el.matches('.worksheet-head *');
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
    .map((h) => h.textContent.replace(/\s+/g, ' ').trim()).filter(Boolean);
}
