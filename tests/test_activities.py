"""The activities: every part a facilitator needs, timings that add up, and a clean
A4 print from the browser with the worksheet on its own page."""

from __future__ import annotations

import io
import re

import pytest
from pypdf import PdfReader

from conftest import ROOT
from hooks.content.activity_rules import SECTIONS
from hooks.content.citations import cite_text
from hooks.content.docs_model import read_docs

DOCS = read_docs(ROOT / "docs", shown_root="docs")
ACTIVITIES = DOCS.activities()
IDS = [p.slug for p in ACTIVITIES]
STEP = re.compile(r"^(\d+)\.\s+\*\*(.+?) \((\d+) minutes?\)\.\*\*")
NUMBERED = re.compile(r"^\d+\.\s")


def section_text(page, heading_text: str) -> str:
    heading = next(h for h in page.headings if h.text == heading_text and h.level == 2)
    lines = (ROOT / "docs" / page.src).read_text(encoding="utf-8").splitlines()
    return "\n".join(lines[heading.line: page.section_end(heading)])


def test_the_activities_are_numbered_in_order_from_one():
    numbers = [p.meta["number"] for p in ACTIVITIES]
    assert numbers == list(range(1, len(ACTIVITIES) + 1)), \
        f"activities are numbered {numbers}; number them 1 to {len(ACTIVITIES)}, as their files are"
    assert len(ACTIVITIES) >= 12  # the toolkit's twelve, and any added since


@pytest.mark.parametrize("page", ACTIVITIES, ids=IDS)
def test_activity_has_every_part_in_order(page):
    assert [h.text for h in page.headings if h.level == 2] == list(SECTIONS)
    for key in ("number", "title", "description", "aim", "section", "duration", "group_size",
                "materials", "formats"):
        assert page.meta.get(key), f"{page.shown}: no {key}"
    assert len(page.meta["description"]) <= 160


@pytest.mark.parametrize("page", ACTIVITIES, ids=IDS)
def test_step_timings_add_up_to_the_stated_duration(page):
    steps = section_text(page, "Steps")
    items = [line for line in steps.splitlines() if NUMBERED.match(line)]
    timed = [STEP.match(line) for line in items]
    assert items and all(timed), f"{page.shown}: every step starts '1. **Name (10 minutes).**'"
    assert [int(m.group(1)) for m in timed] == list(range(1, len(timed) + 1))
    assert sum(int(m.group(3)) for m in timed) == page.meta["duration"]


@pytest.mark.parametrize("page", ACTIVITIES, ids=IDS)
def test_each_step_gives_the_facilitator_words_to_say(page):
    steps = section_text(page, "Steps")
    chunks = re.split(r"^\d+\.\s+\*\*", steps, flags=re.M)[1:]
    assert chunks and all("You could say" in chunk for chunk in chunks)


@pytest.mark.parametrize("page", ACTIVITIES, ids=IDS)
def test_worksheet_has_space_to_write(page):
    sheet = section_text(page, "Worksheet")
    boxes = len(re.findall(r'class="write-in lines-(?:[2-9]|10)"', sheet))
    empty_cells = len(re.findall(r"\|\s+\|", sheet))
    assert boxes + empty_cells >= 2


@pytest.mark.parametrize("page", ACTIVITIES, ids=IDS)
def test_talking_it_through_links_back_to_the_section(page):
    section_path = page.meta["section"].split("#")[0].split("/")[-1]
    assert section_path in section_text(page, "Talking it through")


# --- In a real browser -------------------------------------------------------------------

def _url(page) -> str:
    return page.src[: -len(".md")] + "/"


def _words(text: str) -> str:
    """The words of a printed page, without its page number (printed in the margin)."""
    words = re.sub(r"(?<=\w)- (?=\w)", "-", " ".join(text.split()))  # "co-\nproduction" wraps
    return re.sub(r"^Page \d+ | Page \d+$", "", words)


@pytest.fixture(scope="module")
def printed(browser, server):
    """Each activity page as the browser prints it (print stylesheet, A4)."""
    out = {}
    context = browser.new_context()
    tab = context.new_page()
    for page in ACTIVITIES:
        tab.goto(server + _url(page), wait_until="load")
        out[page.src] = PdfReader(io.BytesIO(tab.pdf(format="A4", print_background=False)))
    context.close()
    return out


