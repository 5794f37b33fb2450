"""Paper that is not wasted: the page rules every PDF the build writes keeps, read from the
rendered pages (tests/paper.py), and the same rules for the Word and OpenDocument worksheets
as LibreOffice prints them. A coordinator prints these as they are; nothing is fixed by hand."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest

from paper import read_pages, spread_lines
from test_pdfs import ACTIVITIES
from test_forms import EDITABLE as FORMS_EDITABLE
from test_worksheets import EDITABLE as WORKSHEETS_EDITABLE

# One test process takes the whole file (make test runs two):
# its tests share every PDF and LibreOffice printout, read line by line.
pytestmark = pytest.mark.xdist_group("paper")


EDITABLE = WORKSHEETS_EDITABLE + FORMS_EDITABLE


@pytest.fixture(scope="module")
def printed(site) -> dict[str, list]:
    """Every PDF under downloads/, page by page."""
    return {p.name: read_pages(p) for p in sorted((site / "downloads").glob("*.pdf"))}


@pytest.fixture(scope="module")
def printed_by_libreoffice(opened_by_libreoffice) -> dict[str, list]:
    """Every .docx and .odt as LibreOffice prints it."""
    return {name: read_pages(opened_by_libreoffice / f"{name}.pdf") for name in EDITABLE}


def test_no_pdf_ends_on_a_thin_page(printed):
    """The last page of a file holds at least a third of a page (leaving out a worksheet's
    closing line), unless it is the file's only page."""
    thin = {name: f"{pages[-1].content:.0%}" for name, pages in printed.items()
            if len(pages) > 1 and pages[-1].content < 1 / 3}
    assert not thin, f"last pages with less than a third of a page: {thin}"


def test_no_page_is_nearly_empty(printed):
    """No page holds a line or two, or nothing, while the next page starts something new."""
    empty = {name: [p.number for p in pages if p.fill < 0.1] for name, pages in printed.items()}
    assert not {k: v for k, v in empty.items() if v}


def test_no_worksheet_ends_on_a_thin_page(printed):
    """A worksheet that goes over a page ends with at least a third of a page of questions and
    answer spaces, not one box and its closing line, in every file that holds worksheets."""
    thin = [f"{name} page {p.number} ({p.content:.0%})" for name, pages in printed.items() for p in pages
            if p.has_footer() and not p.text.startswith("Worksheet:") and p.content < 1 / 3]
    assert not thin


def test_no_page_holds_only_a_worksheets_closing_line(printed):
    alone = [f"{name} page {p.number}" for name, pages in printed.items() for p in pages
             if p.has_footer() and p.content < 0.02]
    assert not alone


def test_a_standard_worksheet_that_fits_on_a4_takes_one_page(printed):
    """Activity 8's worksheet fits one page once its boxes are a little shorter and its
    spacing tighter: it takes one (it printed a second, blank page). Activity 1's needs about
    a page and a third at a size to write in: its second page holds its last three questions."""
    pages = printed[f"worksheet-{ACTIVITIES[7].slug}.pdf"]
    assert len(pages) == 1, f"{len(pages)} pages, the last {pages[-1].content:.0%} full"
    pages = printed[f"worksheet-{ACTIVITIES[0].slug}.pdf"]
    assert len(pages) == 2 and pages[-1].content > 0.35
    assert "5. My third goal" in pages[1].text and "7. What would help me" in pages[1].text


def _card_sheets(pages) -> list[list]:
    """The pages of each card sheet: from its "Cards to cut out" title, on while the page
    holds cards of the same activity (each card names its activity)."""
    sheets = []
    for i, page in enumerate(pages):
        m = re.match(r"Cards to cut out: ", page.text)
        if not m:
            continue
        label = re.search(r"(Activity \d+: )", " ".join(p.text for p in pages[i:i + 1]))
        if not label:
            continue
        sheet = [page]
        for later in pages[i + 1:]:
            if later.text.startswith(("Cards to cut out: ", "Worksheet: ")) or label.group(1) not in later.text:
                break
            if later.text.startswith(label.group(1)) and "Cut along the lines" not in later.text and \
                    later.text.count(label.group(1)) == 1 and len(later.text) > 200:
                break  # the next activity's own page
            sheet.append(later)
        sheets.append((label.group(1), sheet))
    return sheets


