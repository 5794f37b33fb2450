"""Tidying the built site: files and tags that no reader's browser needs.

- print-site adds its script (js/print-site.js) to every page, but only its print page uses
  it; other pages lose the tag, one request fewer on every first visit.
- print-site's print page (the whole toolkit on one page) is only the source of the PDFs:
  deleted once they are made.
- Material copies lunr's language packs (assets/javascripts/lunr/) into every site. Its search
  worker loads them only for languages other than English, so an English-only site drops
  them: 0.3 MB less in the offline copy, and no files full of other sites' addresses.
- The search index must stay within its budget (README, "Figures"): what no reader searches
  for is left out of it (below, "The search index").
"""

from __future__ import annotations

import json
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


# --- The search index ------------------------------------------------------------------
# The search worker and index must stay under 60 KB compressed (README, "Figures"). Material
# indexes a page's HTML, less any element marked data-search-exclude. These parts hold nothing
# a reader searches for, so they are marked:
#
# - cross-references: an activity block in a chapter (its activity is found by its own page,
#   title, aim and steps) and a glossary entry's "Read more:" line (the sections it names are
#   found by their own headings and text);
# - print furniture on an activity page: the printout's header with the page's address, the
#   print button, the worksheet's "Activity N" line and name-and-date line, and its footer with
#   the address again. The worksheet's own questions stay in the index.
#
# The activities list (made from the activities' front matter) is left out where it is made:
# see hooks/mkdocs_toolkit.py.
_ACTIVITY_BLOCK = re.compile(r'<div class="admonition activity"')
_READ_MORE = re.compile(r"<p>(?=Read more: )")
_PRINT_FURNITURE = re.compile(
    r'<p class="(print-only print-source|activity-actions|worksheet-activity|worksheet-fill'
    r'|worksheet-source)"')


def keep_cross_references_out_of_search(page_html: str) -> str:
    page_html = _ACTIVITY_BLOCK.sub('<div data-search-exclude class="admonition activity"', page_html)
    return _READ_MORE.sub("<p data-search-exclude>", page_html)


def keep_print_furniture_out_of_search(page_html: str) -> str:
    return _PRINT_FURNITURE.sub(r'<p data-search-exclude class="\1"', page_html)


_SPACE = re.compile(r"\s+")
_SPACE_AT_TAGS = re.compile(r"\s*(</?(?:p|li|ul|ol)>)\s*")


def tidy_search_index(site_dir: Path) -> bool:
    """Squeeze the whitespace out of Material's search index; True if it was rewritten.

    Material keeps the line breaks and indents of the Markdown source, and the spaces between
    tags. A reader never sees them: results show the text, and the worker splits it into blocks
    at the tags. Code blocks (<pre>) keep their spacing."""
    path = site_dir / "search" / "search_index.json"
    if not path.is_file():
        return False
    index = json.loads(path.read_text(encoding="utf-8"))
    for doc in index.get("docs", []):
        if "<pre>" not in doc.get("text", ""):
            doc["text"] = _SPACE_AT_TAGS.sub(r"\1", _SPACE.sub(" ", doc["text"])).strip()
    # As Material writes it: the same separators, non-ASCII as \u escapes.
    path.write_text(json.dumps(index, separators=(",", ":"), default=str), encoding="utf-8")
    return True
