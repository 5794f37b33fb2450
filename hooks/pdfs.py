"""Print-ready PDFs of the built site, rendered by headless Chromium through Playwright.

``render_pdfs(site_dir, ...)`` serves the built site on a loopback port and writes, under
``site_dir/downloads``:

- ``co-production-toolkit.pdf``: cover, contents with page numbers, every page, A4;
- ``co-production-toolkit-large-print.pdf``: the same with 18pt body text;
- ``worksheets.pdf``: the twelve worksheets only, each on its own page;
- ``activity-NN-slug.pdf``: one per activity, its guide and worksheet.

The contents' page numbers come from a first rendering: Chromium writes a named destination
for each heading a contents link points to, and its page is the number to print. Every PDF
is tagged, has bookmarks, embeds its fonts, and carries a title, author, language and dates
taken from ``epoch`` (the last commit), so one commit always gives the same files.
"""

from __future__ import annotations

import functools
import html
import http.server
import io
import os
import shutil
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

BOOK_CSS = Path(__file__).with_name("book.css")
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


@dataclass(frozen=True)
class Activity:
    number: int
    title: str
    url: str  # site-relative, e.g. "activities/05-mapping-your-assets/"
    slug: str  # e.g. "05-mapping-your-assets"

    @property
    def filename(self) -> str:
        return f"activity-{self.slug}.pdf"


