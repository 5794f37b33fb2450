"""The Easy Read guide (docs/easy-read.md) as a reader gets it: on the web page and in
easy-read.pdf. Easy Read practice (Mencap's "Am I making myself clear?", the Department of
Health's "Making written information easier to understand for people with learning
disabilities") asks for short sentences in everyday words, a hard word in bold and explained,
a picture on the left of each idea, large clear text, one column, a contents page and page
numbers. Each test checks one of those, or that readers can find the guide."""

from __future__ import annotations

import re
from html import unescape
from html.parser import HTMLParser
from typing import ClassVar

import pikepdf
import pytest
from pypdf import PdfReader

from conftest import search
from tools.readability import WORD, flesch, syllables

PAGE = "easy-read/"
PDF = "easy-read.pdf"
MAX_WORDS = 15
MIN_FLESCH = 80
MAX_SYLLABLES = 4
# Names, not words a reader has to understand: allowed however long.
NAMES = {"university"}  # the University of Sheffield
MIN_SCREEN_PX = 22
MIN_PDF_PT = 16
HREF = re.compile(r'href="(?:\.\./)*easy-read/"')


# --- Reading the page as a reader gets it ------------------------------------------------------

class _Reader(HTMLParser):
    """The article's text units (headings, paragraphs, list items) in order, with their bold
    words, and the idea boxes with their pictures and paragraphs."""

    UNITS: ClassVar[set[str]] = {"h1", "h2", "h3", "p", "li"}

    def __init__(self):
        super().__init__()
        self.units: list[dict] = []
        self.ideas: list[dict] = []
        self._unit: dict | None = None
        self._divs: list[dict | None] = []
        self._bold = 0
        self._in_article = False
        self.italics = 0

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "article":
            self._in_article = True
        if not self._in_article:
            return
        classes = (a.get("class") or "").split()
        if tag == "div":
            idea = {"classes": classes, "children": [], "pictures": []} if "idea" in classes else None
            if idea is not None:
                self.ideas.append(idea)
            self._divs.append(idea)
        elif tag in self.UNITS and self._unit is None:
            self._unit = {"tag": tag, "classes": classes, "text": "", "bold": [], "idea": self._idea()}
            if self._unit["idea"] is not None:
                self._unit["idea"]["children"].append(self._unit)
        elif tag == "img" and self._idea() is not None:
            self._idea()["pictures"].append({"alt": a.get("alt", ""), "src": a.get("src", ""),
                                             "first": not self._idea()["children"]
                                             or self._idea()["children"] == [self._unit]})
        elif tag == "strong":
            self._bold += 1
            if self._unit is not None:
                self._unit["bold"].append("")
        elif tag in ("em", "i"):
            self.italics += 1

    def _idea(self):
        return next((d for d in reversed(self._divs) if d is not None), None)

    def handle_endtag(self, tag):
        if tag == "article":
            self._in_article = False
        if not self._in_article:
            return
        if tag == "div" and self._divs:
            self._divs.pop()
        elif tag == "strong":
            self._bold -= 1
        elif self._unit is not None and tag == self._unit["tag"]:
            self._unit["text"] = " ".join(self._unit["text"].split())
            self.units.append(self._unit)
            self._unit = None

    def handle_data(self, data):
        if self._unit is None or not self._in_article:
            return
        self._unit["text"] += data
        if self._bold and self._unit["bold"]:
            self._unit["bold"][-1] += data


@pytest.fixture(scope="module")
def page_html(site) -> str:
    return (site / PAGE / "index.html").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def reader(page_html) -> _Reader:
    r = _Reader()
    r.feed(page_html)
    return r


@pytest.fixture(scope="module")
def units(reader) -> list[dict]:
    """What the guide says: every text unit but the site's own download button."""
    return [u for u in reader.units if "page-pdf" not in u["classes"] and u["text"]]


def sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.!?])[\"”’]?\s+", text) if s.strip()]


def words(text: str) -> list[str]:
    return re.findall(r"[A-Za-z0-9’'-]+", text)


# --- The words ------------------------------------------------------------------------------

def test_every_sentence_has_at_most_15_words(units):
    long = [(len(words(s)), s) for u in units for s in sentences(u["text"]) if len(words(s)) > MAX_WORDS]
    assert not long, f"sentences over {MAX_WORDS} words: {long}"


def test_the_guide_has_enough_to_say(units):
    # About 12 to 16 pages of Easy Read: not a leaflet, not a book.
    count = sum(len(words(u["text"])) for u in units)
    assert 900 <= count <= 1600, f"the guide has {count} words"


