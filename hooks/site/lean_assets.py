"""The site's own stylesheets and scripts are served without their comments (issue 19).

The comments in docs/assets/css and docs/assets/js explain each rule to the people who change
them; a reader's browser has no use for them. Taking them out of the built copies saves about
2.7 KB gzip of every page's first load (budget: 80 KB), which pays for the keyboard menu's
script and styles. Only whole comments go: in CSS every /* ... */; in JavaScript only those
that start a line, so that nothing inside a string or an expression is touched. The files in
docs/ keep their comments.

Its adapter, hooks/mkdocs_lean_assets.py, runs first among the post-build hooks, before the
PDFs and the offline copy are made.
"""

from __future__ import annotations

import re
from pathlib import Path

CSS_COMMENT = re.compile(r"/\*.*?\*/", re.S)
JS_LINE_COMMENT = re.compile(r"^[ \t]*/\*.*?\*/[ \t]*\n", re.S | re.M)
BLANK_LINES = re.compile(r"\n\s*\n")


def lean(text: str, suffix: str) -> str:
    text = CSS_COMMENT.sub("", text) if suffix == ".css" else JS_LINE_COMMENT.sub("", text)
    return BLANK_LINES.sub("\n", text).strip() + "\n"


def lean_site(site_dir: Path) -> None:
    """Take the comments out of the built site's own CSS and JS (assets/css, assets/js)."""
    site = site_dir / "assets"
    for folder, suffix in (("css", ".css"), ("js", ".js")):
        for path in sorted((site / folder).glob("*" + suffix)):
            text = path.read_text(encoding="utf-8")
            path.write_text(lean(text, suffix), encoding="utf-8")
