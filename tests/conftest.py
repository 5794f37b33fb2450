"""Shared test fixtures: the real site built once, served on loopback, and a browser.

`make test` runs the tests in two processes (pytest-xdist, `-n 2` in the Makefile). What is
costly to make (the site, the maintainer's build, LibreOffice's printouts) is made once for
the whole run by `made_once`, whichever process asks first; the other waits for it."""

from __future__ import annotations

import fcntl
import functools
import http.server
import json
import multiprocessing
import os
import shutil
import subprocess
import sys
import threading
import zipfile
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from hooks.print.pdf_render import CHROMIUM_ARGS, PdfError, find_chromium
from hooks.site.offline import FOLDER, ZIP_NAME

ROOT = Path(__file__).resolve().parent.parent


def published_env(repository: str = "example/co-production-toolkit", **extra: str) -> dict[str, str]:
    """SITE_URL, REPO_URL and EDIT_URI as the publishing workflow sets them, from the same
    script (scripts/site-address), for a project site on GitHub Pages: a sub-path."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GITHUB_", "PAGES_"))}
    out = subprocess.run([str(ROOT / "scripts" / "site-address")], capture_output=True, text=True,
                         check=True, env=dict(env, GITHUB_REPOSITORY=repository, **extra)).stdout
    return dict(line.split("=", 1) for line in out.splitlines())


PUBLISHED = published_env()

# make check runs the tests that need no browser and no build of the real site, with
# `pytest -m "not browser and not slow"`. A test that uses the built site, or a browser, is
# marked here from its fixtures; one that builds a site, prints with Chromium or runs make by
# itself carries @pytest.mark.slow or @pytest.mark.browser.
_SLOW_FIXTURES = {"site", "build_result", "server", "offline", "maintainers_build", "opened_by_libreoffice"}


# First among the hooks that change the collection: pytest-xdist reads the xdist_group marks in
# its own, so the mark added here must be there before it looks.
@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config, items):
    for item in items:
        if "browser" in item.fixturenames:
            item.add_marker(pytest.mark.browser)
        if not _SLOW_FIXTURES.isdisjoint(item.fixturenames):
            item.add_marker(pytest.mark.slow)
        if "maintainers_build" in item.fixturenames:  # its tests in one process, which builds it
            item.add_marker(pytest.mark.xdist_group("maintainer"))
    # The longest tests first (make test keeps this order: --no-loadscope-reorder): in two
    # test processes, one makes the maintainer's build (which needs no site) while the other
    # builds the site, and neither is left finishing a long test alone at the end. A stable
    # sort: every process must collect the tests in one order.
    def order(item) -> int:
        if "maintainers_build" in item.fixturenames:
            return 0
        return 1 if item.get_closest_marker("long") else 2

    items.sort(key=order)


def made_once(tmp_path_factory, name: str, make) -> tuple[Path, dict]:
    """A folder made once for the run, shared by every test process: the first to ask calls
    make(folder), which fills the folder and returns what to remember (JSON); any other
    process waits on a lock meanwhile, then reads the same folder and record. A failure is
    remembered too, so it is reported once per test rather than made again."""
    base = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        base = base.parent  # the run's folder, above each process's own
    folder, record = base / name, base / f"{name}.json"
    with open(base / f"{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not record.exists():
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir()
            record.write_text(json.dumps(make(folder)))
    return folder, json.loads(record.read_text())


def mkdocs_build(cwd: Path, site_dir: Path) -> subprocess.CompletedProcess:
    """Build as the publishing workflow does: strict from mkdocs.yml, never quiet, with the
    published site address, repository and edit links."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", **PUBLISHED)
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--site-dir", str(site_dir)],
        cwd=cwd, env=env, capture_output=True, text=True, timeout=300,
    )


@pytest.fixture(scope="session")
def build_result(tmp_path_factory) -> tuple[subprocess.CompletedProcess, Path]:
    """The real site, built once for the run. TOOLKIT_SITE=path/to/site reuses a site built
    before with the published address (`make build` does not set one), to re-run a few tests
    after a change to the tests alone."""
    reuse = os.environ.get("TOOLKIT_SITE")
    if reuse:
        return subprocess.CompletedProcess(["reused", reuse], 0, "", ""), Path(reuse).resolve()

    def build(folder: Path) -> dict:
        result = mkdocs_build(ROOT, folder / "site")
        return {"returncode": result.returncode, "stdout": result.stdout, "stderr": result.stderr}

    folder, done = made_once(tmp_path_factory, "build", build)
    return (subprocess.CompletedProcess(["mkdocs", "build"], done["returncode"], done["stdout"], done["stderr"]),
            folder / "site")


