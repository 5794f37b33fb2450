"""Publishing: the site works under a project site's sub-path, the offline copy works from
file:// with no network, and two builds of one commit are byte for byte the same."""

from __future__ import annotations

import urllib.error
import urllib.request
import zipfile
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urldefrag, urljoin, urlsplit

import pytest

from conftest import PUBLISHED, ROOT, mkdocs_build, page_paths, search, serve_under

PREFIX = urlsplit(PUBLISHED["SITE_URL"]).path  # "/co-production-toolkit/"
ZIP = "downloads/co-production-toolkit-offline.zip"
SOURCES = {p: p for p in page_paths()}


class _Refs(HTMLParser):
    """The ids a page defines and every address it refers to."""

    ATTRS = {"a": "href", "link": "href", "script": "src", "img": "src", "iframe": "src"}

    def __init__(self):
        super().__init__()
        self.ids: set[str] = set()
        self.refs: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if a.get("id"):
            self.ids.add(a["id"])
        if tag == "a" and a.get("name"):
            self.ids.add(a["name"])
        value = a.get(self.ATTRS.get(tag, ""))
        if value and not value.startswith(("mailto:", "tel:", "javascript:", "data:")):
            self.refs.append(value)


def refs(text: str) -> _Refs:
    parser = _Refs()
    parser.feed(text)
    return parser


# --- Served under a sub-path, as GitHub Pages serves a project site -----------------------

def fetch(url: str) -> tuple[int, str, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=30) as r:
            return r.status, r.headers.get("Content-Type", ""), r.read()
    except urllib.error.HTTPError as err:
        return err.code, err.headers.get("Content-Type", ""), err.read()


def crawl(start: str, root: str) -> tuple[dict[str, set[str]], list[str]]:
    """Follow every address under root from start; return each HTML page's ids, and problems."""
    pages: dict[str, set[str]] = {}
    wanted: list[tuple[str, str, str]] = []  # (from page, target, fragment)
    problems, seen, queue = [], {start}, [start]
    while queue:
        url = queue.pop()
        status, kind, body = fetch(url)
        if status != 200:
            problems.append(f"{url}: {status}")
            continue
        if "text/html" not in kind:
            continue
        found = refs(body.decode("utf-8"))
        pages[url] = found.ids
        for ref in found.refs:
            target, fragment = urldefrag(urljoin(url, ref))
            if not target.startswith(root):
                assert not target.startswith("http://127.0.0.1"), f"{url} links outside the site: {ref}"
                continue  # another site: the scheduled link check's job
            wanted.append((url, target, fragment))
            if target not in seen:
                seen.add(target)
                queue.append(target)
    for page, target, fragment in wanted:
        if fragment and target in pages and unquote(fragment) not in pages[target]:
            problems.append(f"{page}: no #{fragment} in {target}")
    return pages, problems


def test_every_link_anchor_and_download_resolves_under_a_sub_path(site):
    assert PREFIX.count("/") == 2 and PREFIX != "/", PREFIX  # a project site: /REPO/
    with serve_under(site, PREFIX) as base:
        pages, problems = crawl(base, base)
    assert not problems, "\n".join(problems)
    reached = {url.removeprefix(base) for url in pages}
    assert reached == set(SOURCES) - {"404.html"}, "pages no link leads to, or links to no page"


def test_a_missing_page_gets_the_helpful_404_page_with_working_links(site):
    with serve_under(site, PREFIX) as base:
        status, _, body = fetch(base + "activities/99-no-such-activity/")
        assert status == 404
        text = body.decode("utf-8")
        assert "Page not found" in text and "the list of activities" in text
        origin = base[: -len(PREFIX) + 1]
        for ref in refs(text).refs:
            target = urldefrag(urljoin(base + "activities/99-no-such-activity/", ref))[0]
            if target.startswith(origin):
                assert fetch(target)[0] == 200, f"the 404 page links to {ref}, which is missing"


def test_site_address_repository_and_edit_links_come_from_one_place(site):
    """scripts/site-address sets them for the workflows; every page uses them."""
    home = (site / "index.html").read_text()
    assert f'<link rel="canonical" href="{PUBLISHED["SITE_URL"]}">' in home
    assert f'href="{PUBLISHED["REPO_URL"]}"' in home
    values = (site / "part-2" / "02-values" / "index.html").read_text()
    edit = f'{PUBLISHED["REPO_URL"]}/{PUBLISHED["EDIT_URI"]}part-2/02-values.md'
    assert f'href="{edit}"' in values, "no 'Edit this page' link to the page's source"
    assert PUBLISHED["SITE_URL"] + "activities/03-exploring-your-values/" in \
        (site / "activities" / "03-exploring-your-values" / "index.html").read_text()


