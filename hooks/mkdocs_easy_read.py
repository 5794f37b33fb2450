"""MkDocs adapter for the Easy Read guide's needs (hooks/easy_read/pictures.py): copies the
pictures a page shows from Material's icon sets, loads all but the first lazily, keeps
hyphenated words whole on an Easy Read page, and links a page's own stylesheet."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from mkdocs.structure.files import File
from mkdocs.utils import get_relative_url

from hooks.easy_read.pictures import (
    LICENCES, PICTURES, icon_dir, keep_ideas_out_of_search, keep_words_whole, lazy_pictures,
    pictures_used, stylesheet_link,
)

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files
    from mkdocs.structure.pages import Page

log = logging.getLogger("mkdocs.plugins.easy_read")


def on_files(files: Files, config: MkDocsConfig) -> Files:
    icons = icon_dir()
    wanted: dict[str, str] = {}
    for file in files.documentation_pages():
        for name, line in pictures_used(Path(file.abs_src_path).read_text(encoding="utf-8")):
            if not (icons / f"{name}.svg").is_file():
                log.warning(f"docs/{file.src_uri}:{line}: there is no picture '{name}' in the icon "
                            f"sets Material bundles; choose one from its icon search")
                continue
            wanted.setdefault(name, file.src_uri)
    for name in sorted(wanted):
        files.append(File.generated(config, f"{PICTURES}{name}.svg", abs_src_path=str(icons / f"{name}.svg")))
    for icon_set in sorted({name.split("/")[0] for name in wanted}):
        licence = LICENCES[icon_set]
        files.append(File.generated(config, f"{PICTURES}{licence}", abs_src_path=str(icons / licence)))
    return files


def on_page_content(page_html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    page_html = lazy_pictures(page_html)
    if page.meta.get("css"):  # an Easy Read page
        page_html = keep_words_whole(keep_ideas_out_of_search(page_html))
    return page_html


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    css = page.meta.get("css")
    if not css:
        return output
    if not isinstance(css, str) or not (Path(config.docs_dir) / css).is_file():
        log.warning(f"docs/{page.file.src_uri}: 'css: {css}' is not a file in docs/")
        return output
    return stylesheet_link(output, get_relative_url(css, page.url))
