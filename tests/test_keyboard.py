"""Tried as a keyboard user tries it: Tab through each kind of page at a phone's width, a tablet's,
a laptop's at 400% zoom (320px) and a desktop's, and check what a person would see at each stop.

- The menu (Material's drawer, below 1220px) opens and closes from a real Tab stop, with Enter,
  Space and Escape, says whether it is open, and moves focus into it and back.
- While the menu is closed nothing in it is a Tab stop; while open, every link in it is reached
  and can be seen, under every section label.
- Every Tab stop on every kind of page is on the screen, has a size, is not covered by anything
  and shows a focus indicator; focus never lands on something hidden; the order is the page's.
- At 320px no page scrolls sideways; a wide table scrolls inside itself, as a labelled region
  that the keyboard can reach. Words in a table are never broken in two. Every built page, and
  every page of the offline copy.
"""

from __future__ import annotations

from contextlib import contextmanager

import pytest

from conftest import chromium_path, page_id, page_paths
from hooks.print.pdf_render import CHROMIUM_ARGS

PAGES = page_paths()
WIDTHS = [320, 390, 768, 1280]
# One page of each kind the toolkit has.
KINDS = {
    "home": "",
    "chapter": "part-1/02-why-co-produce/",
    "activity": "activities/04-identifying-stakeholders/",
    "activities-with-filters": "activities/",
    "planner": "plan/",
    "downloads": "downloads/",
    "easy-read": "easy-read/",
}
# Material shows the navigation as a drawer, opened from the menu button, below 76.25em (1220px).
DRAWER_BELOW = 1220
MAX_STOPS = 400

# One test process takes the whole file, and starts it early (long): its walks spend much of
# their time in round trips between pytest, Playwright and Chromium, so the other processes
# are left the processor for their own work meanwhile; the tabs for each width (opened) serve
# every test.
pytestmark = [pytest.mark.browser, pytest.mark.long, pytest.mark.xdist_group("keyboard")]

# What a sighted keyboard user gets at the focused element. The radio buttons that switch the
# colour scheme are drawn by their label (Material's design): the label must show the focus.
# With walk = true it also keeps the stops met so far in the page (window.__tabWalk, emptied
# by _walk), so that one round trip per key says whether focus has come round to the first
# stop again ({round: true}), stayed on the last ({same: true}: the hours and the minutes of
# one time field), and whether the stop comes after the one before it in the document.
FOCUS_FACTS = """async (walk) => {
  const frames = () => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)));
  // What a person sees after the page has reacted to the key: two frames later, and once what
  // the key set moving has stopped.
  await frames();
  await Promise.all(document.getAnimations()
    .filter(a => Number.isFinite(a.effect?.getComputedTiming().endTime))
    .map(a => a.finished.catch(() => null)));
  const el = document.activeElement;
  if (!el || el === document.body || el === document.documentElement) return null;
  let after = null;
  if (walk) {
    const seen = window.__tabWalk;
    if (seen.length && el === seen[0]) return {round: true};
    if (seen.length && el === seen[seen.length - 1]) return {same: true};
    after = !seen.length
      || !!(seen[seen.length - 1].compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING);
    seen.push(el);
  }
  const measure = () => {
    const shown = (el.matches('input.md-option') && el.nextElementSibling) || el;
    const r = el.getBoundingClientRect();
    const s = shown.getBoundingClientRect();
    const vw = document.documentElement.clientWidth, vh = window.innerHeight;
    const style = getComputedStyle(shown);
    const ring = (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 1)
              || (style.boxShadow && style.boxShadow !== 'none');
    const visible = shown.checkVisibility({visibilityProperty: true, opacityProperty: true,
                                           contentVisibilityAuto: true});
    // Is something else drawn over its middle (the menu over the page, the header over a link)?
    const cx = Math.min(Math.max(s.left + s.width / 2, 0), vw - 1);
    const cy = Math.min(Math.max(s.top + s.height / 2, 0), vh - 1);
    const top = document.elementFromPoint(cx, cy);
    const covered = !!top && !(shown.contains(top) || top.contains(shown) || el.contains(top)
                               || (top.control && top.control === el) || top === el.labels?.[0]);
    const name = (el.getAttribute('aria-label') || el.innerText || el.value || el.title
                  || el.outerHTML.slice(0, 80)).trim().replace(/\\s+/g, ' ').slice(0, 60);
    const drawer = document.querySelector('.md-sidebar--primary');
    return {
      name, tag: el.tagName.toLowerCase(),
      // On the screen: all of it, or, for a box taller than the screen (a table that scrolls
      // sideways), enough of it to fill half the screen, its sides and focus ring in view.
      w: s.width, h: s.height, inViewport: s.left >= -1 && s.right <= vw + 1 && r.width >= 0
        && (s.height <= vh ? s.top >= -1 && s.bottom <= vh + 1
                           : Math.min(s.bottom, vh) - Math.max(s.top, 0) >= vh / 2),
      visible, ring, covered, coveredBy: top ? top.outerHTML.slice(0, 80) : null,
      inDrawer: !!drawer && drawer.contains(el),
      menuButton: el.matches('button.menu-button'),
      href: el.href || '', after,
    };
  };
  // Not to be seen yet? Look again frame by frame, for up to a fifth of a second, as
  // a person's eye would: on a busy machine a fade (the search box at 768px) can begin after
  // the first look. Something hidden for good is as hidden then.
  let facts = measure();
  const until = performance.now() + 200;
  while (!(facts.visible && facts.inViewport && !facts.covered) && performance.now() < until) {
    await frames();
    facts = measure();
  }
  return facts;
}"""

