"""MkDocs adapter for the downloads: the PDFs (hooks/print/pdf_render.py) and the offline copy
(hooks/site/offline.py). Made by `mkdocs build`, never by `serve`.

After the site is built:
1. render every PDF into site/downloads (a form that prints on more pages than its front
   matter allows stops the build: hooks/worksheets/forms.py);
2. write the EPUB (hooks/site/epub.py), whose page list comes from the whole-toolkit PDF;
3. build the offline copy (a second `mkdocs build`, which copies those files) and zip it into
   site/downloads;
4. fill in the links to them, with their sizes, and delete the print page.
A missing or broken Chromium, or an offline build that fails, stops the build with one line
that says what to do; `make build` then keeps the last good site, so no site with missing
downloads is published.
"""

from __future__ import annotations

import json
import logging
import os
import re
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING

from mkdocs.exceptions import PluginError

from hooks.content.docs_model import Docs, read_docs
from hooks.site.offline import (
    OFFLINE_ENV, PDFS_FROM_ENV, ZIP_NAME, OfflineError, build_offline_copy, finish_offline_site,
    use_local_shim,
)
from hooks.content.qr import published
from hooks.planner.planner import PACK_LAYOUT_ENV, carry_print_layout
from hooks.print.pdf_render import PdfError, render_pdfs, source_epoch
from hooks.site.downloads import Activity, DownloadError, PagePdf, copy_pdfs, fill_links
from hooks.site.epub import EPUB_NAME, BookInfo, EpubError, fill_epub_links, make_epub, menu_pages
from hooks.site.site_output import remove_print_page
from hooks.worksheets.forms import Form, form_file, read_forms
from hooks.worksheets.worksheet_files import WorksheetError, write_worksheet_files

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig

_command = "build"
log = logging.getLogger("mkdocs.plugins.pdfs")


