"""The files offered for download, and the links to them in the built pages.

The pages carry HTML comments where the links go (written by the hooks or the Markdown); they
are filled in after the files exist, so each link can give the file's size and page count.
The offline copy reuses the PDFs the first build made (``copy_pdfs``).
"""

from __future__ import annotations

import html
import os
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from hooks.worksheets.forms import Form

# Where a page lists a form's files (hooks/worksheets/forms.py writes it on the form's own page).
FORM_FILES_MARKER = "<!-- form-files:{slug} -->"


class DownloadError(Exception):
    """A download could not be found or copied; the message says which."""


@dataclass(frozen=True)
class Activity:
    number: int
    title: str
    url: str  # site-relative, e.g. "activities/05-mapping-your-assets/"
    slug: str  # e.g. "05-mapping-your-assets"

    @property
    def filename(self) -> str:
        return f"activity-{self.slug}.pdf"


def sheet_file(stem: str, fmt: str, large: bool) -> str:
    """A worksheet's or a form's file in one of its six forms: stem, then '-large-print' for
    large print, then the format: worksheet-05-mapping-your-assets-large-print.odt."""
    return f"{stem}{'-large-print' if large else ''}.{fmt}"


def worksheet_file(activity: Activity | None, fmt: str, large: bool) -> str:
    """A worksheet's file name, or the pack's (activity None), in a form a person can predict:
    worksheet-05-mapping-your-assets.pdf, worksheets-large-print.docx."""
    return sheet_file(f"worksheet-{activity.slug}" if activity else "worksheets", fmt, large)


def cards_file(activity: Activity, large: bool) -> str:
    """An activity's card sheets: cards-03-exploring-your-values-large-print.pdf."""
    return f"cards-{activity.slug}{'-large-print' if large else ''}.pdf"


@dataclass(frozen=True)
class PagePdf:
    """A page printed as a PDF of its own, named by its front matter (``pdf: briefing.pdf``)."""

    url: str  # site-relative, e.g. "briefing/"
    filename: str
    title: str
    description: str
    # The words on the page's download button, if not the usual ones ("pdf_button"): the
    # Easy Read guide says "Get this guide to print", with no "PDF" or "KB" in it.
    button: str = ""


@dataclass(frozen=True)
class Download:
    filename: str
    title: str
    pages: int
    size: int


DOWNLOADABLE = ("*.pdf", "*.docx", "*.odt", "*.epub")


def copy_pdfs(from_dir: Path, site_dir: Path) -> list[Download]:
    """Copy the files that an earlier build made (for the offline copy): PDFs, Word and
    OpenDocument; return what was copied, each PDF's title from its own metadata."""
    from pypdf import PdfReader

    out_dir = site_dir / "downloads"
    out_dir.mkdir(parents=True, exist_ok=True)
    copied = []
    files = sorted(f for pattern in DOWNLOADABLE for f in from_dir.glob(pattern))
    for path in files:
        shutil.copyfile(path, out_dir / path.name)
        if path.suffix == ".pdf":
            reader = PdfReader(path)
            title = str((reader.metadata or {}).get("/Title") or path.stem)
            copied.append(Download(path.name, title, len(reader.pages), path.stat().st_size))
        else:
            copied.append(Download(path.name, path.stem, 0, path.stat().st_size))
    if not any(d.filename.endswith(".pdf") for d in copied):
        raise DownloadError(f"no PDFs in {from_dir} to copy into the offline copy")
    return copied


def human_size(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.1f} MB"
    return f"{max(1, round(size / 1024))} KB"


# --- Links to the files in the built pages ----------------------------------------------

LIST_MARKER = "<!-- downloads-list -->"
OFFLINE_MARKER = "<!-- offline-copy -->"
OFFLINE_HERE = ('<p class="offline-here"><strong>You are reading the offline copy now.</strong> '
                "It is already on this computer, so you do not need to download it.</p>")
ACTIVITY_MARKER = "<!-- activity-pdf:{slug} -->"
NOT_BUILT = ('<p class="downloads-later">The PDF files and the offline copy are made when the site '
             "is built for publishing (<code>make build</code>), not while you preview it.</p>")
DESCRIPTIONS = {
    "co-production-toolkit.pdf": "The whole toolkit: part one, part two and every activity, with "
                                 "its worksheet.",
    "co-production-toolkit-large-print.pdf": "The whole toolkit again, in large print (18 point "
                                             "text) for people with low vision.",
    "worksheets.pdf": "Every worksheet and nothing else, each starting on a new page, to "
                      "print for a group.",
    "worksheets-large-print.pdf": "Every worksheet in large print (18 point text), with bigger "
                                  "boxes to write in.",
}


