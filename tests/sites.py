"""Make fixture sites for the tests: the good site, with a broken fixture laid over it; and
a copy of the toolkit with a thirteenth activity added, as CONTRIBUTING says.

A broken fixture (tests/fixtures/broken/NAME/) holds only what differs from the good site:
files that replace or add to it, ``remove.txt`` (paths to delete, one a line) and
``expected.txt`` (the exact findings the citation check must report, one a line).
"""

from __future__ import annotations

import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
GOOD = FIXTURES / "good"
BROKEN = FIXTURES / "broken"
META_FILES = {"remove.txt", "expected.txt"}


def broken_names() -> list[str]:
    return sorted(p.name for p in BROKEN.iterdir() if p.is_dir())


def make_site(dest: Path, broken: str | None = None) -> Path:
    """Copy the good site to ``dest`` (with the hook path filled in) and apply ``broken``."""
    shutil.copytree(GOOD, dest)
    config = dest / "mkdocs.yml"
    config.write_text(config.read_text().replace("{hooks}", str(ROOT / "hooks")))
    if broken:
        overlay = BROKEN / broken
        for rel in _lines(overlay / "remove.txt"):
            (dest / rel).unlink()
        for path in overlay.rglob("*"):
            if path.is_file() and path.name not in META_FILES:
                target = dest / path.relative_to(overlay)
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(path, target)
    return dest


def expected(broken: str) -> list[str]:
    return _lines(BROKEN / broken / "expected.txt")


def _lines(path: Path) -> list[str]:
    if not path.exists():
        return []
    return [line for line in path.read_text().splitlines() if line.strip()]


# --- A new activity, added as CONTRIBUTING says (tests/test_new_activity.py) ---------------

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
