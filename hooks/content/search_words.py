"""Search finds the words people type (issue 19): the keywords in search-words.yml are added to
the search index as the keywords ("tags") of the page that answers them.

Material's search (lunr, with no stemmer on this site) weighs a keyword a thousand times a
title and a million times body text, so "pay people" or "budget" put the page named in
search-words.yml first, however that page's headings are worded when it is rewritten. Only
the page's own entry (its first) carries them, not each of its sections: that keeps the index
small (the search budget is 60 KB). toolkit.css hides them from the results list, where
Material would show them as tags; the result shows the page's title and text, as before.

The adapter, hooks/mkdocs_search_words.py, runs after Material's search plugin has indexed
each page (hooks come after plugins).
"""

from __future__ import annotations

from pathlib import Path

import yaml

WORDS_FILE = Path(__file__).resolve().parents[2] / "search-words.yml"
# Sections (by heading) that search leaves out: see on_page_context.
NOT_INDEXED = {"Talking it through"}


class SearchWordsError(ValueError):
    """search-words.yml cannot be used: the message says where and what to do."""


def load_words(path: Path = WORDS_FILE) -> dict[str, list[str]]:
    """The page -> keywords map; one clear line for a file that is not one."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as err:
        raise SearchWordsError(f"{path.name}: cannot read it ({err}); fix the file and build again.") from err
    if not isinstance(data, dict):
        raise SearchWordsError(f"{path.name}: expected 'page.md: [words]' lines; fix the file and build again.")
    words = {}
    for page, items in data.items():
        if not isinstance(items, list) or not all(isinstance(w, str) and w.strip() for w in items):
            raise SearchWordsError(f"{path.name}: {page}: give a list of words or phrases, one per '- ' line.")
        words[str(page)] = [w.strip().lower() for w in items]
    return words


def missing_pages(words: dict[str, list[str]], pages: set[str]) -> str:
    """One line naming the pages in search-words.yml that are not in docs/, or ""."""
    missing = sorted(set(words) - pages)
    if not missing:
        return ""
    return (f"{WORDS_FILE.name}: no such page in docs/: {', '.join(missing)}; "
            "give each page's path under docs/, as in mkdocs.yml's nav.")


def add_keywords(entries: list[dict], url: str, words: list[str] | None) -> bool:
    """Leave each activity's "Talking it through" section out of the search index, and give the
    page's own entry (its first, just added) its keywords; False if it has no entry."""
    # Room for them: each activity's "Talking it through" questions are left out of the index.
    # They are the questions a facilitator asks the group at the end, not facts anyone searches
    # for; 4.9 KB of the 60 KB search budget. The activity is still found by its title, aim,
    # materials and steps.
    entries[:] = [e for e in entries if not (e["location"].startswith(url + "#") and e["title"] in NOT_INDEXED)]
    if not words:
        return True
    for entry in reversed(entries):
        if entry["location"] == url:
            entry["tags"] = words
            return True
    return False
