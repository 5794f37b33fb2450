"""Private and fast, measured in Chromium: no request leaves the site, no cookie is set, and
every page's first load, and search, stay within the byte budgets (README, "Figures")."""

from __future__ import annotations

import gzip
import json
import re

import pytest

from conftest import PUBLISHED, page_id, page_paths, search

PAGES = page_paths()
# Bytes, gzip-compressed as GitHub Pages serves text (level 6, gzip's default). 1 KB = 1,000 bytes.
FIRST_LOAD_BUDGET = 80_000
SEARCH_BUDGET = 60_000
TEXT_TYPES = re.compile(r"text/|javascript|json|svg|xml")
SEARCH_FILES = re.compile(r"/assets/javascripts/workers/search\.[^/]+\.js$|/search/search_index\.json$")

# Addresses that Material's own files mention, each with why no reader's browser fetches it from
# this site. test_no_request_leaves_the_site proves it page by page.
MENTIONED_NOT_FETCHED = {
    "http://www.w3.org/2000/svg": "the name of SVG's format inside inline icons, not a file",
    "https://fontawesome.com": "a licence comment in Material's stylesheet",
    "https://fontawesome.com/license/free": "a licence comment in Material's stylesheet",
    "https://clipboardjs.com/": "a licence comment in Material's script",
    "https://api.github.com/repos/": "repository facts: our partials/source.html leaves out the "
                                     "data-md-component that asks for them",
    "https://api.github.com/users/": "as above, for a user's facts",
    "https://unpkg.com/mermaid": "loaded only for Mermaid diagrams: the toolkit has none "
                                 "(test_no_page_has_a_mermaid_diagram)",
    "https://unpkg.com/resize-observer-polyfill": "loaded only by browsers without ResizeObserver, "
                                                  "which every browser has had since 2020",
    "http://lunrjs.com": "a licence comment in the search worker",
    "http://tartarus.org/~martin/PorterStemmer/js.txt": "a licence comment in the search worker",
    "https://bit.ly/2s3ChXG": "a code comment in the search worker",
}
URL = re.compile(r"https?://[A-Za-z0-9.-]+(?:/[A-Za-z0-9._~/-]*)?")

pytestmark = pytest.mark.browser


def _same_site(url: str, base: str) -> bool:
    return url.startswith(base) or url.startswith(("data:", "blob:", "about:"))


@pytest.fixture(scope="module")
def tab(browser):
    context = browser.new_context(locale="en-GB")
    yield context.new_page()
    context.close()


@pytest.fixture(scope="module")
def first_visit(browser, server):
    """first_visit(path): what a reader's browser does on a first visit to that page, recorded
    once for both tests of it (each page's two tests run together in one test process: the
    xdist_group on PAGE_PARAMS).

    One tab fetches everything afresh, as on a first visit: the browser's cache is switched
    off for it. One tab serves every page (as a reader's does): a new browser context for each
    would cost about four times the processor time of the page load itself. Each visit starts
    with no cookie. It records every response up to the page's load event (with the bodies
    that count towards the budget), then searches, which starts the search worker and fetches
    the index, and records every request until nothing has been asked for in half a second."""
    context = browser.new_context(locale="en-GB")
    page = context.new_page()
    devtools = context.new_cdp_session(page)
    devtools.send("Network.enable")
    devtools.send("Network.setCacheDisabled", {"cacheDisabled": True})
    visits: dict[str, dict] = {}

    def visit(path: str) -> dict:
        if path in visits:
            return visits[path]
        # Leave the last page first: its late requests (the search worker fetching the index
        # after the load) must not be counted as this page's, nor read once it is gone.
        page.goto("about:blank")
        context.clear_cookies()
        requests, responses = [], []

        def asked(request):
            requests.append(request)

        def answered(response):
            responses.append(response)

        page.on("request", asked)
        page.on("response", answered)
        try:
            page.goto(server + path, wait_until="load")
            # The search worker and index have their own budget: their bodies are not read.
            loaded = [(r.url, r.status, r.headers.get("content-type", ""),
                       r.body() if r.status == 200 and not SEARCH_FILES.search(r.url) else b"")
                      for r in list(responses)]
            search(page, "values")
            page.wait_for_load_state("networkidle")
            visits[path] = {"loaded": loaded, "requests": [r.url for r in requests],
                            "cookies": context.cookies()}
        finally:
            page.remove_listener("request", asked)
            page.remove_listener("response", answered)
        return visits[path]

    yield visit
    context.close()


