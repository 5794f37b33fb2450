"""The PDFs that `make build` writes under site/downloads: what a facilitator prints."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections import Counter
from types import SimpleNamespace

import pikepdf
import pytest
from pypdf import PdfReader

from conftest import ROOT
from hooks.content.citations import cite_text
from hooks.content.docs_model import read_docs

# One test process takes the whole file (make test runs two):
# its tests share every PDF's text (the pdfs and texts fixtures).
pytestmark = pytest.mark.xdist_group("pdfs")


DOCS = read_docs(ROOT / "docs", shown_root="docs")
ACTIVITIES = DOCS.activities()
CHAPTERS = [p for p in DOCS.pages.values() if p.src.startswith(("part-1/", "part-2/"))]
BOOKS = ["co-production-toolkit.pdf", "co-production-toolkit-large-print.pdf"]
ACTIVITY_PDFS = {p.meta["number"]: f"activity-{p.src.split('/')[-1][:-3]}.pdf" for p in ACTIVITIES}
ALL = BOOKS + ["worksheets.pdf"] + list(ACTIVITY_PDFS.values())
# Each worksheet on its own, and the large print pack (tests/test_worksheets.py checks them).
WORKSHEET_PDFS = ["worksheets-large-print.pdf"] + [
    f"worksheet-{p.slug}{lp}.pdf" for p in ACTIVITIES for lp in ("", "-large-print")]
# Pages printed on their own, named in their front matter ("pdf: briefing.pdf").
PAGE_PDFS = sorted(str(p.meta["pdf"]) for p in DOCS.pages.values() if "pdf" in p.meta)
# Card sheets, for each activity whose Markdown marks a list of cards (hooks/worksheets/cards.py).
CARD_PDFS = [f"cards-{p.slug}{lp}.pdf" for p in ACTIVITIES for lp in ("", "-large-print")
             if "<!-- cards:" in (ROOT / "docs" / p.src).read_text(encoding="utf-8")]
# Forms to use on the day, each on its own (hooks/worksheets/forms.py; tests/test_forms.py checks them).
FORM_PDFS = [f"form-{p.meta['form']}{lp}.pdf" for p in DOCS.pages.values() if "form" in p.meta
             for lp in ("", "-large-print")]


def words(text: str) -> str:
    """A page's words on one line, without its page number (Chromium draws the page's margin
    first, so it comes first); rejoins 'co-' + 'production' where a line wrapped."""
    text = re.sub(r"(?<=\w)- (?=\w)", "-", " ".join(text.split()))
    return re.sub(r"^\d+ ", "", text)


@pytest.fixture(scope="module")
def pdfs(site):
    return {name: PdfReader(site / "downloads" / name) for name in ALL}


@pytest.fixture(scope="module")
def texts(printed_text):
    return {name: [words(text) for text in printed_text[name]] for name in ALL}


def font_sizes(reader: PdfReader) -> Counter:
    """Characters drawn at each font size, in points."""
    sizes: Counter = Counter()
    for page in reader.pages:
        def visit(text, cm, tm, font, size):
            if text.strip():
                sizes[round(size * abs(tm[3]) * abs(cm[3]), 1)] += len(text.strip())
        page.extract_text(visitor_text=visit)
    return sizes


def squeeze(text: str) -> str:
    """Text without any spaces: Chromium's bookmarks drop the space where a heading wraps."""
    return "".join(text.split())


def outline_titles(reader: PdfReader) -> list[str]:
    out, stack = [], list(reader.outline)
    while stack:
        item = stack.pop(0)
        if isinstance(item, list):
            stack[:0] = item
        else:
            out.append(squeeze(item.title))
    return out


def test_every_pdf_is_written(site):
    assert sorted(p.name for p in (site / "downloads").glob("*.pdf")) == sorted(ALL + WORKSHEET_PDFS + PAGE_PDFS + CARD_PDFS
                                                                                 + FORM_PDFS)


