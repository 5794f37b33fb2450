"""The MkDocs side of the check-up (issue 22): a thin adapter over hooks/content/check_up.py.

- on the check-up page (docs/check-up.md), puts the form of statements where the page says
  ``<!-- check-up -->``, and writes what its result needs as a script of its own
  (assets/check-up/data.js), which the page loads once there is an answer: its first load
  stays small (80 KB);
- on a form page, the statements as a paper form where it says ``<!-- check-up:sheet -->``,
  ``<!-- check-up:tally -->`` or ``<!-- check-up:easy-read -->`` (then hooks/worksheets/forms.py and the
  worksheet pipeline print it and make its Word and OpenDocument files);
- loads the check-up's script and styles on its own page only, and serves them minified.

The statements are checked by the citation check (hooks/content/citations.py runs
``check_check_up``), whose findings hooks/mkdocs_toolkit.py logs: they are not logged twice.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from mkdocs.utils import get_relative_url

from hooks.content.check_up import (
    CHECK_UP_PAGE, DATA_SCRIPT, MARKER, SHEET_MARKER, SHEETS, Area, check_up_data, check_up_html,
    data_script, read_check_up, sheet_markdown,
)
from hooks.content.docs_model import Docs, read_docs
from hooks.planner.planner import DEFAULTS, squeeze

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files
    from mkdocs.structure.pages import Page

ASSETS = ("assets/css/check-up.css", "assets/js/check-up.js")
# Drawn once there is an answer, loaded then with the result's data (DATA_SCRIPT).
MORE_SCRIPT = "assets/js/check-up-result.js"
PLAN_PAGE = "plan.md"
# The forms the check-up's page and result link to, by their 'form:' name.
FORMS = {"check-up": "forms/check-up.md", "check-up-tally": "forms/check-up-tally.md",
         "check-up-easy-read": "forms/check-up-easy-read.md", "you-said-we-did": "forms/you-said-we-did.md"}
_docs: Docs | None = None
_areas: list[Area] = []
_script: str = ""  # the result's data, written after the build (DATA_SCRIPT)


def on_pre_build(config: MkDocsConfig) -> None:
    global _docs, _areas, _script
    _script = ""
    _docs = read_docs(Path(config.docs_dir))
    _areas, _ = read_check_up(_docs)  # any finding is logged by the citation check


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    if not _areas:
        return markdown
    for kind in SHEETS:
        marker = SHEET_MARKER.format(kind=kind)
        if marker in markdown:
            markdown = markdown.replace(marker, sheet_markdown(_areas, kind), 1)
    return markdown


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    if _docs is None or not _areas or page.file.src_uri != CHECK_UP_PAGE or MARKER not in html:
        return html

    def link(src: str, anchor: str = "") -> str:
        target = files.get_file_from_path(src)
        url = target.url_relative_to(page.file) if target is not None else ""
        return url + (f"#{anchor}" if anchor else "")

    global _script
    data = check_up_data(_areas, _docs, link, link, link(PLAN_PAGE),
                         {name: link(src) for name, src in FORMS.items()},
                         {k: DEFAULTS[k] for k in ("start", "people", "large")})
    _script = data_script(data)
    form = check_up_html(_areas, {"data": get_relative_url(DATA_SCRIPT, page.url),
                                  "more": get_relative_url(MORE_SCRIPT, page.url)}, link(FORMS["check-up"]))
    return html.replace(MARKER, form, 1)


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    if page.file.src_uri != CHECK_UP_PAGE:
        return output
    css, js = (get_relative_url(path, page.url) for path in ASSETS)
    return (output.replace("</head>", f'<link rel="stylesheet" href="{css}">\n</head>', 1)
            .replace("</body>", f'<script src="{js}"></script>\n</body>', 1))


def on_post_build(config: MkDocsConfig) -> None:
    site = Path(config.site_dir)
    if _script:
        (site / DATA_SCRIPT).parent.mkdir(parents=True, exist_ok=True)
        (site / DATA_SCRIPT).write_text(_script, encoding="utf-8")
    for path in (*ASSETS, MORE_SCRIPT):
        if (site / path).is_file():
            text = (site / path).read_text(encoding="utf-8")
            (site / path).write_text(squeeze(text, path.rsplit(".", 1)[1]), encoding="utf-8")
