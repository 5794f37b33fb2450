"""tools/check_links.py against a loopback HTTP server: offline, only 127.0.0.1 is used."""

from __future__ import annotations

import socket
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from conftest import ROOT

SCRIPT = ROOT / "tools" / "check_links.py"


class Handler(BaseHTTPRequestHandler):
    """/ok 200, /gone 404, /moved 301 to /ok, /nohead 405 on HEAD, /busy 429, and a few more."""

    def _answer(self) -> None:
        path = self.path.split("?")[0]
        server = self.server
        with server.lock:
            server.log.append((self.command, self.path, self.headers.get("User-Agent", "")))
            server.hits[path] = server.hits.get(path, 0) + 1
            hits = server.hits[path]
        location = None
        if path == "/ok":
            status = 200
        elif path == "/moved":
            status, location = 301, "/ok"
        elif path == "/loop":
            status, location = 302, "/loop"
        elif path == "/nohead":
            status = 405 if self.command == "HEAD" else 200
        elif path == "/headforbidden":  # refuses HEAD, and GET shows the page is gone
            status = 403 if self.command == "HEAD" else 404
        elif path == "/busy":
            status = 429
        elif path == "/error":
            status = 500
        elif path == "/flaky":  # fails once, then works
            status = 503 if hits == 1 else 200
        elif path == "/slow":
            time.sleep(1.0)
            status = 200
        else:
            status = 404
        body = b"" if self.command == "HEAD" else f"<p>{status}</p>".encode()
        self.send_response(status)
        if location:
            self.send_header("Location", location)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if body:
            self.wfile.write(body)

    do_HEAD = do_GET = _answer

    def log_message(self, format, *args) -> None:  # keep the test output quiet
        pass