@dataclass(frozen=True)
class Download:
    filename: str
    title: str
    pages: int
    size: int


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
  const root = document.getElementById('print-site-page');
  const doc = document.documentElement;
  doc.classList.add('book');
  if (opts.large) doc.classList.add('large-print');
  document.title = opts.title;
  if (opts.worksheetsOnly) {
    doc.classList.add('worksheets-only');
    const sheets = Array.from(root.querySelectorAll('.worksheet'));
    root.replaceChildren(...sheets);
    return sheets.length;
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
                 `<span class="t">${text}</span><span class="n">${opts.numbers[h1.id] || ''}</span></a></li>`);
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
  for (const a of document.querySelectorAll('.md-content a[href]')) {
    const href = a.getAttribute('href');
    if (href.startsWith('#') || /^[a-z]+:/i.test(href)) continue;
    a.setAttribute('href', new URL(href, opts.url).href);
    a.classList.add('site-link');
  }
}"""


def _cover(site_name: str, description: str, edition: str, url: str, credit: str) -> str:
    esc = html.escape
    return (f'<h1 class="book-title" id="book-title">{esc(site_name)}</h1>'
            f'<p>{esc(description)}</p>'
            f'<p class="book-edition">{esc(edition)}</p>'
            f'<p>{esc(credit)}</p>'
            f'<p>Read it online: {esc(url)}</p>')


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


def _finish(data: bytes, title: str, author: str, subject: str, epoch: int) -> bytes:
    """Set the document information, with dates from the source, not the clock."""
    from pypdf import PdfReader, PdfWriter

    stamp = datetime.fromtimestamp(epoch, tz=timezone.utc).strftime("D:%Y%m%d%H%M%S+00'00'")
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    writer.add_metadata({
        "/Title": title,
        "/Author": author,
        "/Subject": subject,
        "/Creator": "Co-production toolkit build (MkDocs, Chromium)",
        "/Producer": "Chromium (Skia/PDF) and pypdf",
        "/CreationDate": stamp,
        "/ModDate": stamp,
    })
    _stable_ids(writer)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _stable_ids(writer) -> None:
    """Renumber the tag tree's element IDs in order.

    Chromium names each tagged element after its DOM node ("node00029372"), and the node
    counter differs from one run to the next; renumbered, one commit gives the same bytes.
    """
    from pypdf.generic import ArrayObject, NameObject, TextStringObject

    tree = writer._root_object.get("/StructTreeRoot")
    id_tree = tree.get_object().get("/IDTree") if tree is not None else None
    if id_tree is None:
        return
    leaves, stack = [], [id_tree.get_object()]
    while stack:
        node = stack.pop()
        if "/Names" in node:
            leaves.append(node)
        stack.extend(kid.get_object() for kid in node.get("/Kids", []))
    old_ids = sorted(str(name) for leaf in leaves for name in leaf["/Names"][::2])
    new_id = {old: f"node{i:08d}" for i, old in enumerate(old_ids)}

    def renumber(node) -> tuple[str, str]:
        if "/Names" in node:
            names = node["/Names"]
            for j in range(0, len(names), 2):
                fresh = TextStringObject(new_id[str(names[j])])
                names[j] = fresh
                names[j + 1].get_object()[NameObject("/ID")] = fresh
            low, high = str(names[0]), str(names[-2])
        else:
            limits = [renumber(kid.get_object()) for kid in node["/Kids"]]
            low, high = min(lim[0] for lim in limits), max(lim[1] for lim in limits)
        if "/Limits" in node:
            node[NameObject("/Limits")] = ArrayObject([TextStringObject(low), TextStringObject(high)])
        return low, high

    renumber(id_tree.get_object())
    # Table cells name their header cells by the same IDs.
    for obj in writer._objects:
        attrs = obj.get("/A") if hasattr(obj, "get") and obj.get("/Type") == "/StructElem" else None
        for attr in (attrs if isinstance(attrs, list) else [attrs] if attrs is not None else []):
            attr = attr.get_object()
            if hasattr(attr, "get") and "/Headers" in attr:
                attr[NameObject("/Headers")] = ArrayObject(
                    [TextStringObject(new_id.get(str(h), str(h))) for h in attr["/Headers"]])


def render_pdfs(site_dir: Path, activities: list[Activity], *, site_name: str, description: str,
                author: str, site_url: str, credit: str, epoch: int) -> list[Download]:
    """Write every PDF into site_dir/downloads and return what was written."""
    try:
        from playwright.sync_api import Error as PlaywrightError
        from playwright.sync_api import sync_playwright
    except ImportError as err:  # pragma: no cover - the lock file installs it
        raise PdfError(f"Playwright is not installed ({err}); run 'make setup'") from err
    from pypdf import PdfReader

    chromium = find_chromium()
    out_dir = site_dir / "downloads"
    out_dir.mkdir(parents=True, exist_ok=True)
    book_css = BOOK_CSS.read_text(encoding="utf-8")
    written: list[Download] = []

    def save(filename: str, title: str, subject: str, data: bytes) -> None:
        data = _finish(data, title, author, subject, epoch)
        (out_dir / filename).write_bytes(data)
        pages = len(PdfReader(io.BytesIO(data)).pages)
        written.append(Download(filename, title, pages, len(data)))

    with serve(site_dir) as base, sync_playwright() as p:
        try:
            browser = p.chromium.launch(executable_path=chromium, headless=True, args=CHROMIUM_ARGS)
        except PlaywrightError as err:
            first = str(err).strip().splitlines()[0] if str(err).strip() else "it did not start"
            raise PdfError(f"Chromium at {chromium} could not be started ({first}); {INSTALL_HINT}") from err
        try:
            context = browser.new_context(locale="en-GB", color_scheme="light")
            page = context.new_page()

            def book(large: bool) -> bytes:
                edition = "Large print edition" if large else "Standard print edition"
                title = f"{site_name}{' (large print)' if large else ''}"
                cover = _cover(site_name, description, edition, site_url, credit)
                numbers: dict[str, int] = {}
                data = b""
                for _ in range(2):  # the second pass prints the page numbers the first found
                    page.goto(base + "print_page/", wait_until="load")
                    page.add_style_tag(content=book_css)
                    if large:  # page numbers as big as the text they number
                        page.add_style_tag(content="@page { @bottom-center { font-size: 18pt; } }")
                    page.evaluate(BOOK_SCRIPT, {"large": large, "worksheetsOnly": False,
                                                "title": title, "cover": cover, "numbers": numbers})
                    data = _pdf(page)
                    numbers = _page_numbers(data)
                return data

            save("co-production-toolkit.pdf", site_name, "The whole toolkit", book(False))
            save("co-production-toolkit-large-print.pdf", f"{site_name} (large print)",
                 "The whole toolkit in large print", book(True))

            page.goto(base + "print_page/", wait_until="load")
            page.add_style_tag(content=book_css)
            count = page.evaluate(BOOK_SCRIPT, {"large": False, "worksheetsOnly": True,
                                                "title": f"{site_name}: worksheets", "cover": "",
                                                "numbers": {}})
            if count != len(activities):
                raise PdfError(f"the print page has {count} worksheets but there are "
                               f"{len(activities)} activities; check each activity's '## Worksheet'")
            save("worksheets.pdf", f"{site_name}: worksheets", "The twelve worksheets", _pdf(page))

            for activity in activities:
                page.goto(base + activity.url, wait_until="load")
                page.add_style_tag(content=book_css)
                page.evaluate(ACTIVITY_SCRIPT, {"title": f"Activity {activity.number}: {activity.title}",
                                                "url": site_url + activity.url})
                save(activity.filename, f"Activity {activity.number}: {activity.title}",
                     f"{site_name}: an activity guide and its worksheet", _pdf(page))
        except PlaywrightError as err:
            first = str(err).strip().splitlines()[0]
            raise PdfError(f"Chromium failed while making the PDFs ({first}); {INSTALL_HINT}") from err
        finally:
            browser.close()
    return written


def copy_pdfs(from_dir: Path, site_dir: Path) -> list[Download]:
    """Copy PDFs that an earlier build made (for the offline copy); return what was copied,
    with each title from the PDF's own metadata."""
    from pypdf import PdfReader

    out_dir = site_dir / "downloads"
    out_dir.mkdir(parents=True, exist_ok=True)
    copied = []
    for pdf in sorted(from_dir.glob("*.pdf")):
        shutil.copyfile(pdf, out_dir / pdf.name)
        reader = PdfReader(pdf)
        title = str((reader.metadata or {}).get("/Title") or pdf.stem)
        copied.append(Download(pdf.name, title, len(reader.pages), pdf.stat().st_size))
    if not copied:
        raise PdfError(f"no PDFs in {from_dir} to copy into the offline copy")
    return copied


