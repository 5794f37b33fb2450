"""MkDocs adapter for the PDFs (hooks/pdfs.py): made by `mkdocs build`, never by `serve`.

After the site is built, renders every PDF into site/downloads and fills in the links to
them. A missing or broken Chromium stops the build with one line that says what to install;
`make build` then keeps the last good site, so no site with missing PDFs is published.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

from mkdocs.exceptions import PluginError

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from hooks.docs_model import read_docs  # noqa: E402
from hooks.pdfs import (  # noqa: E402
    Activity, PdfError, fill_links, remove_print_page, render_pdfs, source_epoch,
)

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig

_command = "build"


def on_startup(command: str, dirty: bool) -> None:
    global _command
    _command = command


def _activities(docs_dir: Path) -> list[Activity]:
    out = []
    for page in read_docs(docs_dir).activities():
        out.append(Activity(page.meta["number"], page.meta["title"], page.src[: -len(".md")] + "/",
                            page.slug))
    return sorted(out, key=lambda a: a.number)


def on_post_build(config: MkDocsConfig) -> None:
    site_dir = Path(config.site_dir)
    activities = _activities(Path(config.docs_dir))
    if _command == "serve":
        fill_links(site_dir, None, activities)
        return
    root = Path(config.config_file_path).resolve().parent
    try:
        downloads = render_pdfs(
            site_dir, activities,
            site_name=config.site_name,
            description=config.site_description or "",
            author=config.site_author or config.site_name,
            site_url=config.site_url or "",
            credit=" ".join((config.copyright or "").split()),
            epoch=source_epoch(root),
        )
    except PdfError as err:
        raise PluginError(f"Could not make the PDFs: {err}") from None
    fill_links(site_dir, downloads, activities)
    remove_print_page(site_dir)
