"""Plan a session: the filters on the activities list, the session planner (docs/plan.md) and its
printed pack, in real Chromium; and the parts of hooks/planner/planner.py that need no browser."""

from __future__ import annotations

import gzip
import io
import json
import math
import re
from collections import Counter
from urllib.parse import quote_plus

import pytest
from pypdf import PdfReader

from conftest import ROOT, settled
from hooks.planner.activity_filters import time_choices
from hooks.content.docs_model import Page, read_docs
from hooks.planner.planner import (DEFAULTS, SMALL_GROUP, material, paper_before, read_plans, rebase, squeeze,
                            thing)

DOCS = read_docs(ROOT / "docs", shown_root="docs")
ACTIVITIES = {p.meta["number"]: p for p in DOCS.activities()}
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]


def title(n: int) -> str:
    return f"Activity {n}: {ACTIVITIES[n].meta['title']}"


def clock(minutes: int) -> str:
    return f"{minutes // 60 % 24:02d}:{minutes % 60:02d}"


def words(text: str) -> str:
    text = re.sub(r"(?<=\w)- (?=\w)", "-", " ".join(text.split()))
    return re.sub(r"^Page \d+ | Page \d+$", "", text)


# --- Without a browser -------------------------------------------------------------------

def test_materials_are_read_so_that_counts_can_add_up():
    assert material("One printed worksheet for each small group, and some spares") == {
        "text": "One printed worksheet for each small group, and some spares", "w": 1, "each": "group"}
    assert material("Three sticky dots for each person") == {
        "text": "Three sticky dots for each person", "each": "person", "qty": 3}
    assert material("Pens, thick felt-tip pens and sticky notes")["t"] == [
        ["Pens", "pen"], ["Thick felt-tip pens", "thick pen"], ["Sticky notes", "sticky note"]]
    # A line that is one thing, however many commas it has, stays whole.
    for whole, what in (("Sticky notes in two colours, such as green and yellow", "sticky note"),
                        ("The group's asset map from Activity 5, if you have done it", "group's asset map from activity 5"),
                        ("Blu Tack or masking tape", "blu tack")):
        assert material(whole) == {"text": whole, "t": [[whole, what]]}
    # Cards the pack prints are counted by the planner, a set for each small group when it says so.
    assert material("A set of seven value cards for each small group", cards=True) == {
        "text": "A set of seven value cards for each small group", "c": 1, "g": 1}
    assert material("A small coloured card for each person") == {
        "text": "A small coloured card for each person", "each": "person", "qty": 1}


def test_a_thing_is_listed_once_whatever_words_each_activity_uses():
    same = [("Sticky notes in two colours", "Sticky notes"),
            ("Thick felt-tip pens in dark colours", "Thick dark pens", "Thick felt-tip pens"),
            ("Pens", "Pens for everyone", "Pens or pencils"),
            ("Flip chart paper", "A flip chart"),
            ("Blu Tack or masking tape", "Blu Tack or tape")]
    for group in same:
        assert len({thing(t) for t in group}) == 1, group
    assert len({thing(group[0]) for group in same}) == len(same)  # and different things stay apart
    # Over the real activities: no two things are one thing in different words.
    keys: dict[str, set[str]] = {}
    for page in ACTIVITIES.values():
        for line in page.meta["materials"]:
            for text, key in material(line).get("t", []):
                keys.setdefault(key, set()).add(text)
    assert keys["thick pen"] == {"Thick felt-tip pens in dark colours", "Thick dark pens", "Thick felt-tip pens"}
    assert keys["pen"] == {"Pens", "Pens for everyone", "Pens or pencils"}
    assert [k for k in keys if "sticky" in k] == ["sticky note"]
    assert [k for k in keys if k.endswith("pen")] == ["pen", "thick pen"]


def test_before_the_session_reads_true_in_the_pack():
    assert paper_before("Print one worksheet for each person, and a few in large print.", False) == ""
    assert paper_before("Print the nine risk cards. They are the risks in the first column of the worksheet, "
                        "on a card sheet ready to cut out, after the worksheet in this activity's PDF.", True) == \
        "The cards are in the pack, ready to cut out."
    assert paper_before('Print thirteen prompt cards in large print. The card sheet comes after the worksheet '
                        "in this activity's PDF. Five cards are for kinds of individual:<ol><li>A.</li></ol>", True) == \
        "The cards are in the pack, ready to cut out. Five cards are for kinds of individual: <ol><li>A.</li></ol>"
    kept = "Bring the named envelopes. Print out any goals people sent you by email or chat."
    assert paper_before(kept, False) == kept


def test_every_activity_has_its_worksheet_line_and_a_group_size_the_planner_can_read():
    for number, page in ACTIVITIES.items():
        read = [material(m) for m in page.meta["materials"]]
        assert any(m.get("w") and m.get("each") for m in read), f"Activity {number}"
        assert re.fullmatch(r"\d+ to \d+ people", page.meta["group_size"]), f"Activity {number}"


def test_time_filters_are_the_activities_times_rounded_up_to_a_quarter_hour():
    assert time_choices(DOCS) == sorted({math.ceil(p.meta["duration"] / 15) * 15 for p in ACTIVITIES.values()})
    assert time_choices(DOCS) == [45, 60, 75]