def human_size(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.1f} MB"
    return f"{max(1, round(size / 1024))} KB"


# --- Links to the PDFs in the built pages ------------------------------------------------
# The pages carry HTML comments where the links go; they are filled in after the PDFs exist,
# so each link can give the file's size and page count.

LIST_MARKER = "<!-- downloads-list -->"
OFFLINE_MARKER = "<!-- offline-copy -->"
OFFLINE_HERE = ('<p class="offline-here"><strong>You are reading the offline copy now.</strong> '
                "It is already on this computer, so you do not need to download it.</p>")
ACTIVITY_MARKER = "<!-- activity-pdf:{slug} -->"
NOT_BUILT = ('<p class="downloads-later">The PDF files and the offline copy are made when the site '
             "is built for publishing (<code>make build</code>), not while you preview it.</p>")
DESCRIPTIONS = {
    "co-production-toolkit.pdf": "The whole toolkit: part one, part two and all twelve activities "
                                 "with their worksheets.",
    "co-production-toolkit-large-print.pdf": "The whole toolkit again, in large print (18 point "
                                             "text) for people with low vision.",
    "worksheets.pdf": "The twelve worksheets only, each starting on a new page, to photocopy "
                      "for a group.",
}


def _href(from_html: Path, site_dir: Path, filename: str) -> str:
    rel = os.path.relpath(site_dir / "downloads" / filename, from_html.parent)
    return html.escape(Path(rel).as_posix())


def _facts(d: Download, kind: bool = True) -> str:
    facts = f"{human_size(d.size)}, {d.pages} page{'s' if d.pages != 1 else ''}"
    return f"PDF, {facts}" if kind else facts


def downloads_list(downloads: list[Download], page: Path, site_dir: Path) -> str:
    main = [d for d in downloads if d.filename in DESCRIPTIONS]
    per_activity = [d for d in downloads if d.filename not in DESCRIPTIONS]
    items = [f'<li><a href="{_href(page, site_dir, d.filename)}">{html.escape(d.title)}</a> '
             f'({_facts(d)}). {DESCRIPTIONS[d.filename]}</li>' for d in main]
    acts = [f'<li><a href="{_href(page, site_dir, d.filename)}">{html.escape(d.title)}</a> '
            f'({_facts(d)})</li>' for d in per_activity]
    out = f'<ul class="downloads">{"".join(items)}</ul>'
    if acts:
        out += ('<p>One PDF for each activity, with its guide and worksheet:</p>'
                f'<ul class="downloads">{"".join(acts)}</ul>')
    return out


def offline_link(page: Path, site_dir: Path, filename: str, size: int) -> str:
    return (f'<p><a class="md-button" href="{_href(page, site_dir, filename)}">Download the offline '
            f'copy (ZIP file, {human_size(size)})</a></p>')


def fill_links(site_dir: Path, downloads: list[Download] | None, activities: list[Activity],
               offline: tuple[str, int] | None = None, is_offline_copy: bool = False) -> None:
    """Replace the markers in the built pages with links, or say when the files are made.

    offline is the offline copy's file name and size, to link to; the offline copy itself
    says instead that it is the offline copy.
    """
    by_name = {d.filename: d for d in downloads or []}
    for page in site_dir.rglob("*.html"):
        if page.parent.name == "print_page" or page.name == "print_page.html":
            continue
        text = page.read_text(encoding="utf-8")
        if "<!-- downloads-list -->" not in text and "<!-- activity-pdf:" not in text \
                and OFFLINE_MARKER not in text:
            continue
        new = text.replace(LIST_MARKER, downloads_list(downloads, page, site_dir)
                           if downloads else NOT_BUILT)
        if is_offline_copy:
            new = new.replace(OFFLINE_MARKER, OFFLINE_HERE)
        else:
            new = new.replace(OFFLINE_MARKER, offline_link(page, site_dir, *offline)
                              if offline else NOT_BUILT)
        for activity in activities:
            marker = ACTIVITY_MARKER.format(slug=activity.slug)
            d = by_name.get(activity.filename)
            link = (f'<a class="md-button" href="{_href(page, site_dir, d.filename)}">Download this '
                    f'activity as a PDF ({_facts(d, kind=False)})</a>' if d else "")
            new = new.replace(marker, link)
        page.write_text(new, encoding="utf-8")
