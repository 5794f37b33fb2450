"""The co-production check-up (issue 22): its statements and the rule that checks them, the
page in a browser (the result, the planner link, compare, a damaged address, the keyboard at
320px, without JavaScript, offline from file://), its budget, its links and search, and its paper
forms (the sheet, the tally sheet, the Easy Read check-up, "You said, we did")."""

from __future__ import annotations

import gzip
import io
import json
import re
from html import unescape
from pathlib import Path

import pytest
from pypdf import PdfReader

from conftest import ROOT, search, settled
from hooks.content.check_up import EASY_MAX_WORDS, read_check_up
from hooks.content.docs_model import read_docs
from hooks.worksheets.forms import read_forms
from test_pdfs import font_sizes

DOCS = read_docs(ROOT / "docs", shown_root="docs")
AREAS, FINDINGS = read_check_up(DOCS)
STATEMENTS = [s for a in AREAS for s in a.statements]
BY_ID = {s.id: s for s in STATEMENTS}
ACTS = {p.meta["number"]: p.meta for p in DOCS.activities()}
FORMS = {f.slug: f for f in read_forms(DOCS)[0]}
PAGE = "check-up/"


def words(text: str) -> str:
    return " ".join(text.split())


def squash(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", text.lower())


# --- The statements and the rule --------------------------------------------------------------

def test_the_statements_are_read_with_no_finding_in_six_areas_of_25_to_35():
    assert not FINDINGS, [str(f) for f in FINDINGS]
    assert [a.title for a in AREAS] == [
        "What co-production means for us", "Our values", "Who is included, and what helps people take part",
        "Power and decisions", "Risks and warning signs", "Reflecting, and ending a phase"]
    assert 25 <= len(STATEMENTS) <= 35
    assert all(a.statements for a in AREAS)


def test_each_value_part_two_names_has_a_statement():
    values = DOCS.pages["part-2/02-values.md"]
    start = values.heading("the-values-that-drive-co-production")
    named = [h.anchor for h in values.headings if h.level == 3 and h.line > start.line]
    assert len(named) == 7
    asked = {s.chapter for s in STATEMENTS}
    for anchor in named:
        assert f"part-2/02-values.md#{anchor}" in asked, f"no statement on the value {anchor!r}"


def test_every_statement_names_a_real_chapter_section_and_activity():
    for s in STATEMENTS:
        path, _, anchor = s.chapter.partition("#")
        assert path.startswith("part-2/") and DOCS.pages[path].heading(anchor), s.id
        assert s.activity in ACTS, s.id
        assert s.why and s.says.endswith("."), s.id


# A statement without its chapter or its activity: the broken fixtures
# check-up-statement-without-chapter and -without-activity, which tests/test_citation_hook.py
# runs through make check's content check and the build, with file and line.


def test_an_easy_read_sentence_too_long_or_without_a_picture_is_a_finding(tmp_path):
    good = (ROOT / "docs" / "check-up.md").read_text(encoding="utf-8")
    docs = tmp_path / "docs"
    for page in ("part-2/01-defining-co-production.md", "part-2/02-values.md", "part-2/03-inclusive-approach.md",
                 "part-2/04-power-and-influence.md", "part-2/05-risks-and-challenges.md", "part-2/06-endings.md"):
        (docs / page).parent.mkdir(parents=True, exist_ok=True)
        (docs / page).write_text((ROOT / "docs" / page).read_text(encoding="utf-8"), encoding="utf-8")
    (docs / "activities").mkdir()
    for path in (ROOT / "docs" / "activities").glob("[01]*.md"):
        (docs / "activities" / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    long = "We have agreed what working together means in our group, and we wrote it down on a big sheet."
    changed = good.replace("easy: We have agreed what working together means in our group.", f"easy: {long}")
    changed = changed.replace("        picture: assets/pictures/material/scale-balance.svg\n", "")
    (docs / "check-up.md").write_text(changed, encoding="utf-8")
    findings = [str(f) for f in read_check_up(read_docs(docs, shown_root="docs"))[1]]
    assert findings == [  # each at the statement's "- id:" line
        f"docs/check-up.md:{BY_ID['m1'].line}: statement 'm1': the Easy Read sentence \"{long}\" has 19 words; use 15 at most",
        f"docs/check-up.md:{BY_ID['v2'].line}: statement 'v2' is in Easy Read, so it needs 'picture:' "
        "(assets/pictures/material/NAME.svg) and 'alt:', the words for it",
    ]


# --- The page, its budget, its links and search -------------------------------------------------

def test_the_script_and_styles_add_at_most_8_kb_and_load_on_the_check_up_page_only(site):
    # check-up-result.js is loaded by check-up.js once there is an answer.
    own = [site / "assets/js/check-up.js", site / "assets/js/check-up-result.js", site / "assets/css/check-up.css"]
    assert sum(len(gzip.compress(f.read_bytes(), 6)) for f in own) <= 8_000
    for page in site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        wanted = page.relative_to(site).as_posix() == "check-up/index.html"
        assert ("check-up.js" in html) == wanted and ("check-up.css" in html) == wanted, page


def test_the_page_says_it_is_our_own_tool_and_that_nothing_is_stored_or_sent(site):
    text = words(unescape(re.sub(r"<[^>]+>", " ", (site / PAGE / "index.html").read_text(encoding="utf-8"))))
    assert "our own tool, made for this website. It is not part of the research, and it is not a finding of it" in text
    assert "Nothing you type here is stored or sent anywhere" in text
    assert "It does not give you a score" in text


@pytest.mark.parametrize("path, target", [
    ("index.html", "check-up/"),
    ("part-2/06-endings/index.html", "../../check-up/"),
    ("activities/10-reflecting-on-what-we-have-learnt/index.html", "../../check-up/"),
    ("activities/11-evaluating-the-training/index.html", "../../check-up/"),
    ("activities/12-planning-your-journey/index.html", "../../check-up/"),
    ("plan/index.html", "../check-up/"),
    ("downloads/index.html", "../check-up/"),
])
def test_the_check_up_is_linked_from_where_a_group_takes_stock(site, path, target):
    html = (site / path).read_text(encoding="utf-8")
    assert f'href="{target}"' in html, path
    if path == "index.html":
        assert re.search(r'<h2 id="how-are-we-doing">How are we doing\?</h2>', html)
    if path.startswith("activities/"):
        assert 'href="../../forms/you-said-we-did/"' in html, path


def test_the_result_data_is_a_script_of_its_own_that_links_the_planner_and_you_said_we_did(site):
    html = (site / PAGE / "index.html").read_text(encoding="utf-8")
    boot = json.loads(re.search(r'<script type="application/json" id="check-up-data">(.*?)</script>', html).group(1))
    assert boot == {"data": "../assets/check-up/data.js", "more": "../assets/js/check-up-result.js"}
    script = (site / "assets" / "check-up" / "data.js").read_text(encoding="utf-8")
    data = json.loads(script.removeprefix("window.toolkitCheckUp=").rstrip().removesuffix(";"))
    assert data["forms"]["you-said-we-did"] == "../forms/you-said-we-did/"
    assert data["plan"] == "../plan/"
    assert sorted(data["statements"]) == sorted(BY_ID)
    assert data["chapters"][data["statements"]["p3"]["ch"]]["url"] == \
        "../part-2/04-power-and-influence/#who-might-hold-power"


def test_the_search_index_leaves_out_the_statements_and_the_paper_forms(site):
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    text = " ".join(d["text"] + d["title"] for d in index["docs"])
    assert BY_ID["p7"].says not in text and "See our result" not in text
    assert not [d["location"] for d in index["docs"] if d["location"].startswith("forms/check-up")
                or d["location"].startswith("forms/you-said")]


@pytest.mark.browser
@pytest.mark.parametrize("query", ["self-assessment", "how are we doing", "check"])
def test_search_finds_the_check_up(server, browser, query):
    context = browser.new_context(locale="en-GB")
    page = context.new_page()
    try:
        page.goto(server, wait_until="load")
        assert search(page, query)[0] == "How are we doing? A co-production check-up"
    finally:
        context.close()


# --- In the browser -------------------------------------------------------------------------


# m1 Not yet (Activity 2), m3 Partly (1), i4 Partly (6), p3 and p7 Not yet (8), v2 Yes, e5 Don't know.
ANSWERS = "m1=n&m3=p&v2=y&i4=p&p3=n&p4=y&p5=y&p6=p&p7=n&e5=d"


def area_result(page, area: str) -> str:
    return words(page.locator(f"#result-{area}").locator("xpath=..").inner_text())


def title(n: int) -> str:
    return f"Activity {n}: {ACTS[n]['title']}"


@pytest.mark.browser
def test_answers_in_result_out_with_the_right_activities(server, tab):
    tab.goto(server + PAGE + "#" + ANSWERS, wait_until="load")
    assert tab.locator("input[name=m1][value=n]").is_checked() and tab.locator("input[name=v2][value=y]").is_checked()
    meaning = area_result(tab, "meaning")
    assert meaning.startswith("1. What co-production means for us To work on")
    assert f"Not yet: {BY_ID['m1'].says} Why it matters: {BY_ID['m1'].why}" in meaning
    assert f"Try {title(2)} (1 hour)" in meaning and f"Try {title(1)} (45 minutes)" in meaning
    assert "Partly: " + BY_ID["m3"].says in meaning
    assert f"Going well {BY_ID['v2'].says}" in area_result(tab, "values")
    power = area_result(tab, "power")
    assert power.count(f"Try {title(8)}") == 3  # p3, p6 and p7
    assert f"Find out Nobody knew the answer to these. Find out, or ask the people they are about. {BY_ID['e5'].says}" \
        in area_result(tab, "reflecting")
    says = words(tab.locator(".check-up-says").inner_text())
    assert "You answered 10 of the 35 statements" in says
    # The ladder, where the answers say it, as a question.
    assert "many of your decisions sit at “consulting” on the ladder of participation" in says
    assert "Some may reach “co-design”" in says and "Is that how it feels to everyone?" in says
    assert not re.search(r"\bscore of\b|\d+ ?%|out of \d+ points", says)
    # The chapter link leads to the section the statement comes from.
    link = tab.locator("#result-meaning").locator("xpath=..").get_by_role("link", name=re.compile("Agree what co-production"))
    assert link.first.get_attribute("href") == "../part-2/01-defining-co-production/#agree-what-co-production-means-for-you"
    # Sessions of 2 hours: the most needed first, each in the toolkit's order.
    sessions = [words(t) for t in tab.locator(".check-up-sessions > li").all_inner_texts()]
    assert sessions == ["Plan session 1 of 3 on these Activity 8 (1 hour 15 minutes).",
                        "Plan session 2 of 3 on these Activities 1 and 2, with a tea break (2 hours).",
                        "Plan session 3 of 3 on these Activity 6 (1 hour)."]
    tab.get_by_label("How long can a session be?").select_option("180")
    sessions = [words(t) for t in tab.locator(".check-up-sessions > li").all_inner_texts()]
    assert sessions == ["Plan session 1 of 2 on these Activities 2 and 8, with a tea break (2 hours 30 minutes).",
                        "Plan session 2 of 2 on these Activities 1 and 6, with a tea break (2 hours)."]
    assert "length=180" in tab.url and "m1=n" in tab.url
    assert tab.errors == []


@pytest.mark.browser
def test_plan_a_session_opens_the_planner_with_the_activities_chosen_in_order(server, tab):
    tab.goto(server + PAGE + "#" + ANSWERS + "&length=180", wait_until="load")
    tab.get_by_role("link", name="Plan session 1 of 2 on these").click()
    tab.wait_for_url(re.compile(r"/plan/#"))
    tab.wait_for_selector(".planner-agenda > li")
    agenda = [words(t).removeprefix("↕ ") for t in tab.locator(".planner-agenda > li").all_inner_texts()]
    assert [a.split(" (")[0] for a in agenda] == [f"10:00 to 11:00 {title(2)}", "11:00 to 11:15 Tea break",
                                                  f"11:15 to 12:30 {title(8)}"]
    assert tab.locator(".planner-notice").is_hidden(), tab.locator(".planner-notice").inner_text()
    assert tab.get_by_label("Name of the session").input_value() == "Check-up: what to work on, session 1 of 2"
    assert tab.errors == []


@pytest.mark.browser
def test_compare_shows_each_area_then_and_now(server, tab):
    earlier = "on=2026-06-01&m1=n&m3=p&p7=n"
    tab.goto(server + PAGE + "#on=2026-12-02&m1=y&m3=y&p7=p", wait_until="load")
    tab.get_by_label("Address of the earlier check-up").fill(server + PAGE + "#" + earlier)
    tab.get_by_role("button", name="Compare").click()
    table = tab.locator(".check-up-then-now table")
    assert words(table.locator("thead").inner_text()) == "Area Then Now"
    assert "Then: 1 June 2026. Now: 2 December 2026." in tab.locator(".check-up-then-now").inner_text()
    rows = [words(t) for t in table.locator("tbody tr").all_inner_texts()]
    assert rows[0] == "What co-production means for us Partly 1, Not yet 1 Yes 2"
    assert rows[3] == "Power and decisions Not yet 1 Partly 1"
    assert rows[1] == "Our values No answers No answers"
    changed = [words(t) for t in tab.locator(".check-up-then-now li").all_inner_texts()]
    assert f"{BY_ID['m1'].says} Then: Not yet. Now: Yes." in changed and len(changed) == 3
    # The comparison is in the address too: it opens again, as sent to the group.
    assert "then=m1n.m3p.p7n" in tab.url and "thenon=2026-06-01" in tab.url
    tab.goto(tab.url.replace("#", "?x#"), wait_until="load")
    assert [words(t) for t in tab.locator(".check-up-then-now tbody tr").all_inner_texts()][0] == rows[0]
    tab.get_by_role("button", name="Stop comparing").click()
    assert tab.locator(".check-up-then-now table").count() == 0 and "then=" not in tab.url
    # An address with no answers in it says so.
    tab.get_by_label("Address of the earlier check-up").fill("https://example.org/")
    tab.get_by_role("button", name="Compare").click()
    assert "That address has no check-up answers in it" in tab.locator(".check-up-then-now").inner_text()
    assert tab.errors == []


@pytest.mark.browser
def test_a_damaged_address_opens_what_it_can_and_says_what_was_left_out(server, tab):
    tab.goto(server + PAGE + "#m1=y&m2=maybe&zz9=y&colour=blue&m1=n&then=m1q.p7n", wait_until="load")
    notice = words(tab.locator(".check-up-notice").inner_text())
    assert notice == ("Part of this page’s address could not be read, so the check-up leaves out “m2=maybe”, "
                      "“colour=blue”, “m1=n” and “then: m1q”. The address has 1 answer to statements this "
                      "check-up no longer asks (“zz9=y”), so it is left out.")
    assert tab.locator("input[name=m1][value=y]").is_checked() and not tab.locator("input[name=m2][value=y]").is_checked()
    assert "Then" in tab.locator(".check-up-then-now").inner_text()  # what could be read of "then"
    assert tab.errors == []


FOCUS = """() => { const a = document.activeElement, s = getComputedStyle(a);
  return {id: a.id || (a.name ? a.name + '-' + a.value : ''), text: (a.textContent || '').trim(), tag: a.tagName,
          ring: s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2}; }"""


@pytest.mark.browser
def test_the_check_up_works_with_the_keyboard_alone_at_320px(server, browser):
    context = browser.new_context(viewport={"width": 320, "height": 640}, locale="en-GB")
    page = context.new_page()

    def tab_to(want, limit=300):
        for _ in range(limit):
            page.keyboard.press("Tab")
            focus = page.evaluate(FOCUS)
            if want(focus):
                assert focus["ring"], f"no focus ring on {focus}"
                return focus
        pytest.fail("never reached by Tab")

    try:
        page.goto(server + PAGE, wait_until="load")
        tab_to(lambda f: f["id"] == "m1-y")
        page.keyboard.press("Space")
        page.keyboard.press("ArrowRight")  # to "Partly", as in any group of radio buttons
        assert page.locator("input[name=m1][value=p]").is_checked() and "m1=p" in page.url
        tab_to(lambda f: f["id"].startswith("m2-"))
        page.keyboard.press("ArrowRight")
        page.keyboard.press("ArrowRight")  # Partly, then Not yet
        assert page.locator("input[name=m2][value=n]").is_checked()
        tab_to(lambda f: f["text"] == "See our result")
        page.keyboard.press("Enter")
        assert page.evaluate(FOCUS)["id"] == "our-result"
        page.wait_for_selector(".check-up-says li")
        assert f"Not yet: {BY_ID['m2'].says}" in words(page.locator(".check-up-says").inner_text())
        tab_to(lambda f: f["id"] == "check-up-length")
        focus = tab_to(lambda f: f["tag"] == "A" and "Plan" in f["text"])
        assert focus["text"] == "Plan a session on these"
        assert page.evaluate("document.documentElement.scrollWidth") <= 320
        page.keyboard.press("Enter")
        page.wait_for_url(re.compile(r"/plan/#"))
        page.wait_for_selector(".planner-agenda > li")
        assert title(2) in page.locator(".planner-agenda").inner_text()
    finally:
        context.close()


@pytest.mark.browser
def test_without_javascript_the_statements_are_a_form_to_print(server, browser):
    context = browser.new_context(java_script_enabled=False, locale="en-GB")
    page = context.new_page()
    try:
        page.goto(server + PAGE, wait_until="load")
        assert page.locator(".check-up-needs-js").is_visible()
        assert page.locator(".check-up-result").is_hidden() and page.locator(".check-up-buttons").first.is_hidden()
        assert page.locator("fieldset.check-up-q").count() == len(STATEMENTS)
        assert page.locator("fieldset.check-up-q input[type=radio]").count() == 4 * len(STATEMENTS)
        page.emulate_media(media="print")
        text = squash(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(page.pdf(format="A4"))).pages))
        for s in STATEMENTS:
            assert squash(s.says) in text, s.id
        assert squash("Yes Partly Not yet Don't know") in text
    finally:
        context.close()


