"""Run sheets: one A4 page per activity, made by the build from the activity's own page
(hooks/planner/run_sheets.py): folded on the page, printed first in the activity's PDF."""

from __future__ import annotations

import html
import re

import pytest
from pypdf import PdfReader

from conftest import ROOT
from hooks.content.citations import cite_text
from hooks.content.docs_model import read_docs
from hooks.planner.run_sheets import SUMMARY, insert_run_sheet, run_sheet, steps

# One test process takes the whole file (make test runs two):
# its tests share the text of every activity PDF.
pytestmark = pytest.mark.xdist_group("run_sheets")


DOCS = read_docs(ROOT / "docs", shown_root="docs")
ACTIVITIES = DOCS.activities()
IDS = [p.slug for p in ACTIVITIES]


def source(page) -> str:
    return (ROOT / "docs" / page.src).read_text(encoding="utf-8")


def words(text: str) -> str:
    """A printed page's words on one line, without its page number; "co-\\nproduction" rejoined."""
    text = re.sub(r"(?<=\w)- (?=\w)", "-", " ".join(text.split()))
    return re.sub(r"^\d+ ", "", text)


@pytest.mark.parametrize("page", ACTIVITIES, ids=IDS)
def test_every_step_has_its_minutes_and_its_words_to_say(page):
    found = steps(source(page))
    assert [s.number for s in found] == list(range(1, len(found) + 1))
    assert sum(s.minutes for s in found) == page.meta["duration"]
    assert all(s.say.startswith("You could say:") and s.say.endswith('"') for s in found)


@pytest.mark.parametrize("page", ACTIVITIES, ids=IDS)
def test_run_sheet_says_aim_time_group_what_you_need_and_each_step(page):
    sheet = run_sheet(page, source(page))
    meta = page.meta
    assert f'data-title="Run sheet: {html.escape(cite_text(page))}"' in sheet
    for fact in (meta["aim"], f"{meta['duration']} minutes", meta["group_size"], *meta["materials"]):
        assert fact in sheet, fact
    start = 0
    for step in steps(source(page)):
        line = f"{step.number}. **{step.name}**, {step.minutes} minutes (minute {start} to " \
               f"{start + step.minutes}). {step.say}"
        assert line in sheet
        start += step.minutes


def test_run_sheet_goes_before_the_session_and_nothing_else_moves():
    page = next(p for p in ACTIVITIES if p.meta["number"] == 5)
    text = source(page)
    out = insert_run_sheet(text, page)
    assert out.replace(run_sheet(page, text) + "\n", "") == text
    assert out.index('<details class="run-sheet"') < out.index("## Before the session")
    assert out.index("## Steps") > out.index("## Before the session")


def test_a_page_without_timed_steps_gets_no_run_sheet():
    page = ACTIVITIES[0]
    text = "## Before the session\n\n- Read.\n\n## Steps\n\n1. Talk.\n"
    assert run_sheet(page, text) == "" and insert_run_sheet(text, page) == text


@pytest.mark.parametrize("page", ACTIVITIES, ids=IDS)
def test_activity_page_shows_the_run_sheet_folded_and_out_of_search(site, page):
    html = (site / page.src[:-3] / "index.html").read_text()
    m = re.search(r'<details class="run-sheet"([^>]*)>\s*<summary>(.*?)</summary>', html)
    assert m, "no run sheet"
    assert " open" not in m.group(1) and "data-search-exclude" in m.group(1)
    assert m.group(2) == SUMMARY
    assert html.index('class="at-a-glance"') < m.start() < html.index('id="before-the-session"')


@pytest.fixture(scope="module")
def pdf_pages(site):
    out = {}
    for page in ACTIVITIES:
        reader = PdfReader(site / "downloads" / f"activity-{page.slug}.pdf")
        out[page.src] = [words(p.extract_text()) for p in reader.pages]
    return out


@pytest.mark.parametrize("page", ACTIVITIES, ids=IDS)
def test_activity_pdf_starts_with_its_run_sheet_on_one_page(pdf_pages, page):
    pages = pdf_pages[page.src]
    first = pages[0]
    assert first.startswith(words(f"Run sheet: {cite_text(page)}"))
    # The whole run sheet is on the first page: its last step and the words to say with it.
    last = steps(source(page))[-1]
    assert words(re.sub(r"[*_`]", "", last.say)).replace(" ", "")[-60:] in first.replace(" ", "")
    for step in steps(source(page)):
        assert words(f"{step.number}. {re.sub(r'[*_`]', '', step.name)}, {step.minutes} minutes") in first
    # ...and the guide starts the second page.
    assert pages[1].startswith(words(cite_text(page)))


def test_the_books_and_the_worksheet_pack_leave_the_run_sheets_out(site):
    for name in ("co-production-toolkit.pdf", "worksheets.pdf"):
        text = " ".join(p.extract_text() for p in PdfReader(site / "downloads" / name).pages)
        assert "Run sheet" not in text, name
