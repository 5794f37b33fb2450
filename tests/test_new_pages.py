"""The care page and the briefing, as a reader gets them from the built site: what they say,
who links to them, that they print and that search finds them; and that making room for them
in the search index left out only what no reader searches for."""

from __future__ import annotations

import io
import json
import re
from html import unescape
from pathlib import Path

import pytest
from pypdf import PdfReader

from conftest import ROOT, search

DOCS = ROOT / "docs"
CARE = "looking-after-people/"
BRIEFING = "briefing/"
CARE_HREF = re.compile(r'href="(?:\.\./)*looking-after-people/"')
BRIEFING_HREF = re.compile(r'href="(?:\.\./)*briefing/"')


def html(site: Path, path: str) -> str:
    return (site / path / "index.html").read_text(encoding="utf-8")


def article(page_html: str) -> str:
    """The page's main text, as one line of words (no menus, no header, no footer)."""
    m = re.search(r"<article[^>]*>(.*)</article>", page_html, re.S)
    assert m, "no <article> on the page"
    text = re.sub(r"<(script|style)\b.*?</\1>", " ", m.group(1), flags=re.S)
    text = re.sub(r"</?(a|abbr|strong|em|code|span)\b[^>]*>", "", text)  # inline: no space
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", text)).split())


def section(page_html: str, heading_id: str) -> str:
    """The HTML from a heading to the next heading of the same level (h2)."""
    m = re.search(rf'<h2 id="{heading_id}"[^>]*>(.*?)(?=<h2 |</article>)', page_html, re.S)
    assert m, f"no section #{heading_id}"
    return m.group(1)


def _md_section(markdown: str, heading: str) -> str:
    m = re.search(rf"^## {re.escape(heading)}\n(.*?)(?=^## |\Z)", markdown, re.S | re.M)
    return m.group(1) if m else ""


def activities_that_gather_personal_details() -> list[str]:
    """Activities whose phone-and-post version posts to people's homes, phones them or keeps
    what they say: each needs an address, a phone number or a person's own words."""
    found = []
    for md in sorted((DOCS / "activities").glob("[0-9][0-9]-*.md")):
        offline = _md_section(md.read_text(encoding="utf-8"), "For people who are not online")
        if re.search(r"\b(post|posts|phone|ring|call)\b", offline, re.I):
            found.append(md.stem)
    return found


GATHERING = activities_that_gather_personal_details()


def test_the_activities_named_in_the_issue_are_among_those_that_gather_details():
    numbers = {int(stem[:2]) for stem in GATHERING}
    assert {1, 4, 5, 7, 11} <= numbers, GATHERING


# --- The care page --------------------------------------------------------------------------