@pytest.mark.browser
def test_the_result_loads_only_once_there_is_an_answer(server, tab):
    requests: list[str] = []
    tab.on("request", lambda r: requests.append(r.url))
    tab.goto(server + PAGE, wait_until="networkidle")
    assert not [u for u in requests if "check-up/data.js" in u or "check-up-result.js" in u]
    assert "Answer some of the statements above" in tab.locator(".check-up-says").inner_text()
    tab.check("input[name=p7][value=n]")
    tab.wait_for_selector(".check-up-work li")
    assert [u for u in requests if u.endswith("assets/check-up/data.js")]
    assert [u for u in requests if u.endswith("assets/js/check-up-result.js")]
    assert tab.errors == []


@pytest.mark.browser
def test_nothing_is_stored_or_sent(server, browser):
    context = browser.new_context(locale="en-GB")
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    try:
        page.goto(server + PAGE, wait_until="load")
        stored = page.evaluate("JSON.stringify([{...localStorage}, {...sessionStorage}])")
        page.check("input[name=m1][value=n]")
        page.check("input[name=p7][value=p]")
        page.wait_for_load_state("networkidle")
        assert context.cookies() == []
        assert page.evaluate("JSON.stringify([{...localStorage}, {...sessionStorage}])") == stored
        assert all(url.startswith(server) for url in requests), requests
        assert not [url for url in requests if "m1=" in url or "p7=" in url]
    finally:
        context.close()


