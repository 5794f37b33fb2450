"""Search finds the words people type (issue 19): the keywords in search-words.yml are added to
the search index as the keywords ("tags") of the page that answers them.

Material's search (lunr, with no stemmer on this site) weighs a keyword a thousand times a
title and a million times body text, so "pay people" or "budget" put the page named in
search-words.yml first, however that page's headings are worded when it is rewritten. Only
the page's own entry (its first) carries them, not each of its sections: that keeps the index
small (the search budget is 60 KB). toolkit.css hides them from the results list, where
Material would show them as tags; the result shows the page's title and text, as before.

Runs after Material's search plugin has indexed each page (hooks come after plugins).
"""

from __future__ import annotations

import logging
from pathlib import Path

import yaml
from mkdocs.exceptions import PluginError

log = logging.getLogger("mkdocs.hooks.search_words")

WORDS_FILE = Path(__file__).resolve().parent.parent / "search-words.yml"
_words: dict[str, list[str]] = {}
# Sections (by heading) that search leaves out: see on_page_context.
NOT_INDEXED = {"Talking it through"}


def load_words(path: Path = WORDS_FILE) -> dict[str, list[str]]:
    """The page -> keywords map; one clear line for a file that is not one."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as err:
        raise PluginError(f"{path.name}: cannot read it ({err}); fix the file and build again.") from err
    if not isinstance(data, dict):
        raise PluginError(f"{path.name}: expected 'page.md: [words]' lines; fix the file and build again.")
    words = {}
    for page, items in data.items():
        if not isinstance(items, list) or not all(isinstance(w, str) and w.strip() for w in items):
            raise PluginError(f"{path.name}: {page}: give a list of words or phrases, one per '- ' line.")
        words[str(page)] = [w.strip().lower() for w in items]
    return words


def on_config(config):
    global _words
    _words = load_words()
    return config


def on_files(files, config):
    pages = {f.src_uri for f in files.documentation_pages()}
    missing = sorted(set(_words) - pages)
    if missing:
        raise PluginError(f"{WORDS_FILE.name}: no such page in docs/: {', '.join(missing)}; "
                          "give each page's path under docs/, as in mkdocs.yml's nav.")
    return files


def on_page_context(context, page, config, nav):
    search = config.plugins.get("material/search") or config.plugins.get("search")
    if not search or not getattr(search, "search_index", None):
        return context
    entries = search.search_index.entries
    # Room for them: each activity's "Talking it through" questions are left out of the index.
    # They are the questions a facilitator asks the group at the end, not facts anyone searches
    # for; 4.9 KB of the 60 KB search budget. The activity is still found by its title, aim,
    # materials and steps.
    entries[:] = [e for e in entries
                  if not (e["location"].startswith(page.url + "#") and e["title"] in NOT_INDEXED)]
    words = _words.get(page.file.src_uri)
    if not words:
        return context
    for entry in reversed(entries):
        if entry["location"] == page.url:  # the page's own entry, just added
            entry["tags"] = words
            break
    else:
        log.warning("search-words.yml: %s is not in the search index (search: exclude?): "
                    "its words are not added", page.file.src_uri)
    return context
