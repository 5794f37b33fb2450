"""Accessible on every page, in a real browser: axe-core in both colour schemes, keyboard focus,
the skip link, reading comfort, reduced motion and link text."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from axe_playwright_python.base import AxeResults
from axe_playwright_python.sync_playwright import Axe

from conftest import page_id, page_paths

PAGES = page_paths()
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
# Pages whose keyboard path is walked control by control: one of each kind.
KINDS = ["", "part-2/02-values/", "activities/03-exploring-your-values/", "glossary/"]

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def tabs(browser):
    """One browser tab for each colour scheme, reused page to page (a new browser context
    costs about four times the processor time of a page load in a tab already open).

    Each tab has axe-core from the start of every page it loads, as a script the browser keeps
    compiled: handed to each page after its load instead (as axe-playwright-python's run()
    does), its 550 KB were compiled again for every page and scheme, about 0.1 s of processor
    time each time."""
    made = {}

    def get(kind: str):
        if kind not in made:
            context = browser.new_context(viewport={"width": 1280, "height": 900},
                                          color_scheme=kind, locale="en-GB")
            context.add_init_script(Axe().axe_script)
            made[kind] = context.new_page()
        return made[kind]

    yield get
    for page in made.values():
        page.context.close()


@pytest.fixture(scope="module")
def shown(tabs, server):
    """shown(path, scheme): that scheme's tab showing that page. A page that is shown already,
    and that no test has used by keyboard since, is not loaded again: each page's checks run
    together (PAGE_PARAMS), and one load serves them. A test that presses keys asks for a
    fresh load (keys=True), and the next test gets one too."""
    showing: dict[str, str | None] = {}

    def get(path: str, scheme: str = "light", *, keys: bool = False):
        page = tabs(scheme)
        if keys or showing.get(scheme) != path:
            page.goto(server + path, wait_until="load")
        showing[scheme] = None if keys else path
        return page

    return get


# Each page's checks run together in one test process, in the order written here.
PAGE_PARAMS = [pytest.param(path, id=page_id(path), marks=pytest.mark.xdist_group(f"accessibility-{page_id(path)}"))
               for path in PAGES]


def test_every_built_page_is_checked(site):
    built = sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html") if "assets" not in p.parts)
    expected = sorted(p + "index.html" if p.endswith("/") or p == "" else p for p in PAGES)
    assert built == expected, "a page is built that the per-page checks do not visit, or the reverse"


# In the dark scheme a page is the same document as in the light: Material swaps its colours
# (CSS custom properties under data-md-color-scheme) and nothing else. So the dark run checks
# the rules that colours decide; every other rule has passed on the same document in light.
COLOUR_RULES = ["color-contrast", "link-in-text-block"]


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("path", PAGE_PARAMS, scope="module")
def test_axe_finds_no_violation(shown, path, scheme):
    # No rule is switched off and no element is left out: there is no exclusion to explain.
    page = shown(path, scheme)
    # Material picks the palette from the reader's system setting: check it did.
    wanted = "slate" if scheme == "dark" else "default"
    assert page.evaluate("document.body.dataset.mdColorScheme") == wanted
    run_only = ({"type": "rule", "values": COLOUR_RULES} if scheme == "dark"
                else {"type": "tag", "values": AXE_TAGS})
    result = run_axe(page, run_only)
    assert result.violations_count == 0, result.generate_report()


def run_axe(page, run_only: dict) -> AxeResults:
    return AxeResults(page.evaluate("options => axe.run(document, options)",
                                    {"runOnly": run_only, "resultTypes": ["violations"]}))


def test_axe_in_the_tabs_reports_what_is_wrong(shown):
    """The check above can fail: on a page given a picture with no text alternative and pale
    text, axe (as the tabs load it) names both, in each scheme."""
    for scheme, rules in (("light", {"type": "tag", "values": AXE_TAGS}),
                          ("dark", {"type": "rule", "values": COLOUR_RULES + ["image-alt"]})):
        page = shown("about/", scheme, keys=True)  # changed here, so loaded afresh after
        page.evaluate("""() => {
          const p = document.querySelector('article p');
          p.insertAdjacentHTML('afterend', '<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">'
            + '<p style="color:#777;background:#888">Pale words on grey</p>');
        }""")
        found = {v["id"] for v in run_axe(page, rules).response["violations"]}
        assert {"image-alt", "color-contrast"} <= found, (scheme, found)


# Reflow at 320 CSS pixels is walked on every page in tests/test_keyboard.py
# (test_no_page_scrolls_sideways_at_320px), with the boxes that may scroll inside themselves.


READING = """() => {
  const canvas = document.createElement('canvas').getContext('2d');
  return [...document.querySelectorAll('article.md-content__inner p')]
    .filter(p => p.offsetParent !== null && p.textContent.trim().length > 0)
    // Not a line of text: a row of buttons, or a worksheet's label and its write-in line.
    .filter(p => !p.querySelector('.md-button') && !p.classList.contains('worksheet-fill'))
    .map(p => {
      const s = getComputedStyle(p);
      canvas.font = `${s.fontWeight} ${s.fontSize} ${s.fontFamily}`;
      const text = p.textContent.replace(/\\s+/g, ' ').trim();
      const perChar = canvas.measureText(text).width / text.length;
      // Characters a full line holds; only paragraphs long enough to fill one are measured.
      const chars = text.length >= 120 ? p.clientWidth / perChar : 0;
      return {text: text.slice(0, 40), size: parseFloat(s.fontSize),
              lineHeight: parseFloat(s.lineHeight), chars};
    });
}"""


@pytest.mark.parametrize("path", PAGE_PARAMS, scope="module")
def test_body_text_is_comfortable_to_read(shown, path):
    """On a wide screen: text at least 18px, lines 1.5 apart, and no more than about 75
    characters to a line."""
    page = shown(path)
    paragraphs = page.evaluate(READING)
    assert paragraphs, f"{path}: no paragraph found"
    for p in paragraphs:
        assert p["size"] >= 18, f"{path}: text at {p['size']}px: {p['text']}"
        assert p["lineHeight"] >= 1.5 * p["size"], f"{path}: line height {p['lineHeight']}px: {p['text']}"
        assert p["chars"] <= 80, f"{path}: about {p['chars']:.0f} characters a line: {p['text']}"


def test_skip_link_is_the_first_tab_stop_and_moves_to_the_content(shown):
    page = shown("part-2/02-values/", keys=True)
    page.keyboard.press("Tab")
    first = page.evaluate("""() => { const a = document.activeElement, r = a.getBoundingClientRect();
        return {text: a.textContent.trim(), href: a.getAttribute('href'),
                visible: r.width > 0 && r.height > 0 && r.top >= 0 && r.left >= 0}; }""")
    assert first["text"] == "Skip to content"
    assert first["visible"], "the skip link does not show when it has focus"
    page.keyboard.press("Enter")
    target = first["href"].lstrip("#")
    assert page.evaluate("location.hash") == f"#{target}"
    assert page.evaluate("id => !!document.getElementById(id)?.closest('.md-content')", target)


FOCUS = """() => {
  let a = document.activeElement;
  if (!a || a === document.body) return null;
  const label = a.nextElementSibling;
  if (a.tagName === 'INPUT' && a.getBoundingClientRect().width === 0 && label && label.tagName === 'LABEL')
    a = label;  // a hidden switch, shown by its label
  const s = getComputedStyle(a), r = a.getBoundingClientRect();
  return {tag: a.tagName, label: (a.getAttribute('aria-label') || a.textContent || a.title || '').trim().slice(0, 40),
          outline: s.outlineStyle, width: parseFloat(s.outlineWidth), shown: r.width > 0 && r.height > 0};
}"""


@pytest.mark.parametrize("path", KINDS, ids=page_id)
def test_every_control_shows_where_the_keyboard_focus_is(shown, path):
    page = shown(path, keys=True)
    seen = []
    for _ in range(400):
        page.keyboard.press("Tab")
        focus = page.evaluate(FOCUS)
        if focus is None or (seen and focus == seen[0]):
            break  # back round to the start
        seen.append(focus)
        assert focus["shown"], f"{path}: focus on a hidden control: {focus}"
        assert focus["outline"] != "none" and focus["width"] >= 2, f"{path}: no focus ring: {focus}"
    assert len(seen) >= 20, f"{path}: only {len(seen)} controls reached by Tab"


def test_motion_stops_when_the_reader_asks_for_less(server, browser):
    durations = {}
    for motion in ("no-preference", "reduce"):
        context = browser.new_context(reduced_motion=motion)
        page = context.new_page()
        page.goto(server, wait_until="load")
        durations[motion] = page.evaluate(
            "parseFloat(getComputedStyle(document.querySelector('.md-nav__link')).transitionDuration)")
        context.close()
    assert durations["no-preference"] > 0.05
    assert durations["reduce"] < 0.001


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links: list[str] = []
        self._open: list[list[str]] = []

    def handle_starttag(self, tag, attrs):
        if tag == "a" and dict(attrs).get("href"):
            a = dict(attrs)
            self._open.append([a.get("aria-label") or a.get("title") or ""])

    def handle_data(self, data):
        for text in self._open:
            text.append(data)

    def handle_endtag(self, tag):
        if tag == "a" and self._open:
            parts = self._open.pop()
            self.links.append(parts[0] or " ".join("".join(parts[1:]).split()))


VAGUE = re.compile(r"^(click )?here$|^(read )?more$|^this( page| link)?$|^link$|^page$", re.I)


@pytest.mark.parametrize("path", PAGES, ids=page_id)
def test_links_say_where_they_go(site, path):
    parser = _Links()
    parser.feed((site / (path + "index.html" if path.endswith("/") or path == "" else path)).read_text())
    vague = [text for text in parser.links if VAGUE.match(text.strip())]
    assert not vague, f"{path}: links that do not say where they go: {vague}"


def test_accessibility_statement_covers_what_readers_need(site):
    from conftest import ROOT

    text = (ROOT / "docs" / "accessibility.md").read_text(encoding="utf-8")
    headings = re.findall(r"^## (.+)$", text, re.M)
    for needed in ("another format", "Known limits", "Reporting a problem", "How we tested"):
        assert any(needed.lower() in h.lower() for h in headings), f"no section on {needed!r}: {headings}"
    for fact in ("WCAG 2.2", "AA", "large print", "axe-core", "320 pixels"):
        assert fact in text, f"the statement does not say {fact!r}"
    html = (site / "accessibility" / "index.html").read_text()
    assert 'href="../downloads/"' in html