@pytest.mark.browser
def test_the_check_up_works_in_the_offline_copy_from_file(browser, offline):
    context = browser.new_context(locale="en-GB")
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    try:
        page.goto((offline / "check-up.html").as_uri() + "#" + ANSWERS, wait_until="load")
        assert f"Try {title(2)}" in words(page.locator(".check-up-says").inner_text())
        link = page.get_by_role("link", name="Plan session 1 of 3 on these")
        assert link.get_attribute("href").startswith("plan.html#")
        link.click()
        page.wait_for_selector(".planner-agenda > li")
        assert title(8) in page.locator(".planner-agenda").inner_text()
        outside = [u for u in requests if not u.startswith(("file://", "data:", "blob:", "about:"))]
        assert not outside, outside
    finally:
        context.close()


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_no_violation_with_a_result_and_a_comparison(server, browser, scheme):
    from axe_playwright_python.sync_playwright import Axe

    from test_accessibility import AXE_TAGS

    context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme=scheme, locale="en-GB")
    page = context.new_page()
    try:
        page.goto(server + PAGE + "#" + ANSWERS + "&then=m1y.p7p&thenon=2026-06-01&m2=q", wait_until="load")
        assert page.locator(".check-up-then-now table").is_visible() and page.locator(".check-up-notice").is_visible()
        result = Axe().run(settled(page), options={"runOnly": {"type": "tag", "values": AXE_TAGS},
                                          "resultTypes": ["violations"]})
        assert result.violations_count == 0, result.generate_report()
    finally:
        context.close()