@pytest.fixture(scope="session")
def maintainers_build(tmp_path_factory) -> Path:
    """The toolkit as a maintainer builds it on their own machine: with a thirteenth activity
    added as CONTRIBUTING says (tests/sites.py), and no site address set, as `make build`
    runs. One build serves the tests of both (tests/test_new_activity.py, and no local address
    on paper in tests/test_worksheets.py), so a run makes it once."""
    from sites import add_activity_file, add_to_menu_and_series, cite_it, copy_toolkit

    def build(folder: Path) -> dict:
        toolkit = copy_toolkit(folder / "toolkit")
        add_activity_file(toolkit)
        cite_it(toolkit)
        add_to_menu_and_series(toolkit)
        env = {k: v for k, v in os.environ.items() if k not in ("SITE_URL", "REPO_URL", "EDIT_URI")}
        result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--site-dir", str(folder / "site")],
                                cwd=toolkit, env=dict(env, NO_MKDOCS_2_WARNING="1"), capture_output=True,
                                text=True, timeout=600, check=False)
        return {"returncode": result.returncode, "stderr": result.stderr[-3000:]}

    folder, done = made_once(tmp_path_factory, "maintainer", build)
    if done["returncode"] != 0:
        pytest.fail("the toolkit with a thirteenth activity does not build:\n" + done["stderr"])
    return folder / "site"


@pytest.fixture(scope="session")
def site(build_result) -> Path:
    result, path = build_result
    if result.returncode != 0:
        pytest.fail("the real site does not build:\n" + result.stderr[-3000:])
    return path


class _SubPath(http.server.SimpleHTTPRequestHandler):
    prefix = "/"

    def translate_path(self, path):
        path = urlsplit(path).path
        if not path.startswith(self.prefix):
            return str(Path(self.directory) / ".outside-the-sub-path" / "none")  # a 404, as on Pages
        return super().translate_path("/" + path[len(self.prefix):])

    def send_error(self, code, message=None, explain=None):
        page = Path(self.directory) / "404.html"
        if code != 404 or not page.exists():
            return super().send_error(code, message, explain)
        body = page.read_bytes()  # what GitHub Pages does for a missing page
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def log_message(self, *args):
        pass


