"""Shared test fixtures: the real site built once, served on loopback, and a browser."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from hooks.pdfs import CHROMIUM_ARGS, PdfError, find_chromium, serve  # noqa: E402


def mkdocs_build(cwd: Path, site_dir: Path) -> subprocess.CompletedProcess:
    """Build as `make build` does: strict from mkdocs.yml, never quiet."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--site-dir", str(site_dir)],
        cwd=cwd, env=env, capture_output=True, text=True, timeout=300,
    )


@pytest.fixture(scope="session")
def build_result(tmp_path_factory) -> tuple[subprocess.CompletedProcess, Path]:
    site = tmp_path_factory.mktemp("build") / "site"
    return mkdocs_build(ROOT, site), site


@pytest.fixture(scope="session")
def site(build_result) -> Path:
    result, path = build_result
    if result.returncode != 0:
        pytest.fail("the real site does not build:\n" + result.stderr[-3000:])
    return path


@pytest.fixture(scope="session")
def server(site):
    """The built site, served over HTTP on a free loopback port; yields its base URL."""
    with serve(site) as base:
        yield base


def chromium_path() -> str:
    try:
        return find_chromium()
    except PdfError as err:
        pytest.fail(str(err))


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=chromium_path(), headless=True, args=CHROMIUM_ARGS)
        yield b
        b.close()


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