def menu_entry(site: Path, path: str) -> str:
    """The words of the home page's menu entry that leads to path, or ""."""
    m = re.search(rf'<a href="{re.escape(path)}" class="md-nav__link">(.*?)</a>', html(site, ""), re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", m.group(1)).split()) if m else ""


def test_care_page_is_built_and_in_the_menu(site):
    assert "<title>Looking after people and their information" in html(site, CARE)
    assert menu_entry(site, CARE) == "Looking after people and their information"


def test_care_page_says_at_the_top_it_is_practical_guidance_not_research(site):
    page = html(site, CARE)
    body = page[page.index("<article"):]
    box = re.search(r'<div class="admonition note">\s*<p class="admonition-title">([^<]+)</p>(.*?)</div>',
                    body, re.S)
    assert box, "no note box on the care page"
    assert body.index(box.group(0)) < body.index("<h2"), "the note is not at the top"
    assert "practical guidance" in box.group(1).lower() and "not research" in box.group(1).lower()
    said = " ".join(re.sub(r"<[^>]+>", " ", box.group(2)).split())
    assert "not come from the Time to Shine research" in said
    assert "not legal advice" in said


@pytest.mark.parametrize("topic, words", [
    ("consent to take part", r"consent.*taking part"),
    ("consent to be quoted", r"being quoted"),
    ("consent to be photographed", r"being photographed"),
    ("stopping at any time, with no reason", r"stop at any time, without giving a reason"),
    ("collect only what is needed", r"Collect only what the session needs"),
    ("keep it safe", r"Keep it safe"),
    ("share with no one outside the group without asking",
     r"Share it with no one outside the group without asking"),
    ("destroy it", r"Destroy it when you no longer need it"),
    ("the law, named", r"UK GDPR.*Data Protection Act 2018"),
    ("the regulator's guidance for small groups", r"Information Commissioner's Office \(ICO\).*small organisations"),
    ("safeguarding lead, before the session", r"Before the session.{0,40}safeguarding lead"),
    ("no lead: the council's adult social care team", r"no safeguarding lead.*adult social care team at your local council"),
    ("never promise secrecy", r"Never promise to keep it secret"),
    ("agree times", r"Agree times"),
    ("say who you are", r"Say who you are"),
    ("keep calls short", r"Keep calls short"),
    ("tell a colleague", r"Tell a colleague"),
    ("expenses: nobody out of pocket", r"out of pocket.*travel.*lunch"),
    ("access needs, asked before the session", r"Access needs are.*Ask everyone before the session"),
])
def test_care_page_covers(site, topic, words):
    assert re.search(words, article(html(site, CARE)), re.S), f"the care page does not cover {topic}"


def test_care_page_sends_readers_to_the_regulator_not_to_a_lawyer(site):
    page = html(site, CARE)
    assert 'href="https://ico.org.uk/' in page
    assert "ICO" in article(page) and '<abbr title="Information Commissioner' in page


@pytest.mark.parametrize("stem", GATHERING)
def test_activity_links_to_the_care_page_before_the_session_and_for_people_not_online(site, stem):
    page = html(site, f"activities/{stem}/")
    for heading in ("before-the-session", "for-people-who-are-not-online"):
        assert CARE_HREF.search(section(page, heading)), f"{stem}: #{heading} does not link to the care page"


@pytest.mark.parametrize("path", ["", "part-1/03-how-to-use-this-toolkit/"])
def test_home_and_how_to_use_link_to_both_pages(site, path):
    page = html(site, path)
    assert CARE_HREF.search(page), f"{path or 'home'} does not link to the care page"
    assert BRIEFING_HREF.search(page), f"{path or 'home'} does not link to the briefing"


def test_downloads_page_mentions_the_briefing(site):
    assert "briefing for managers and commissioners" in article(html(site, "downloads/"))


# --- The briefing ---------------------------------------------------------------------------

def test_briefing_is_built_with_its_title_and_in_the_menu(site):
    page = html(site, BRIEFING)
    assert "<title>Co-production: a briefing for managers and commissioners" in page
    assert re.search(r'<h1[^>]*>Co-production: a briefing for managers and commissioners', page)
    assert menu_entry(site, BRIEFING) == "Briefing for managers and commissioners"


@pytest.mark.parametrize("words", [
    r"for commissioners, who choose and pay for an area's services",
    r"What it is", r"What it can give Services:.*People:.*Without it", r"What it takes", r"How to start",
    r"Time\..*Resources\..*Sharing power\..*Risks\.",
    r"Care and support statutory guidance for the Care Act 2014, from the Department of Health "
    r"and Social Care, asks councils to use co-production",
    r"This is not legal advice",
])
def test_briefing_says(site, words):
    assert re.search(words, article(html(site, BRIEFING)), re.S), words


def test_briefing_links_to_the_chapters_and_the_guidance(site):
    page = html(site, BRIEFING)
    for target in ("part-1/02-why-co-produce/", "part-2/04-power-and-influence/",
                   "part-2/05-risks-and-challenges/", "activities/"):
        assert f'href="../{target}' in page, f"the briefing does not link to {target}"
    assert 'href="https://www.gov.uk/government/publications/care-act-statutory-guidance/' in page


def test_briefing_is_short_enough_for_one_side_of_a4(site):
    words = len(re.findall(r"[A-Za-z0-9’'-]+", article(html(site, BRIEFING))))
    assert 250 <= words <= 450, f"the briefing has {words} words"


@pytest.mark.browser
def test_briefing_prints_on_one_side_of_a4(browser, server):
    context = browser.new_context()
    tab = context.new_page()
    tab.goto(server + BRIEFING, wait_until="load")
    pdf = PdfReader(io.BytesIO(tab.pdf(format="A4", print_background=False)))
    context.close()
    assert len(pdf.pages) == 1, f"the briefing prints on {len(pdf.pages)} pages"
    assert "Care and support statutory guidance" in " ".join(pdf.pages[0].extract_text().split())


# --- Search ---------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def index(site) -> list[dict]:
    return json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]


