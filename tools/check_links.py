"""Check the external links of the built site: does each one still lead somewhere?

Usage: python tools/check_links.py [--site-url URL] [--timeout S] [--allow REGEX] SITE_DIR

Reads every HTML page in SITE_DIR (a built site, `make build`; assets/ is skipped), collects
the href of every <a> that starts with http:// or https://, leaves out links to the site's own
address (--site-url) and any URL that matches an --allow pattern, and checks each URL once:
HEAD first, then GET when the server refuses HEAD (403, 405 or 501), following redirects, and
trying once more after a timeout or a 5xx answer.

A link is broken when its final answer is 4xx or 5xx, or when its host does not resolve or the
connection fails (or times out twice). 429 Too Many Requests means "could not check", not
broken. Prints one line per broken link, then a summary:

    BROKEN 404 https://example.org/gone (on about/index.html, glossary/index.html)
    checked 42 external links on 28 pages: 1 broken

Exit status: 0 when nothing is broken, 1 when a link is broken, 2 on bad usage. Python
standard library only. Run by the scheduled "Check external links" workflow, never by a deploy:
external sites go down, and that must not stop the toolkit being published.
"""
from __future__ import annotations

import argparse
import http.client
import re
import socket
import ssl
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from html.parser import HTMLParser
from pathlib import Path

USER_AGENT = "Mozilla/5.0 (compatible; co-production-toolkit-link-check/1.0{contact})"
HEAD_REFUSED = {403, 405, 501}
RETRY_PAUSE = 1.0  # seconds before the one retry after a timeout or a 5xx answer
REDIRECT_CODES = {301, 302, 303, 307, 308}


class UsageError(Exception):
    """Bad usage: printed as one line, exit status 2."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # one line, not argparse's usage block
        raise UsageError(f"{message} (see --help)")


class LinkCollector(HTMLParser):
    """The href of every <a> in one page, attribute entities already decoded."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            for name, value in attrs:
                if name == "href" and value:
                    self.hrefs.append(value.strip())


def is_external(href: str) -> bool:
    return urllib.parse.urlsplit(href).scheme.lower() in ("http", "https")


def without_fragment(url: str) -> str:
    """The URL as it is requested: the #fragment never reaches the server."""
    return urllib.parse.urldefrag(url)[0]


def _host_port_path(url: str) -> tuple[str, int | None, str]:
    parts = urllib.parse.urlsplit(url)
    default = {"http": 80, "https": 443}.get(parts.scheme.lower())
    try:
        port = parts.port
    except ValueError:
        port = None
    return (parts.hostname or "").lower(), (None if port == default else port), parts.path or "/"


def is_own(url: str, site_url: str | None) -> bool:
    """Whether url is on the site's own address (http or https, under its path)."""
    if not site_url:
        return False
    host, port, path = _host_port_path(url)
    own_host, own_port, own_path = _host_port_path(site_url)
    if (host, port) != (own_host, own_port):
        return False
    # Compare as folders: /toolkit/ holds /toolkit and /toolkit/about/, not /toolkit-old/.
    return (path.rstrip("/") + "/").startswith(own_path.rstrip("/") + "/")


def html_pages(site_dir: Path) -> list[Path]:
    """Every built HTML page, outside assets/, in a stable order."""
    pages = []
    for path in sorted(site_dir.rglob("*.html")):
        rel = path.relative_to(site_dir)
        if rel.parts[0] == "assets" or not path.is_file():
            continue
        pages.append(path)
    return pages


def collect(site_dir: Path, site_url: str | None,
            allow: list[re.Pattern[str]]) -> tuple[dict[str, set[str]], int]:
    """{external URL: pages it is on} and how many pages were read."""
    links: dict[str, set[str]] = {}
    pages = html_pages(site_dir)
    for page in pages:
        parser = LinkCollector()
        parser.feed(page.read_text(encoding="utf-8", errors="replace"))
        parser.close()
        rel = page.relative_to(site_dir).as_posix()
        for href in parser.hrefs:
            if not is_external(href):
                continue
            url = without_fragment(href)
            if is_own(url, site_url) or any(p.search(url) for p in allow):
                continue
            links.setdefault(url, set()).add(rel)
    return links, len(pages)


def request_url(url: str) -> str:
    """url made safe for http.client: IDNA host, percent-encoded path and query."""
    parts = urllib.parse.urlsplit(url)
    host = parts.hostname or ""
    try:
        host = host.encode("idna").decode("ascii")
    except UnicodeError:
        pass
    netloc = host if ":" not in host else f"[{host}]"
    if parts.port is not None:
        netloc += f":{parts.port}"
    if parts.username is not None:
        auth = parts.username + (f":{parts.password}" if parts.password is not None else "")
        netloc = f"{auth}@{netloc}"
    safe = "/%:@!$&'()*+,;=~-._"
    return urllib.parse.urlunsplit((
        parts.scheme, netloc, urllib.parse.quote(parts.path, safe=safe),
        urllib.parse.quote(parts.query, safe=safe + "?"), "",
    ))


