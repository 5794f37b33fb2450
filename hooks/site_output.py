"""Tidying the built site: files and tags that no reader's browser needs.

- print-site adds its script (js/print-site.js) to every page, but only its print page uses
  it; other pages lose the tag, one request fewer on every first visit.
- Material copies lunr's language packs (assets/javascripts/lunr/) into every site. Its search
  worker loads them only for languages other than English, so an English-only site drops
  them: 0.3 MB less in the offline copy, and no files full of other sites' addresses.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

_PRINT_SITE_SCRIPT = re.compile(r'<script src="[^"]*js/print-site\.js"></script>\s*')


def strip_print_site_script(page_html: str) -> str:
    return _PRINT_SITE_SCRIPT.sub("", page_html)


def remove_unused_search_languages(site_dir: Path, languages: list[str]) -> bool:
    """Delete Material's lunr language packs when search is English only; True if deleted."""
    if list(languages) != ["en"]:
        return False
    folder = site_dir / "assets" / "javascripts" / "lunr"
    if not folder.is_dir():
        return False
    shutil.rmtree(folder)
    return True