def test_ready_made_plans_a_first_session_and_every_activity_in_order():
    plans, findings = read_plans(DOCS.pages["plan.md"], DOCS)
    assert not findings
    by_id = {p.id: p for p in plans}
    first = by_id["first-session"]
    assert first.title == "A first session on co-production"
    minutes = sum(ACTIVITIES[i].meta["duration"] if isinstance(i, int) else i[1] for i in first.items)
    assert minutes == 120
    series = [p for p in plans if p.group]
    assert [i for p in series for i in p.items if isinstance(i, int)] == sorted(ACTIVITIES)


def test_a_broken_ready_made_plan_is_a_finding_with_its_file_and_line():
    page = Page(src="plan.md", shown="docs/plan.md", meta={"ready_made": {
        "odd": {"title": "Odd", "items": [3, 99, "Lunch"]}, "empty": {"title": "Empty"}}},
        meta_lines={"ready_made": 4})
    plans, findings = read_plans(page, DOCS)
    assert [str(f) for f in findings] == [
        ("docs/plan.md:4: ready-made plan 'odd': 99 is neither an activity's number nor a break such "
         "as \"Tea break, 15 minutes\"; fix it or take it out"),
        ("docs/plan.md:4: ready-made plan 'odd': 'Lunch' is neither an activity's number nor a break "
         "such as \"Tea break, 15 minutes\"; fix it or take it out"),
        ("docs/plan.md:4: ready-made plan 'empty' has no items; list activity numbers and breaks such "
         "as \"Tea break, 15 minutes\"")]
    assert plans[0].items == [3]


def test_links_in_the_pack_lead_where_they_did_on_the_activity_page():
    assert rebase('<a href="../../glossary/#asset" id="x">', "activities/05-a/", "plan/") == \
        '<a href="../glossary/#asset">'
    assert rebase('<a href="04-b.html">', "activities/05-a.html", "plan.html") == \
        '<a href="activities/04-b.html">'
    assert rebase('<a href="#steps">', "activities/05-a/", "plan/") == '<a href="../activities/05-a/#steps">'


def test_squeeze_drops_only_what_no_browser_needs():
    js = ('const a = `x ${b ? ` “${c}”` : ""} y`, r = /^(.{1,60}), (\\d) minutes?$/;  // a note\n'
          "/* a comment */ let n = t0 + +x, d = m / 60;\nreturn a\n")
    out = squeeze(js, "js")
    assert "`x ${b?` “${c}”`:\"\"} y`" in out  # words in template literals, nested too, as they were
    assert "/^(.{1,60}), (\\d) minutes?$/" in out and "t0+ +x" in out and "m/60" in out
    assert "note" not in out and "comment" not in out
    css = ".a :is(.b, .c) > p {\n  margin: 0.5em 0;\n}\n.d[type=\"number\"] { width: calc(100% - 2px) !important; }"
    assert squeeze(css) == ".a :is(.b,.c)>p{margin:.5em 0}.d[type=number]{width:calc(100% - 2px)!important}\n"


# --- The built site ----------------------------------------------------------------------

def test_planner_script_and_styles_add_at_most_8_kb_and_load_on_their_page_only(site):
    # planner-pack.js is loaded by planner.js once an activity is chosen.
    own = [site / "assets/js/planner.js", site / "assets/js/planner-pack.js", site / "assets/css/planner.css"]
    assert sum(len(gzip.compress(f.read_bytes(), 6)) for f in own) <= 8_000
    for page in site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        wanted = page.relative_to(site).as_posix()
        assert ("planner.js" in html) == (wanted == "plan/index.html"), wanted
        assert ("activity-filters.js" in html) == (wanted == "activities/index.html"), wanted


def test_search_index_leaves_out_the_planner_controls_and_the_run_sheets(site):
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    text = " ".join(doc["text"] + doc["title"] for doc in index["docs"])
    for left_out in ("How many of them need large print", "Add the break", "Run sheet",
                     "How the group meets", "Session 1 of 6"):
        assert left_out not in text
    assert any(doc["location"].startswith("plan/") for doc in index["docs"])


def test_each_activity_has_its_pack_script(site):
    for number, page in ACTIVITIES.items():
        script = (site / "assets" / "planner" / f"activity-{number:02d}.js").read_text(encoding="utf-8")
        data = json.loads(script.split(f"[{number}] = ", 1)[1].rstrip().rstrip(";"))
        assert data["runSheet"].startswith('<section class="run-sheet run-sheet--print"><h2>Run sheet: ')
        assert f"Worksheet: {page.meta['title']}" in data["worksheet"]
        assert data["before"] and data["phone"]
        assert ' id="' not in script, "ids would repeat in the pack"


def test_home_page_links_the_ready_made_plans_with_their_times(site):
    html = (site / "index.html").read_text(encoding="utf-8")
    # A ready-made plan says when it does not suit someone taking part by phone or post.
    assert ('<a href="plan/#first-session">A first session on co-production (2 hours)</a>: Activity 2 does '
            "not work by phone or post.") in html
    for i in range(1, 7):
        assert f'href="plan/#series-{i}">Session {i} of 6: Activities {2 * i - 1} and {2 * i} (' in html


# --- Filters on the activities list, in Chromium ------------------------------------------

def shown_rows(page) -> list[int]:
    return [int(n) for n in page.locator(".activity-list tbody tr:visible td:first-child").all_inner_texts()]


