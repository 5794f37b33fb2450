"""The MkDocs side of the toolkit's build: a thin adapter over the pure modules beside it.

- on every build, runs the citation check and logs each finding as a WARNING on the
  ``mkdocs.plugins.toolkit`` logger, so that ``strict: true`` fails the build and lists
  every finding at once;
- on each activity page, adds the title, the "At a glance" box, the link back to its
  section and the worksheet's header and footer, all from the page's front matter;
- on each form page (hooks/worksheets/forms.py), puts the form in a worksheet's block;
- on the activities index, fills in the list of activities;
- on each activity page's HTML, marks the sections that repeat on every activity so the
  search index leaves them out (the search budget: README, "Figures"), and its print furniture;
  on every page, the cross-references (activity blocks, "Read more:" lines); and the activities
  list, which repeats the activities' titles and front matter;
- tidies the output (hooks/site/site_output.py): print-site's script only where it is used, no
  unused search language packs, and no stray whitespace in the search index.

Markdown changes are made in ``on_page_markdown`` so they reach the print page too.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from mkdocs.exceptions import PluginError

from hooks.content.activity_pages import (
    LIST_MARKER, at_a_glance, fill_activity_list, keep_out_of_search, wrap_worksheet,
)
from hooks.content.citations import cite_text
from hooks.content.docs_model import ACTIVITY_COUNT, Docs, _is_activity, number_word, read_docs
from hooks.worksheets.cards import CardError, card_sheet, find_cards
from hooks.rules import check_docs
from hooks.worksheets.forms import Form, read_forms, wrap_form
from hooks.content.qr import published
from hooks.site.site_output import (
    keep_cross_references_out_of_search, keep_print_furniture_out_of_search,
    remove_unused_search_languages, strip_print_site_script, tidy_search_index,
)

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files
    from mkdocs.structure.pages import Page

log = logging.getLogger("mkdocs.plugins.toolkit")
_docs: Docs | None = None
_forms: dict[str, Form] = {}  # docs-relative source -> the form it holds


def on_pre_build(config: MkDocsConfig) -> None:
    """Read docs/ and check every content rule before any page is made: a broken page stops
    the build here, within seconds, at its own file and line (never later, at a page or a PDF
    that suffers from it)."""
    global _docs, _forms
    _docs = read_docs(Path(config.docs_dir))
    # hooks/rules.py: every content rule, as make check runs them.
    findings = check_docs(_docs, Path(config.config_file_path))
    for finding in findings:
        log.error(str(finding))
    if findings:
        raise PluginError(f"{len(findings)} problem{'s' if len(findings) > 1 else ''} in docs/, "
                          "each above with its file and line: fix them and build again "
                          "(make check finds them too). Nothing was built.")
    _forms = {form.src: form for form in read_forms(_docs)[0]}


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    if _docs is None:
        return markdown
    src = page.file.src_uri
    model = _docs.pages.get(src)
    markdown = markdown.replace(ACTIVITY_COUNT, number_word(len(_docs.activities())))
    # No address on paper when the site has no public one (a local preview's 127.0.0.1).
    url = published(page.canonical_url)
    if model is not None and _is_activity(src) and "number" in model.meta:
        try:  # card sets marked in the page: printed after the worksheet
            markdown, card_sets = find_cards(markdown, model.body_start, f"docs/{src}")
        except CardError as err:
            log.warning(str(err))
            card_sets = []
        markdown = at_a_glance(model, _docs, url) + wrap_worksheet(markdown, model, url)
        if card_sets:
            markdown += "\n\n" + card_sheet(card_sets, cite_text(model), model.meta["number"]) + "\n"
        page.title = cite_text(model)  # "Activity 5: Mapping your assets" in the nav and <title>
    if src in _forms:  # a form: the same block as a worksheet, printed and offered the same way
        markdown = wrap_form(markdown, _forms[src])
    if LIST_MARKER in markdown:
        # Every title, time and section in the list is found on the activity's own page.
        markdown = markdown.replace(LIST_MARKER, f"<div data-search-exclude markdown>\n\n{LIST_MARKER}\n\n</div>")
        markdown = fill_activity_list(markdown, _docs, src)
    return markdown


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    html = keep_cross_references_out_of_search(html)
    if _is_activity(page.file.src_uri):
        html = keep_print_furniture_out_of_search(keep_out_of_search(html))
    return html


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    return strip_print_site_script(output)


def on_post_template(output_content: str, template_name: str, config: MkDocsConfig) -> str:
    return strip_print_site_script(output_content)  # the 404 page


def on_post_build(config: MkDocsConfig) -> None:
    search = config.plugins.get("material/search")
    if search is not None:
        remove_unused_search_languages(Path(config.site_dir), search.config.lang or ["en"])
        # Before the offline plugin copies the index into a script (its on_post_build runs last).
        tidy_search_index(Path(config.site_dir))