@pytest.mark.parametrize("name", ALL)
def test_pdf_is_a4_tagged_titled_and_in_uk_english(pdfs, name):
    reader = pdfs[name]
    for page in reader.pages:  # A4 is 595.3 x 841.9 points
        assert abs(float(page.mediabox.width) - 595.3) < 1.5
        assert abs(float(page.mediabox.height) - 841.9) < 1.5
    root = reader.trailer["/Root"]
    assert bool(root["/MarkInfo"]["/Marked"]) and "/StructTreeRoot" in root
    assert root["/Lang"] == "en-GB"
    assert reader.metadata.title and reader.metadata.author == "Co-production toolkit contributors"
    assert reader.metadata["/CreationDate"] == reader.metadata["/ModDate"]


@pytest.mark.parametrize("name", ALL)
def test_pdf_embeds_every_font(pdfs, name):
    for page in pdfs[name].pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            described = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
            descriptor = described["/FontDescriptor"].get_object()
            assert {"/FontFile", "/FontFile2", "/FontFile3"} & set(descriptor), font["/BaseFont"]


@pytest.mark.parametrize("name", ALL)
def test_pdf_has_no_blank_page(texts, name):
    blank = [i + 1 for i, text in enumerate(texts[name]) if len(text) < 20]
    assert not blank, f"{name}: blank pages {blank}"


@pytest.mark.parametrize("name", BOOKS)
def test_book_has_every_chapter_and_activity_in_text_and_bookmarks(pdfs, texts, name):
    everything = " ".join(texts[name])
    bookmarks = outline_titles(pdfs[name])
    for page in CHAPTERS:
        assert words(page.title) in everything, page.title
        assert squeeze(page.title) in bookmarks, page.title
    for page in ACTIVITIES:
        assert words(cite_text(page)) in everything
        assert squeeze(cite_text(page)) in bookmarks
        assert squeeze(f"Worksheet: {page.meta['title']}") in bookmarks


@pytest.mark.parametrize("name", BOOKS)
def test_contents_page_numbers_match_the_pages(texts, name):
    pages = texts[name]
    assert pages[1].startswith("Contents")
    home = next(i for i in range(2, len(pages)) if pages[i].startswith("Co-production toolkit"))
    contents = " ".join(pages[1:home]) + " "
    titles = [p.title for p in CHAPTERS] + [cite_text(p) for p in ACTIVITIES]
    for title in titles:
        m = re.search(re.escape(words(title)) + r" (\d+) ", contents)
        assert m, f"{name}: {title!r} is not in the contents"
        number = int(m.group(1))
        top = pages[number - 1][:250]
        assert words(title) in top, f"{name}: contents says {title!r} is on page {number}"


def test_cover_has_no_page_number_and_every_other_page_has_its_own(printed_text):
    raw = printed_text["co-production-toolkit.pdf"]
    numbered = lambda text, n: re.search(rf"(^\s*{n}\s)|(\s{n}\s*$)", text)  # noqa: E731
    assert not numbered(raw[0], 1)
    missing = [i + 1 for i in range(1, len(raw)) if not numbered(raw[i], i + 1)]
    assert not missing, f"pages without their number: {missing[:10]}"


def test_standard_edition_body_text_is_at_least_12pt(pdfs):
    sizes = font_sizes(pdfs["co-production-toolkit.pdf"])
    assert sizes.most_common(1)[0][0] >= 12
    assert sum(n for s, n in sizes.items() if s >= 12) / sum(sizes.values()) > 0.99


def test_large_print_body_text_is_18pt_and_never_below_16pt_outside_diagrams(pdfs):
    sizes = font_sizes(pdfs["co-production-toolkit-large-print.pdf"])
    assert sizes.most_common(1)[0][0] == 18.0
    # The only smaller text is the labels inside the two SVG diagrams, which the page
    # repeats in full at 18pt straight after each diagram.
    small = sum(n for s, n in sizes.items() if s < 16)
    assert small / sum(sizes.values()) < 0.003