DRAWER_OPEN = "document.getElementById('__drawer').checked"


@pytest.fixture(scope="module")
def browser(playwright_driver):
    """This file's own Chromium, which draws each frame as soon as it is ready instead of at
    60 frames a second. A walk waits two frames after every key (FOCUS_FACTS), about 3,000
    times in this file: at 60 a second that alone is over a minute and a half of waiting. What
    the page shows after a key is the same; only the wait between frames goes. The other
    files keep the usual browser (conftest.py): where a test polls a page frame by frame, an
    unlimited frame rate spends processor time instead of saving it."""
    b = playwright_driver.chromium.launch(executable_path=chromium_path(), headless=True,
                                          args=[*CHROMIUM_ARGS, "--disable-frame-rate-limit"])
    yield b
    b.close()


def _context(browser, width: int):
    return browser.new_context(viewport={"width": width, "height": 800 if width > 400 else 700},
                               locale="en-GB", reduced_motion="reduce")


@pytest.fixture(scope="module")
def opened(browser):
    """opened(width, url): the page at that width, loaded. One tab per width serves every test
    here, as a reader's one tab serves page after page: a new browser context costs about four
    times the processor time of loading a page in a tab already open. Nothing a test does
    outlives the next load, except the colour scheme a reader picks, which that test keeps to
    a context of its own."""
    tabs = {}

    def get(width: int, url: str):
        if width not in tabs:
            tabs[width] = _context(browser, width).new_page()
        tabs[width].goto(url, wait_until="load")
        return tabs[width]

    yield get
    for page in tabs.values():
        page.context.close()


@contextmanager
def _own_context(browser, width: int, url: str):
    """A page at this width in a context of its own, closed after: for a test that changes
    what the browser remembers (the colour scheme)."""
    context = _context(browser, width)
    try:
        page = context.new_page()
        page.goto(url, wait_until="load")
        yield page
    finally:
        context.close()


def _walk(page, limit: int = MAX_STOPS) -> list[dict]:
    """Press Tab from the top of the page until focus leaves the page or comes round to the
    first stop again; the facts at each stop."""
    page.evaluate("window.__tabWalk = []")
    stops = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        facts = page.evaluate(FOCUS_FACTS, True)
        if facts is None or facts.get("round"):
            break
        if not facts.get("same"):
            stops.append(facts)
    return stops


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("kind", KINDS, ids=list(KINDS))
def test_every_tab_stop_can_be_seen(server, opened, kind, width):
    page = opened(width, server + KINDS[kind])
    walked = _walk(page)
    problems = []
    for facts in walked:
        where = f"stop {facts['name']!r} <{facts['tag']}>"
        if facts["w"] < 1 or facts["h"] < 1:
            problems.append(f"{where} has no size ({facts['w']}x{facts['h']})")
        elif not facts["visible"]:
            problems.append(f"{where} is hidden")
        elif not facts["inViewport"]:
            problems.append(f"{where} is off the screen")
        elif facts["covered"]:
            problems.append(f"{where} is covered by {facts['coveredBy']}")
        if not facts["ring"]:
            problems.append(f"{where} shows no focus indicator")
        if width < DRAWER_BELOW and facts["inDrawer"]:
            problems.append(f"{where} is in the closed menu")
    assert not problems, f"{kind} at {width}px:\n" + "\n".join(problems[:25])
    # The order is the page's: each stop comes after the one before it in the document.
    for a, b in zip(walked, walked[1:]):
        assert b["after"], f"{kind} at {width}px: Tab goes from {a['name']!r} back to {b['name']!r}"
    names = [f["name"] for f in walked]
    if width < DRAWER_BELOW:
        assert any(f["menuButton"] for f in walked), \
            f"{kind} at {width}px: the menu button is not a Tab stop: {names[:8]}"
    assert any(n.startswith("Switch to") for n in names), \
        f"{kind} at {width}px: the colour scheme switch is not a Tab stop: {names[:8]}"
    assert len(walked) >= 3