class _Warnings(logging.Handler):
    """Counts the warnings the build logs, so that a build strict mode will fail stops before
    the PDFs (about a minute) rather than after them."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1


_warnings = _Warnings()


def on_startup(command: str, dirty: bool) -> None:
    global _command
    _command = command
    if _warnings not in logging.getLogger("mkdocs").handlers:
        logging.getLogger("mkdocs").addHandler(_warnings)


def on_pre_build(config: MkDocsConfig) -> None:
    _warnings.count = 0


def _building_offline_copy() -> bool:
    return os.environ.get(OFFLINE_ENV, "").lower() == "true"


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    # One date for everything this build writes (sitemap, its .gz, PDFs, ZIP): the last
    # commit's, so two builds of one commit give the same bytes.
    root = Path(config.config_file_path).resolve().parent
    os.environ.setdefault("SOURCE_DATE_EPOCH", str(source_epoch(root)))
    if _building_offline_copy():
        config.extra["polyfills"] = use_local_shim(config.extra.get("polyfills", []))
    return config


def _activities(docs: Docs) -> list[Activity]:
    out = []
    for page in docs.activities():
        out.append(Activity(page.meta["number"], page.meta["title"], page.src[: -len(".md")] + "/",
                            page.slug))
    return sorted(out, key=lambda a: a.number)


def _page_pdfs(docs: Docs) -> list[PagePdf]:
    """Pages whose front matter names a PDF of their own (``pdf: briefing.pdf``)."""
    out = []
    for page in docs.pages.values():
        name = page.meta.get("pdf")
        if name is None:
            continue
        if not isinstance(name, str) or not re.fullmatch(r"[a-z0-9-]+\.pdf", name):
            line = page.meta_lines.get("pdf", 1)
            raise PluginError(f"docs/{page.src}:{line}: 'pdf' must be a file name such as "
                              f"'briefing.pdf' (small letters, digits and hyphens), not {name!r}")
        button = page.meta.get("pdf_button", "")
        if not isinstance(button, str) or len(button) > 60:
            line = page.meta_lines.get("pdf_button", 1)
            raise PluginError(f"docs/{page.src}:{line}: 'pdf_button' must be the words on the "
                              f"page's download button, 60 characters at most, not {button!r}")
        url = page.src[: -len(".md")] + "/"
        url = "" if url == "index/" else url.removesuffix("index/")
        out.append(PagePdf(url, name, page.title or str(page.meta.get("title", name)),
                           str(page.meta.get("description", "")), button.strip()))
    return sorted(out, key=lambda p: p.filename)


def _forms_too_long(forms: list[Form], downloads) -> str:
    """The first form that prints, in standard print, on more pages than its 'pages:' allows."""
    pages = {d.filename: d.pages for d in downloads}
    for form in forms:
        printed = pages.get(form_file(form, "pdf", False), 0)
        if printed > form.pages:
            return (f"docs/{form.src}:{form.pages_line}: the form prints on {printed} pages, but "
                    f"'pages: {form.pages}' allows {form.pages}; shorten it, or allow more pages")
    return ""


def on_post_build(config: MkDocsConfig) -> None:
    site_dir = Path(config.site_dir)
    docs = read_docs(Path(config.docs_dir))  # read once: the activities and the pages' own PDFs
    activities = _activities(docs)
    page_pdfs = _page_pdfs(docs)
    forms = read_forms(docs)[0]  # a form with a finding has stopped the build already (hooks/rules.py)
    if _command == "serve":
        fill_links(site_dir, None, activities, forms=forms)
        fill_epub_links(site_dir, None)
        return
    if config.strict and _warnings.count:
        raise PluginError(f"the build logged {_warnings.count} warning{'s' if _warnings.count > 1 else ''} "
                          "(above), and strict mode fails on any: fix them and build again. No PDF was made.")
    root = Path(config.config_file_path).resolve().parent
    epoch = source_epoch(root)
    if _building_offline_copy():
        try:
            downloads = copy_pdfs(Path(os.environ[PDFS_FROM_ENV]), site_dir)
        except (KeyError, DownloadError) as err:
            raise PluginError(f"Could not make the offline copy: {err}") from None
        layout = os.environ.get(PACK_LAYOUT_ENV)
        carry_print_layout(site_dir, json.loads(Path(layout).read_text(encoding="utf-8")) if layout else {})
        fill_links(site_dir, downloads, activities, is_offline_copy=True, page_pdfs=page_pdfs,
                   forms=forms)
        fill_epub_links(site_dir, next((d.size for d in downloads if d.filename == EPUB_NAME), None))
        remove_print_page(site_dir)
        finish_offline_site(site_dir)
        return
    credit = " ".join((config.copyright or "").split())
    # The editable worksheets (pandoc) are written in worker threads while Chromium prints.
    from concurrent.futures import ThreadPoolExecutor

    pack_layout: dict[int, dict] = {}
    start = time.monotonic()
    log.info("Making the downloads: the PDFs with Chromium, and the Word and OpenDocument files "
             "beside them (about a minute)...")
    pool = ThreadPoolExecutor(max_workers=1)
    editable = pool.submit(write_worksheet_files, site_dir, activities, site_name=config.site_name,
                           epoch=epoch, credit=credit, forms=forms)
    try:
        downloads = render_pdfs(
            site_dir, activities,
            site_name=config.site_name,
            description=config.site_description or "",
            author=config.site_author or config.site_name,
            site_url=config.site_url or "",
            credit=credit,
            epoch=epoch,
            pages=page_pdfs,
            forms=forms,
            pack_layout=pack_layout,
        )
    except PdfError as err:
        pool.shutdown(cancel_futures=True)
        raise PluginError(f"Could not make the PDFs: {err}") from None
    too_long = _forms_too_long(forms, downloads)
    if too_long:
        pool.shutdown(cancel_futures=True)
        raise PluginError(f"Could not make the forms: {too_long}")
    log.info(f"Made {len(downloads)} PDFs in {time.monotonic() - start:.0f} s")
    try:
        downloads += editable.result()
    except WorksheetError as err:
        raise PluginError(f"Could not make the Word and OpenDocument worksheets: {err}") from None
    finally:
        pool.shutdown()
    # The EPUB: after the whole-toolkit PDF (its page list), before the offline copy (which
    # copies it).
    log.info("Writing the EPUB edition...")
    try:
        book = make_epub(site_dir, BookInfo(config.site_name, config.site_description or "",
                                            config.site_author or config.site_name, credit,
                                            published(config.site_url or "") or "", epoch),
                         docs.pages, menu_pages(config.nav))
    except EpubError as err:
        raise PluginError(f"Could not make the EPUB: {err}") from None
    # The pack prints its worksheets and cards as these files do, here and in the offline
    # copy (whose build prints no PDFs, so it is handed the layout in a file).
    carry_print_layout(site_dir, pack_layout)
    log.info("Building the offline copy (a second build of the site, zipped with the downloads)...")
    with tempfile.NamedTemporaryFile("w", suffix=".json", encoding="utf-8") as layout:
        json.dump(pack_layout, layout)
        layout.flush()
        os.environ[PACK_LAYOUT_ENV] = layout.name
        try:
            size = build_offline_copy(Path(config.config_file_path), site_dir / "downloads",
                                      site_dir / "downloads" / ZIP_NAME, epoch)
        except OfflineError as err:
            raise PluginError(f"Could not make the offline copy: {err}") from None
        finally:
            del os.environ[PACK_LAYOUT_ENV]
    log.info(f"Made the offline copy ({ZIP_NAME}): {len(downloads) + 2} downloads in all, in "
             f"{time.monotonic() - start:.0f} s")
    fill_links(site_dir, downloads, activities, offline=(ZIP_NAME, size), page_pdfs=page_pdfs,
               forms=forms)
    fill_epub_links(site_dir, book[1])
    remove_print_page(site_dir)
