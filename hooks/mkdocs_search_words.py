"""MkDocs adapter for the words people search with (hooks/content/search_words.py): reads
search-words.yml when the build starts, checks that every page it names exists, and adds each
page's words to Material's search index as its keywords."""

from __future__ import annotations

import logging

from mkdocs.exceptions import PluginError

from hooks.content.search_words import SearchWordsError, add_keywords, load_words, missing_pages

log = logging.getLogger("mkdocs.hooks.search_words")
_words: dict[str, list[str]] = {}


def on_config(config):
    global _words
    try:
        _words = load_words()
    except SearchWordsError as err:
        raise PluginError(str(err)) from None
    return config


def on_files(files, config):
    problem = missing_pages(_words, {f.src_uri for f in files.documentation_pages()})
    if problem:
        raise PluginError(problem)
    return files


def on_page_context(context, page, config, nav):
    search = config.plugins.get("material/search") or config.plugins.get("search")
    if not search or not getattr(search, "search_index", None):
        return context
    if not add_keywords(search.search_index.entries, page.url, _words.get(page.file.src_uri)):
        log.warning("search-words.yml: %s is not in the search index (search: exclude?): "
                    "its words are not added", page.file.src_uri)
    return context
