"""The site's own CSS and JS are served without their comments (hooks/site/lean_assets.py), and
with every rule and every line of code they had."""

from __future__ import annotations

import re

from conftest import ROOT
from hooks.site.lean_assets import lean

OWN = sorted((ROOT / "docs" / "assets").glob("css/*.css")) + sorted((ROOT / "docs" / "assets").glob("js/*.js"))


def _bare(text: str) -> str:
    """The text with every comment and every space taken out: what the browser runs."""
    return re.sub(r"\s+", "", re.sub(r"/\*.*?\*/", "", text, flags=re.S))


def test_lean_takes_out_comments_and_nothing_else():
    for path in OWN:
        text = path.read_text(encoding="utf-8")
        out = lean(text, path.suffix)
        assert _bare(out) == _bare(text), f"{path.name}: lean() changed more than comments"
        assert len(out) < len(text), path.name
        if path.suffix == ".css":
            assert "/*" not in out, path.name


def test_the_built_site_serves_them_lean(site):
    # hooks/mkdocs_planner.py already trims the planner's and the activity list's own files.
    for path in OWN:
        built = (site / path.relative_to(ROOT / "docs")).read_text(encoding="utf-8")
        if path.suffix == ".css":
            assert "/*" not in built, path.name
        if path.name in ("toolkit.css", "toolkit.js"):
            assert built == lean(path.read_text(encoding="utf-8"), path.suffix), path.name
