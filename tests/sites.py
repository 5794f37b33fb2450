"""Make fixture sites for the tests: the good site, with a broken fixture laid over it.

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