@pytest.mark.browser
def test_filters_show_exactly_the_activities_that_fit(server, browser):
    context = browser.new_context(locale="en-GB")
    page = context.new_page()
    try:
        page.goto(server + "activities/", wait_until="load")
        assert shown_rows(page) == sorted(ACTIVITIES)
        page.get_by_label("On a video call").check()
        page.get_by_label("Up to 60 minutes").check()
        want = [n for n, p in sorted(ACTIVITIES.items())
                if "video" in p.meta["formats"] and p.meta["duration"] <= 60]
        assert want and len(want) < len(ACTIVITIES)
        assert shown_rows(page) == want
        status = page.locator(".activity-filters__count")
        assert status.inner_text() == f"Showing {len(want)} of {len(ACTIVITIES)} activities."
        page.get_by_label("By phone or post").check()
        page.get_by_label("How many people").fill("18")
        page.get_by_label("What the group wants to work on").select_option(label="6. Endings")
        want = [n for n, p in sorted(ACTIVITIES.items())
                if "phone-or-post" in p.meta["formats"] and p.meta["duration"] <= 60
                and p.meta["section"].startswith("part-2/06-endings.md")
                and int(p.meta["group_size"].split()[0]) <= 18 <= int(p.meta["group_size"].split()[2])]
        assert shown_rows(page) == want == [11]
        page.get_by_label("How many people").fill("2")
        assert shown_rows(page) == [] and "No activity matches" in status.inner_text()
    finally:
        context.close()


@pytest.mark.browser
def test_without_javascript_the_whole_list_shows_and_no_filters(server, browser):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(server + "activities/", wait_until="load")
        assert shown_rows(page) == sorted(ACTIVITIES)
        assert not page.locator(".activity-filters").is_visible()
        page.goto(server + "plan/", wait_until="load")
        assert page.get_by_text("The planner needs JavaScript").is_visible()
        assert not page.locator(".planner-form").is_visible()
    finally:
        context.close()


@pytest.mark.browser
def test_activities_list_is_one_card_per_activity_on_a_phone_and_tables_use_the_body_size(server, browser):
    context = browser.new_context(viewport={"width": 390, "height": 800})
    page = context.new_page()
    try:
        page.goto(server + "activities/", wait_until="load")
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        rows = page.locator(".activity-list tbody tr")
        assert page.evaluate("getComputedStyle(document.querySelector('.activity-list tbody tr')).display") == "block"
        box = rows.first.bounding_box()
        assert box["width"] <= 390 and box["x"] >= 0
        assert page.evaluate("getComputedStyle(document.querySelector('.activity-list td')).fontSize") == "18px"
        page.set_viewport_size({"width": 1280, "height": 900})
        for path in ("activities/", "activities/05-mapping-your-assets/"):
            page.goto(server + path, wait_until="load")
            sizes = page.evaluate("[...document.querySelectorAll('article td, article th')]"
                                  ".map(c => getComputedStyle(c).fontSize)")
            assert sizes and set(sizes) == {"18px"}, path
    finally:
        context.close()


# --- The planner, in Chromium -------------------------------------------------------------


def agenda(page) -> list[str]:
    return [" ".join(t.split()).removeprefix("↕ ") for t in page.locator(".planner-agenda > li").all_inner_texts()]


def needs(page) -> list[str]:
    return page.locator(".planner-needs > li").all_inner_texts()


def choose_three_and_a_break(page):
    page.check("#planner-a3")
    page.get_by_label("What the break is called").fill("Tea break")
    page.get_by_label("How many minutes").fill("15")
    page.get_by_role("button", name="Add the break to the plan").click()
    page.check("#planner-a5")
    page.check("#planner-a9")
    page.wait_for_selector(".planner-pack[data-ready]", state="attached")


@pytest.mark.browser
def test_three_activities_and_a_break_from_ten_give_the_right_times_and_materials(server, tab):
    tab.goto(server + "plan/", wait_until="load")
    assert tab.get_by_label("Start time").input_value() == DEFAULTS["start"] == "10:00"
    choose_three_and_a_break(tab)
    parts = [(title(3), ACTIVITIES[3].meta["duration"]), ("Tea break", 15),
             (title(5), ACTIVITIES[5].meta["duration"]), (title(9), ACTIVITIES[9].meta["duration"])]
    t = 10 * 60
    rows = agenda(tab)
    for row, (name, minutes) in zip(rows, parts, strict=True):
        assert row.startswith(f"{clock(t)} to {clock(t + minutes)} {name}"), row
        t += minutes
    total = sum(m for _, m in parts)
    assert tab.locator(".planner-total").inner_text() == (
        f"Total time: {total // 60} hours {total % 60} minutes. The session starts at 10:00 and "
        f"finishes at {clock(t)}.")
    assert clock(t) == "13:25"
    got = needs(tab)
    people, large = DEFAULTS["people"], DEFAULTS["large"]
    groups = math.ceil(people / SMALL_GROUP)
    # One worksheet per person, or per small group, with the large print ones; counts that add up.
    assert (f"Worksheets for Activity 3: {people - large} in standard print and {large} in large print, "
            "one for each person (in the pack)") in got
    assert (f"Worksheets for Activity 9: {groups} in standard print and {large} in large print, one for "
            "each small group and each person who needs large print (in the pack)") in got
    assert f"Three sticky dots for each person: {3 * people} (Activity 3)" in got
    # The same thing for two activities is listed once, with both.
    assert "Thick felt-tip pens (Activities 3, 5 and 9)" in got  # and "thick dark pens" for 3
    assert len(got) == len(set(got))
    # Every other thing each activity needs is there, once, in the words of the larger need.
    things = [t for n in (3, 5, 9) for line in ACTIVITIES[n].meta["materials"]
              if "cards" not in line for t in material(line).get("t", [])]  # cards: counted above
    for text, key in things:
        longest = max((t for t, k in things if k == key), key=len)
        assert sum(line.startswith(longest + " (") for line in got) == 1, text
    assert tab.errors == []