def test_each_worksheet_starts_a_new_page_in_the_pack(texts):
    pages = texts["worksheets.pdf"]
    starts = [text.split(" Activity ")[0] for text in pages if text.startswith("Worksheet: ")]
    assert starts == [words(f"Worksheet: {p.meta['title']}") for p in ACTIVITIES]
    assert pages[0].startswith("Worksheet: ")
    # In standard print no worksheet runs over two sheets (its card sheets follow it).
    starts = [i for i, t in enumerate(pages) if t.startswith(("Worksheet: ", "Cards to cut out: "))]
    spans = [b - a for a, b in zip(starts, starts[1:] + [len(pages)]) if pages[a].startswith("Worksheet: ")]
    assert max(spans) <= 2, spans


@pytest.mark.parametrize("page", ACTIVITIES, ids=[p.src[11:-3] for p in ACTIVITIES])
def test_activity_pdf_has_its_run_sheet_then_its_guide_then_its_worksheet(pdfs, texts, page):
    name = ACTIVITY_PDFS[page.meta["number"]]
    pages = texts[name]
    # The run sheet (tests/test_run_sheets.py) is the first page, and only the first.
    assert pages[0].startswith(words(f"Run sheet: {cite_text(page)}"))
    assert pages[1].startswith(words(cite_text(page)))
    sheet = [i for i, t in enumerate(pages) if t.startswith(words(f"Worksheet: {page.meta['title']}"))]
    assert len(sheet) == 1 and sheet[0] > 1
    uris = {a.get_object()["/A"].get("/URI") for p in pdfs[name].pages
            for a in (p.get("/Annots") or []) if "/A" in a.get_object()}
    assert not any("127.0.0.1:8000" not in u and "127.0.0.1" in u for u in uris if u)


def test_home_downloads_and_activity_pages_link_each_pdf_with_size_and_pages(site, pdfs):
    for page, prefix in (("index.html", "downloads/"), ("downloads/index.html", "")):
        html = (site / page).read_text()
        for name in ALL:
            m = re.search(rf'href="{prefix}{re.escape(name)}">[^<]+</a> \(PDF, [\d.]+ [KM]B, (\d+) pages\)',
                          html)
            assert m, f"{page} does not link {name}"
            assert int(m.group(1)) == len(pdfs[name].pages)
    for number, name in ACTIVITY_PDFS.items():
        act = next(p for p in ACTIVITIES if p.meta["number"] == number)
        html = (site / act.src[:-3] / "index.html").read_text()
        assert f'href="../../downloads/{name}">Download this activity as a PDF (' in html


@pytest.mark.slow
def test_missing_chromium_fails_the_build_with_one_clear_line(tmp_path):
    env = dict(os.environ, CHROMIUM=str(tmp_path / "no-chromium"), NO_MKDOCS_2_WARNING="1")
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--site-dir", str(tmp_path / "out")],
                            cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("ERROR")]
    assert errors == [f"ERROR   -  Could not make the PDFs: CHROMIUM={tmp_path / 'no-chromium'} is not a "
                      "program that can be run; install it with 'sudo apt-get install chromium' (Debian "
                      "or Ubuntu), or set CHROMIUM=/path/to/chromium"]
    assert "Traceback" not in result.stderr


def test_serve_makes_no_pdfs_and_says_when_they_are_made(site, tmp_path):
    from hooks import mkdocs_pdfs

    copy = tmp_path / "site"
    shutil.copytree(site, copy, ignore=shutil.ignore_patterns("*.pdf"))
    for page in (copy / "index.html", copy / "downloads" / "index.html"):
        page.write_text(re.sub(r'<ul class="downloads">.*?</ul>(<p>One PDF.*?</ul>)?', "<!-- downloads-list -->",
                               page.read_text(), flags=re.S))
    config = SimpleNamespace(site_dir=str(copy), docs_dir=str(ROOT / "docs"))
    mkdocs_pdfs.on_startup("serve", dirty=False)
    try:
        mkdocs_pdfs.on_post_build(config)
    finally:
        mkdocs_pdfs.on_startup("build", dirty=False)
    assert not list(copy.rglob("*.pdf"))
    assert "The PDF files and the offline copy are made when the site is built" in (copy / "index.html").read_text()