# Each page's two tests in one test process, which visits the page once for both.
PAGE_PARAMS = [pytest.param(path, id=page_id(path), marks=pytest.mark.xdist_group(f"first-visit-{page_id(path)}"))
               for path in PAGES]


@pytest.mark.parametrize("path", PAGE_PARAMS, scope="module")
def test_no_request_leaves_the_site(server, first_visit, path):
    requests = first_visit(path)["requests"]
    elsewhere = [url for url in requests if not _same_site(url, server)]
    assert not elsewhere, f"{path or 'home'} asked another site for: {elsewhere}"
    assert any(SEARCH_FILES.search(url) for url in requests), "the search index was not loaded"
    assert first_visit(path)["cookies"] == [], f"{path or 'home'} set a cookie"


def test_built_css_and_js_name_no_other_site(site):
    # The toolkit's own address is no other site: the worksheets in the session planner's pack
    # (assets/planner/) print it, and its QR code, so a printed sheet says where it came from.
    own = PUBLISHED["SITE_URL"]
    found = {}
    for path in sorted(site.rglob("*")):
        if path.suffix in (".css", ".js"):
            # The pack's worksheets print the address in parts that break only after a slash
            # (hooks/print/pdf_render.py): read it whole.
            text = re.sub(r"<\\?/?(?:span|wbr)\b[^>]*>", "", path.read_text(encoding="utf-8", errors="replace"))
            for url in URL.findall(text):
                if url not in MENTIONED_NOT_FETCHED and not url.startswith(own):
                    found.setdefault(url, path.relative_to(site).as_posix())
    assert not found, f"another site's address in the built CSS or JS: {found}"


def test_no_page_has_a_mermaid_diagram(site):
    for page in site.rglob("*.html"):
        assert 'class="mermaid"' not in page.read_text(encoding="utf-8"), page


def _compressed(body: bytes, content_type: str) -> int:
    return len(gzip.compress(body, 6)) if TEXT_TYPES.search(content_type) else len(body)


@pytest.mark.parametrize("path", PAGE_PARAMS, scope="module")
def test_first_load_is_within_budget(server, first_visit, path):
    """The page and everything it needs to show, from an empty cache: HTML, CSS, JS, icons,
    images. The search worker and index come after, and have their own budget."""
    loaded = first_visit(path)["loaded"]
    total, parts = 0, []
    for url, status, content_type, body in loaded:
        if SEARCH_FILES.search(url) or status != 200:
            continue
        size = _compressed(body, content_type)
        total += size
        parts.append((size, url.removeprefix(server)))
    assert len(parts) >= 4, f"only {parts} were loaded"
    assert total <= FIRST_LOAD_BUDGET, f"{path or 'home'}: {total:,} bytes: {sorted(parts, reverse=True)}"


def test_search_worker_and_index_are_within_budget(site):
    worker = list((site / "assets" / "javascripts" / "workers").glob("search.*.min.js"))
    assert len(worker) == 1
    files = worker + [site / "search" / "search_index.json"]
    total = sum(len(gzip.compress(f.read_bytes(), 6)) for f in files)
    assert total <= SEARCH_BUDGET, f"search worker and index: {total:,} bytes compressed"


def test_search_index_leaves_out_the_downloads_and_the_print_page(site):
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    locations = [doc["location"] for doc in index["docs"]]
    assert any(loc.startswith("activities/03-exploring-your-values/") for loc in locations)
    assert not [loc for loc in locations if loc.startswith(("downloads/", "print_page/"))]
    assert not (site / "print_page").exists(), "the print page is published"


def test_search_finds_an_activity_by_its_materials(server, tab):
    tab.goto(server, wait_until="load")
    titles = search(tab, "sticky dots")
    assert any("Activity 3" in t for t in titles), titles
