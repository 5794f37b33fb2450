"""Every PDF the build writes conforms to PDF/UA-1, as an independent validator and a screen
reader user would find: the validator (page-validation, profile PDF/UA-1) over every file,
then what no validator checks, and a mutation check that each repair is needed."""

from __future__ import annotations

import io
import re
from concurrent.futures import ThreadPoolExecutor
from html.parser import HTMLParser

import pikepdf
import pytest
from page import ValidationProfile, validate_pdf

from conftest import ROOT
from hooks.print.pdf_finish import Info, NotConformant, finish
from hooks.print.pdf_render import ACTIVITY_SCRIPT, BOOK_CSS, _pdf, prepare, print_view
from hooks.print.pdf_ua import REPAIRS
from hooks.content.citations import cite_text
from test_pdfs import ACTIVITIES, ALL, BOOKS

# One test process takes the whole file (make test runs two):
# its tests share every PDF opened with pikepdf.
pytestmark = pytest.mark.xdist_group("pdf_ua")


HEADING = re.compile(r"/H([1-6])$")


def pdf_names(site) -> list[str]:
    return sorted(p.name for p in (site / "downloads").glob("*.pdf"))


def test_every_pdf_the_build_writes_passes_pdf_ua_1(site):
    """Every PDF under downloads/, those added later included, with each failed rule named."""
    names = pdf_names(site)
    assert set(ALL) <= set(names)
    failed = []
    for name in names:
        report = validate_pdf(site / "downloads" / name, profile=ValidationProfile.PDF_UA_1)
        rules = sorted({f"{f.rule_id} ({f.message})" for f in report.failures})
        if not report.is_compliant:
            failed.append(f"{name}: {report.rules.failed} rules failed: " + "; ".join(rules))
    assert not failed, "\n".join(failed)


# --- What no validator checks ------------------------------------------------------------

def elements(pdf: pikepdf.Pdf):
    """Structure elements in reading order."""
    def kids(e):
        k = e.get("/K")
        items = list(k) if isinstance(k, pikepdf.Array) else ([] if k is None else [k])
        return [i for i in items if isinstance(i, pikepdf.Dictionary) and "/S" in i
                and i.get("/Type") not in ("/MCR", "/OBJR")]
    stack = list(reversed(kids(pdf.Root.StructTreeRoot)))
    while stack:
        e = stack.pop()
        yield e
        stack.extend(reversed(kids(e)))


@pytest.fixture(scope="module")
def opened(site):
    files = {name: pikepdf.open(site / "downloads" / name) for name in pdf_names(site)}
    yield files
    for pdf in files.values():
        pdf.close()


def test_heading_levels_never_skip(opened):
    problems = []
    for name, pdf in opened.items():
        last = 0
        for e in elements(pdf):
            m = HEADING.match(str(e.S))
            if not m:
                continue
            level = int(m.group(1))
            if level > last + 1:
                problems.append(f"{name}: H{level} after H{last}")
            last = level
        if last == 0:
            problems.append(f"{name}: no headings")
    assert not problems, "\n".join(problems[:20])


def test_the_two_diagrams_are_figures_with_alternate_text(opened):
    for name in BOOKS:
        figures = [e for e in elements(opened[name]) if e.S == "/Figure"]
        alts = [str(f.get("/Alt", "")) for f in figures]
        diagrams = [a for a in alts if not a.startswith("QR code")]  # the worksheets' QR codes
        assert len(diagrams) == 2, name
        assert diagrams[0].startswith("The cycle of co-production") and len(diagrams[0]) > 60, name
        assert diagrams[1].startswith("The ladder of participation") and len(diagrams[1]) > 60, name


def test_every_figure_has_alternate_text(opened):
    missing = [f"{name}: figure {i + 1}" for name, pdf in opened.items()
               for i, e in enumerate(e for e in elements(pdf) if e.S == "/Figure")
               if not str(e.get("/Alt", "")).strip()]
    assert not missing, missing[:10]