def _menu_button(page):
    """Tab from the top until the menu button has focus (it must be a Tab stop)."""
    for _ in range(10):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.matches('button.menu-button')"):
            return page.locator("button.menu-button")
    pytest.fail("the menu button is not among the first 10 Tab stops")


def _focus_in_drawer(page) -> bool:
    return page.evaluate("document.querySelector('.md-sidebar--primary').contains(document.activeElement)")


@pytest.mark.parametrize("width", [w for w in WIDTHS if w < DRAWER_BELOW])
@pytest.mark.parametrize("kind", KINDS, ids=list(KINDS))
def test_the_menu_works_by_keyboard(server, opened, kind, width):
    page = opened(width, server + KINDS[kind])
    button = _menu_button(page)
    assert button.evaluate("el => el.tagName") == "BUTTON"  # a real button, not a label in its role
    assert button.get_attribute("aria-expanded") == "false"
    assert (button.get_attribute("aria-label") or "").strip(), "the menu button has no name"
    controls = button.get_attribute("aria-controls")
    assert controls and page.locator(f"#{controls}").count() == 1

    # Enter opens it and takes focus in; Escape closes it and brings focus back.
    page.keyboard.press("Enter")
    assert page.evaluate(DRAWER_OPEN) and button.get_attribute("aria-expanded") == "true"
    assert _focus_in_drawer(page), "focus did not move into the menu"
    page.keyboard.press("Escape")
    assert not page.evaluate(DRAWER_OPEN) and button.get_attribute("aria-expanded") == "false"
    assert page.evaluate("document.activeElement.matches('button.menu-button')"), \
        "focus did not come back to the menu button"

    # Space opens it; on the button again, Space and Enter close it.
    page.keyboard.press("Space")
    assert page.evaluate(DRAWER_OPEN) and _focus_in_drawer(page)
    button.focus()
    assert page.evaluate(DRAWER_OPEN), "the menu closed when its own button took focus"
    page.keyboard.press("Space")
    assert not page.evaluate(DRAWER_OPEN) and button.get_attribute("aria-expanded") == "false"
    page.keyboard.press("Enter")
    assert page.evaluate(DRAWER_OPEN)

    # Every section label can be seen in the open menu, and so can its links.
    labels = page.evaluate("""() => [...document.querySelectorAll(
        '.md-sidebar--primary .md-nav__item--section > .md-nav__link, '
        + '.md-sidebar--primary .md-nav--secondary > .md-nav__title')]
        .filter(l => l.offsetParent !== null || l.getClientRects().length)
        .map(l => { l.scrollIntoView({block: 'nearest'});
                    return [l.innerText.trim(), l.getBoundingClientRect().height,
                            l.checkVisibility({visibilityProperty: true, opacityProperty: true})]; })""")
    names = [name for name, _, _ in labels]
    for wanted in ("Part one", "Part two", "Activities"):
        assert any(n.startswith(wanted) for n in names), f"no {wanted!r} section label in {names}"
    if kind in ("chapter", "activity"):
        assert any("contents" in n.lower() for n in names), f"the page's own contents are not shown: {names}"
    hidden = [name for name, height, visible in labels if height < 1 or not visible]
    assert not hidden, f"section labels not visible in the open menu: {hidden}"

    # Open: Tab reaches every link in it, each one visible when it has focus.
    drawer_links = page.evaluate("""() => [...document.querySelectorAll(
        '.md-sidebar--primary a[href]')].filter(a => a.getClientRects().length).map(a => a.href)""")
    assert len(drawer_links) >= 20, drawer_links
    reached, problems = [], []
    for _ in range(len(drawer_links) + 10):
        facts = page.evaluate(FOCUS_FACTS)
        if not facts or not facts["inDrawer"]:
            break
        reached.append(facts["href"])
        if not (facts["visible"] and facts["inViewport"] and facts["w"] >= 1) or facts["covered"]:
            problems.append(f"{facts['name']!r} is not visible when focused ({facts})")
        if not facts["ring"]:
            problems.append(f"{facts['name']!r} shows no focus indicator")
        page.keyboard.press("Tab")
    assert not problems, "\n".join(problems[:10])
    missing = [h for h in drawer_links if h not in reached]
    assert not missing, f"{kind} at {width}px: the open menu never reaches {missing}"

    # Tab out of the menu closes it, and focus lands on something that can be seen.
    assert facts and not facts["inDrawer"], "Tab never leaves the open menu"
    assert not page.evaluate(DRAWER_OPEN), "focus left the menu, which stayed open"
    assert not facts["menuButton"], "Tab out of the menu went back to the menu button"
    assert facts["visible"] and facts["inViewport"] and not facts["covered"], facts


