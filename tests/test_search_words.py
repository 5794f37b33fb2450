"""Search finds what people type (issue 19): real queries, typed into the built site's own
search in Chromium, put the page that answers them first or in the top three.

Each query names the page (its path), not a heading, so a page can be reworded and still be
found (search-words.yml gives each page the words people search with)."""

from __future__ import annotations

import pytest

from conftest import search
from hooks.content.search_words import SearchWordsError, load_words

pytestmark = pytest.mark.browser

# query -> the page that answers it, and how high it must come (1 = first).
QUERIES = {
    "pay people": ("looking-after-people/", 1),
    "paying people for their time": ("looking-after-people/", 1),
    "expenses": ("looking-after-people/", 1),
    "money": ("looking-after-people/", 3),
    "consent": ("looking-after-people/", 1),
    "data": ("looking-after-people/", 1),
    "personal information": ("looking-after-people/", 1),
    "safeguarding": ("looking-after-people/", 1),
    "phone": ("looking-after-people/", 3),
    "large print": ("looking-after-people/", 3),
    "cost": ("briefing/", 1),
    "budget": ("briefing/", 1),
    "commissioning": ("briefing/", 1),
    "funding": ("briefing/", 1),
    "easy read": ("easy-read/", 1),
    "learning disability": ("easy-read/", 3),
    "planning a session": ("plan/", 1),
    "agenda": ("plan/", 1),
    "ground rules": ("activities/06-ground-rules-for-inclusive-language/", 3),
    "power": ("part-2/04-power-and-influence/", 3),
    "stakeholders": ("activities/04-identifying-stakeholders/", 3),
    "evaluation": ("activities/11-evaluating-the-training/", 3),
    "ending": ("part-2/06-endings/", 3),
    "risks": ("part-2/05-risks-and-challenges/", 3),
    "what is co-production": ("part-1/01-what-is-co-production/", 3),
    "dark mode": ("accessibility/", 1),
    "glossary": ("glossary/", 1),
}


@pytest.fixture(scope="module")
def tab(browser):
    context = browser.new_context(viewport={"width": 390, "height": 800}, locale="en-GB")
    yield context.new_page()
    context.close()


def _results(page, query: str) -> list[str]:
    """The pages search lists for the query, in order, as paths under the site root."""
    search(page, query)
    page.wait_for_timeout(150)  # the list is redrawn as each letter is typed: let it settle
    hrefs = page.eval_on_selector_all(
        ".md-search-result__item > .md-search-result__link",
        "links => links.map(a => new URL(a.href).pathname)")
    return list(dict.fromkeys(hrefs))  # a page once, with its sections


@pytest.mark.parametrize("query", QUERIES)
def test_search_puts_the_right_page_near_the_top(server, tab, query):
    wanted, within = QUERIES[query]
    tab.goto(server, wait_until="load")
    found = _results(tab, query)
    root = "/" + server.split("/", 3)[3]
    pages = [p.removeprefix(root) for p in found]
    assert wanted in pages[:within], f"{query!r}: {wanted} is not in the top {within}: {pages[:5]}"


def test_there_are_at_least_twenty_queries():
    assert len(QUERIES) >= 20


def test_every_keyword_page_exists_and_is_searched(site):
    import json

    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    tagged = {doc["location"] for doc in index["docs"] if doc.get("tags")}
    for page in load_words():
        url = "" if page == "index.md" else page.removesuffix(".md").removesuffix("index") + "/"
        url = url.replace("//", "/")
        assert url in tagged, f"search-words.yml: {page} has no keywords in the index"


def test_a_page_search_words_names_that_does_not_exist_is_one_clear_line(tmp_path):
    bad = tmp_path / "search-words.yml"
    bad.write_text("expenses.md: money\n")
    with pytest.raises(SearchWordsError, match=r"search-words.yml: expenses.md: give a list"):
        load_words(bad)
    bad.write_text("- just\n- a list\n")
    with pytest.raises(SearchWordsError, match=r"search-words.yml: expected"):
        load_words(bad)