# --- On paper -------------------------------------------------------------------------------

def pdf_text(site: Path, name: str) -> tuple[str, PdfReader]:
    reader = PdfReader(site / "downloads" / name)
    return squash(" ".join(p.extract_text() for p in reader.pages)), reader


def test_the_forms_are_the_four_the_issue_asks_for():
    assert {"check-up", "check-up-tally", "check-up-easy-read", "you-said-we-did"} <= set(FORMS)
    assert FORMS["check-up-easy-read"].large_only


@pytest.mark.parametrize("large", [False, True])
def test_the_sheet_and_the_tally_sheet_ask_every_statement(site, large):
    lp = "-large-print" if large else ""
    for slug in ("check-up", "check-up-tally"):
        text, _ = pdf_text(site, f"form-{slug}{lp}.pdf")
        for s in STATEMENTS:
            assert squash(s.says) in text, (slug, s.id)
        for answer in ("Yes", "Partly", "Not yet", "Don't know"):
            assert squash(answer) in text
    assert squash("We differ") in pdf_text(site, f"form-check-up-tally{lp}.pdf")[0]


def test_the_easy_read_check_up_has_a_picture_beside_each_statement_short_sentences_and_18pt(site):
    page = (site / "forms" / "check-up-easy-read" / "index.html").read_text(encoding="utf-8")
    block = page[page.index('data-form="check-up-easy-read"'):]
    ideas = re.findall(r'<div data-search-exclude class="idea">(.*?)</div>', block, re.S)
    easy = [s for s in STATEMENTS if s.easy]
    assert len(ideas) == len(easy) + 2 and len(easy) >= 12
    for idea in ideas:
        pictures = re.findall(r'<img alt="([^"]+)" src="([^"]+)"', idea)
        assert len(pictures) == 1 and len(pictures[0][0].split()) >= 2, idea[:80]
        assert (site / "forms" / "check-up-easy-read" / pictures[0][1]).resolve().is_file()
        text = " ".join(unescape(re.sub(r"<[^>]+>", " ", idea)).split())
        for sentence in re.split(r"(?<=[.?!:])\s+", text):
            assert len(re.findall(r"[A-Za-z']+", sentence)) <= EASY_MAX_WORDS, sentence
    for name in ("form-check-up-easy-read.pdf", "form-check-up-easy-read-large-print.pdf"):
        text, reader = pdf_text(site, name)
        for s in easy:
            assert squash(s.easy) in text, s.id
        assert font_sizes(reader).most_common(1)[0][0] >= 18.0, name