class _KeepMethodRedirects(urllib.request.HTTPRedirectHandler):
    """Follow redirects as the same method: a HEAD stays a HEAD (urllib turns it into GET)."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        new = super().redirect_request(req, fp, code, msg, headers, newurl)
        if new is not None and req.get_method() == "HEAD":
            new.method = "HEAD"
        return new


_opener = urllib.request.build_opener(_KeepMethodRedirects())


def user_agent(site_url: str | None) -> str:
    """Names the project, and the site the links are on when it is known."""
    return USER_AGENT.format(contact=f"; +{site_url}" if site_url else "")


def _fetch(url: str, method: str, timeout: float, agent: str) -> int | str:
    """The final HTTP status of one request, or a one-word error."""
    req = urllib.request.Request(url, method=method, headers={
        "User-Agent": agent,
        "Accept": "text/html,application/xhtml+xml,*/*;q=0.8",
        "Accept-Language": "en-GB,en;q=0.8",
    })
    try:
        with _opener.open(req, timeout=timeout) as response:
            return response.status
    except urllib.error.HTTPError as err:
        err.close()
        if err.code in REDIRECT_CODES:
            return "bad-redirect"  # a loop, too many, no Location, or to a non-HTTP address
        return err.code
    except urllib.error.URLError as err:
        return _error_word(err.reason)
    except (OSError, http.client.HTTPException, ValueError) as err:
        return _error_word(err)


def _error_word(reason: object) -> str:
    if isinstance(reason, (TimeoutError, socket.timeout)):
        return "timeout"
    if isinstance(reason, socket.gaierror):
        return "unresolvable"
    if isinstance(reason, ConnectionRefusedError):
        return "connection-refused"
    if isinstance(reason, http.client.InvalidURL):
        return "invalid-url"
    if isinstance(reason, ssl.SSLError):
        return "ssl-error"
    if isinstance(reason, (OSError, http.client.HTTPException)):
        return "connection-failed"
    if isinstance(reason, ValueError):
        return "invalid-url"
    return "connection-failed"  # URLError with a text reason, e.g. an unknown scheme


def _check_once(url: str, timeout: float, agent: str) -> int | str:
    result = _fetch(url, "HEAD", timeout, agent)
    if result in HEAD_REFUSED:
        result = _fetch(url, "GET", timeout, agent)
    return result


def _worth_retry(result: int | str) -> bool:
    return result == "timeout" or (isinstance(result, int) and 500 <= result < 600)


def check(url: str, timeout: float, agent: str = user_agent(None)) -> int | str:
    """The final status of url (an int), or a one-word error; one retry on timeout or 5xx."""
    try:
        target = request_url(url)
    except ValueError:
        return "invalid-url"
    result = _check_once(target, timeout, agent)
    if _worth_retry(result):
        time.sleep(RETRY_PAUSE)
        result = _check_once(target, timeout, agent)
    return result


def is_broken(result: int | str) -> bool:
    if isinstance(result, str):
        return True
    return result >= 400 and result != 429


def main(argv: list[str] | None = None) -> int:
    parser = _Parser(
        prog="check_links.py",
        description="Check every external link in the built site; exit 1 when one is broken.",
        epilog="Exit status: 0 when no link is broken, 1 when one is, 2 on bad usage. "
               "A 429 answer (too many requests) is reported as UNCHECKED, not broken.",
    )
    parser.add_argument("site_dir", metavar="SITE_DIR", help="the built site (make build writes site/)")
    parser.add_argument("--site-url", metavar="URL", default=None,
                        help="the site's own address: links to it are not external")
    parser.add_argument("--timeout", type=float, default=15.0, metavar="S",
                        help="seconds to wait for each request (default 15)")
    parser.add_argument("--workers", type=int, default=4, metavar="N",
                        help="how many links to check at once (default 4)")
    parser.add_argument("--allow", action="append", default=[], metavar="PATTERN",
                        help="skip URLs that match this regular expression (may be repeated)")
    try:
        args = parser.parse_args(argv)
        if args.timeout <= 0:
            raise UsageError("--timeout must be more than 0")
        if args.workers < 1:
            raise UsageError("--workers must be 1 or more")
        allow = []
        for pattern in args.allow:
            try:
                allow.append(re.compile(pattern))
            except re.error as err:
                raise UsageError(f"--allow {pattern!r} is not a valid regular expression: {err}") from None
        site_dir = Path(args.site_dir)
        if not site_dir.is_dir():
            raise UsageError("SITE_DIR not found; run make build first")
    except UsageError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2

    links, page_count = collect(site_dir, args.site_url or None, allow)
    if page_count == 0:
        print("error: no HTML pages in SITE_DIR; run make build first", file=sys.stderr)
        return 2
    urls = sorted(links)
    agent = user_agent(args.site_url or None)
    with ThreadPoolExecutor(max_workers=args.workers) as pool:
        results = dict(zip(urls, pool.map(lambda u: check(u, args.timeout, agent), urls)))

    broken = 0
    for url in urls:
        result = results[url]
        on = ", ".join(sorted(links[url]))
        if is_broken(result):
            broken += 1
            print(f"BROKEN {result} {url} (on {on})")
        elif result == 429:
            print(f"UNCHECKED 429 {url} (on {on})")
    print(f"checked {len(urls)} external links on {page_count} pages: {broken} broken")
    return 1 if broken else 0


if __name__ == "__main__":
    sys.exit(main())