def test_search_index_has_both_pages_section_by_section(index):
    for page, sections in ((BRIEFING, ("what-it-is", "what-it-takes", "how-to-start")),
                           (CARE, ("asking-for-consent", "if-someone-tells-you-something-worrying",
                                   "expenses-and-payments", "asking-about-access-needs"))):
        locations = {doc["location"] for doc in index if doc["location"].startswith(page)}
        assert page in locations
        for s in sections:
            assert f"{page}#{s}" in locations


@pytest.fixture(scope="module")
def tab(browser):
    context = browser.new_context(locale="en-GB")
    yield context.new_page()
    context.close()


@pytest.mark.browser
@pytest.mark.parametrize("query, title", [
    ("commissioner", "Co-production: a briefing for managers and commissioners"),
    ("safeguarding", "Looking after people and their information"),
    ("consent", "Looking after people and their information"),
])
def test_search_finds_the_new_pages(server, tab, query, title):
    tab.goto(server, wait_until="load")
    titles = search(tab, query)
    assert title in titles, f"searching {query!r} found {titles}"


# What was left out of the index to make room, and what must still be in it.

def test_search_index_holds_no_print_furniture_or_stray_whitespace(index):
    for doc in index:
        text = doc["text"]
        assert "  " not in text and "\n" not in text, doc["location"]
        assert not re.search(r"\s</?(p|li|ul|ol)>|<(p|li|ul|ol)>\s", text), doc["location"]
    for doc in index:
        if not re.match(r"activities/\d\d-", doc["location"]):
            continue
        text = doc["text"]
        for furniture in ("Find the steps at", "From the co-production toolkit:",
                          "Print this activity", "Name or group:", "· Co-production toolkit"):
            assert furniture not in text, f"{doc['location']}: {furniture!r}"


def test_search_index_leaves_out_cross_references_but_finds_what_they_point_to(index):
    texts = " ".join(doc["text"] for doc in index)
    assert "Try this activity" not in texts and "Read more: " not in texts
    assert "60 minutes In the room" not in texts  # the activities list
    titles = {doc["title"] for doc in index}
    for md in sorted((DOCS / "activities").glob("[0-9][0-9]-*.md")):
        number = int(md.name[:2])
        assert any(t.startswith(f"Activity {number}: ") for t in titles), f"activity {number} is not found"
    for doc in index:
        if doc["location"].endswith("#at-a-glance"):
            assert "Time" in doc["text"] and "Goes with" in doc["text"], doc["location"]
    # Every chapter section an activity block sat in is still there, with its own text.
    for doc in index:
        if doc["location"] == "part-2/03-inclusive-approach/#asset-mapping":
            assert "asset" in doc["text"]
            break
    else:
        pytest.fail("the Asset mapping section is not in the search index")


def test_accessibility_statement_is_found_by_what_readers_look_for(index):
    locations = {doc["location"] for doc in index if doc["location"].startswith("accessibility/")}
    for kept in ("how-accessible-this-website-is", "getting-the-toolkit-in-another-format",
                 "known-limits", "reporting-a-problem"):
        assert f"accessibility/#{kept}" in locations
    assert "accessibility/#enforcement-procedure" not in locations