def _href(from_html: Path, site_dir: Path, filename: str) -> str:
    rel = os.path.relpath(site_dir / "downloads" / filename, from_html.parent)
    return html.escape(Path(rel).as_posix())


def _facts(d: Download, kind: bool = True) -> str:
    if not d.filename.endswith(".pdf"):
        return human_size(d.size)
    facts = f"{human_size(d.size)}, {d.pages} page{'s' if d.pages != 1 else ''}"
    return f"PDF, {facts}" if kind else facts


FORMS = [("pdf", False, "PDF"), ("pdf", True, "Large print PDF"), ("docx", False, "Word"),
         ("docx", True, "Large print Word"), ("odt", False, "OpenDocument"),
         ("odt", True, "Large print OpenDocument")]
WORKSHEET_FILES_MARKER = "<!-- worksheet-files:{slug} -->"
WORKSHEETS_TABLE_MARKER = "<!-- worksheets-table -->"
PICK_ONE = ("PDF to print as it is; Word or OpenDocument to change it or type in it. Large print "
            "has 18 point text and bigger boxes.")


def _form_link(d: Download | None, label: str, page: Path, site_dir: Path) -> str:
    if d is None:
        return ""
    return (f'<a href="{_href(page, site_dir, d.filename)}">{html.escape(label)}</a> '
            f'<span class="file-facts">({_facts(d, kind=False)})</span>')


def _table_link(d: Download | None, label: str, page: Path, site_dir: Path) -> str:
    if d is None:
        return ""
    return (f'<a href="{_href(page, site_dir, d.filename)}">{html.escape(label)}</a><br>'
            f'<span class="file-facts">{_facts(d, kind=False)}</span>')


def six_forms(stem: str, by_name: dict, page: Path, site_dir: Path) -> list[str]:
    """A worksheet's or a form's files, as list items: each that exists, with its facts."""
    items = [_form_link(by_name.get(sheet_file(stem, fmt, large)), label, page, site_dir)
             for fmt, large, label in FORMS]
    return [f"<li>{item}</li>" for item in items if item]


def form_links(form: Form, by_name: dict, page: Path, site_dir: Path) -> str:
    """A form (hooks/worksheets/forms.py) in all six forms, where a page names it: the form's own page
    and the care page."""
    items = six_forms(form.stem, by_name, page, site_dir)
    if not items:
        return ""
    return (f'<div class="worksheet-files" data-search-exclude><p><strong>Download the form '
            f'&ldquo;{html.escape(form.title)}&rdquo;.</strong> {PICK_ONE}</p>'
            f'<ul>{"".join(items)}</ul></div>')


def worksheet_links(activity: Activity, by_name: dict, page: Path, site_dir: Path) -> str:
    """An activity page's worksheet in all six forms, with one line on which to pick."""
    items = six_forms(f"worksheet-{activity.slug}", by_name, page, site_dir)
    if not items:
        return ""
    cards = [_form_link(by_name.get(cards_file(activity, large)), label, page, site_dir)
             for large, label in ((False, "Cards to cut out, PDF"), (True, "Large print cards, PDF"))]
    cards = [f"<li>{c}</li>" for c in cards if c]
    more = (f'<p><strong>Cards for this activity,</strong> to print and cut out: 24 point, or 36 point '
            f'in large print.</p><ul>{"".join(cards)}</ul>' if cards else "")
    return (f'<div class="worksheet-files"><p><strong>Download this worksheet.</strong> {PICK_ONE}</p>'
            f'<ul>{"".join(items)}</ul>{more}</div>')


CARDS_MARKER = "<!-- card-sheets -->"


def cards_list(activities: list[Activity], by_name: dict, page: Path, site_dir: Path) -> str:
    """The Downloads page's list of card sheets, standard and large print."""
    items = []
    for activity in activities:
        links = [_form_link(by_name.get(cards_file(activity, large)), label, page, site_dir)
                 for large, label in ((False, "PDF"), (True, "large print PDF"))]
        if all(links):
            items.append(f"<li>{activity.number}. {html.escape(activity.title)}: {links[0]}, {links[1]}</li>")
    return f'<ul class="downloads">{"".join(items)}</ul>' if items else ""