def test_every_table_has_scoped_header_cells_and_regular_rows(opened):
    problems = []
    for name, pdf in opened.items():
        for n, table in enumerate(e for e in elements(pdf) if e.S == "/Table"):
            rows = [e for e in elements_under(table) if e.S == "/TR"]
            cells = [[c for c in direct(r) if c.S in ("/TH", "/TD")] for r in rows]
            headers = [c for row in cells for c in row if c.S == "/TH"]
            if not headers:
                problems.append(f"{name}: table {n + 1} has no TH cells")
            for th in headers:
                attrs = th.get("/A")
                attrs = list(attrs) if isinstance(attrs, pikepdf.Array) else [attrs]
                if not any(isinstance(a, pikepdf.Dictionary) and "/Scope" in a for a in attrs):
                    problems.append(f"{name}: table {n + 1} has a TH with no /Scope")
            widths = {len(row) for row in cells}
            if len(widths) > 1:
                problems.append(f"{name}: table {n + 1} has rows of {sorted(widths)} cells")
    assert not problems, "\n".join(problems[:20])


def direct(e):
    k = e.get("/K")
    items = list(k) if isinstance(k, pikepdf.Array) else ([] if k is None else [k])
    return [i for i in items if isinstance(i, pikepdf.Dictionary) and "/S" in i]


def elements_under(e):
    for kid in direct(e):
        yield kid
        yield from elements_under(kid)


def test_language_title_tab_order_and_pdf_ua_claim(opened):
    for name, pdf in opened.items():
        assert pdf.Root.Lang == "en-GB", name
        assert pdf.Root.ViewerPreferences.DisplayDocTitle is True, name
        assert all(page.obj.get("/Tabs") == "/S" for page in pdf.pages), name
        meta = pdf.open_metadata()
        assert meta["dc:title"] == str(pdf.docinfo.Title) and meta["dc:title"], name
        assert meta["pdfuaid:part"] == "1", name
        assert meta["dc:language"] == {"en-GB"}, name


def test_every_link_says_where_it_goes(opened):
    missing = [f"{name} page {i + 1}" for name, pdf in opened.items() for i, page in enumerate(pdf.pages)
               for a in page.obj.get("/Annots", []) if a.get("/Subtype") == "/Link"
               and not str(a.get("/Contents", "")).strip()]
    assert not missing, missing[:10]


class _Headings(HTMLParser):
    """Every heading's text in a built page, and every word of its content."""

    def __init__(self):
        super().__init__()
        self.headings: list[str] = []
        self.words: set[str] = set()
        self._in: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        href = dict(attrs).get("href") or ""
        if tag == "a" and href.startswith("http"):  # the PDFs print these addresses
            self.words.update(w.lower() for w in WORD.findall(href))
        if tag in ("script", "style"):
            self._skip += 1
        if re.fullmatch(r"h[1-6]", tag):
            self._in.append("")

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self._skip -= 1
        if re.fullmatch(r"h[1-6]", tag) and self._in:
            self.headings.append(" ".join(self._in.pop().split()))

    def handle_data(self, data):
        if self._skip:
            return
        if self._in:
            self._in[-1] += data
        self.words.update(w.lower() for w in WORD.findall(data))


WORD = re.compile(r"[A-Za-z]+(?:['’][A-Za-z]+)*")


@pytest.fixture(scope="module")
def site_text(site):
    parser = _Headings()
    for page in sorted(site.rglob("*.html")):
        parser.feed(page.read_text(encoding="utf-8"))
    return parser


def outline(pdf: pikepdf.Pdf) -> list[str]:
    titles = []
    with pdf.open_outline() as ol:
        stack = list(reversed(ol.root))
        while stack:
            item = stack.pop()
            titles.append(item.title)
            stack.extend(reversed(item.children))
    return titles


def test_every_bookmark_is_its_heading_word_for_word(opened, site_text):
    # Print-only headings: the books' contents, and each activity's run sheet (its title is the
    # folded summary's data-title on the page; hooks/planner/run_sheets.py).
    headings = set(site_text.headings) | {"Contents"} | {f"Run sheet: {cite_text(p)}" for p in ACTIVITIES}
    wrong = [f"{name}: {title!r}" for name, pdf in opened.items() for title in outline(pdf)
             if title not in headings]
    assert not wrong, "\n".join(wrong[:20])
    # The long titles that wrap on the page are among them, spaces and all.
    titles = outline(opened["co-production-toolkit.pdf"])
    assert ACTIVITIES[0].meta["title"] in " ".join(titles)


