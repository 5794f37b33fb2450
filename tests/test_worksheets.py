"""Worksheets in every form a group needs, checked as a facilitator would get them: PDF in
standard and large print, Word and OpenDocument opened by a real word processor
(LibreOffice), a QR code a phone can read, pages that are whole, and no local address."""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from lxml import html as lxml_html
from pypdf import PdfReader

from conftest import PUBLISHED, ROOT
from hooks.worksheets.worksheet_files import Sheet, WorksheetError, sheet_html
from test_pdfs import ACTIVITIES, font_sizes

SLUGS = [p.slug for p in ACTIVITIES]
FORMS = [("pdf", ""), ("pdf", "-large-print"), ("docx", ""), ("docx", "-large-print"),
         ("odt", ""), ("odt", "-large-print")]
SHEETS = [f"worksheet-{slug}{lp}.{ext}" for slug in SLUGS for ext, lp in FORMS]
PACKS = [f"worksheets{lp}.{ext}" for ext, lp in FORMS]
EDITABLE = [n for n in SHEETS + PACKS if not n.endswith(".pdf")]
WORKSHEET_PDFS = [n for n in SHEETS + PACKS if n.endswith(".pdf")]


def questions(site: Path, slug: str) -> list[str]:
    """What a worksheet asks, as the web page shows it: its bold questions and table headers."""
    tree = lxml_html.fromstring((site / "activities" / slug / "index.html").read_text(encoding="utf-8"))
    sheet = tree.xpath('//div[contains(@class, "worksheet") and not(contains(@class, "worksheet-"))]')[0]
    found = [" ".join(el.text_content().split()) for el in sheet.xpath(".//strong | .//th")]
    return [q for q in found if len(q) > 3]