def files_table(first: str, rows: list[tuple[str, str]], by_name: dict, page: Path, site_dir: Path) -> str:
    """A table of sheets in their six forms: a row for each (name, file stem), a column each form."""
    head = "".join(f'<th scope="col">{html.escape(label)}</th>' for _, _, label in FORMS)
    # Each link says its form in full, for a screen reader moving from link to link.
    body = []
    for name, stem in rows:
        cells = "".join(f"<td>{_table_link(by_name.get(sheet_file(stem, fmt, large)), label, page, site_dir)}</td>"
                        for fmt, large, label in FORMS)
        body.append(f'<tr><th scope="row">{html.escape(name)}</th>{cells}</tr>')
    # In Material's table wrappers, so a narrow screen scrolls the table, not the page.
    return ('<div class="md-typeset__scrollwrap"><div class="md-typeset__table">'
            f'<table class="worksheets-table"><thead><tr><th scope="col">{html.escape(first)}</th>{head}</tr></thead>'
            f'<tbody>{"".join(body)}</tbody></table></div></div>')


def worksheets_table(activities: list[Activity], by_name: dict, page: Path, site_dir: Path) -> str:
    """The Downloads page's table: a row for each worksheet and for the pack, a column each form."""
    rows = [(f"{a.number}. {a.title}", f"worksheet-{a.slug}") for a in activities]
    rows.append((f"All {len(activities)} worksheets in one file", "worksheets"))
    return files_table("Worksheet", rows, by_name, page, site_dir)


FORMS_TABLE_MARKER = "<!-- forms-table -->"


def forms_table(forms: list[Form], by_name: dict, page: Path, site_dir: Path) -> str:
    """The Downloads page's table of the forms to use on the day."""
    return files_table("Form", [(f.title, f.stem) for f in forms], by_name, page, site_dir)


def downloads_list(downloads: list[Download], page: Path, site_dir: Path,
                   page_pdfs: list[PagePdf] = ()) -> str:
    described = dict(DESCRIPTIONS, **{p.filename: p.description for p in page_pdfs})
    main = [d for d in downloads if d.filename in described]
    per_activity = [d for d in downloads if d.filename.startswith("activity-")]
    items = [f'<li><a href="{_href(page, site_dir, d.filename)}">{html.escape(d.title)}</a> '
             f'({_facts(d)}). {html.escape(described[d.filename])}</li>' for d in main]
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
               offline: tuple[str, int] | None = None, is_offline_copy: bool = False,
               page_pdfs: list[PagePdf] = (), forms: list[Form] = ()) -> None:
    """Replace the markers in the built pages with links, or say when the files are made.

    offline is the offline copy's file name and size, to link to; the offline copy itself
    says instead that it is the offline copy. A page printed as a PDF of its own gets a
    link to that PDF under its title.
    """
    by_name = {d.filename: d for d in downloads or []}
    for item in page_pdfs:
        d = by_name.get(item.filename)
        built = [site_dir / item.url / "index.html", site_dir / (item.url.rstrip("/") + ".html")]
        page = next((b for b in built if b.exists()), None)
        if d is None or page is None:
            continue
        text = page.read_text(encoding="utf-8")
        words = (f"{item.button} ({d.pages} page{'s' if d.pages != 1 else ''})" if item.button
                 else f"Download this page as a PDF ({_facts(d, kind=False)})")
        link = (f'</h1>\n<p class="page-pdf"><a class="md-button" href="{_href(page, site_dir, d.filename)}">'
                f'{html.escape(words)}</a></p>')
        page.write_text(text.replace("</h1>", link, 1), encoding="utf-8")
    for page in site_dir.rglob("*.html"):
        if page.parent.name == "print_page" or page.name == "print_page.html":
            continue
        text = page.read_text(encoding="utf-8")
        if "<!-- downloads-list -->" not in text and "<!-- activity-pdf:" not in text \
                and OFFLINE_MARKER not in text and "<!-- worksheet" not in text \
                and CARDS_MARKER not in text and "<!-- form" not in text:
            continue
        new = text.replace(LIST_MARKER, downloads_list(downloads, page, site_dir, page_pdfs)
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
            new = new.replace(WORKSHEET_FILES_MARKER.format(slug=activity.slug),
                              worksheet_links(activity, by_name, page, site_dir))
        new = new.replace(WORKSHEETS_TABLE_MARKER, worksheets_table(activities, by_name, page, site_dir)
                          if downloads else NOT_BUILT)
        new = new.replace(CARDS_MARKER, cards_list(activities, by_name, page, site_dir)
                          if downloads else NOT_BUILT)
        for form in forms:
            new = new.replace(FORM_FILES_MARKER.format(slug=form.slug),
                              form_links(form, by_name, page, site_dir))
        new = new.replace(FORMS_TABLE_MARKER, forms_table(forms, by_name, page, site_dir)
                          if downloads else NOT_BUILT)
        page.write_text(new, encoding="utf-8")
