"""The MkDocs side of the session planner, the run sheets and the activity filters: a thin
adapter over hooks/planner/planner.py, hooks/planner/run_sheets.py and hooks/planner/activity_filters.py.

- on each activity page, puts its run sheet (folded) before "## Before the session";
- on the activities list, the filters above the table, and each row's facts (its script adds
  each activity to the plan the planner sent it, hooks/planner/activity_filters.py);
- on the planner page (docs/plan.md), the form and its data; there and on
  the home page, the ready-made plans (each problem in them a WARNING, so strict mode fails the
  build; each says when it does not work by phone or post);
- keeps from each activity page what the planner's pack prints, and writes it after the build
  as one small script per activity (assets/planner/), loaded only when the activity is chosen;
- loads the planner's and the filters' scripts and styles on their own pages only, and serves
  them minified (hooks/planner/planner.py, ``squeeze``).

Listed before mkdocs_toolkit.py in mkdocs.yml: the filters wrap the list's marker before that
hook fills it in.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from mkdocs.utils import get_relative_url

from hooks.planner.activity_filters import FILTERS_MARKER, filters_form, mark_rows
from hooks.content.activity_pages import LIST_MARKER
from hooks.content.docs_model import Docs, _is_activity, read_docs
from hooks.content.docs_model import Page as Model
from hooks.planner.planner import (
    FORM_MARKER, MORE_SCRIPT, PLAN_PAGE, PLANS_MARKER, Plan, capture_pack, pack_file, pack_for,
    pack_script, planner_data, planner_form, read_plans, ready_made_markdown, squeeze,
)
from hooks.print.pdf_render import BOOK_CSS
from hooks.planner.run_sheets import insert_run_sheet

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files
    from mkdocs.structure.pages import Page

log = logging.getLogger("mkdocs.plugins.planner")
ACTIVITIES_INDEX = "activities/index.md"
# Each page's own styles and scripts.
BOOK_CSS_URL = "assets/css/book.css"
PAGE_ASSETS = {
    PLAN_PAGE: ("assets/css/planner.css", "assets/js/planner.js"),
    ACTIVITIES_INDEX: ("assets/css/activity-list.css", "assets/js/activity-filters.js"),
}
_docs: Docs | None = None
_plans: list[Plan] = []
_plan_url: str | None = None
_packs: dict[int, tuple[Model, str, dict]] = {}  # activity number -> (its page, url, pack parts)


def on_pre_build(config: MkDocsConfig) -> None:
    global _docs, _plans
    _docs = read_docs(Path(config.docs_dir))
    _packs.clear()
    _plans = []
    page = _docs.pages.get(PLAN_PAGE)
    if page is not None:
        _plans = read_plans(page, _docs)[0]  # its findings stop the build first (hooks/rules.py)


def on_files(files: Files, config: MkDocsConfig) -> Files:
    global _plan_url
    plan = files.get_file_from_path(PLAN_PAGE)
    _plan_url = plan.url if plan is not None else None
    return files


def _durations() -> dict[int, int]:
    return {p.meta.get("number"): p.meta.get("duration") or 0 for p in _docs.activities()} if _docs else {}


def _activity(src: str) -> Model | None:
    """The activity page at src, if it is one with a number."""
    model = _docs.pages.get(src) if _docs else None
    return model if model is not None and _is_activity(src) and "number" in model.meta else None


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    if _docs is None:
        return markdown
    src = page.file.src_uri
    model = _activity(src)
    if model is not None:
        markdown = insert_run_sheet(markdown, model)
    if src == ACTIVITIES_INDEX and LIST_MARKER in markdown:
        markdown = markdown.replace(LIST_MARKER, f"{FILTERS_MARKER}\n\n<div class=\"activity-list\" "
                                    f"markdown>\n\n{LIST_MARKER}\n\n</div>", 1)
    if PLANS_MARKER in markdown and _plans:
        here = src == PLAN_PAGE
        link = "" if here else get_relative_url(PLAN_PAGE, src)
        # The plans repeat the activities' numbers and the planner's name: search skips them.
        formats = {p.meta.get("number"): list(p.meta.get("formats", [])) for p in _docs.activities()}
        listing = ready_made_markdown(_plans, _durations(), link, ids=here, formats=formats)
        markdown = markdown.replace(PLANS_MARKER, f"<div class=\"ready-made\" data-search-exclude=\"\" "
                                    f"markdown>\n\n{listing}\n</div>")
    return markdown


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    if _docs is None:
        return html
    src = page.file.src_uri
    model = _activity(src)
    if model is not None:
        _packs[model.meta["number"]] = (model, page.url, capture_pack(html))
    if src == ACTIVITIES_INDEX and FILTERS_MARKER in html:
        plan = files.get_file_from_path(PLAN_PAGE)
        to_plan = plan.url_relative_to(page.file) if plan else ""
        html = html.replace(FILTERS_MARKER, filters_form(_docs, to_plan), 1)
        start = html.find('<div class="activity-list">')
        if start >= 0:
            html = html[:start] + mark_rows(html[start:], _docs)
    if src == PLAN_PAGE and FORM_MARKER in html:
        urls, packs = {}, {}
        for activity in _docs.activities():
            number = activity.meta.get("number")
            target = files.get_file_from_path(activity.src)
            if target is not None:
                urls[number] = target.url_relative_to(page.file)
            packs[number] = get_relative_url(pack_file(number), page.url)
        listing = files.get_file_from_path(ACTIVITIES_INDEX)
        data = planner_data(_docs, _plans, urls, packs, get_relative_url(MORE_SCRIPT, page.url),
                            get_relative_url(BOOK_CSS_URL, page.url))
        html = html.replace(FORM_MARKER, planner_form(
            _docs, data, listing.url_relative_to(page.file) if listing else "../activities/"), 1)
    return html


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    assets = PAGE_ASSETS.get(page.file.src_uri)
    if assets is None:
        return output
    urls = [get_relative_url(path, page.url) for path in assets]
    css = "".join(f'<link rel="stylesheet" href="{u}">\n' for u in urls if u.endswith(".css"))
    js = "".join(f'<script src="{u}"></script>\n' for u in urls if u.endswith(".js"))
    return output.replace("</head>", css + "</head>", 1).replace("</body>", js + "</body>", 1)


def on_post_build(config: MkDocsConfig) -> None:
    site = Path(config.site_dir)
    for path in {p for paths in PAGE_ASSETS.values() for p in paths} | {MORE_SCRIPT}:
        if (site / path).is_file():
            text = (site / path).read_text(encoding="utf-8")
            (site / path).write_text(squeeze(text, path.rsplit(".", 1)[1]), encoding="utf-8")
    # The PDFs' print styles (hooks/print/book.css), for the pack; without comments and spaces.
    (site / BOOK_CSS_URL).parent.mkdir(parents=True, exist_ok=True)
    (site / BOOK_CSS_URL).write_text(squeeze(BOOK_CSS.read_text(encoding="utf-8"), "css"), encoding="utf-8")
    if _plan_url is None:
        return
    for number, (model, url, captured) in sorted(_packs.items()):
        target = site / pack_file(number)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(pack_script(number, pack_for(model, captured, url, _plan_url)), encoding="utf-8")