@pytest.mark.browser
def test_the_address_holds_the_plan_and_opens_it_again(server, tab, browser):
    tab.goto(server + "plan/", wait_until="load")
    choose_three_and_a_break(tab)
    tab.get_by_label("Start time").fill("13:30")
    tab.get_by_label("How many people will take part").fill("9")
    tab.get_by_label("How many of them need large print").fill("3")
    tab.get_by_label("How many of them will take part by phone or post").fill("1")
    tab.get_by_label("Name of the session").fill("Our first meeting")
    # The address is written after the change is shown: wait for it, as a person would.
    tab.wait_for_function("() => location.hash.includes('Our')")
    address = tab.url
    assert "#" in address and "item=3" in address
    before = (agenda(tab), needs(tab), tab.locator(".planner-total").inner_text())
    other = browser.new_context(locale="en-GB").new_page()
    try:
        other.goto(address, wait_until="load")
        other.wait_for_selector(".planner-pack[data-ready]", state="attached")
        assert (agenda(other), needs(other), other.locator(".planner-total").inner_text()) == before
        assert other.get_by_label("Start time").input_value() == "13:30"
        assert other.get_by_label("Name of the session").input_value() == "Our first meeting"
        assert other.get_by_label("How many of them will take part by phone or post").input_value() == "1"
        assert other.url == address
        assert not other.locator(".planner-notice").is_visible()
    finally:
        other.context.close()


# An address exactly as the planner wrote it before people could be counted at home: people
# have bookmarked and sent these, so each must keep opening the same plan.
TODAYS_ADDRESS = ("plan/#title=Our+first+meeting&start=13%3A30&people=9&large=3&phone=yes&item=3"
                  "&item=Tea+break%2C+15+minutes&item=5&item=9")


@pytest.mark.browser
def test_an_address_made_before_today_opens_the_same_plan(server, tab):
    tab.goto(server + TODAYS_ADDRESS, wait_until="load")
    tab.wait_for_selector(".planner-pack[data-ready]", state="attached")
    t, rows = 13 * 60 + 30, agenda(tab)
    for row, (name, minutes) in zip(rows, [(title(3), ACTIVITIES[3].meta["duration"]), ("Tea break", 15),
                                           (title(5), ACTIVITIES[5].meta["duration"]),
                                           (title(9), ACTIVITIES[9].meta["duration"])], strict=True):
        assert row.startswith(f"{clock(t)} to {clock(t + minutes)} {name}"), row
        t += minutes
    assert tab.get_by_label("Name of the session").input_value() == "Our first meeting"
    assert tab.get_by_label("How many people will take part").input_value() == "9"
    assert tab.get_by_label("How many of them need large print").input_value() == "3"
    # "phone=yes": one person takes part by phone or post (a tick box before, a number now).
    phone = tab.locator("#planner-phone")
    assert phone.is_checked() if phone.get_attribute("type") == "checkbox" else phone.input_value() == "1"
    assert not tab.locator(".planner-notice").is_visible()
    assert tab.errors == []


@pytest.mark.browser
def test_a_damaged_address_opens_what_it_can_and_says_what_was_left_out(server, tab):
    tab.goto(server + "plan/#start=25:99&people=lots&item=3&item=99&item=Lunch%2C+999+minutes"
             "&item=3&colour=blue%E2", wait_until="load")
    assert agenda(tab)[0].startswith(f"10:00 to {clock(600 + ACTIVITIES[3].meta['duration'])} {title(3)}")
    assert len(agenda(tab)) == 1
    assert tab.get_by_label("How many people will take part").input_value() == str(DEFAULTS["people"])
    notice = tab.locator(".planner-notice")
    assert notice.is_visible()
    text = notice.inner_text()
    assert text.startswith("Part of this page’s address could not be read, so the plan leaves out ")
    for left_out in ("25:99", "lots", "99", "Lunch, 999 minutes", "colour"):
        assert left_out in text
    assert tab.errors == []
    tab.goto("about:blank")
    tab.goto(server + "plan/#%E0%A4%A=%", wait_until="load")  # not even a list of values
    assert tab.errors == [] and agenda(tab) == []


def font_size(page) -> float:
    sizes: Counter = Counter()

    def visit(text, cm, tm, font, size):
        if text.strip():
            sizes[round(size * abs(tm[3]) * abs(cm[3]))] += len(text.strip())

    page.extract_text(visitor_text=visit)
    return sizes.most_common(1)[0][0]