def test_books_leave_out_the_downloads_page(texts):
    for name in BOOKS:
        assert not any(t.startswith("Downloads Many groups meet") for t in texts[name])
        assert "Printing tips" not in " ".join(texts[name])


def test_pack_and_activity_pdfs_have_bookmarks_for_each_worksheet(pdfs):
    pack = outline_titles(pdfs["worksheets.pdf"])
    for page in ACTIVITIES:
        sheet = squeeze(f"Worksheet: {page.meta['title']}")
        assert sheet in pack
        own = outline_titles(pdfs[ACTIVITY_PDFS[page.meta["number"]]])
        assert squeeze(cite_text(page)) in own and sheet in own and squeeze("Steps") in own


def test_no_page_holds_only_a_heading_or_an_address(site, printed_text):
    """A page that holds only a title, or a title and the page's web address, is a print flaw
    (it happened in the large print book when an activity's box did not fit under its title)."""
    import pikepdf

    flawed = []
    for path in sorted((site / "downloads").glob("*.pdf")):
        with pikepdf.open(path) as pdf, pdf.open_outline() as outline:
            headings, stack = [], list(outline.root)
            while stack:
                item = stack.pop()
                headings.append(squeeze(item.title))
                stack.extend(item.children)
        for i, text in enumerate(printed_text[path.name]):
            rest = squeeze(re.sub(r"From the co-production toolkit: \S+(\s+\S+/)*", "", text))
            rest = re.sub(r"^\d+|\d+$", "", rest)
            for heading in sorted(headings, key=len, reverse=True):
                rest = rest.replace(heading, "")
            if len(rest) < 12 and i > 0:
                flawed.append(f"{path.name} page {i + 1}")
    assert not flawed, flawed


def headings_last_on_page(data: bytes) -> list[int]:
    """Pages (1-based, the last page apart) whose last line of text is a heading: the last
    marked content that draws text belongs, in the tag tree, to an H1 to H6."""
    import io

    import pikepdf

    flagged = []
    with pikepdf.open(io.BytesIO(data)) as pdf:
        parents = pikepdf.NumberTree(pdf.Root.StructTreeRoot.ParentTree)
        for number, page in enumerate(pdf.pages[:-1], start=1):
            stack, last = [], None
            for operands, op in pikepdf.parse_content_stream(page):
                name = str(op)
                if name in ("BDC", "BMC"):
                    props = operands[1] if name == "BDC" else None
                    mcid = props.get("/MCID") if isinstance(props, pikepdf.Dictionary) else None
                    stack.append(int(mcid) if mcid is not None else None)
                elif name == "EMC" and stack:
                    stack.pop()
                elif name in ("Tj", "TJ", "'", '"') and stack and stack[-1] is not None:
                    last = stack[-1]
            elements = parents.get(int(page.obj.get("/StructParents", -1)))
            elem = elements[last] if last is not None and elements is not None and last < len(elements) else None
            while isinstance(elem, pikepdf.Dictionary) and "/S" in elem:
                if re.fullmatch(r"/H[1-6]", str(elem.S)):
                    flagged.append(number)
                    break
                elem = elem.get("/P")
    return flagged


def test_no_heading_is_the_last_line_of_a_page(site):
    flawed = {p.name: headings_last_on_page(p.read_bytes()) for p in sorted((site / "downloads").glob("*.pdf"))}
    assert not {name: pages for name, pages in flawed.items() if pages}


def test_the_last_line_check_finds_a_heading_at_the_foot_of_a_page(browser):
    """The check above can fail: a page printed with a heading as its last line is found."""
    page = browser.new_page()
    page.set_content('<html lang="en-GB"><body style="margin:0"><div style="height:250mm">Text</div>'
                     '<h2 style="margin:0;font-size:12pt;line-height:1">A heading</h2><p style="margin:0;font-size:40pt;line-height:1.2">Its words.</p></body></html>')
    data = page.pdf(format="A4", tagged=True, margin={"top": "15mm", "bottom": "18mm"})
    page.close()
    assert headings_last_on_page(data) == [1]