@contextmanager
def serve_under(site: Path, prefix: str):
    handler = functools.partial(type("H", (_SubPath,), {"prefix": prefix}), directory=str(site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}{prefix}"
    finally:
        httpd.shutdown()
        httpd.server_close()


@pytest.fixture(scope="session")
def server(site):
    """The built site, served over HTTP on a free loopback port under the published sub-path
    (/co-production-toolkit/), as GitHub Pages serves a project site; yields its base URL."""
    with serve_under(site, urlsplit(PUBLISHED["SITE_URL"]).path) as base:
        yield base


@pytest.fixture(scope="session")
def offline(site, tmp_path_factory) -> Path:
    """The offline copy, unzipped once as a reader would unzip it onto a USB stick: the
    folder it unpacks into. Tests read it and never change it."""
    folder = tmp_path_factory.mktemp("usb-stick")
    with zipfile.ZipFile(site / "downloads" / ZIP_NAME) as archive:
        archive.extractall(folder)
    return folder / FOLDER


def search(page, query: str) -> list[str]:
    """Search the open page as a reader does (the "/" key, then the words) and return the
    titles of the results."""
    page.keyboard.press("/")
    page.keyboard.type(query)
    # Generous: the worker builds its index on first use, slowly on a busy 2-core machine.
    page.wait_for_selector(".md-search-result__item", timeout=30_000)
    return page.locator(".md-search-result__article h1").all_inner_texts()


# Two frames for the page to react, then every animation and transition with an end, to it.
SETTLE = """async () => {
  await new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)));
  await Promise.all(document.getAnimations()
    .filter(a => Number.isFinite(a.effect?.getComputedTiming().endTime))
    .map(a => a.finished.catch(() => null)));
}"""


def settled(page):
    """The page once what the last action set moving has stopped, as a person sees it. Typing
    into the planner scrolls the page, and Material fades in its Back to top button: axe run
    at once measured the button half-way through its fade (contrast 4.35, a colour it never
    keeps) in 10 of 12 tries; after this, in none."""
    page.evaluate(SETTLE)
    return page


def chromium_path() -> str:
    try:
        return find_chromium()
    except PdfError as err:
        pytest.fail(str(err))


@pytest.fixture(scope="session")
def playwright_driver():
    """Playwright, started once per test process: every browser here is launched from it."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        yield p


@pytest.fixture(scope="session")
def browser(playwright_driver):
    b = playwright_driver.chromium.launch(executable_path=chromium_path(), headless=True, args=CHROMIUM_ARGS)
    yield b
    b.close()


@pytest.fixture(scope="module")
def tabs_context(browser):
    """One browser context for a test file's tabs (tab), wide as a desktop screen."""
    context = browser.new_context(locale="en-GB", viewport={"width": 1280, "height": 900})
    yield context
    context.close()


@pytest.fixture
def tab(tabs_context):
    """A new tab for each test, all in one browser context for the file: a new tab costs about
    half the processor time of a new context. For tests after which nothing stays in the
    context: the planner and the check-up store nothing (each file tests that in a context of
    its own), and what a test sets on its tab (print media, a blocked file) goes with it.
    page.errors collects the page's script errors. A file with a tab fixture of its own uses that."""
    page = tabs_context.new_page()
    page.errors = []
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    yield page
    page.close()


def page_paths() -> list[str]:
    """Every page a reader can open, as a path under the site root: one per Markdown file in
    docs/ (directory URLs), and the 404 page. Known before the build, so tests can be one per page."""
    paths = []
    for md in sorted((ROOT / "docs").rglob("*.md")):
        stem = md.relative_to(ROOT / "docs").as_posix()[: -len(".md")]
        if stem == "index" or stem.endswith("/index"):
            stem = stem[: -len("index")]
        else:
            stem += "/"
        paths.append(stem)
    return paths + ["404.html"]


def page_id(path: str) -> str:
    return path.strip("/") or "home"


def _page_texts(pdf: Path) -> list[str]:
    from pypdf import PdfReader

    return [page.extract_text() for page in PdfReader(pdf).pages]


@pytest.fixture(scope="session")
def printed_text(site, tmp_path_factory) -> dict[str, list[str]]:
    """The text of every PDF under downloads/, page by page, as pypdf gives it (what a screen
    reader or a search gets): read once for the run, for every test file that reads it.

    pypdf takes about 8 s of processor time to read them all, on one core, and the other test
    process usually waits for the same text meanwhile: so the files are read on every core,
    the largest first (the books are a third of the pages)."""
    def read(folder: Path) -> dict:
        pdfs = sorted((site / "downloads").glob("*.pdf"), key=lambda p: -p.stat().st_size)
        # spawn, not fork: this process has Playwright's threads running.
        with ProcessPoolExecutor(os.cpu_count() or 2, mp_context=multiprocessing.get_context("spawn")) as pool:
            read_ = dict(zip((p.name for p in pdfs), pool.map(_page_texts, pdfs)))
        texts = {name: read_[name] for name in sorted(read_)}
        (folder / "texts.json").write_text(json.dumps(texts), encoding="utf-8")
        return {"pdfs": len(texts)}

    folder, _ = made_once(tmp_path_factory, "printed-text", read)
    return json.loads((folder / "texts.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def opened_by_libreoffice(site, tmp_path_factory) -> Path:
    """Every .docx and .odt under downloads/, opened by LibreOffice and saved as PDF, as a
    person would: NAME.docx prints to NAME.docx.pdf and NAME.odt to NAME.odt.pdf (LibreOffice
    names a PDF after its file's name without the extension, so the two would write one PDF).

    LibreOffice converts one file at a time, and the other test process usually waits for the
    same printouts meanwhile: so one LibreOffice for each core, each with its own profile, takes
    its share of the files (5.0 s on one core, 3.3 s on two, for 84 files)."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.fail("LibreOffice is needed: run 'make setup' (it installs libreoffice-writer-nogui)")

    def convert(out: Path) -> dict:
        named = tmp_path_factory.mktemp("editable")
        files = []
        for ext in ("docx", "odt"):
            for p in sorted((site / "downloads").glob(f"*.{ext}")):
                copy = named / f"{p.name}.{ext}"
                shutil.copyfile(p, copy)
                files.append(str(copy))
        cores = min(os.cpu_count() or 2, len(files))
        running = [subprocess.Popen([soffice, f"-env:UserInstallation=file://{tmp_path_factory.mktemp('lo-profile')}",
                                     "--headless", "--convert-to", "pdf", "--outdir", str(out)] + files[i::cores],
                                    stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
                   for i in range(cores)]
        failed = []
        for process in running:
            _, err = process.communicate(timeout=900)
            if process.returncode != 0:
                failed.append(err[-2000:])
        return {"returncode": 1 if failed else 0, "stderr": "\n".join(failed)}

    out, done = made_once(tmp_path_factory, "libreoffice", convert)
    assert done["returncode"] == 0, done["stderr"]
    return out
