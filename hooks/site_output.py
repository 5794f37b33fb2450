"""Tidying the built site: files and tags that no reader's browser needs.

- print-site adds its script (js/print-site.js) to every page, but only its print page uses
  it; other pages lose the tag, one request fewer on every first visit.
- print-site's print page (the whole toolkit on one page) is only the source of the PDFs:
  deleted once they are made.
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


def remove_print_page(site_dir: Path) -> None:
    """Delete print-site's print page once the PDFs are made from it.

    It repeats the whole toolkit on one page (too big to load on a phone, and every heading
    twice); readers print the PDFs instead. Nothing links to it.
    """
    shutil.rmtree(site_dir / "print_page", ignore_errors=True)
    (site_dir / "print_page.html").unlink(missing_ok=True)
    (site_dir / "js" / "print-site.js").unlink(missing_ok=True)
    if (site_dir / "js").is_dir() and not any((site_dir / "js").iterdir()):
        (site_dir / "js").rmdir()
