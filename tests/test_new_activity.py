"""Adding an activity (issue 21): the path CONTRIBUTING describes, tried on a copy of the
toolkit. A thirteenth activity that is only half added is named by the content check with the
file and line of each missing step; one added in full reaches everything made from the
activities, with nothing else to change: the count on the home page, the list and its
filters, the planner and its ready-made series, Downloads and the PDFs."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from hooks.content.docs_model import read_docs
from hooks.rules import check_docs
from sites import NEW, TITLE, add_activity_file, add_to_menu_and_series, cite_it, copy_toolkit

def line_of(path: Path, text: str) -> int:
    return next(i for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if text in line)


def test_a_half_added_activity_is_named_with_the_file_and_line_of_each_missing_step(tmp_path):
    site = copy_toolkit(tmp_path / "toolkit")
    add_activity_file(site)
    found = [str(f) for f in check_docs(read_docs(site / "docs", shown_root="docs"), site / "mkdocs.yml")]
    chapter = site / "docs/part-2/03-inclusive-approach.md"
    assert found == [
        f"docs/part-2/03-inclusive-approach.md:{line_of(chapter, '## Asset mapping')}: section "
        f'"Asset mapping" does not cite Activity 13 "{TITLE}" ({NEW}); add the activity block to it: '
        f"[Activity 13: {TITLE}](../{NEW})",
        f"docs/plan.md:{line_of(site / 'docs/plan.md', 'ready_made:')}: ready-made series 'series' says it "
        "holds every activity, but Activity 13 is in none of its sessions; add each to a session",
        f"mkdocs.yml:{line_of(site / 'mkdocs.yml', 'activities/12-planning-your-journey.md')}: {NEW} is not "
        "in the menu (nav); add '- activities/13-checking-your-assets.md' after this line, in the order "
        "of the activities' numbers",
    ]
    cite_it(site)
    add_to_menu_and_series(site)
    assert check_docs(read_docs(site / "docs", shown_root="docs"), site / "mkdocs.yml") == []


@pytest.mark.slow
def test_a_thirteenth_activity_reaches_the_list_the_planner_downloads_and_the_pdfs(maintainers_build):
    out = maintainers_build
    home = (out / "index.html").read_text(encoding="utf-8")
    assert "There are <a" in home and ">thirteen activities</a>" in home
    listing = (out / "activities/index.html").read_text(encoding="utf-8")
    # Its row, with the facts the filters read.
    assert re.search(r'<tr data-activity="13" data-minutes="60" data-formats="room video phone-or-post" '
                     r'data-min="4" data-max="16"[^>]*>\s*<td[^>]*>13</td>\s*<td[^>]*>'
                     r'<a href="13-checking-your-assets/">Checking your assets</a>', listing)
    planner = (out / "plan/index.html").read_text(encoding="utf-8")
    data = json.loads(re.search(r'<script type="application/json" id="planner-data">(.*?)</script>',
                                planner, re.S).group(1))
    assert [a["n"] for a in data["activities"]][-1] == 13
    assert [13 in p["items"] for p in data["plans"]].count(True) == 1
    assert (out / "assets/planner/activity-13.js").is_file()
    downloads = (out / "downloads/index.html").read_text(encoding="utf-8")
    for name in ("activity-13-checking-your-assets.pdf", "worksheet-13-checking-your-assets.pdf",
                 "worksheet-13-checking-your-assets-large-print.pdf", "worksheet-13-checking-your-assets.docx",
                 "worksheet-13-checking-your-assets.odt"):
        assert (out / "downloads" / name).is_file(), name
        assert name in downloads, name
    book = " ".join((p.extract_text() or "") for p in PdfReader(out / "downloads/co-production-toolkit.pdf").pages)
    assert f"Activity 13: {TITLE}" in " ".join(book.split())
    pack = PdfReader(out / "downloads/worksheets.pdf")
    assert any(f"Worksheet: {TITLE}" in " ".join((p.extract_text() or "").split()) for p in pack.pages)