@pytest.mark.parametrize("name", ["form-check-up.docx", "form-check-up-tally.odt", "form-check-up-easy-read.docx",
                                  "form-you-said-we-did.odt", "form-you-said-we-did-large-print.docx"])
def test_libreoffice_opens_the_editable_forms_with_their_words(opened_by_libreoffice, name):
    text = squash(" ".join(p.extract_text() for p in PdfReader(opened_by_libreoffice / f"{name}.pdf").pages))
    if "you-said" in name:
        for field in ("You said", "We did, or why not", "Who will tell people, and how", "By when"):
            assert squash(field) in text, field
    elif "easy-read" in name:
        assert squash(BY_ID["v2"].easy) in text
    else:
        assert squash(BY_ID["p7"].says) in text


def test_you_said_we_did_prints_on_one_page_with_its_columns(site):
    text, reader = pdf_text(site, "form-you-said-we-did.pdf")
    assert len(reader.pages) == 1
    for field in ("You said", "We did, or why not", "Who will tell people, and how", "By when", "Date we told them"):
        assert squash(field) in text, field


def test_the_paper_forms_are_on_downloads_and_in_the_offline_copy(site, offline):
    downloads = (site / "downloads" / "index.html").read_text(encoding="utf-8")
    for slug in ("check-up", "check-up-tally", "check-up-easy-read", "you-said-we-did"):
        for suffix in (".pdf", "-large-print.pdf", ".docx", "-large-print.docx", ".odt", "-large-print.odt"):
            assert f'href="form-{slug}{suffix}"' in downloads, slug + suffix
            assert (offline / "downloads" / f"form-{slug}{suffix}").is_file()
    assert (offline / "check-up.html").is_file() and (offline / "assets" / "js" / "check-up.js").is_file()
