"""The citation check, on fixture sites: one good, and one broken for each rule.

Each broken fixture (tests/fixtures/broken/NAME) says in expected.txt exactly what must be
reported, with file and line. The check must report just that, both from the command line
and as MkDocs warnings that fail a strict build.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, mkdocs_build
from sites import broken_names, expected, make_site

RULES = {
    "numbering-gap", "numbering-duplicate", "front-matter-missing-key", "front-matter-malformed",
    "section-missing-page", "section-missing-anchor", "section-not-cited", "cite-wrong-title",
    "chapter-without-activity", "front-matter-wrong-type", "front-matter-group-size",
    "front-matter-unclosed-quote", "check-up-statement-without-chapter", "check-up-statement-without-activity",
}


def run_check(site_dir):
    """The content check as make check runs it (hooks/rules.py), in the fixture site."""
    return subprocess.run([sys.executable, "-m", "hooks.rules", "docs"], cwd=site_dir,
                          capture_output=True, text=True, timeout=60)


def test_every_rule_has_a_broken_fixture():
    assert RULES <= set(broken_names())


def test_good_fixture_passes_the_check(tmp_path):
    site = make_site(tmp_path / "good")
    result = run_check(site)
    assert result.returncode == 0, result.stdout
    assert result.stdout == ""
    assert "content check: 0 findings" in result.stderr


@pytest.mark.slow
def test_good_fixture_builds_with_generated_activity_parts(tmp_path):
    site = make_site(tmp_path / "good")
    result = mkdocs_build(site, tmp_path / "out")
    assert result.returncode == 0, result.stderr
    page = (tmp_path / "out" / "activities" / "02-sharing-the-work" / "index.html").read_text()
    assert re.search(r"<h1[^>]*>Activity 2: Sharing the work</h1>", page)
    # The link back to the section, made from the front matter.
    assert 'href="../../part-2/01-first-chapter/#working-together"' in page
    assert ">1. First chapter: Working together</a>" in page
    assert "20 minutes" in page and "In the room and by phone or post" in page
    assert "Worksheet: Sharing the work" in page
    index = (tmp_path / "out" / "activities" / "index.html").read_text()
    rows = re.findall(r"<tr>\s*<td>(\d+)</td>\s*<td><a href=\"([^\"]+)\">([^<]+)</a>", index)
    assert rows == [("1", "01-saying-hello/", "Saying hello"),
                    ("2", "02-sharing-the-work/", "Sharing the work")]


@pytest.mark.parametrize("name", broken_names())
def test_broken_fixture_is_reported_from_the_command_line(tmp_path, name):
    site = make_site(tmp_path / name, broken=name)
    result = run_check(site)
    assert result.returncode == 1
    assert result.stdout.splitlines() == expected(name)


@pytest.mark.slow
@pytest.mark.parametrize("name", broken_names())
def test_broken_fixture_fails_the_build_before_any_page_is_made(tmp_path, name):
    # The build stops as soon as it has read docs/ (issue 21): each finding, with its file and
    # line, then one line saying nothing was built; no page is written.
    site = make_site(tmp_path / name, broken=name)
    result = mkdocs_build(site, tmp_path / "out")
    assert result.returncode == 1
    for line in expected(name):
        assert f"ERROR   -  {line}" in result.stderr
    assert "in docs/, each above with its file and line" in result.stderr
    assert "Nothing was built." in result.stderr
    assert not list((tmp_path / "out").rglob("*.html"))
    assert "Traceback" not in result.stderr


def test_check_names_a_missing_docs_folder(tmp_path):
    result = run_check(tmp_path)
    assert result.returncode == 2
    assert result.stderr.strip() == "docs: no such folder; give the path of the docs folder"


@pytest.mark.slow
def test_broken_anchor_fails_the_strict_build(tmp_path):
    site = make_site(tmp_path / "site")
    page = site / "docs" / "index.md"
    page.write_text(page.read_text() + "\nSee [the start](part-2/01-first-chapter.md#no-such-heading).\n")
    result = mkdocs_build(site, tmp_path / "out")
    assert result.returncode == 1
    assert "'part-2/01-first-chapter.md#no-such-heading'" in result.stderr
    assert "does not contain an anchor '#no-such-heading'" in result.stderr


@pytest.mark.long
@pytest.mark.slow
def test_make_build_fails_on_a_broken_toolkit_and_keeps_the_old_site(tmp_path):
    """The real toolkit, with one citation removed, built exactly as `make build` runs it."""
    copy = tmp_path / "repo"
    copy.mkdir()
    for name in ("docs", "hooks", "overrides", "includes"):
        shutil.copytree(ROOT / name, copy / name)
    for name in ("mkdocs.yml", "Makefile", "requirements.lock", "pyproject.toml", "search-words.yml"):
        shutil.copy2(ROOT / name, copy / name)
    chapter = copy / "docs" / "part-2" / "03-inclusive-approach.md"
    text = chapter.read_text()
    cite = "[Activity 5: Mapping your assets](../activities/05-mapping-your-assets.md)"
    assert cite in text
    chapter.write_text(text.replace(cite, "Mapping your assets"))
    heading_line = text[: text.index("## Asset mapping")].count("\n") + 1
    (copy / "site").mkdir()
    (copy / "site" / "index.html").write_text("the last good build")

    venv = Path(sys.prefix)  # the set-up environment these tests run in
    # -o: never install into the shared environment from the copy (pip would point the
    # project's own install at this folder, which is deleted after the test).
    result = subprocess.run(["make", "build", f"VENV={venv}", "-o", f"{venv}/.installed"], cwd=copy,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode != 0
    output = result.stdout + result.stderr
    assert (f'docs/part-2/03-inclusive-approach.md:{heading_line}: section "Asset mapping" does not '
            'cite Activity 5 "Mapping your assets" (activities/05-mapping-your-assets.md)') in output
    assert (copy / "site" / "index.html").read_text() == "the last good build"
    assert not (copy / ".site-build").exists()