def test_flesch_reading_ease_is_80_or_more(units):
    text = "\n".join(u["text"] if re.search(r"[.!?:;]$", u["text"]) else u["text"] + "."
                     for u in units)
    score, n = flesch(text)
    assert n > 500 and score >= MIN_FLESCH, f"Flesch reading ease {score} on {n} words"


def _explains(sentence: str) -> bool:
    return bool(re.search(r"\b(means?|is|are|called)\b", sentence))


def test_every_bold_word_is_explained_where_it_first_appears(reader, units):
    """A hard word in bold: the sentence it is in, or the next one in its box, says what it means."""
    seen: set[str] = set()
    bold_units = [u for u in units if u["bold"]]
    assert len(bold_units) >= 6, "fewer than six hard words are in bold"
    for u in bold_units:
        for term in u["bold"]:
            term = term.strip()
            if term.lower() in seen:
                continue
            seen.add(term.lower())
            box = u["idea"]["children"] if u["idea"] else [u]
            following = " ".join(x["text"] for x in box[box.index(u):box.index(u) + 2])
            said = next((s for s in sentences(following) if term.lower() in s.lower()), following)
            nxt = sentences(following)
            nxt = nxt[nxt.index(said) + 1] if said in nxt and nxt.index(said) + 1 < len(nxt) else ""
            assert _explains(said) or _explains(nxt), f"bold {term!r} is not explained: {following!r}"


def test_a_bold_word_is_in_bold_the_first_time_the_guide_uses_it(units):
    body = [u for u in units if u["tag"] == "p"]  # not the title, headings or contents list
    terms = {t.strip().lower() for u in body for t in u["bold"]}
    for term in terms:
        used = re.compile(rf"\b{re.escape(term)}", re.IGNORECASE)
        first = next(u for u in body if used.search(u["text"]))
        assert any(used.search(b) for b in first["bold"]), \
            f"{term!r} is first used, not in bold, in {first['text']!r}"


def test_no_word_over_four_syllables_unless_bold_and_explained(units):
    first_bold = {}
    for i, u in enumerate(units):
        for term in u["bold"]:
            for w in WORD.findall(term):
                first_bold.setdefault(w.lower(), i)
    for i, u in enumerate(units):
        for w in WORD.findall(u["text"]):
            if syllables(w) <= MAX_SYLLABLES or w.lower() in NAMES:
                continue
            assert w.lower() in first_bold, f"{w!r} ({syllables(w)} syllables) is not in bold and explained"
            assert first_bold[w.lower()] <= i, f"{w!r} is used before it is in bold and explained"


def test_no_abbreviations_capitals_for_emphasis_or_italics(reader, units, page_html):
    text = " ".join(u["text"] for u in units)
    assert not re.findall(r"\b[A-Z]{2,}\b", text), "a word in capitals, or an abbreviation"
    assert not re.findall(r"\b(?:e\.g|i\.e|etc|approx|incl)\b", text, re.IGNORECASE), "an abbreviation"
    assert not reader.italics, "italics in the guide"
    article = page_html[page_html.index("<article"):page_html.index("</article>")]
    assert "<abbr" not in article


@pytest.mark.parametrize("fact", [
    r"Co-production means people working together",
    r"everyone's views count the same",
    r"Activity 1:.*Activity 12:",
    r"listen to you",
    r"travel, drinks, snacks and lunch",
    r"pay you back quickly",
    r"Consent means",
    r"You can stop at any time\. You do not have to say why\.",
    r"You can skip any question",
    r"Nobody should push you to take part",
    r"Personal information is",
    r"ask you first, before they share it outside the group",
    r"called safeguarding",
    r"Ring 999",
])
def test_the_guide_says(units, fact):
    assert re.search(fact, " ".join(u["text"] for u in units)), fact


# --- The pictures ---------------------------------------------------------------------------

def test_every_idea_has_one_picture_first_with_alternate_text(reader, site):
    assert len(reader.ideas) >= 40, f"only {len(reader.ideas)} idea boxes"
    for idea in reader.ideas:
        said = " ".join(u["text"] for u in idea["children"])[:60]
        assert len(idea["pictures"]) == 1, f"{len(idea['pictures'])} pictures beside {said!r}"
        picture = idea["pictures"][0]
        assert picture["first"], f"the picture is not first, on the left, beside {said!r}"
        assert len(picture["alt"].split()) >= 2, f"no alternate text for the picture beside {said!r}"
        assert (site / PAGE / picture["src"]).resolve().is_file(), picture["src"]
        assert any(u["text"] for u in idea["children"][1:]), "a picture with no words beside it"


def test_pictures_are_shipped_with_their_licence(site):
    folder = site / "assets" / "pictures" / "material"
    assert len(list(folder.glob("*.svg"))) >= 40
    assert "Apache 2.0" in (folder / "LICENSE").read_text(encoding="utf-8")