# --- The offline copy ------------------------------------------------------------------

def test_offline_copy_unzips_into_one_folder(site):
    with zipfile.ZipFile(site / ZIP) as archive:
        names = archive.namelist()
    assert all(n.startswith("co-production-toolkit/") for n in names), "the ZIP has no one folder"


def test_downloads_page_links_the_offline_copy_with_its_size(site):
    html = (site / "downloads" / "index.html").read_text()
    size = (site / ZIP).stat().st_size / (1024 * 1024)
    assert f'href="co-production-toolkit-offline.zip">Download the offline copy (ZIP file, {size:.1f} MB)' in html


def test_offline_copy_has_every_page_and_every_pdf(site, offline):
    docs = ROOT / "docs"
    expected = {md.relative_to(docs).with_suffix(".html").as_posix() for md in docs.rglob("*.md")}
    got = {p.relative_to(offline).as_posix() for p in offline.rglob("*.html")}
    assert got == expected
    hosted = sorted(p.name for pattern in ("*.pdf", "*.docx", "*.odt") for p in (site / "downloads").glob(pattern))
    assert {"co-production-toolkit.pdf", "worksheets.docx", "worksheets-large-print.odt"} <= set(hosted)
    got = sorted(p.name for pattern in ("*.pdf", "*.docx", "*.odt") for p in (offline / "downloads").glob(pattern))
    assert got == hosted
    for name in hosted:
        assert (offline / "downloads" / name).read_bytes() == (site / "downloads" / name).read_bytes()
    assert not (offline / "downloads" / Path(ZIP).name).exists()
    assert "You are reading the offline copy now" in (offline / "downloads.html").read_text()


def test_offline_copy_links_are_files_that_exist(offline):
    problems = []
    ids = {p: refs(p.read_text()).ids for p in offline.rglob("*.html")}
    for page in ids:
        for ref in refs(page.read_text()).refs:
            if urlsplit(ref).scheme:  # another site (the published copy, the repository)
                continue
            path, fragment = urldefrag(ref)
            target = (page.parent / unquote(path)).resolve() if path else page
            if not target.is_file():
                problems.append(f"{page.relative_to(offline)}: {ref} is not a file")
            elif fragment and target in ids and unquote(fragment) not in ids[target]:
                problems.append(f"{page.relative_to(offline)}: no #{fragment} in {path}")
    assert not problems, "\n".join(problems)


@pytest.mark.browser
def test_offline_copy_works_from_file_with_no_network(browser, offline):
    context = browser.new_context(locale="en-GB")
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    try:
        page.goto((offline / "index.html").as_uri(), wait_until="load")
        assert page.title().startswith("Co-production toolkit")
        page.click("a.md-nav__link[href='downloads.html']")
        page.wait_for_url("**/downloads.html", wait_until="load")
        assert page.locator("text=You are reading the offline copy now").is_visible()
        page.click("a.md-nav__link[href='activities/index.html']")
        page.wait_for_url("**/activities/index.html", wait_until="load")
        search(page, "sticky dots")
        page.click(".md-search-result__item a >> nth=0")
        page.wait_for_url("**/activities/03-exploring-your-values.html*", wait_until="load")
        assert page.locator("h1").inner_text() == "Activity 3: Exploring your values"
        outside = [url for url in requests if not url.startswith(("file://", "data:", "blob:", "about:"))]
        assert not outside, f"the offline copy asked the network for: {outside}"
    finally:
        context.close()


# --- Builds you can trust ----------------------------------------------------------------

@pytest.mark.long
@pytest.mark.slow  # a build of its own: not for make check (it asks for the site only later)
def test_same_commit_builds_byte_identical_site(request, tmp_path):
    again = tmp_path / "again"
    result = mkdocs_build(ROOT, again)
    assert result.returncode == 0, result.stderr[-2000:]
    # The site only now: the second build need not wait while another process makes the first.
    site = request.getfixturevalue("site")
    first = {p.relative_to(site).as_posix(): p for p in site.rglob("*") if p.is_file()}
    second = {p.relative_to(again).as_posix(): p for p in again.rglob("*") if p.is_file()}
    assert sorted(first) == sorted(second)
    differ = [name for name in sorted(first) if first[name].read_bytes() != second[name].read_bytes()]
    assert not differ, f"files that differ between two builds of one commit: {differ}"
    assert any(name.endswith(".pdf") for name in first) and ZIP in first


# --- The workflows -----------------------------------------------------------------------

