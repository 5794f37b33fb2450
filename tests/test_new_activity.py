"""Adding an activity (issue 21): the path CONTRIBUTING describes, tried on a copy of the
toolkit. A thirteenth activity that is only half added is named by the content check with the
file and line of each missing step; one added in full reaches everything made from the
activities, with nothing else to change: the count on the home page, the list and its
filters, the planner and its ready-made series, Downloads and the PDFs."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from pypdf import PdfReader

from conftest import ROOT, mkdocs_build
from hooks.content.docs_model import read_docs
from hooks.rules import check_docs

NEW = "activities/13-checking-your-assets.md"
TITLE = "Checking your assets"


def copy_toolkit(dest: Path) -> Path:
    for name in ("docs", "overrides", "includes"):
        shutil.copytree(ROOT / name, dest / name)
    for name in ("mkdocs.yml", "search-words.yml"):
        shutil.copy2(ROOT / name, dest / name)
    (dest / "hooks").symlink_to(ROOT / "hooks")  # the code is the toolkit's own, unchanged
    return dest


def add_activity_file(site: Path) -> None:
    """Step 1: the activity's own page, from a copy of Activity 5's, numbered 13."""
    text = (site / "docs/activities/05-mapping-your-assets.md").read_text(encoding="utf-8")
    text = text.replace("number: 5\n", "number: 13\n", 1).replace(
        "title: Mapping your assets\n", f"title: {TITLE}\n", 1)
    (site / "docs" / NEW).write_text(text, encoding="utf-8")


def cite_it(site: Path) -> None:
    """Step 2: its section of part two links to it."""
    chapter = site / "docs/part-2/03-inclusive-approach.md"
    text = chapter.read_text(encoding="utf-8")
    cite = "    [Activity 5: Mapping your assets](../activities/05-mapping-your-assets.md)\n"
    chapter.write_text(text.replace(cite, cite + f"\n    [Activity 13: {TITLE}](../{NEW})\n", 1),
                       encoding="utf-8")


def add_to_menu_and_series(site: Path) -> None:
    """Steps 3 and 4: the menu in mkdocs.yml, and a session of the series that holds every activity."""
    config = site / "mkdocs.yml"
    last = "      - activities/12-planning-your-journey.md\n"
    config.write_text(config.read_text(encoding="utf-8").replace(last, last + f"      - {NEW}\n", 1),
                      encoding="utf-8")
    plan = site / "docs/plan.md"
    plan.write_text(plan.read_text(encoding="utf-8").replace(
        '      - [11, "Tea break, 15 minutes", 12]\n', '      - [11, "Tea break, 15 minutes", 12, 13]\n', 1),
        encoding="utf-8")


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
def test_a_thirteenth_activity_reaches_the_list_the_planner_downloads_and_the_pdfs(tmp_path):
    site = copy_toolkit(tmp_path / "toolkit")
    add_activity_file(site)
    cite_it(site)
    add_to_menu_and_series(site)
    out = tmp_path / "site"
    result = mkdocs_build(site, out)
    assert result.returncode == 0, result.stderr[-3000:]
    home = (out / "index.html").read_text(encoding="utf-8")
    assert "There are <a" in home and ">thirteen activities</a>" in home
    listing = (out / "activities/index.html").read_text(encoding="utf-8")
    assert re.search(r'<td[^>]*>13</td>\s*<td[^>]*><a href="13-checking-your-assets/">Checking your assets</a>',
                     listing)
    assert 'data-formats="room video phone-or-post"' in listing.split("13-checking-your-assets/")[0].rsplit("<tr", 1)[1]
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
    assert sum(1 for p in pack.pages if (p.extract_text() or "").lstrip().startswith(f"Worksheet: {TITLE}")) == 1