@pytest.mark.browser
def test_print_gives_the_agenda_run_sheets_and_enough_worksheets_each_on_its_own_page(server, tab):
    tab.goto(server + "plan/#start=10:00&people=3&large=1&phone=yes&item=5&item="
             + quote_plus("Tea break, 15 minutes") + "&item=9", wait_until="load")
    tab.wait_for_selector(".planner-pack[data-ready]", state="attached")
    tab.emulate_media(media="print")
    pdf = PdfReader(io.BytesIO(tab.pdf(format="A4")))
    pages = [words(p.extract_text()) for p in pdf.pages]
    starts = lambda text: [i for i, p in enumerate(pages) if p.startswith(words(text))]  # noqa: E731
    five, nine = ACTIVITIES[5].meta["duration"], ACTIVITIES[9].meta["duration"]
    assert pages[0].startswith(f"Session plan From 10:00 to {clock(600 + five + 15 + nine)}")
    assert f"10:00 to {clock(600 + five)} {title(5)}" in pages[0]
    assert f"{clock(600 + five)} to {clock(615 + five)} Tea break" in pages[0]
    sheet5, sheet9 = starts(f"Run sheet: {title(5)}"), starts(f"Run sheet: {title(9)}")
    phone5 = starts("Activity 5: for people who are not online")
    phone9 = starts("Activity 9: for people who are not online")
    ws5 = starts(f"Worksheet: {ACTIVITIES[5].meta['title']}")
    ws9 = starts(f"Worksheet: {ACTIVITIES[9].meta['title']}")
    # Each run sheet is one page, followed by the notes for people who are not online.
    assert len(sheet5) == len(sheet9) == len(phone5) == len(phone9) == 1
    assert 0 < sheet5[0] and phone5[0] == sheet5[0] + 1 and sheet9[0] > phone5[0] and phone9[0] == sheet9[0] + 1
    # One worksheet per person for Activity 5 (2 standard, 1 large print); for Activity 9 one
    # per small group (1 group of 2 in the room), 1 in large print and 1 to post to the person
    # at home; each starts a page, after the run sheets.
    assert len(ws5) == 3 and len(ws9) == 3
    assert phone9[0] < ws5[0] and max(ws5) < min(ws9)
    assert font_size(pdf.pages[ws5[0]]) == 12 and font_size(pdf.pages[ws5[2]]) >= 16
    assert font_size(pdf.pages[ws9[2]]) >= 16
    assert tab.errors == []


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_no_violation_with_a_plan_loaded(server, browser, scheme):
    from axe_playwright_python.sync_playwright import Axe

    context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme=scheme, locale="en-GB")
    page = context.new_page()
    try:
        page.goto(server + "plan/#series-2", wait_until="load")
        page.wait_for_selector(".planner-pack[data-ready]", state="attached")
        page.get_by_label("How many of them will take part by phone or post").fill("1")
        assert len(agenda(page)) == 3
        result = Axe().run(settled(page), options={"runOnly": {"type": "tag", "values": AXE_TAGS},
                                          "resultTypes": ["violations"]})
        assert result.violations_count == 0, result.generate_report()
    finally:
        context.close()


FOCUS = """() => { const a = document.activeElement, s = getComputedStyle(a);
  return {id: a.id, label: a.getAttribute('aria-label') || a.textContent.trim(),
          ring: s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2}; }"""