def test_pdf_titles_are_words_not_markup(site):
    """A heading's "{ .one-page }" is markup: it never reaches a PDF's title or its link."""
    titles = {p.name: str(PdfReader(p).metadata.title) for p in (site / "downloads").glob("*.pdf")}
    assert titles["briefing.pdf"] == "Co-production: a briefing for managers and commissioners"
    assert not [name for name, title in titles.items() if "{" in title or "}" in title]
    assert "{ .one-page }" not in (site / "downloads" / "index.html").read_text(encoding="utf-8")


def destinations(pdf: pikepdf.Pdf) -> set[str]:
    """Every named destination: in the catalogue's /Dests (as Chromium writes them) or in a
    /Names tree."""
    names = {str(key)[1:] for key in pdf.Root.get("/Dests", {}).keys()}
    tree = pdf.Root.get("/Names", {}).get("/Dests")
    stack = [tree] if tree is not None else []
    while stack:
        node = stack.pop()
        stack.extend(node.get("/Kids", []))
        names.update(str(key) for key in list(node.get("/Names", []))[::2])
    return names


def link_targets(pdf: pikepdf.Pdf) -> list[str]:
    """The named destination of each internal link."""
    out = []
    for page in pdf.pages:
        for annot in page.get("/Annots", []):
            dest = annot.get("/Dest")
            if dest is None and annot.get("/A") is not None and annot.A.get("/S") == "/GoTo":
                dest = annot.A.D
            if isinstance(dest, pikepdf.Name):
                out.append(str(dest)[1:])
            elif isinstance(dest, pikepdf.String):
                out.append(str(dest))
    return out


def test_every_link_in_a_pdf_goes_to_a_destination_a_pdf_reader_accepts(site):
    """PDF names hold at most 127 bytes (readers warn on longer ones, and may refuse them),
    and every internal link, such as a line of the book's contents, goes to a destination
    that is there."""
    for path in sorted((site / "downloads").glob("*.pdf")):
        with pikepdf.open(path) as pdf:
            names = destinations(pdf)
            too_long = [name[:60] for name in names if len(name.encode()) > 127]
            assert not too_long, f"{path.name}: destination names over 127 bytes: {too_long}"
            missing = sorted(set(link_targets(pdf)) - names)
            assert not missing, f"{path.name}: links go to destinations that are not there: {missing}"
    with pikepdf.open(site / "downloads" / "co-production-toolkit.pdf") as pdf:
        assert len(link_targets(pdf)) >= len(CHAPTERS) + len(ACTIVITIES)  # the contents' links


@pytest.mark.parametrize("front, message", [
    ("pdf: Briefing.PDF", "docs/page.md:3: 'pdf' must be a file name such as 'briefing.pdf' "
                          "(small letters, digits and hyphens), not 'Briefing.PDF'"),
    ("pdf: page.pdf\npdf_button: [Get, it]", "docs/page.md:4: 'pdf_button' must be the words on the "
                                              "page's download button, 60 characters at most, not ['Get', 'it']"),
])
def test_a_page_pdf_named_wrongly_in_front_matter_fails_with_its_line(tmp_path, front, message):
    from mkdocs.exceptions import PluginError

    from hooks.mkdocs_pdfs import _page_pdfs

    (tmp_path / "page.md").write_text(f"---\ntitle: A page\n{front}\n---\n\n# A page\n", encoding="utf-8")
    with pytest.raises(PluginError) as err:
        _page_pdfs(read_docs(tmp_path))
    assert str(err.value) == message


def test_heading_text_leaves_out_attribute_lists(tmp_path):
    (tmp_path / "page.md").write_text("# Briefing { .one-page }\n\n## Legal { data-search-exclude }\n\n"
                                      "## Worksheet: X { #worksheet }\n", encoding="utf-8")
    page = read_docs(tmp_path).pages["page.md"]
    assert [(h.text, h.anchor) for h in page.headings] == [
        ("Briefing", "briefing"), ("Legal", "legal"), ("Worksheet: X", "worksheet")]