def test_a_card_sheet_never_leaves_one_card_alone_on_a_page(printed):
    alone = []
    for name, pages in printed.items():
        for label, sheet in _card_sheets(pages):
            cards = [p.text.count(label) for p in sheet]
            if sum(cards) > 1:
                alone += [f"{name} page {p.number}" for p, n in zip(sheet, cards) if n == 1]
    assert not alone, alone


def test_the_card_check_finds_a_lone_card(printed):
    """The check above can fail: the cards of Activity 2 are found, five in all."""
    for name in ("worksheets.pdf", f"cards-{ACTIVITIES[1].slug}.pdf"):
        sheets = _card_sheets(printed[name])
        counts = [sum(p.text.count(label) for p in sheet) for label, sheet in sheets if label == "Activity 2: "]
        assert counts == [5], (name, counts)


def test_no_line_is_spread_out_to_fill_its_width(printed):
    spread = {name: [(p.number, line) for p in pages for line in spread_lines(p)]
              for name, pages in printed.items()}
    assert not {k: v for k, v in spread.items() if v}


def test_the_spread_line_check_finds_a_justified_line(browser, tmp_path):
    """The check above can fail: a justified line and a flex line that spreads a title's
    words (the Easy Read contents did) are both found; a table's row is not."""
    page = browser.new_page()
    page.set_content('<html lang="en-GB"><body style="font: 14pt sans-serif; width: 160mm">'
                     '<p style="text-align: justify; text-align-last: justify">Why your views matter</p>'
                     '<ol><li style="display: flex; justify-content: space-between"><span>What</span>'
                     '<span>co-production</span><span>means</span><span>page 4</span></li></ol>'
                     '<table style="width: 100%; text-align: left"><tr><th style="width: 15%">Kind</th>'
                     '<th style="width: 55%">Who</th><th>Now</th></tr><tr><td>A</td><td>B</td><td>C</td></tr></table></body></html>')
    (tmp_path / "t.pdf").write_bytes(page.pdf(format="A4"))
    page.close()
    found = spread_lines(read_pages(tmp_path / "t.pdf")[0])
    assert found == ["Why your views matter", "What co-production means page 4"], found


def test_web_addresses_break_only_after_a_slash_that_ends_a_part(printed):
    """"https:/" at the end of one line and "/example..." on the next reads as two addresses."""
    broken = [f"{name} page {p.number}: {line.text}" for name, pages in printed.items() for p in pages
              for line in p.lines if re.search(r"https?:/$", line.text)]
    assert not broken


# --- Word and OpenDocument, printed by LibreOffice ---------------------------------------------

def test_libreoffice_prints_no_page_with_only_the_closing_lines_or_nearly_nothing(printed_by_libreoffice):
    """A word processor chooses its own page breaks: the files keep rows whole, each question
    with its space, and the closing lines with the last answer spaces, so no page holds only
    the credit, the address or a heading, or a line or two."""
    flawed = []
    for name, pages in printed_by_libreoffice.items():
        for p in pages:
            if p.number > 1 and (p.fill < 0.1 or re.match(r"(Activity \d+: .*)?Text CC BY", p.text.strip())
                                 or (p.has_footer() and p.content < 0.02)):
                flawed.append(f"{name} page {p.number} ({p.fill:.0%}): {p.text.strip()[:60]!r}")
    assert not flawed, flawed