@pytest.mark.browser
def test_the_planner_works_with_the_keyboard_alone(server, browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    page = context.new_page()
    page.add_init_script("window.__printed = 0; window.print = () => { window.__printed += 1; };")
    status = page.locator(".planner-status")

    def tab_to(want, limit=150):
        for _ in range(limit):
            page.keyboard.press("Tab")
            focus = page.evaluate(FOCUS)
            assert focus["ring"], f"no focus ring on {focus}"
            if want(focus):
                return focus
        pytest.fail("never reached by Tab")

    try:
        page.goto(server + "plan/", wait_until="load")
        tab_to(lambda f: f["id"] == "planner-a1")
        page.keyboard.press("Space")
        assert status.inner_text().startswith(f"Added {title(1)}")
        tab_to(lambda f: f["id"] == "planner-a2")
        page.keyboard.press("Space")
        tab_to(lambda f: f["label"] == "Add the break to the plan")
        page.keyboard.press("Enter")
        assert [r.split(" (")[0][15:] for r in agenda(page)] == [title(1), title(2), "Tea break"]
        # Move the break up with Enter, then Space: the focus stays on its button.
        tab_to(lambda f: f["label"] == "Move up: Tea break")
        page.keyboard.press("Enter")
        assert [r.split(" (")[0][15:] for r in agenda(page)] == [title(1), "Tea break", title(2)]
        assert page.evaluate(FOCUS)["label"] == "Move up: Tea break"
        assert status.inner_text().startswith("Moved Tea break to number 2 of 3.")
        page.keyboard.press("Space")
        assert [r.split(" (")[0][15:] for r in agenda(page)] == ["Tea break", title(1), title(2)]
        assert agenda(page)[0].startswith("10:00 to 10:15 Tea break")
        page.keyboard.press("Enter")
        assert status.inner_text().strip() == "Tea break is already first."
        tab_to(lambda f: f["label"] == f"Remove: {title(2)}")
        page.keyboard.press("Enter")
        assert len(agenda(page)) == 2 and status.inner_text().startswith(f"Removed {title(2)}.")
        assert not page.locator("#planner-a2").is_checked()
        page.wait_for_selector(".planner-pack[data-ready]", state="attached")
        tab_to(lambda f: f["label"] == "Print the pack")
        page.keyboard.press("Enter")
        assert page.evaluate("window.__printed") == 1
    finally:
        context.close()


@pytest.mark.browser
def test_the_planner_sets_no_cookie_stores_nothing_and_sends_nothing(server, browser):
    context = browser.new_context(locale="en-GB")
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    try:
        page.goto(server + "plan/", wait_until="load")
        stored = page.evaluate("JSON.stringify([{...localStorage}, {...sessionStorage}])")
        page.goto(server + "plan/#first-session", wait_until="load")
        page.check("#planner-a5")
        page.get_by_label("Name of the session").fill("Private name")
        page.wait_for_selector(".planner-pack[data-ready]", state="attached")
        page.wait_for_load_state("networkidle")
        assert context.cookies() == []
        assert page.evaluate("JSON.stringify([{...localStorage}, {...sessionStorage}])") == stored
        assert all(url.startswith(server) for url in requests), requests
        assert not [url for url in requests if "Private" in url or "item=" in url]
    finally:
        context.close()


@pytest.mark.browser
def test_the_planner_and_its_pack_work_in_the_offline_copy_from_file(browser, offline):
    context = browser.new_context(locale="en-GB")
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    try:
        page.goto((offline / "index.html").as_uri(), wait_until="load")
        page.click("a[href='plan.html#first-session']")
        page.wait_for_selector(".planner-pack[data-ready]", state="attached")
        assert [r.split(" (")[0][15:] for r in agenda(page)] == [title(1), "Tea break", title(2)]
        assert "item=1" in page.url and page.url.startswith("file://")
        address = page.url
        page.goto((offline / "activities" / "index.html").as_uri(), wait_until="load")
        page.get_by_label("On a video call").check()
        assert shown_rows(page) == [n for n, p in sorted(ACTIVITIES.items()) if "video" in p.meta["formats"]]
        page.goto(address, wait_until="load")
        page.wait_for_selector(".planner-pack[data-ready]", state="attached")
        page.emulate_media(media="print")
        pages = [words(p.extract_text()) for p in PdfReader(io.BytesIO(page.pdf(format="A4"))).pages]
        assert pages[0].startswith("A first session on co-production")
        assert any(p.startswith(words(f"Run sheet: {title(2)}")) for p in pages)
        assert any(p.startswith(words(f"Worksheet: {ACTIVITIES[2].meta['title']}")) for p in pages)
        outside = [u for u in requests if not u.startswith(("file://", "data:", "blob:", "about:"))]
        assert not outside, outside
    finally:
        context.close()


# --- Issue 20: the pack fits the group; a planner that says what happened ----------------

ISSUE_PLAN = "start=10:00&people=8&large=2{}&item=1&item=Tea+break%2C+15+minutes&item=4"


def print_pack(page) -> list[tuple[str, str, int]]:
    """The pack as the page prints it: each page's words, its raw text and its body size."""
    page.wait_for_selector(".planner-pack[data-ready]", state="attached")
    page.emulate_media(media="print")
    pdf = PdfReader(io.BytesIO(page.pdf(format="A4")))
    return [(words(p.extract_text()), p.extract_text(), font_size(p)) for p in pdf.pages]


@pytest.mark.browser
@pytest.mark.parametrize("phone", [1, 0, 2], ids=["one-by-phone", "all-in-the-room", "two-by-post"])
def test_the_pack_holds_enough_for_every_group_large_print_and_post(server, tab, phone):
    tab.goto(server + "plan/#" + ISSUE_PLAN.format(f"&phone={phone}" if phone else ""), wait_until="load")
    pages = print_pack(tab)
    text = " ".join(p[0] for p in pages)
    room, large = 8 - phone, 2
    groups = math.ceil(room / SMALL_GROUP)

    def copies(start: str) -> list[int]:
        firsts = [size for words_, _, size in pages if words_.startswith(words(start))]
        return [sum(1 for s in firsts if s < 16), sum(1 for s in firsts if s >= 16)]

    # Activity 1: one for each person; Activity 4: one for each small group in the room, each
    # person who needs large print and each person at home; its cards, which it asks for in
    # large print, one set for each small group and each person at home.
    assert copies(f"Worksheet: {ACTIVITIES[1].meta['title']}") == [room - large + phone, large]
    assert copies(f"Worksheet: {ACTIVITIES[4].meta['title']}") == [groups + phone, large]
    assert copies("Cards to cut out: Stakeholder prompts") == [0, groups + phone]
    agenda_page = pages[0][0]
    who = "8 people: 2 in large print" + (f" and {phone} by phone or post" if phone else "")
    assert f"From 10:00 to 12:00 (2 hours), for {who}." in agenda_page
    assert "10:00 to 10:45" in pages[0][1] and "11:00 to 12:00" in pages[0][1]  # the time does not wrap
    assert f"Worksheets for Activity 1: {room - large + phone} in standard print and 2 in large print" in text
    if phone:
        print_ = f"{phone} {'person' if phone == 1 else 'people'} in standard print"
        assert (f"To post: a pack for each person at home ({print_}): Activity 1’s worksheet and Activity 4’s "
                "worksheet and cards from this pack, a short letter, and a stamped addressed envelope") in text
        assert f"Post a pack for each person at home ({print_})" in text
    else:
        assert "To post" not in text and "Post a pack" not in text
    # One real list of what to bring: one line a thing, the larger need, with its activities.
    assert "Sticky notes in two colours (Activities 1 and 4)" in text
    assert "Thick felt-tip pens in dark colours (Activities 1 and 4)" in text
    assert "Thick dark pens" not in agenda_page and "Sticky notes (Activity 4)" not in text
    # Run sheets in clock time; the activity's own PDF keeps minutes.
    sheet4 = next(p[0] for p in pages if p[0].startswith(words(f"Run sheet: {title(4)}")))
    assert "11:00 to 12:00 (60 minutes), for 3 to 20 people" in sheet4
    assert "Welcome and our focus, 5 minutes (11:00 to 11:05)" in sheet4 and "(minute " not in text
    for orphan in ("(the words are below)", "this activity's PDF", "comes after the worksheet",
                   "Print one worksheet for each person", "Print a worksheet for each person"):
        assert orphan not in text, orphan
    # No link printed as words with no address.
    assert tab.evaluate("[...document.querySelectorAll('.planner-pack a')].filter(a => "
                        "!a.textContent.includes(a.getAttribute('href'))).length") == 0
    assert tab.errors == []


@pytest.mark.browser
def test_the_packs_worksheets_print_page_for_page_as_their_pdfs(server, tab, site):
    # The pack's worksheets are laid out as the PDFs lay them out (hooks/print/pdf_render.py): the
    # same pages, each starting with the same words, in standard and in large print; no
    # question at the foot of a page with its answer space on the next, and no page with
    # only the closing line (tests/test_paper.py checks that of the PDFs).
    tab.goto(server + "plan/#" + ISSUE_PLAN.format("&phone=1"), wait_until="load")
    pages = print_pack(tab)
    for n in (1, 4):
        heading = words(f"Worksheet: {ACTIVITIES[n].meta['title']}")
        for large in (False, True):
            name = next((site / "downloads").glob(f"worksheet-{n:02d}-*{'-large-print' if large else ''}.pdf")
                        if large else (p for p in (site / "downloads").glob(f"worksheet-{n:02d}-*.pdf")
                                       if not p.name.endswith("-large-print.pdf")))
            printed = [re.sub(r"^\d+ | \d+$", "", words(p.extract_text())) for p in PdfReader(name).pages]
            starts = [i for i, (text, _, size) in enumerate(pages)
                      if text.startswith(heading) and (size >= 16) == large]
            assert starts, (n, large)
            for i in starts:
                copy = [text for text, _, _ in pages[i:i + len(printed)]]
                assert [c[:60] for c in copy] == [p[:60] for p in printed], (n, large)
                after = pages[i + len(printed)][0] if i + len(printed) < len(pages) else ""
                assert not after or after.startswith(("Worksheet:", "Cards to cut out")), after[:80]


@pytest.mark.browser
def test_large_print_cards_in_the_pack_never_leave_one_card_alone_on_a_page(server, tab, site):
    # Every activity with cards, for three people who all need large print: the pack breaks
    # its large-print cards where the large-print card sheets do (hooks/print/pdf_render.py).
    with_cards = sorted(n for n in ACTIVITIES if any((site / "downloads").glob(f"cards-{n:02d}-*-large-print.pdf")))
    assert len(with_cards) >= 5
    tab.goto(server + "plan/#people=3&large=3&" + "&".join(f"item={n}" for n in with_cards), wait_until="load")
    pages = print_pack(tab)
    for n in with_cards:
        name = words(f"Activity {n}: {ACTIVITIES[n].meta['title']}")
        sheet = False
        for text, _, size in pages:
            if text.startswith("Cards to cut out"):
                sheet = name in text
            elif text.startswith(("Worksheet:", "Run sheet:", "Session plan")):
                sheet = False
            if not sheet:
                continue
            assert size >= 16, text[:80]  # large print
            cards = len(re.findall(re.escape(name) + r"(?!\. Find)", text))
            assert cards >= 2 or text.startswith("Cards to cut out"), f"one card alone: {text[:120]}"


@pytest.mark.browser
def test_a_damaged_address_never_changes_a_number_without_saying_so(server, tab):
    tab.goto(server + "plan/#peoplarge=2&item=1", wait_until="load")
    text = tab.locator(".planner-notice").inner_text()
    assert "“peoplarge=2”" in text and "how many people take part" in text and "12 people" in text
    tab.goto("about:blank")
    tab.goto(server + "plan/#start=10:00&people=8&large=20&item=1", wait_until="load")
    assert tab.get_by_label("How many of them need large print").input_value() == "8"
    notice = tab.locator(".planner-notice")
    assert notice.is_visible() and "at most 8 people who need large print, not 20" in notice.inner_text()
    assert tab.evaluate("getComputedStyle(document.querySelector('.planner-notice')).borderLeftWidth") != "0px"


@pytest.mark.browser
def test_notes_that_fail_to_load_are_said_by_the_pack_button_with_try_again(server, tab):
    tab.route("**/assets/planner/activity-04.js", lambda route: route.abort())
    tab.goto(server + "plan/#" + ISSUE_PLAN.format(""), wait_until="load")
    says = tab.locator(".planner-pack-says")
    says.get_by_text("could not be loaded").wait_for()
    assert "could not be loaded, so the pack cannot be printed yet" in says.inner_text()
    tab.get_by_role("button", name="Print the pack").click()
    status = tab.locator(".planner-status")
    assert status.is_visible() and "could not be loaded" in status.inner_text()
    box = status.bounding_box()
    assert box and box["y"] + box["height"] <= 900  # on screen, not only announced
    tab.unroute("**/assets/planner/activity-04.js")
    says.get_by_role("button", name="Try again").click()
    tab.wait_for_selector(".planner-pack[data-ready]", state="attached")
    assert "could not be loaded" not in says.inner_text()
    assert tab.errors == []


def in_view(page, selector: str) -> bool:
    return page.evaluate(f"(() => {{ const r = document.querySelector({selector!r}).getBoundingClientRect();"
                         " return r.top >= 0 && r.bottom <= innerHeight; })()")


@pytest.mark.browser
def test_a_ready_made_plan_brings_your_plan_into_view_with_a_summary_at_the_top(server, tab):
    tab.goto(server + "plan/", wait_until="load")
    tab.locator(".ready-made a[href='#first-session']").click()
    tab.wait_for_selector(".planner-pack[data-ready]", state="attached")
    assert in_view(tab, "#your-plan")
    assert tab.evaluate("document.activeElement.id") == "your-plan"
    summary = tab.locator(".planner-summary")
    assert summary.is_visible() and summary.inner_text().startswith(
        "A first session on co-production: 3 parts for 12 people: 2 in large print. The session starts at 10:00 "
        "and finishes at 12:00.")
    tab.evaluate("scrollTo(0, 0)")
    summary.get_by_role("link", name="Go to your plan").click()
    assert in_view(tab, "#your-plan") and "item=1" in tab.url
    tab.goto("about:blank")
    tab.goto(server + "plan/#series-2", wait_until="load")
    tab.wait_for_timeout(300)
    assert in_view(tab, "#your-plan")


@pytest.mark.browser
def test_warnings_look_like_warnings(server, tab):
    tab.goto(server + "plan/#start=10:00&people=30&large=0&phone=1&item=2", wait_until="load")
    warn = tab.locator(".planner-warn")
    assert warn.inner_text().startswith("Warning: It suits")
    assert "does not work by phone or post" in warn.inner_text()
    assert tab.evaluate("getComputedStyle(document.querySelector('.planner-warn')).borderLeftWidth") != "0px"


@pytest.mark.browser
def test_the_list_of_activities_adds_to_the_plan_and_after_back_follows_its_filters(server, tab):
    tab.goto(server + "plan/#start=10:00&people=8&large=2&item=1", wait_until="load")
    tab.wait_for_selector(".planner-pack[data-ready]", state="attached")
    tab.get_by_role("link", name="find activities on the list").click()
    tab.wait_for_load_state("load")
    assert tab.url.split("#")[0].endswith("/activities/") and "item=1" in tab.url
    tab.get_by_label("Up to 60 minutes").check()
    assert tab.get_by_role("link", name="Add to your plan: Activity 1", exact=True).count() == 0  # in it already
    tab.get_by_role("link", name="Add to your plan: Activity 5").click()
    tab.wait_for_selector(".planner-pack[data-ready]", state="attached")
    assert [r.split(" (")[0][15:] for r in agenda(tab)] == [title(1), title(5)]
    assert tab.get_by_label("How many people will take part").input_value() == "8"
    assert in_view(tab, "#your-plan")
    # After Back, the list shows what its filters, put back by the browser, say.
    tab.goto(server + "activities/", wait_until="load")
    tab.get_by_label("Up to 45 minutes").check()
    short = [n for n, p in sorted(ACTIVITIES.items()) if p.meta["duration"] <= 45]
    tab.goto(server + "glossary/", wait_until="load")
    tab.go_back(wait_until="load")
    assert tab.get_by_label("Up to 45 minutes").is_checked()
    assert shown_rows(tab) == short and len(short) < len(ACTIVITIES)
    assert tab.locator(".activity-filters__count").inner_text() == \
        f"Showing {len(short)} of {len(ACTIVITIES)} activities."
    assert tab.get_by_role("link", name="Plan a session: Activity 1", exact=True).count() == 1


@pytest.mark.browser
def test_on_a_touch_screen_the_order_changes_by_dragging(server, browser):
    context = browser.new_context(locale="en-GB", viewport={"width": 400, "height": 800}, has_touch=True, is_mobile=True)
    page = context.new_page()
    try:
        page.goto(server + "plan/#start=10:00&people=8&large=0&item=1&item=2&item=3", wait_until="load")
        page.wait_for_selector(".planner-pack[data-ready]", state="attached")
        grip = page.locator(".planner-agenda > li").nth(2).locator(".planner-grip")
        grip.scroll_into_view_if_needed()
        a, b = grip.bounding_box(), page.locator(".planner-agenda > li").nth(0).bounding_box()
        cdp = context.new_cdp_session(page)
        x, y = a["x"] + a["width"] / 2, a["y"] + a["height"] / 2
        cdp.send("Input.dispatchTouchEvent", {"type": "touchStart", "touchPoints": [{"x": x, "y": y}]})
        for step in range(1, 6):
            cdp.send("Input.dispatchTouchEvent", {"type": "touchMove", "touchPoints": [
                {"x": x, "y": y + (b["y"] + 10 - y) * step / 5}]})
        cdp.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})
        assert [r.split(" (")[0][15:] for r in agenda(page)] == [title(3), title(1), title(2)]
        assert page.locator(".planner-status").inner_text().startswith(f"Moved {title(3)} to number 1 of 3.")
    finally:
        context.close()
