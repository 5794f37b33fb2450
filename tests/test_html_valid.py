"""Valid HTML: the W3C Nu Html Checker finds no error on any built page, the 404 page or any
page of the offline copy. Screen readers and other assistive technology read the markup, and
guess when it is invalid.

The checker is vnu.jar from the npm package vnu-jar, pinned in tests/vnu/package-lock.json and
installed there by scripts/ensure-vnu (make setup), which also installs Java where it can.
It runs once, over every page of both sites (one Java start), and each test lists every error
as page:line: message."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from conftest import ROOT, page_paths

# One test process takes the whole file (make test runs two):
# its tests share one run of the Nu checker over every page.
pytestmark = pytest.mark.xdist_group("html_valid")


VNU_DIR = ROOT / "tests" / "vnu"
VNU_JAR = VNU_DIR / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
VNU_VERSION = json.loads((VNU_DIR / "package.json").read_text())["dependencies"]["vnu-jar"]


def hosted_pages(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*.html") if "assets" not in p.relative_to(site).parts)


@pytest.fixture(scope="module")
def vnu_errors(site, offline) -> dict[Path | None, list[dict]]:
    """Every page of both sites checked in one run: {page: [vnu message, ...]} with every page a
    key, and under None any message that is about no page (the checker itself failing)."""
    java = shutil.which("java")
    if not java:
        pytest.fail("java not found: run make setup, or install Java 17 or newer "
                    "(Debian 12: sudo apt-get install default-jre-headless)")
    if not VNU_JAR.is_file():
        pytest.fail(f"{VNU_JAR.relative_to(ROOT)} not found: run make setup "
                    "(scripts/ensure-vnu installs the pinned checker with npm ci)")
    pages = [p.resolve() for p in hosted_pages(site) + sorted(offline.rglob("*.html"))]
    # -XX:TieredStopAtLevel=1: for a run this short the quick compiler alone halves the CPU
    # time; the checker then needs a bigger stack than Java's default (it says so if not).
    # --errors-only: errors and fatal problems (a file it cannot read), no warnings or info.
    # --no-langdetect: its guess at the language only ever gives warnings, and doubles the time.
    done = subprocess.run(
        [java, "-Xss8m", "-XX:TieredStopAtLevel=1", "-jar", str(VNU_JAR),
         "--errors-only", "--format", "json", "--stdout",
         "--asciiquotes", "--no-langdetect", "--exit-zero-always", *map(str, pages)],
        check=False, capture_output=True, text=True, timeout=300)
    try:
        messages = json.loads(done.stdout)["messages"]
    except (ValueError, KeyError):
        pytest.fail(f"vnu {VNU_VERSION} gave no JSON report (exit {done.returncode}): "
                    f"{(done.stderr or done.stdout).strip()[-2000:]}")
    found: dict[Path | None, list[dict]] = {page: [] for page in pages}
    found[None] = []
    for message in messages:
        page = Path(unquote(urlsplit(message.get("url", "")).path)).resolve()
        found[page if page in found else None].append(message)
    return found


def under(root: Path, vnu_errors: dict[Path | None, list[dict]]) -> dict[str, list[dict]]:
    """The pages checked under root, by their path there, each with its messages."""
    root = root.resolve()
    return {page.relative_to(root).as_posix(): messages for page, messages in vnu_errors.items()
            if page is not None and page.is_relative_to(root)}


def fail_on_errors(pages: dict[str, list[dict]], vnu_errors: dict[Path | None, list[dict]]) -> None:
    errors = [f"vnu: {m.get('type')}: {m.get('message')}" for m in vnu_errors[None]]
    errors += [f"{page}:{m.get('firstLine', m.get('lastLine', '?'))}: {m['message']}"
               for page, messages in pages.items() for m in messages]
    if errors:
        pytest.fail(f"vnu {VNU_VERSION} finds {len(errors)} errors:\n" + "\n".join(errors), pytrace=False)


def test_every_built_page_and_the_404_page_is_valid_html(site, vnu_errors):
    pages = under(site, vnu_errors)
    expected = {p + "index.html" if p.endswith("/") or p == "" else p for p in page_paths()}
    assert set(pages) == expected, "a page is built that the checker does not check, or the reverse"
    fail_on_errors(pages, vnu_errors)


def test_every_page_of_the_offline_copy_is_valid_html(offline, vnu_errors):
    pages = under(offline, vnu_errors)
    expected = {md.relative_to(ROOT / 'docs').with_suffix('.html').as_posix()
                for md in (ROOT / "docs").rglob("*.md")}
    assert set(pages) == expected, "the offline copy's pages are not the ones the checker checks"
    fail_on_errors(pages, vnu_errors)


def test_titles_name_the_page_then_the_site_and_the_home_page_the_site_alone(site):
    """The home page's title was "Co-production toolkit - Co-production toolkit"."""
    titles = {p.relative_to(site).as_posix(): re.findall(r"<title>(.*?)</title>", p.read_text(), re.DOTALL)
              for p in hosted_pages(site)}
    assert titles.pop("index.html") == ["Co-production toolkit"]
    for page, found in titles.items():
        assert len(found) == 1 and re.fullmatch(r"\S.* - Co-production toolkit", found[0]) \
            and found[0] != "Co-production toolkit - Co-production toolkit", f"{page}: {found}"


def test_overridden_base_html_is_materials_own_but_for_the_toggles():
    """overrides/base.html is a copy of Material's with one change (its comment says why): after
    a Material update this fails until the copy is made again from the new base.html."""
    import material

    theirs = (Path(material.__file__).parent / "templates" / "base.html").read_text()
    ours = (ROOT / "overrides" / "base.html").read_text()
    toggles = ('    <input class="md-toggle" data-md-toggle="drawer" type="checkbox" id="__drawer" {0}>\n'
               '    <input class="md-toggle" data-md-toggle="search" type="checkbox" id="__search" {0}>\n')
    before = toggles.format('autocomplete="off"')
    after = toggles.format('form="__toggles"') + '    <form id="__toggles" autocomplete="off" hidden></form>\n'

    def body(text: str) -> str:  # without the opening {#- comment -#}
        assert text.startswith("{#-"), "base.html no longer starts with a comment"
        return text.split("-#}\n", 1)[1]

    assert before in theirs, "Material's base.html no longer has the toggles overrides/base.html changes"
    assert body(ours) == body(theirs).replace(before, after), \
        "overrides/base.html differs from Material's base.html in more than the toggles: copy it again"