def squash(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", text.lower())


def test_every_worksheet_comes_in_six_forms_with_names_a_person_can_predict(site):
    made = {p.name for p in (site / "downloads").iterdir()}
    missing = sorted(set(SHEETS + PACKS) - made)
    assert not missing, missing


def test_activity_pages_offer_the_worksheet_in_six_forms_and_say_which_to_pick(site):
    for slug in SLUGS:
        page = (site / "activities" / slug / "index.html").read_text(encoding="utf-8")
        # The worksheet's own block (a page may hold other web-only blocks with this class).
        block = re.search(r'<div class="worksheet-files"><p><strong>Download this worksheet\.</strong>(.*?)</div>',
                          page, re.S)
        assert block, slug
        assert "PDF to print as it is; Word or OpenDocument to change it" in block.group(1)
        for ext, lp in FORMS:
            name = f"worksheet-{slug}{lp}.{ext}"
            link = re.search(rf'href="../../downloads/{re.escape(name)}">([^<]+)</a> '
                             r'<span class="file-facts">\(([^)]+)\)</span>', block.group(1))
            assert link, f"{slug}: no link to {name}"
            facts = link.group(2)
            assert re.fullmatch(r"[\d.]+ [KM]B" + (r", \d+ pages?" if ext == "pdf" else ""), facts), facts


def test_downloads_page_has_a_worksheets_table_with_every_form(site):
    page = (site / "downloads" / "index.html").read_text(encoding="utf-8")
    table = re.search(r'<table class="worksheets-table">.*?</table>', page, re.S).group(0)
    rows = re.findall(r"<tr>(.*?)</tr>", table, re.S)
    assert len(rows) == 1 + len(SLUGS) + 1  # the header, twelve worksheets, the pack
    for name in SHEETS + PACKS:
        assert f'href="{name}"' in table, name


@pytest.mark.parametrize("name", EDITABLE)
def test_libreoffice_opens_each_editable_worksheet_with_every_question(site, opened_by_libreoffice, name):
    pdf = opened_by_libreoffice / f"{name}.pdf"
    assert pdf.exists(), f"LibreOffice could not open {name}"
    reader = PdfReader(pdf)
    text = squash(" ".join(page.extract_text() for page in reader.pages))
    slugs = SLUGS if name.startswith("worksheets") else [s for s in SLUGS if f"-{s}" in name]
    for slug in slugs:
        for q in questions(site, slug):
            assert squash(q) in text, f"{name}: {q!r} is missing"
    size = reader.pages[0].mediabox
    assert abs(float(size.width) - 595.3) < 1.5 and abs(float(size.height) - 841.9) < 1.5, "not A4"


def _xml(path: Path, member: str) -> str:
    with zipfile.ZipFile(path) as z:
        return z.read(member).decode("utf-8")


@pytest.mark.parametrize("name", [n for n in EDITABLE if n.endswith(".docx")])
def test_word_files_are_real_documents(site, name):
    path = site / "downloads" / name
    document, core = _xml(path, "word/document.xml"), _xml(path, "docProps/core.xml")
    styles, rels = _xml(path, "word/styles.xml"), _xml(path, "word/_rels/document.xml.rels")
    assert re.search(r'<w:pStyle w:val="Heading1"\s*/>', document)
    assert re.search(r'<w:tblHeader w:val="on"\s*/>', document), "no header row marked to repeat"
    title = re.search(r"<dc:title>([^<]+)</dc:title>", core).group(1)
    assert title.startswith(("Worksheet: ", "Co-production toolkit: worksheets")), title
    assert "<dc:language>en-GB</dc:language>" in core and 'w:val="en-GB"' in styles
    assert re.search(r'<w:pgSz w:w="11906" w:h="16838"\s*/>', document)  # A4
    external = re.findall(r'<Relationship [^>]*TargetMode="External"[^>]*>', rels)
    assert all("/hyperlink" in r for r in external), "a reference outside the file"
    assert "attachedTemplate" not in _xml(path, "word/settings.xml")
    assert "Text CC BY 4.0" in document  # the source and licence


@pytest.mark.parametrize("name", [n for n in EDITABLE if n.endswith(".odt")])
def test_opendocument_files_are_real_documents(site, name):
    path = site / "downloads" / name
    content, meta, styles = _xml(path, "content.xml"), _xml(path, "meta.xml"), _xml(path, "styles.xml")
    assert 'text:outline-level="1"' in content
    assert "<table:table-header-rows>" in content
    assert re.search(r"<dc:title>(Worksheet: |Co-production toolkit: worksheets)", meta)
    assert "<dc:language>en-GB</dc:language>" in meta
    assert 'fo:language="en"' in styles and 'fo:country="GB"' in styles
    assert 'fo:page-width="21cm"' in styles  # A4
    links = re.findall(r'xlink:href="([^"]+)"', content)
    assert all(h.startswith(("https://", "http://")) for h in links), "a reference to another file"
    assert "<draw:image" not in content  # nothing drawn from outside the file
    assert "Text CC BY 4.0" in content


def test_large_print_worksheets_are_18pt_and_never_below_16pt(site):
    for name in [n for n in WORKSHEET_PDFS if "large-print" in n]:
        sizes = font_sizes(PdfReader(site / "downloads" / name))
        assert sizes.most_common(1)[0][0] >= 18.0, name
        small = {s: n for s, n in sizes.items() if s < 16}
        assert not small, f"{name}: text below 16pt: {small}"


def ink(pdf: Path, tmp: Path) -> list[float]:
    """How much of each page's writing area (inside the margins, above the page number) is
    used, from the top of its first mark to the bottom of its last, as a fraction."""
    from PIL import Image

    prefix = tmp / pdf.stem
    subprocess.run(["pdftoppm", "-r", "24", "-gray", "-png", str(pdf), str(prefix)], check=True)
    out = []
    for png in sorted(tmp.glob(pdf.stem + "-*.png")):
        image = Image.open(png).convert("L")
        w, h = image.size
        top, bottom = int(h * 15 / 297), int(h * (297 - 18) / 297)
        px = image.load()
        rows = [y for y in range(top, bottom) if any(px[x, y] < 128 for x in range(w))]
        out.append((rows[-1] - rows[0] + 1) / (bottom - top) if rows else 0.0)
    return out


@pytest.mark.parametrize("name", WORKSHEET_PDFS)
def test_worksheet_pages_are_whole(site, tmp_path, name):
    """One page where it fits; otherwise every page but the last says it goes on, and no
    worksheet ends on a page with less than a third of a page of its own."""
    reader = PdfReader(site / "downloads" / name)
    texts = [re.sub(r"^\d+ ", "", " ".join(p.extract_text().split())) for p in reader.pages]
    fill = ink(site / "downloads" / name, tmp_path)
    # A worksheet ends where the next one, or its card sheets, begin (the packs hold both).
    starts = [i for i, t in enumerate(texts) if t.startswith(("Worksheet: ", "Cards to cut out: "))]
    assert starts and texts[0].startswith("Worksheet: "), name
    for k, start in enumerate(starts):
        if not texts[start].startswith("Worksheet: "):
            continue
        end = starts[k + 1] if k + 1 < len(starts) else len(texts)
        for i in range(start, end - 1):
            assert "Continued on the next page." in texts[i], f"{name} page {i + 1} goes on unsaid"
        assert "Continued on the next page." not in texts[end - 1], f"{name} page {end}"
        if end - start > 1:
            assert fill[end - 1] >= 1 / 3, f"{name}: page {end} is {fill[end - 1]:.0%} full"
            assert all(fill[i] > 0.8 for i in range(start, end - 1)), f"{name}: {fill}"


def test_printed_worksheet_has_a_qr_code_a_phone_can_read(site, tmp_path):
    """zbarimg reads the code on the last page of a printed worksheet: the activity's page."""
    if shutil.which("zbarimg") is None:
        pytest.fail("zbarimg is needed: run 'make setup' (it installs zbar-tools)")
    for slug in (SLUGS[0], SLUGS[6]):
        pdf = site / "downloads" / f"worksheet-{slug}.pdf"
        last = len(PdfReader(pdf).pages)
        subprocess.run(["pdftoppm", "-r", "150", "-gray", "-png", "-f", str(last), "-l", str(last),
                        str(pdf), str(tmp_path / slug)], check=True)
        png = next(tmp_path.glob(slug + "*.png"))
        read = subprocess.run(["zbarimg", "--quiet", "--raw", str(png)], capture_output=True, text=True,
                              check=False)
        assert read.stdout.strip() == PUBLISHED["SITE_URL"] + f"activities/{slug}/"


def test_a_worksheet_element_a_word_processor_cannot_hold_is_named_with_its_line(tmp_path):
    md = tmp_path / "07-example.md"
    md.write_text("---\ntitle: Example\n---\n\n# Example\n\n## Worksheet\n\nWrite here.\n\n"
                  "<iframe src=\"x.html\"></iframe>\n", encoding="utf-8")
    sheet = Sheet(7, "Example", "07-example", str(md),
                  '<div class="worksheet"><p>Write here.</p><iframe src="x.html"></iframe></div>')
    with pytest.raises(WorksheetError) as err:
        sheet_html(sheet, "credit")
    assert str(err.value) == (
        f"{md}:11: the worksheet has a <iframe> element, which the Word and OpenDocument "
        "worksheets cannot hold; use paragraphs, lists, tables, block quotes, write-in boxes "
        '(<div class="write-in lines-N" markdown>) or Easy Read ideas (<div class="idea" markdown> '
        "with a picture) instead")


@pytest.mark.slow
def test_a_build_with_no_site_address_prints_no_local_address(maintainers_build):
    """Paper and downloaded files never show 127.0.0.1 or localhost: with no site address set
    (a maintainer's own `make build`), no address and no QR code is printed."""
    out = maintainers_build
    found = []
    for path in sorted((out / "downloads").iterdir()):
        if path.suffix == ".pdf":
            # The words by poppler's pdftotext: a tenth of pypdf's time on these 68 files.
            text = subprocess.run(["pdftotext", "-q", str(path), "-"], capture_output=True, text=True,
                                  check=True).stdout
            reader = PdfReader(path)
            uris = [str(a.get_object().get("/A", {}).get("/URI", "")) for p in reader.pages
                    for a in (p.get("/Annots") or [])]
            blobs = [text, *uris]
        elif path.suffix in (".docx", ".odt"):
            with zipfile.ZipFile(path) as z:
                blobs = [z.read(n).decode("utf-8", "replace") for n in z.namelist()]
        else:
            continue
        if any(local in blob for blob in blobs for local in ("127.0.0.1", "localhost")):
            found.append(path.name)
    assert not found, found
    sheet = PdfReader(out / "downloads" / f"worksheet-{SLUGS[0]}.pdf")
    assert "From the Co-production toolkit." in " ".join(p.extract_text() for p in sheet.pages)


# --- Cards to cut out ----------------------------------------------------------------------

def card_sets() -> dict[str, list]:
    """The card sets each activity marks in its Markdown (hooks/worksheets/cards.py reads the same)."""
    from hooks.worksheets.cards import find_cards

    out = {}
    for page in ACTIVITIES:
        text = (ROOT / "docs" / page.src).read_text(encoding="utf-8")
        _, sets = find_cards(text, 1, page.src)
        if sets:
            out[page.slug] = sets
    return out


CARDS = card_sets()


def test_the_five_activities_that_use_cards_have_card_sheets_and_no_others(site):
    assert sorted(int(s[:2]) for s in CARDS) == [2, 3, 4, 8, 9]
    assert [len(CARDS[s][0].items) for s in sorted(CARDS)] == [5, 7, 13, 5, 9]  # as the steps say
    made = sorted(p.name for p in (site / "downloads").glob("cards-*.pdf"))
    assert made == sorted(f"cards-{slug}{lp}.pdf" for slug in CARDS for lp in ("", "-large-print"))


@pytest.mark.parametrize("slug", sorted(CARDS))
def test_card_sheets_have_one_card_per_item_at_24_and_36_points(site, slug):
    from hooks.worksheets.cards import card_text

    activity = next(p for p in ACTIVITIES if p.slug == slug)
    label = f"Activity {activity.meta['number']}: {activity.meta['title']}"
    items = [item for card_set in CARDS[slug] for item in card_set.items]
    for lp, smallest in (("", 24.0), ("-large-print", 36.0)):
        reader = PdfReader(site / "downloads" / f"cards-{slug}{lp}.pdf")
        text = " ".join(" ".join(p.extract_text().split()) for p in reader.pages)
        assert squash(text).count(squash(label)) == len(items), f"{slug}{lp}: one card, one label"
        for item in items:
            title, words = card_text(item)
            assert squash(words) in squash(text), f"{slug}{lp}: {words!r}"
        sizes = {}
        for page in reader.pages:
            def visit(t, cm, tm, font, size, sizes=sizes):
                if t.strip() and squash(t) and squash(t) in squash(" ".join(i for i in items)):
                    sizes[round(size * abs(tm[3]) * abs(cm[3]), 1)] = True
            page.extract_text(visitor_text=visit)
        assert sizes and min(sizes) >= smallest, f"{slug}{lp}: card words at {sorted(sizes)}pt"


def test_cards_print_after_the_worksheet_in_the_activity_pdf_and_the_packs(site):
    for slug in CARDS:
        pages = [" ".join(p.extract_text().split()) for p in PdfReader(site / "downloads" / f"activity-{slug}.pdf").pages]
        sheet = next(i for i, t in enumerate(pages) if "Worksheet: " in t[:120])
        cards = next(i for i, t in enumerate(pages) if "Cards to cut out: " in t[:120])
        assert cards > sheet, slug
    for pack in ("worksheets.pdf", "worksheets-large-print.pdf"):
        text = " ".join(p.extract_text() for p in PdfReader(site / "downloads" / pack).pages)
        assert text.count("Cards to cut out: ") == len(CARDS), pack


def test_the_page_shows_the_card_words_and_offers_the_card_sheets(site):
    for slug, sets in CARDS.items():
        page = (site / "activities" / slug / "index.html").read_text(encoding="utf-8")
        tree = lxml_html.fromstring(page)
        for sheet in tree.xpath('//section[contains(@class, "card-sheet")]'):
            sheet.getparent().remove(sheet)
        visible = squash(tree.text_content())
        for item in sets[0].items[:3]:
            assert squash(item)[:40] in visible, f"{slug}: {item!r} is not on the page"
        assert f'href="../../downloads/cards-{slug}.pdf">Cards to cut out, PDF</a>' in page


def test_a_cards_marker_with_nothing_under_it_is_named_with_its_line():
    from hooks.worksheets.cards import CardError, find_cards

    with pytest.raises(CardError) as err:
        find_cards("Intro\n\n<!-- cards: Values -->\n\nNo list here.\n", 10, "docs/activities/03-x.md")
    assert str(err.value) == ("docs/activities/03-x.md:12: the cards marker 'Values' has no list or table "
                              "under it; put it on the line just before the list of cards")