@pytest.mark.parametrize("page", ACTIVITIES, ids=IDS)
def test_printed_activity_is_clean_a4_with_the_worksheet_on_a_new_page(page, printed):
    pdf = printed[page.src]
    texts = [_words(p.extract_text()) for p in pdf.pages]
    for p in pdf.pages:
        assert (round(float(p.mediabox.width)), round(float(p.mediabox.height))) == (596, 843)
    assert all(texts), f"{page.shown}: a printed page is blank"
    assert len(texts) >= 2
    # The guide comes first, with its title and the address to find it again.
    assert texts[0].startswith(_words(cite_text(page)))
    assert f"/{_url(page)}" in texts[0].replace(" ", "")  # a long address wraps
    # The worksheet starts at the top of a later page, and appears once.
    heading = _words(f"Worksheet: {page.meta['title']}")
    starts = [i for i, t in enumerate(texts) if t.startswith(heading)]
    assert len(starts) == 1 and starts[0] > 0, f"{page.shown}: worksheet does not start a page"
    assert sum(t.count(heading) for t in texts) == 1
    assert "Name or group:" in texts[starts[0]]
    # No navigation, header, search, footer or buttons.
    for chrome in ("Skip to content", "Table of contents", "Search", "Print this activity",
                   "Part one: an introduction", "Made with", "Text CC BY 4.0"):
        assert not any(chrome in t for t in texts), f"{page.shown}: printed {chrome!r}"


def test_print_keeps_boxes_and_rows_whole_and_black_on_white(browser, server):
    tab = browser.new_page()
    tab.goto(server + "activities/05-mapping-your-assets/")
    tab.emulate_media(media="print", color_scheme="dark")
    styles = tab.evaluate("""() => {
      const s = (el) => getComputedStyle(el);
      const box = document.querySelector('.write-in');
      const row = document.querySelector('.worksheet tr');
      const sheet = document.querySelector('.worksheet');
      const body = document.querySelector('.md-typeset p');
      return {box: s(box).breakInside, row: s(row).breakInside, sheet: s(sheet).breakBefore,
              color: s(body).color, background: s(document.body).backgroundColor,
              align: s(body).textAlign};
    }""")
    tab.close()
    assert styles == {"box": "avoid", "row": "avoid", "sheet": "page", "color": "rgb(0, 0, 0)",
                      "background": "rgb(255, 255, 255)", "align": "left"}


def test_print_button_prints_the_page(browser, server):
    tab = browser.new_page()
    tab.add_init_script("window.__printed = 0; window.print = () => { window.__printed += 1; };")
    tab.goto(server + "activities/09-warning-signs/")
    button = tab.get_by_role("button", name="Print this activity")
    assert button.is_visible()
    button.click()
    assert tab.evaluate("window.__printed") == 1
    tab.close()


@pytest.mark.parametrize("page", ACTIVITIES, ids=IDS)
def test_built_activity_page_links_back_to_its_section(page, site):
    html = (site / _url(page) / "index.html").read_text()
    path, anchor = page.meta["section"].split("#")
    href = "../../" + path[: -len(".md")] + "/#" + anchor
    glance = html[html.index('class="at-a-glance"'):]
    glance = glance[: glance.index("</div>")]
    assert f'href="{href}"' in glance
    assert f"{page.meta['duration']} minutes" in glance


def test_activities_index_lists_every_activity_from_front_matter(site):
    html = (site / "activities" / "index.html").read_text()
    # Each row and cell also carries its facts and its column's name, for the filters and the
    # card layout (hooks/planner/activity_filters.py).
    rows = re.findall(r"<tr[^>]*>\s*<td[^>]*>(\d+)</td>\s*<td[^>]*><a href=\"([^\"]+)\">(.+?)</a></td>\s*"
                      r"<td[^>]*>(\d+) minutes</td>", html)
    assert [(int(n), href, int(mins)) for n, href, _, mins in rows] == [
        (p.meta["number"], p.slug + "/", p.meta["duration"]) for p in ACTIVITIES]