def test_libreoffice_prints_no_thin_last_page(printed_by_libreoffice):
    """As for the PDFs: the last page of a file holds at least a third of a page, leaving out
    the closing lines, unless it is the file's only page; so does each worksheet's last page
    in the packs of all twelve."""
    thin = [f"{name}: {len(pages)} pages, the last {pages[-1].content:.0%} full" for name, pages
            in printed_by_libreoffice.items() if len(pages) > 1 and pages[-1].content < 1 / 3]
    thin += [f"{name} page {p.number} ({p.content:.0%})" for name, pages in printed_by_libreoffice.items()
             for p in pages[1:-1] if p.has_footer() and p.content < 1 / 3 and not p.text.startswith("Worksheet:")]
    assert not thin, thin


def test_libreoffice_prints_each_file_from_its_own_pages(printed_by_libreoffice):
    """The check above reads the .docx and the .odt apart (LibreOffice would write one PDF
    for both, and the second would hide the first): their pages differ somewhere."""
    docx = {n[:-5]: [round(p.fill, 2) for p in pages] for n, pages in printed_by_libreoffice.items() if n.endswith(".docx")}
    odt = {n[:-4]: [round(p.fill, 2) for p in pages] for n, pages in printed_by_libreoffice.items() if n.endswith(".odt")}
    assert docx.keys() == odt.keys() and any(docx[k] != odt[k] for k in docx)


def _xml(path: Path, member: str) -> str:
    with zipfile.ZipFile(path) as z:
        return z.read(member).decode("utf-8")


@pytest.mark.parametrize("name", [n for n in EDITABLE if n.endswith(".docx")])
def test_word_rows_keep_their_size_and_never_split(site, name):
    """Write-in spaces are rows of a set height that do not split over a page or shrink as
    someone types, each question stays with its space, and the file has one section."""
    doc = _xml(site / "downloads" / name, "word/document.xml")
    app = _xml(site / "downloads" / name, "docProps/app.xml")
    assert doc.count("<w:sectPr") == 1, "Word may call a file with two final sections damaged"
    assert "Microsoft" not in app
    rows = re.findall(r"<w:tr>(.*?)</w:tr>", doc, re.S)
    assert rows and all("<w:cantSplit" in r for r in rows), "a row may split over two pages"
    # a write-in row: a cell with nothing in it but a no-break space
    body = [r for r in rows if "<w:tblHeader" not in r and re.search(r"<w:tc>(?:(?!</w:tc>).)*<w:t[^>]*>\u00a0</w:t>", r, re.S)]
    assert body or name not in WORKSHEETS_EDITABLE, "a worksheet with no space to write in"
    assert all(re.search(r'<w:trHeight w:val="\d+" w:hRule="atLeast"', r) for r in body)
    heads = [r for r in rows if "<w:tblHeader" in r]
    assert all("<w:keepNext" in r for r in heads), "a question may part from its answer space"
    # no empty paragraphs to stand for lines: each space is one cell of one row
    cells = [c for r in body for c in re.findall(r"<w:tc>(.*?)</w:tc>", r, re.S)]
    assert max((len(re.findall(r"<w:p>|<w:p ", c)) for c in cells), default=0) <= 2


@pytest.mark.parametrize("name", [n for n in EDITABLE if n.endswith(".odt")])
def test_opendocument_rows_keep_their_size_and_tables_stand_apart(site, name):
    content = _xml(site / "downloads" / name, "content.xml")
    cells = re.findall(r"<table:table-cell [^>]*>(.*?)</table:table-cell>", content, re.S)
    if any(re.fullmatch(r"\s*(<text:p [^>]*>\u00a0</text:p>\s*)+", c) for c in cells):  # a space to write in
        assert 'style:min-row-height="' in content
    assert 'fo:keep-together="always"' in content
    tables = re.findall(r"<style:table-properties [^>]*>", content)
    assert tables and all('fo:margin-bottom="' in t and 'fo:margin-top="' in t for t in tables)
    spaces = [c for c in cells if re.fullmatch(r"\s*(<text:p [^>]*>\u00a0</text:p>\s*)+", c)]
    assert all(c.count("<text:p") == 1 for c in spaces), "lines to write on as empty paragraphs"
