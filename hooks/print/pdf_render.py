"""Print-ready PDFs of the built site, rendered by headless Chromium through Playwright.

``render_pdfs(site_dir, ...)`` serves the built site on a loopback port and writes, under
``site_dir/downloads``:

- ``co-production-toolkit.pdf`` and ``co-production-toolkit-large-print.pdf``: cover, contents
  with page numbers, every page, A4;
- ``worksheets.pdf``, each worksheet on its own (``worksheet-NN-slug.pdf``) and the card
  sheets (``cards-NN-slug.pdf``), each in standard and large print;
- ``activity-NN-slug.pdf``: one per activity, its run sheet, guide and worksheet;
- a PDF of each page whose front matter asks for one (the briefing, the Easy Read guide);
- ``form-SLUG.pdf`` and ``form-SLUG-large-print.pdf``: each form (hooks/worksheets/forms.py), cut from its
  own page as a worksheet is cut from the print page.

The contents' page numbers come from a first printing: Chromium writes a named destination
for each heading a contents link points to, and its page is the number to print. Each
printed file is then finished by hooks/print/pdf_finish.py, in a worker thread while Chromium
prints the next: repaired to PDF/UA-1, given its title, author, language and dates from
``epoch`` (the last commit, so one commit always gives the same files), and checked by an
independent PDF/UA-1 validator before it is written.
"""

from __future__ import annotations

import functools
import html
import importlib.util
import http.server
import io
import logging
import os
import threading
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path

from hooks.site.downloads import Activity, Download, PagePdf, cards_file, worksheet_file
from hooks.worksheets.forms import Form, form_file
from hooks.print.pdf_finish import Info, NotConformant, finish_file
from hooks.content.qr import published

# What the build is doing while Chromium prints, a line per stage at INFO through MkDocs' log.
log = logging.getLogger("mkdocs.plugins.pdfs")

BOOK_CSS = Path(__file__).with_name("book.css")
# The scripts this module runs in the page, one a file in js/ beside it (node --check reads them).
JS_DIR = Path(__file__).with_name("js")


def _script(name: str) -> str:
    return (JS_DIR / f"{name}.js").read_text(encoding="utf-8")


BOOK_PAGES_CSS = Path(__file__).with_name("book-pages.css")
# Debian's headless build of the same Chromium first (package chromium-headless-shell, which
# make setup installs beside chromium): it prints the same files byte for byte (checked: two
# builds of the whole site, one with each, gave identical files) with about a fifth less
# processor time, as it draws no window. It is what Playwright itself uses to run headless.
CHROMIUM_CANDIDATES = ("/usr/lib/chromium/chromium-headless-shell", "/usr/bin/chromium",
                       "/usr/bin/chromium-browser", "/usr/bin/google-chrome")
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


# The scripts run in the page (js/, each file says what it does).
BOOK_SCRIPT = _script("book")
ACTIVITY_SCRIPT = _script("activity")
NUMBERS_SCRIPT = _script("numbers")
PREPARE_SCRIPT = _script("prepare")
SETTLE_SCRIPT = _script("settle")
KEEP_SCRIPT = _script("keep")
RESTORE_SCRIPT = _script("restore")
CARD_PAGES_SCRIPT = _script("card-pages")
CARD_ACTIVITIES_SCRIPT = _script("card-activities")
LAID_OUT_SCRIPT = _script("laid-out")


# An A4 page less book.css's 15mm side margins, in CSS pixels: the width the page is laid out
# at when it prints, so what PREPARE_SCRIPT measures is what prints.
PRINT_AREA = {"width": round(180 / 25.4 * 96), "height": round(264 / 25.4 * 96)}


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


def render_pdfs(site_dir: Path, activities: list[Activity], *, site_name: str, description: str,
                author: str, site_url: str, credit: str, epoch: int,
                pages: list[PagePdf] = (), forms: list[Form] = (),
                pack_layout: dict[int, dict] | None = None) -> list[Download]:
    """Write every PDF into site_dir/downloads and return what was written. ``pack_layout``,
    if given, is filled with what the planner's pack needs to print as these files do, for
    each activity: ``sheets``, its worksheet as laid out on paper ([standard, large print]
    HTML, hooks/planner/planner.py), and ``cards``, where its large-print card sheets start a page."""
    if importlib.util.find_spec("playwright") is None:  # the lock installs it; say so if not
        raise PdfError("Playwright is not installed; run 'make setup'")
    from playwright.sync_api import Error as PlaywrightError
    from playwright.sync_api import sync_playwright

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
            raise PdfError(f"{job_filename} does not conform to PDF/UA-1 ({err}); see hooks/print/pdf_ua.py") from None

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
                    with_cards = set(page.evaluate(CARD_ACTIVITIES_SCRIPT))
                    lp = " (large print)" if large else ""
                    cards = [a for a in activities if a.number in with_cards]
                    log.info(f"Printing the {'large print ' if large else ''}worksheets and card sheets "
                             f"({1 + len(activities) + len(cards)} PDFs)...")
                    worksheets(large, None, worksheet_file(None, "pdf", large), f"{site_name}: worksheets{lp}",
                               f"Every worksheet{lp}")
                    for activity in activities:
                        worksheets(large, activity, worksheet_file(activity, "pdf", large),
                                   f"Worksheet: {activity.title}{lp}",
                                   f"The worksheet for Activity {activity.number}{lp}")
                        if pack_layout is not None:
                            pack_layout.setdefault(activity.number, {}).setdefault("sheets", []).append(
                                page.evaluate(LAID_OUT_SCRIPT))
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

                for large in (False, True):  # each form from its own page (hooks/worksheets/forms.py)
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