LAYOUT = """() => [...document.querySelectorAll('article .idea')]
  .filter(box => box.offsetParent !== null)
  .map(box => {
    const pic = box.querySelector('p:first-child').getBoundingClientRect();  // the picture's box
    const words = box.querySelector('p:nth-child(2)').getBoundingClientRect();
    return {text: box.textContent.trim().slice(0, 40), picRight: pic.right, picBottom: pic.bottom,
            picLeft: pic.left, picTop: pic.top, picWidth: pic.width,
            wordsLeft: words.left, wordsTop: words.top};
  })"""


@pytest.fixture(scope="module")
def tab(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    yield context.new_page()
    context.close()


@pytest.mark.browser
def test_on_a_wide_screen_each_picture_is_left_of_its_words(server, tab):
    tab.goto(server + PAGE, wait_until="load")
    boxes = tab.evaluate(LAYOUT)
    assert len(boxes) >= 40
    for b in boxes:
        assert b["picRight"] < b["wordsLeft"], f"the picture is not left of its words: {b['text']}"
        assert abs(b["picTop"] - b["wordsTop"]) < 40, f"the picture is not beside its words: {b['text']}"
        assert b["picWidth"] >= 80, f"a picture {b['picWidth']}px wide: {b['text']}"


@pytest.mark.browser
def test_on_a_320px_screen_each_picture_is_above_its_words(server, browser):
    context = browser.new_context(viewport={"width": 320, "height": 640}, locale="en-GB")
    page = context.new_page()
    try:
        page.goto(server + PAGE, wait_until="load")
        assert page.evaluate("document.documentElement.scrollWidth") <= 320
        for b in page.evaluate(LAYOUT):
            assert b["picBottom"] <= b["wordsTop"], f"the picture is not above its words: {b['text']}"
            assert b["picLeft"] <= b["wordsLeft"] + 1
    finally:
        context.close()


TEXT_SIZES = """() => {
  const walker = document.createTreeWalker(document.querySelector('article'), NodeFilter.SHOW_TEXT);
  const out = [];
  while (walker.nextNode()) {
    const node = walker.currentNode, el = node.parentElement;
    if (!node.nodeValue.trim() || !el.getClientRects().length) continue;  // not shown
    const s = getComputedStyle(el);
    out.push({text: node.nodeValue.trim().slice(0, 40), size: parseFloat(s.fontSize),
              italic: s.fontStyle !== 'normal', caps: s.textTransform === 'uppercase'});
  }
  return out;
}"""


@pytest.mark.browser
@pytest.mark.parametrize("width", [1280, 320])
def test_all_text_on_screen_is_at_least_22px_not_italic_not_capitals(server, browser, width):
    context = browser.new_context(viewport={"width": width, "height": 900}, locale="en-GB")
    page = context.new_page()
    try:
        page.goto(server + PAGE, wait_until="load")
        texts = page.evaluate(TEXT_SIZES)
    finally:
        context.close()
    assert len(texts) > 100
    smallest = min(texts, key=lambda t: t["size"])
    assert smallest["size"] >= MIN_SCREEN_PX, f"text at {smallest['size']}px: {smallest['text']!r}"
    assert not [t for t in texts if t["italic"] or t["caps"]]


# --- The PDF --------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def pdf(site) -> PdfReader:
    return PdfReader(site / "downloads" / PDF)


@pytest.fixture(scope="module")
def pdf_pages(printed_text) -> list[str]:
    return [" ".join(text.split()) for text in printed_text[PDF]]


def test_pdf_is_a4_with_12_to_16_pages(pdf):
    assert 12 <= len(pdf.pages) <= 16, f"{len(pdf.pages)} pages"
    for page in pdf.pages:
        assert abs(float(page.mediabox.width) - 595.3) < 1.5
        assert abs(float(page.mediabox.height) - 841.9) < 1.5


def test_every_glyph_in_the_pdf_is_at_least_16pt(pdf):
    """Every character drawn, page numbers included (the pictures are drawings, not text)."""
    sizes: dict[float, str] = {}
    for number, page in enumerate(pdf.pages, 1):
        def visit(text, cm, tm, font, size, number=number):
            if text.strip():
                pt = round(size * abs(tm[3]) * abs(cm[3]), 1)
                sizes.setdefault(pt, f"page {number}: {text.strip()[:30]!r}")
        page.extract_text(visitor_text=visit)
    smallest = min(sizes)
    assert smallest >= MIN_PDF_PT, f"text at {smallest}pt, {sizes[smallest]}"


def test_pdf_starts_with_its_title_and_a_contents_page_that_numbers_each_section(pdf_pages, units):
    assert pdf_pages[0].startswith("Co-production: working together to make services better")
    assert not re.search(r"Page 1\b", pdf_pages[0]), "the cover has a page number"
    contents = pdf_pages[1]
    assert contents.startswith("Page 2 What is in this guide"), contents[:60]
    sections = [u["text"] for u in units if u["tag"] == "h2"][1:]
    assert len(sections) >= 10
    for title in sections:
        m = re.search(re.escape(title) + r" page (\d+)\b", contents)
        assert m, f"{title!r} is not in the printed contents"
        number = int(m.group(1))
        assert pdf_pages[number - 1].startswith(f"Page {number} {title}"), \
            f"the contents says {title!r} is on page {number}: {pdf_pages[number - 1][:60]!r}"


def test_pdf_pictures_are_figures_with_their_alternate_text(site, reader):
    pdf = pikepdf.open(site / "downloads" / PDF)
    alts = []
    stack = [pdf.Root.StructTreeRoot]
    while stack:
        e = stack.pop()
        k = e.get("/K")
        for kid in (list(k) if isinstance(k, pikepdf.Array) else [k] if k is not None else []):
            if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
                if kid.S == "/Figure":
                    alts.append(str(kid.get("/Alt", "")))
                stack.append(kid)
    wanted = sorted(p["alt"] for idea in reader.ideas for p in idea["pictures"])
    assert sorted(alts) == wanted


def test_pdf_leaves_out_the_web_page_button(pdf_pages):
    assert "Download this page" not in " ".join(pdf_pages)


def test_the_printed_books_leave_the_guide_out(site):
    for name in ("co-production-toolkit.pdf", "co-production-toolkit-large-print.pdf"):
        reader = PdfReader(site / "downloads" / name)
        titles = []
        stack = list(reader.outline)
        while stack:
            item = stack.pop()
            if isinstance(item, list):
                stack.extend(item)
            else:
                titles.append(" ".join(item.title.split()))
        assert not [t for t in titles if "working together to make services better" in t
                    or t == "Activities 1 to 6"], name


# --- Where readers find it ------------------------------------------------------------------

@pytest.mark.parametrize("path", ["", "part-1/03-how-to-use-this-toolkit/", "downloads/", "accessibility/"])
def test_linked_from(site, path):
    assert HREF.search((site / path / "index.html").read_text(encoding="utf-8")), \
        f"{path or 'home'} does not link to the Easy Read guide"


def test_downloads_page_lists_the_pdf(site, pdf):
    html = (site / "downloads" / "index.html").read_text(encoding="utf-8")
    m = re.search(rf'href="{PDF}">[^<]+</a> \(PDF, [\d.]+ [KM]B, (\d+) pages\)\. ([^<]+)</li>', html)
    assert m, "the downloads page does not list easy-read.pdf"
    assert int(m.group(1)) == len(pdf.pages) and "Easy Read" in m.group(2)
    page = (site / PAGE / "index.html").read_text(encoding="utf-8")
    # Its own button has no abbreviations ("PDF", "KB"): Easy Read leaves them out.
    m = re.search(rf'href="../downloads/{PDF}">([^<]+)</a>', page)
    assert m and m.group(1) == f"Get this guide to print ({len(pdf.pages)} pages)"


def test_accessibility_statement_says_there_is_an_easy_read_guide(site):
    text = " ".join(unescape(re.sub(r"<[^>]+>", " ", (site / "accessibility" / "index.html")
                                    .read_text(encoding="utf-8"))).split())
    assert not re.search(r"no Easy Read|Easy Read version either", text, re.IGNORECASE)
    assert re.search(r"Easy Read guide", text)


def test_about_page_credits_the_icon_set(site):
    text = " ".join(unescape(re.sub(r"<[^>]+>", " ", (site / "about" / "index.html")
                                    .read_text(encoding="utf-8"))).split())
    assert re.search(r"Material Design Icons.{0,80}Apache License 2\.0", text)


def test_search_index_finds_the_guide_by_its_title_and_sections(site):
    import json

    docs = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]
    mine = {d["location"]: d for d in docs if d["location"].startswith(PAGE)}
    assert PAGE in mine and "Easy Read guide" in " ".join(d["text"] for d in mine.values())
    for section in ("saying-yes-or-no", "you-can-stop-at-any-time", "getting-your-money-back",
                    "if-something-is-wrong"):
        assert f"{PAGE}#{section}" in mine


@pytest.mark.browser
def test_search_for_easy_read_finds_the_guide(server, tab):
    tab.goto(server, wait_until="load")
    titles = search(tab, "easy read")
    assert "Co-production: working together to make services better" in titles, titles