def test_no_word_is_split_in_two_in_any_page_text(site, site_text, printed_text):
    """Each word a PDF's text gives (as a screen reader or a search gets it) is a word of the
    site: a word broken inside, "Find t / he steps", gives pieces that are not."""
    # Words only the printed copies have: the cover's "Large print edition", and a worksheet's
    # "Continued on the next page." (hooks/print/pdf_render.py).
    known = site_text.words | {"edition", "continued"}
    split = []
    for name in pdf_names(site):
        for i, page_text in enumerate(printed_text[name]):
            text = re.sub(r"(?<=\w)-\n(?=\w)", "-", page_text)
            text = re.sub(r"(?m)^[a-z]\. ", "", text)  # "b." labels a lettered list
            for word in WORD.findall(text):
                if word.lower() not in known:
                    split.append(f"{name} page {i + 1}: {word!r}")
    assert not split, "\n".join(split[:30])


# --- Mutation checks: each repair is needed ------------------------------------------------

@pytest.fixture(scope="module")
def raw_activity(browser, server):
    """Activity 1 as Chromium prints it, before any repair: its long title wraps, it has lists,
    links, bold words, a worksheet table with empty cells and boxed notes."""
    act = next(a for a in ACTIVITIES if a.meta["number"] == 1)
    page = browser.new_page()
    print_view(page)  # as the build prints
    url = server + act.src[:-3] + "/"
    page.goto(url, wait_until="load")
    page.add_style_tag(content=BOOK_CSS.read_text(encoding="utf-8"))
    page.evaluate(ACTIVITY_SCRIPT, {"title": "Activity 1", "url": url})
    headings = prepare(page)
    data = _pdf(page)
    page.close()
    return data, headings


EXPECTED_FAILURE = {
    "artifacts": "PDFUA1-CONTENT-TAGGING-001",
    "links": "PDFUA1-LINK-CONTENTS-001",
    "role_map": "PDFUA1-STRUCT-TREE-ROLE-MAP-001",
    "list_bodies": "PDFUA1-LI-KIDS-001",
}


def test_every_repair_has_a_mutation_check():
    assert set(EXPECTED_FAILURE) | {"bookmarks"} == set(REPAIRS)


@pytest.mark.parametrize("repair", sorted(EXPECTED_FAILURE))
def test_switching_off_a_repair_fails_the_validator_and_the_build(raw_activity, repair):
    data, headings = raw_activity
    info = Info(title="Activity 1", author="A", subject="S", epoch=0, headings=headings)
    assert finish(data, info)  # all repairs on: it conforms
    broken = finish(data, info, skip=frozenset({repair}), check=False)
    report = validate_pdf_bytes(broken)
    assert EXPECTED_FAILURE[repair] in {f.rule_id for f in report.failures}
    with pytest.raises(NotConformant, match=EXPECTED_FAILURE[repair]):
        finish(data, info, skip=frozenset({repair}))


def renumbered(data: bytes, reverse: bool) -> bytes:
    """The printed file saved again, its element IDs in their order or, with reverse, handed
    out in the opposite order, as a run where Chromium asked for them in another order gives."""
    with pikepdf.open(io.BytesIO(data)) as pdf:
        elements_by_id = {str(o.ID): o for o in pdf.objects
                          if isinstance(o, pikepdf.Dictionary) and "/S" in o and "/ID" in o}
        old = sorted(elements_by_id)
        swap = dict(zip(old, reversed(old) if reverse else old))
        for key, el in elements_by_id.items():
            el.ID = pikepdf.String(swap[key])
        for o in pdf.objects:
            if isinstance(o, pikepdf.Dictionary) and "/S" in o and "/A" in o:
                for attr in (list(o.A) if isinstance(o.A, pikepdf.Array) else [o.A]):
                    if isinstance(attr, pikepdf.Dictionary) and "/Headers" in attr:
                        attr.Headers = pikepdf.Array([pikepdf.String(swap[str(h)]) for h in attr.Headers])
        stack = [pdf.Root.StructTreeRoot.IDTree]  # its keys, in place: the same objects
        while stack:
            node = stack.pop()
            stack.extend(node.get("/Kids", []))
            names = node.get("/Names", pikepdf.Array())
            for j in range(0, len(names), 2):
                names[j] = pikepdf.String(swap[str(names[j])])
        # each run's file has its own /ID, as two saves a second apart get from qpdf
        run_id = pikepdf.String(b"second run" if reverse else b"first run")
        pdf.trailer.ID = pikepdf.Array([run_id, run_id])
        out = io.BytesIO()
        pdf.save(out)
    return out.getvalue()