def test_closing_the_menu_by_its_overlay_brings_focus_back(server, opened):
    page = opened(390, server + KINDS["chapter"])
    _menu_button(page)
    page.keyboard.press("Enter")
    assert _focus_in_drawer(page)
    page.mouse.click(380, 400)  # on the dimmed page beside the menu
    assert not page.evaluate(DRAWER_OPEN)
    assert page.evaluate("document.activeElement.matches('button.menu-button')")


@pytest.mark.parametrize("width", WIDTHS)
def test_the_colour_scheme_switch_works_by_keyboard(server, browser, width):
    with _own_context(browser, width, server) as page:
        for _ in range(12):
            page.keyboard.press("Tab")
            if page.evaluate("document.activeElement.matches('input.md-option')"):
                break
        else:
            pytest.fail("the colour scheme switch is not a Tab stop")
        facts = page.evaluate(FOCUS_FACTS)
        assert facts["w"] >= 24 and facts["h"] >= 24 and facts["visible"] and facts["inViewport"], facts
        assert facts["ring"], "the colour scheme switch shows no focus indicator"
        before = page.evaluate("document.body.dataset.mdColorScheme")
        page.keyboard.press("Enter")
        after = page.evaluate("document.body.dataset.mdColorScheme")
        assert after != before, "Enter did not switch the colour scheme"
        assert page.evaluate("document.activeElement.matches('input.md-option')"), "focus was lost"
        assert page.evaluate(FOCUS_FACTS)["ring"]
        page.keyboard.press("Space")
        assert page.evaluate("document.body.dataset.mdColorScheme") == before


# At 320px: nothing wider than the screen, except a table scrolling in its own labelled box.
REFLOW = """() => {
  const vw = document.documentElement.clientWidth;
  const out = [];
  if (document.documentElement.scrollWidth > vw) out.push('the page is ' + document.documentElement.scrollWidth + 'px wide');
  if (document.body.scrollWidth > vw) out.push('the body is ' + document.body.scrollWidth + 'px wide');
  for (const el of document.querySelectorAll('article *')) {
    if (el.scrollWidth <= el.clientWidth + 1 || !el.clientWidth) continue;
    const ox = getComputedStyle(el).overflowX;
    if (ox !== 'auto' && ox !== 'scroll') continue;
    const named = (el.getAttribute('aria-label') || '').trim() || el.getAttribute('aria-labelledby');
    const region = el.getAttribute('role') === 'region' || el.tagName === 'TABLE';
    if (!(el.tabIndex === 0 && named && region && el.querySelector('table, tbody, tr')))
      out.push('a box scrolls sideways with no label or Tab stop: ' + el.outerHTML.slice(0, 100));
  }
  // A word in a table never breaks across two lines ("Voluntar" / "y").
  const walker = document.createTreeWalker(document.querySelector('article') || document.body,
                                           NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (!node.parentElement.closest('td, th')) continue;
    const re = /[^\\s\\-\\u2010-\\u2014/]+/g;
    let m;
    while ((m = re.exec(node.data))) {
      const range = document.createRange();
      range.setStart(node, m.index); range.setEnd(node, m.index + m[0].length);
      const lines = new Set([...range.getClientRects()].filter(r => r.width > 0).map(r => Math.round(r.top)));
      if (lines.size > 1) { out.push('"' + m[0] + '" is broken across lines in a table'); break; }
    }
  }
  return out;
}"""


@pytest.fixture(scope="module")
def phone(browser):
    context = browser.new_context(viewport={"width": 320, "height": 640}, locale="en-GB")
    yield context.new_page()
    context.close()


@pytest.mark.parametrize("path", PAGES, ids=page_id)
def test_no_page_scrolls_sideways_at_320px(server, phone, path):
    phone.goto(server + path, wait_until="load")
    problems = phone.evaluate(REFLOW)
    assert not problems, f"{path or 'home'} at 320px: " + "; ".join(problems[:8])


def test_no_page_of_the_offline_copy_scrolls_sideways_at_320px(offline, phone):
    problems = {}
    for html in sorted(offline.rglob("*.html")):
        if "assets" in html.parts:
            continue
        phone.goto(html.as_uri(), wait_until="load")
        found = phone.evaluate(REFLOW)
        if found:
            problems[html.relative_to(offline).as_posix()] = found[:3]
    assert not problems, problems


def test_the_menu_works_by_keyboard_in_the_offline_copy(offline, opened):
    page = opened(390, (offline / "activities" / "03-exploring-your-values.html").as_uri())
    _menu_button(page)
    page.keyboard.press("Enter")
    assert page.evaluate(DRAWER_OPEN) and _focus_in_drawer(page)
    page.keyboard.press("Escape")
    assert not page.evaluate(DRAWER_OPEN)
    assert page.evaluate("document.activeElement.matches('button.menu-button')")
    walked = _walk(page, 60)
    assert not [f["name"] for f in walked if f["inDrawer"]], "the closed menu has Tab stops"