def _workflow(name: str) -> dict:
    import yaml

    data = yaml.safe_load((ROOT / ".github" / "workflows" / name).read_text())
    data["on"] = data.pop(True, data.get("on"))  # YAML 1.1 reads the key `on` as true
    return data


def test_pages_workflow_tests_before_it_deploys_and_deploys_only_main():
    flow = _workflow("pages.yml")
    assert set(flow["on"]) >= {"push", "pull_request"} and flow["on"]["push"]["branches"] == ["main"]
    assert flow["permissions"] == {"contents": "read"}
    build, deploy = flow["jobs"]["build"], flow["jobs"]["deploy"]
    runs = [step.get("run", "") + step.get("uses", "") for step in build["steps"]]
    order = [next(i for i, r in enumerate(runs) if key in r)
             for key in ("scripts/site-address", "make test", "make build", "upload-pages-artifact")]
    assert order == sorted(order), "the site is uploaded before it is tested, or built without its address"
    upload = next(s for s in build["steps"] if "upload-pages-artifact" in s.get("uses", ""))
    assert upload["with"]["path"] == "site" and "push" in upload["if"] and "main" in upload["if"]
    assert deploy["needs"] == "build" and "push" in deploy["if"] and "main" in deploy["if"]
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert [s["uses"].split("@")[0] for s in deploy["steps"]] == ["actions/deploy-pages"]
    assert "chromium" in " ".join(runs)


def test_link_check_is_scheduled_and_never_holds_up_publishing():
    links = _workflow("links.yml")
    assert "schedule" in links["on"] and "push" not in links["on"]
    steps = links["jobs"]["links"]["steps"]
    runs = [s.get("run", "") + s.get("uses", "") for s in steps]
    build = next(i for i, r in enumerate(runs) if "make build" in r)
    check = next(i for i, r in enumerate(runs) if r.startswith("lycheeverse/lychee-action@"))
    assert build < check, "the links are checked before the site is built"
    args = steps[check]["with"]["args"]
    # The built pages, their external addresses only, and never the site's own address.
    assert '"site/**/*.html"' in args and "--scheme https" in args
    assert '--exclude "^${{ env.SITE_URL }}"' in args
    assert "--no-ignore" in args  # site/ is in .gitignore, which lychee would skip
    assert steps[check]["with"]["fail"] is True  # a broken link fails this run, and only this run
    assert "links" not in str(_workflow("pages.yml")["jobs"]["deploy"].get("needs"))
    assert "lychee" not in str(_workflow("pages.yml"))


def test_site_address_script_gives_the_project_site_or_the_pages_address():
    from conftest import published_env

    assert published_env("Some-Owner/toolkit") == {
        "SITE_URL": "https://some-owner.github.io/toolkit/",
        "REPO_URL": "https://github.com/Some-Owner/toolkit",
        "EDIT_URI": "edit/main/docs/",
    }
    custom = published_env("a/b", PAGES_BASE_URL="https://toolkit.example.org", DEFAULT_BRANCH="trunk")
    assert custom["SITE_URL"] == "https://toolkit.example.org/"
    assert custom["EDIT_URI"] == "edit/trunk/docs/"


def test_offline_build_that_fails_gives_one_line(tmp_path):
    from hooks.site.offline import OfflineError, build_offline_copy

    config = tmp_path / "mkdocs.yml"
    config.write_text("site_name: Broken\nstrict: true\nnav:\n  - missing.md\n")
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text("# Home\n")
    with pytest.raises(OfflineError) as err:
        build_offline_copy(config, tmp_path, tmp_path / "out.zip", 0)
    message = str(err.value)
    assert "\n" not in message and "missing.md" in message, message
    assert not (tmp_path / "out.zip").exists()


def test_offline_zip_is_the_same_bytes_for_the_same_files(tmp_path):
    from hooks.site.offline import write_zip

    folder = tmp_path / "site"
    (folder / "a").mkdir(parents=True)
    (folder / "a" / "page.html").write_text("<p>one</p>")
    (folder / "index.html").write_text("<p>two</p>")
    first = write_zip(folder, tmp_path / "1.zip", 1_700_000_000)
    (folder / "index.html").touch()  # a new modification time changes nothing
    write_zip(folder, tmp_path / "2.zip", 1_700_000_000)
    assert first > 0 and (tmp_path / "1.zip").read_bytes() == (tmp_path / "2.zip").read_bytes()
    with zipfile.ZipFile(tmp_path / "1.zip") as archive:
        assert archive.namelist() == ["co-production-toolkit/a/page.html", "co-production-toolkit/index.html"]