def test_element_ids_follow_the_tag_tree_not_chromiums_numbering(raw_activity):
    """Chromium names tagged elements after DOM node IDs, whose order can change from run to
    run; the finished file is the same whatever order they come in."""
    data, headings = raw_activity
    info = Info(title="Activity 1", author="A", subject="S", epoch=0, headings=headings)
    as_printed, shuffled = renumbered(data, reverse=False), renumbered(data, reverse=True)
    with pikepdf.open(io.BytesIO(as_printed)) as a, pikepdf.open(io.BytesIO(shuffled)) as b:
        def ids(pdf):
            return [str(e.ID) for e in elements(pdf) if "/ID" in e]
        assert ids(a) != ids(b) and len(ids(a)) >= 3  # the worksheet table's header cells
    assert finish(as_printed, info) == finish(shuffled, info)


def test_switching_off_the_bookmark_repair_loses_the_space_at_a_wrapped_heading(raw_activity):
    data, headings = raw_activity
    title = ACTIVITIES[0].meta["title"]
    info = Info(title="Activity 1", author="A", subject="S", epoch=0, headings=headings)
    with pikepdf.open(io.BytesIO(finish(data, info, skip=frozenset({"bookmarks"})))) as pdf:
        assert not any(title in t for t in outline(pdf))
    with pikepdf.open(io.BytesIO(finish(data, info))) as pdf:
        assert any(title in t for t in outline(pdf))


def test_without_a_space_in_empty_cells_the_write_in_rows_vanish_from_the_tags(browser, server):
    """Chromium leaves empty cells out of the tag tree: a worksheet's write-in rows would be
    lost to a screen reader. The no-break space the build puts in each empty cell keeps them."""
    act = next(a for a in ACTIVITIES if a.meta["number"] == 6)
    page = browser.new_page()
    print_view(page)

    def rows_tagged(prepared: bool) -> tuple[int, int]:
        page.goto(server + act.src[:-3] + "/", wait_until="load")
        page.add_style_tag(content=BOOK_CSS.read_text(encoding="utf-8"))
        if prepared:
            prepare(page)
        shown = page.evaluate("document.querySelectorAll('.worksheet table tr').length")
        with pikepdf.open(io.BytesIO(_pdf(page))) as pdf:
            tables = [e for e in elements(pdf) if e.S == "/Table"]
            return sum(1 for t in tables for e in elements_under(t) if e.S == "/TR"), shown

    try:
        tagged, shown = rows_tagged(prepared=False)
        assert tagged < shown
        tagged, shown = rows_tagged(prepared=True)
        assert tagged == shown > 1
    finally:
        page.close()


def validate_pdf_bytes(data: bytes):
    from page import validate_pdf_bytes as validate

    return validate(data, profile=ValidationProfile.PDF_UA_1)


def test_accessibility_statement_says_what_the_pdfs_meet():
    text = (ROOT / "docs" / "accessibility.md").read_text(encoding="utf-8")
    assert "PDF/UA-1" in text and "page-validation" in text


@pytest.mark.browser
def test_a_file_that_fails_pdf_ua_stops_the_build_with_its_name_and_rules(tmp_path, monkeypatch):
    """What the build says when the validator refuses a file: the file, each rule, where to
    look; and the file is not written."""
    import hooks.print.pdf_render as render

    site = tmp_path / "site"
    (site / "print_page").mkdir(parents=True)
    (site / "print_page" / "index.html").write_text(
        '<!doctype html><html lang="en-GB"><head><title>T</title></head><body>'
        '<div id="print-site-page"><section class="print-page" id="p"><h1 id="p-t">A page</h1>'
        "<p>Words.</p></section></div></body></html>", encoding="utf-8")

    def refuse(data, info, path):
        raise NotConformant("PDFUA1-TEST-001: refused by this test")

    monkeypatch.setattr(render, "finish_file", refuse)
    # In a thread of its own, as in a build: the tests' browser already runs Playwright's
    # event loop on this one, and its sync API allows one loop to a thread.
    with ThreadPoolExecutor(max_workers=1) as pool, pytest.raises(render.PdfError) as err:
        pool.submit(render.render_pdfs, site, [], site_name="T", description="", author="A",
                    site_url="", credit="", epoch=0).result()
    assert str(err.value) == ("co-production-toolkit.pdf does not conform to PDF/UA-1 "
                              "(PDFUA1-TEST-001: refused by this test); see hooks/print/pdf_ua.py")
    assert not list((site / "downloads").glob("*.pdf"))