@pytest.fixture
def server():
    """A loopback server on a free port; yields it, with .base, .log and .hits."""
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    httpd.lock = threading.Lock()
    httpd.log = []
    httpd.hits = {}
    httpd.base = f"http://127.0.0.1:{httpd.server_address[1]}"
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield httpd
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def closed_port() -> int:
    """A loopback port with nothing listening: connecting to it is refused."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def make_site(root: Path, pages: dict[str, str]) -> Path:
    for rel, body in pages.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"<!doctype html><html lang=\"en-GB\"><body>{body}</body></html>",
                        encoding="utf-8")
    return root


def run(*args: str | Path, timeout: float = 2) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(SCRIPT), "--timeout", str(timeout), *map(str, args)],
        cwd=ROOT, capture_output=True, text=True, timeout=60,
    )


def test_reports_each_broken_link_once_with_its_pages(tmp_path, server, closed_port):
    b = server.base
    refused = f"http://127.0.0.1:{closed_port}/nothing-here"
    site = make_site(tmp_path / "site", {
        "index.html": f"""
            <a href="{b}/ok">fine</a>
            <a href="{b}/gone">gone</a>
            <a href="{b}/gone#section">gone again, with an anchor</a>
            <a href="{b}/moved">moved</a>
            <a href="{b}/loop">loops</a>
            <a href="{refused}">refused</a>
            <a href="about/">internal</a>
            <a href="mailto:someone@example.org">mail</a>
            <a href="#top">anchor</a>
            <a>no href</a>""",
        "about/index.html": f"""
            <a href="{b}/gone">gone</a>
            <a href="{b}/gone?x=1&amp;y=2">gone, with a query</a>
            <a href="{b}/nohead">no HEAD</a>
            <a href="{b}/headforbidden">HEAD refused, GET gone</a>
            <a href="{b}/busy">busy</a>
            <a href="{b}/error">server error</a>
            <a href="{b}/flaky">fails once</a>
            <a href="../">internal</a>""",
        "glossary/index.html": f"""
            <!-- <a href="{b}/commented-out">not a link</a> -->
            <link rel="stylesheet" href="{b}/not-an-a-tag.css">
            <img src="{b}/image.png" alt="">
            <p>{b}/plain-text</p>
            <a href="{b}/gone">gone</a>""",
        # Built assets are not pages: a link in them is not read.
        "assets/javascripts/lunr/page.html": f'<a href="{b}/assets-only">x</a>',
    })
    result = run(site)
    assert result.returncode == 1, result.stdout + result.stderr
    assert result.stderr == ""
    lines = result.stdout.splitlines()
    assert sorted(lines[:-1]) == sorted([
        f"BROKEN 404 {b}/gone (on about/index.html, glossary/index.html, index.html)",
        f"BROKEN 404 {b}/gone?x=1&y=2 (on about/index.html)",
        f"BROKEN 404 {b}/headforbidden (on about/index.html)",
        f"BROKEN 500 {b}/error (on about/index.html)",
        f"BROKEN bad-redirect {b}/loop (on index.html)",
        f"BROKEN connection-refused {refused} (on index.html)",
        f"UNCHECKED 429 {b}/busy (on about/index.html)",
    ])
    assert lines[:-1] == sorted(lines[:-1], key=lambda line: line.split()[2])  # in URL order
    # ok, gone, gone?x, moved, loop, refused, nohead, headforbidden, busy, error, flaky
    assert lines[-1] == "checked 11 external links on 3 pages: 6 broken"

    requested = {path.split("?")[0] for _, path, _ in server.log}
    assert not requested & {"/commented-out", "/not-an-a-tag.css", "/image.png", "/plain-text",
                            "/assets-only"}


def test_requests_head_then_get_follow_redirects_and_retry_once(tmp_path, server):
    b = server.base
    site = make_site(tmp_path / "site", {
        "a.html": f'<a href="{b}/gone">1</a><a href="{b}/moved">2</a><a href="{b}/nohead">3</a>',
        "b.html": f'<a href="{b}/gone">1</a><a href="{b}/error">4</a><a href="{b}/flaky">5</a>',
    })
    result = run(site)
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        f"BROKEN 500 {b}/error (on b.html)",
        f"BROKEN 404 {b}/gone (on a.html, b.html)",
        "checked 5 external links on 2 pages: 2 broken",
    ]

    calls = {}
    for method, path, _ in server.log:
        calls.setdefault(path, []).append(method)
    assert calls["/gone"] == ["HEAD"]  # on two pages, checked once; 404 is not retried
    assert calls["/nohead"] == ["HEAD", "GET"]  # 405 on HEAD: GET decides
    assert calls["/moved"] == ["HEAD"] and calls["/ok"] == ["HEAD"]  # redirect followed, still HEAD
    assert calls["/error"] == ["HEAD", "HEAD"]  # 5xx: tried once more, then broken
    assert calls["/flaky"] == ["HEAD", "HEAD"]  # 503, then 200 on the retry: not broken
    assert all("co-production-toolkit" in agent for _, _, agent in server.log)
    assert not any(agent.startswith("Python-urllib") for _, _, agent in server.log)


def test_site_with_no_broken_link_exits_0(tmp_path, server):
    b = server.base
    site = make_site(tmp_path / "site", {
        "index.html": f'<a href="{b}/ok">1</a><a href="{b}/moved">2</a><a href="{b}/nohead">3</a>'
                      '<a href="mailto:a@example.org">4</a><a href="page/">5</a>',
        "page/index.html": f'<a href="{b}/busy">429 is not broken</a>',
    })
    result = run(site)
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout.splitlines() == [
        f"UNCHECKED 429 {b}/busy (on page/index.html)",
        "checked 4 external links on 2 pages: 0 broken",
    ]


def test_site_url_leaves_out_the_sites_own_links(tmp_path, server):
    b = server.base  # every /toolkit... path answers 404 here
    site = make_site(tmp_path / "site", {
        "index.html": f'<a href="{b}/toolkit/">home</a><a href="{b}/toolkit/about/#x">about</a>'
                      f'<a href="{b}/toolkit">no slash</a><a href="{b}/toolkit-old/">other site</a>',
    })
    own = run(site, "--site-url", f"{b}/toolkit/")
    assert own.returncode == 1
    assert own.stdout.splitlines() == [
        f"BROKEN 404 {b}/toolkit-old/ (on index.html)",
        "checked 1 external links on 1 pages: 1 broken",
    ]
    assert {path for _, path, _ in server.log} == {"/toolkit-old/"}

    everything = run(site)
    assert everything.returncode == 1
    assert everything.stdout.splitlines()[-1] == "checked 4 external links on 1 pages: 4 broken"


def test_allow_skips_matching_urls(tmp_path, server):
    b = server.base
    site = make_site(tmp_path / "site", {
        "index.html": f'<a href="{b}/ok">1</a><a href="{b}/gone">2</a><a href="{b}/error">3</a>',
    })
    result = run(site, "--allow", r"/gone$", "--allow", "err")
    assert (result.returncode, result.stdout) == (0, "checked 1 external links on 1 pages: 0 broken\n")
    assert {path for _, path, _ in server.log} == {"/ok"}


def test_timeout_is_broken_after_one_retry(tmp_path, server):
    site = make_site(tmp_path / "site", {"index.html": f'<a href="{server.base}/slow">slow</a>'})
    result = run(site, timeout=0.3)
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        f"BROKEN timeout {server.base}/slow (on index.html)",
        "checked 1 external links on 1 pages: 1 broken",
    ]
    assert server.hits["/slow"] == 2


def test_missing_site_dir_is_one_line_and_exit_2(tmp_path):
    result = run(tmp_path / "no-such-site")
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr == "error: SITE_DIR not found; run make build first\n"


@pytest.mark.parametrize("args, message", [
    ((), "error: the following arguments are required: SITE_DIR (see --help)\n"),
    (("--allow", "(unclosed", "."), "error: --allow '(unclosed' is not a valid regular expression: "),
    (("--timeout", "soon", "."), "error: argument --timeout: invalid float value: 'soon' (see --help)\n"),
], ids=["no-site-dir", "bad-allow", "bad-timeout"])
def test_bad_usage_is_one_line_and_exit_2(args, message):
    result = subprocess.run([sys.executable, str(SCRIPT), *args], cwd=ROOT, capture_output=True,
                            text=True, timeout=60)
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.startswith(message)
    assert len(result.stderr.splitlines()) == 1


def test_help(tmp_path):
    result = subprocess.run([sys.executable, str(SCRIPT), "--help"], capture_output=True, text=True,
                            timeout=60)
    assert result.returncode == 0
    for option in ("SITE_DIR", "--site-url", "--timeout", "--allow"):
        assert option in result.stdout
