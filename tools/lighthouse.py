"""Lighthouse scores for six pages of the built site: .venv/bin/python tools/lighthouse.py

Builds the site into a temporary folder (or takes --site DIR), serves it on 127.0.0.1 with
gzip for text types as GitHub Pages does, and runs the pinned Lighthouse (tools/lighthouse,
installed with `npm ci` on first use) in headless Chromium with its default mobile settings.
Prints, for the home page, a chapter, an activity, the activities list, the planner
(empty, and with a ready-made plan loaded from its address) and the check-up (empty, and with
answers in its address): the four category scores, the main
metrics and the total transfer size; then every failing accessibility, best-practices and
SEO audit with the elements it names, and any audit Lighthouse could not run (12.2.3 cannot
read some trace events of newer Chromiums, e.g. 156, so six trace-based performance audits,
render-blocking-resources among them, error there; the metrics and scores are unaffected).
A benchmark to run by hand, not part of `make test`.
Exit status 0 whatever the scores; 1 only when the site, npm or Lighthouse itself fails.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from functools import partial
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from hooks.print.pdf_render import CHROMIUM_ARGS, CHROMIUM_CANDIDATES  # the build's own browser set-up

ROOT = Path(__file__).resolve().parent.parent

LIGHTHOUSE_DIR = ROOT / "tools" / "lighthouse"
LIGHTHOUSE = LIGHTHOUSE_DIR / "node_modules" / ".bin" / "lighthouse"
MKDOCS = ROOT / ".venv" / "bin" / "mkdocs"
CHROME = next((c for c in CHROMIUM_CANDIDATES if os.access(c, os.X_OK)), CHROMIUM_CANDIDATES[0])
CHROME_FLAGS = " ".join(["--headless=new", *CHROMIUM_ARGS])
PAGES = (("home", "/"), ("chapter", "/part-2/02-values/"),
         ("activity", "/activities/03-exploring-your-values/"), ("activities", "/activities/"),
         ("planner", "/plan/"), ("planner-plan", "/plan/#first-session"),
         ("check-up", "/check-up/"), ("check-up-answers", "/check-up/#m1=n&m3=p&v2=y&i4=p&p3=n&p5=y&p7=n"))
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
CHECKED = ("accessibility", "best-practices", "seo")  # where failing audits are listed
GZIP_TYPES = ("text/html", "text/css", "text/javascript", "application/javascript",
              "application/json", "image/svg+xml", "application/xml", "text/xml")
ITEMS_SHOWN = 8


class Fail(Exception):
    """Something other than the scores went wrong: one line, exit status 1."""


class PagesHandler(SimpleHTTPRequestHandler):
    """Static files as GitHub Pages serves them: index.html for folders, gzip for text,
    a redirect from /folder to /folder/, 404.html for missing files, max-age=600."""

    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:
        self.respond(body=True)

    def do_HEAD(self) -> None:
        self.respond(body=False)

    def respond(self, body: bool) -> None:
        path = Path(self.translate_path(self.path))
        status = HTTPStatus.OK
        if path.is_dir():
            if not self.path.split("?", 1)[0].endswith("/"):
                self.send_response(HTTPStatus.MOVED_PERMANENTLY)
                self.send_header("Location", self.path.split("?", 1)[0] + "/")
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            path = path / "index.html"
        if not path.is_file():
            status, path = HTTPStatus.NOT_FOUND, Path(self.directory) / "404.html"
        data = path.read_bytes() if path.is_file() else b"Not found"
        ctype = self.guess_type(str(path)) if path.is_file() else "text/plain"
        base = ctype.split(";")[0]
        zipped = base in GZIP_TYPES and "gzip" in self.headers.get("Accept-Encoding", "")
        if zipped:
            data = gzip.compress(data, compresslevel=6, mtime=0)
        if base.startswith("text/") and "charset" not in ctype:
            ctype += "; charset=utf-8"
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "max-age=600")
        if base in GZIP_TYPES:
            self.send_header("Vary", "Accept-Encoding")
        if zipped:
            self.send_header("Content-Encoding", "gzip")
        self.end_headers()
        if body:
            self.wfile.write(data)

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib's name
        pass


def build(site: Path) -> float:
    if not MKDOCS.exists():
        raise Fail(f"{MKDOCS.relative_to(ROOT)} not found: run 'make setup' first")
    start = time.perf_counter()
    done = subprocess.run([str(MKDOCS), "build", "--site-dir", str(site)], cwd=ROOT,
                          capture_output=True, text=True,
                          env=dict(os.environ, NO_MKDOCS_2_WARNING="1"))
    if done.returncode:
        tail = (done.stderr or done.stdout).strip().splitlines()[-1:] or ["no output"]
        raise Fail(f"mkdocs build failed: {tail[0]}")
    return time.perf_counter() - start


def ensure_lighthouse() -> None:
    if LIGHTHOUSE.exists():
        return
    if not shutil.which("npm"):
        raise Fail("npm not found: install Node.js 18 or 20 and npm")
    print("installing the pinned Lighthouse: npm ci --prefix tools/lighthouse", flush=True)
    done = subprocess.run(["npm", "ci", "--no-audit", "--no-fund"], cwd=LIGHTHOUSE_DIR,
                          capture_output=True, text=True)
    if done.returncode or not LIGHTHOUSE.exists():
        tail = (done.stderr or done.stdout).strip().splitlines()[-1:] or ["no output"]
        raise Fail(f"npm ci in tools/lighthouse failed: {tail[0]}")


def lighthouse(url: str, out: Path, chrome: str) -> dict:
    cmd = [str(LIGHTHOUSE), url, "--output=json", f"--output-path={out}", "--quiet",
           f"--only-categories={','.join(CATEGORIES)}", f"--chrome-flags={CHROME_FLAGS}"]
    try:
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=300,
                              env=dict(os.environ, CHROME_PATH=chrome))
    except subprocess.TimeoutExpired:
        raise Fail(f"Lighthouse took over 300 s on {url}") from None
    if done.returncode or not out.exists():
        tail = (done.stderr or done.stdout).strip().splitlines()[-1:] or ["no output"]
        raise Fail(f"Lighthouse failed on {url} (exit {done.returncode}): {tail[0]}")
    report = json.loads(out.read_text())
    if report.get("runtimeError"):
        err = report["runtimeError"]
        raise Fail(f"Lighthouse failed on {url}: {err.get('code')} {err.get('message', '')}")
    return report


def score(report: dict, category: str) -> str:
    value = report["categories"][category]["score"]
    return "-" if value is None else f"{round(value * 100)}"


def metric(report: dict, audit: str) -> float:
    return report["audits"][audit].get("numericValue") or 0.0


def item_label(item: dict) -> str:
    """A short description of one entry of audits[id].details.items."""
    node = item.get("node") if isinstance(item.get("node"), dict) else None
    if node:
        text = node.get("selector") or node.get("snippet") or ""
        if node.get("snippet") and node.get("selector"):
            text = f"{node['selector']}  {node['snippet']}"
        label = node.get("nodeLabel")
        return f"{text}  ({label})" if label and label not in text else text
    source = item.get("source") if isinstance(item.get("source"), dict) else None
    parts = [str(item[k]) for k in ("description", "text", "href", "url", "line", "message")
             if isinstance(item.get(k), (str, int)) and item.get(k) != ""]
    if source and source.get("url"):
        parts.append(source["url"])
    return "  ".join(parts) or json.dumps(item)[:160]


def failing(report: dict) -> list[tuple[str, str, list[str]]]:
    found = []
    for category in CHECKED:
        for ref in report["categories"][category]["auditRefs"]:
            audit = report["audits"][ref["id"]]
            if (audit.get("scoreDisplayMode") in ("binary", "numeric")
                    and audit.get("score") is not None and audit["score"] < 1):
                items = (audit.get("details") or {}).get("items") or []
                found.append((category, audit, [item_label(i) for i in items]))
    return found


def opportunities(report: dict) -> list[str]:
    """The performance audits Lighthouse would have the page improve, biggest first."""
    found = []
    metrics = {ref["id"] for ref in report["categories"]["performance"]["auditRefs"]
               if ref.get("group") == "metrics"}
    for ref in report["categories"]["performance"]["auditRefs"]:
        audit = report["audits"][ref["id"]]
        if (ref["id"] in metrics or audit.get("score") is None or audit["score"] >= 0.9
                or audit.get("scoreDisplayMode") not in ("binary", "numeric", "metricSavings")):
            continue
        saving = (audit.get("details") or {}).get("overallSavingsMs") or 0
        found.append((saving, f"{ref['id']}: {audit['title']}"
                      + (f" ({audit['displayValue']})" if audit.get("displayValue") else "")))
    return [text for _, text in sorted(found, key=lambda f: -f[0])]


def run(args: argparse.Namespace) -> None:
    started = time.perf_counter()
    if not os.access(args.chrome, os.X_OK):
        raise Fail(f"no Chromium at {args.chrome}: install it, or pass --chrome PATH")
    with tempfile.TemporaryDirectory(prefix="lighthouse-") as tmp:
        if args.site:
            site = Path(args.site).resolve()
            if not (site / "index.html").is_file():
                raise Fail(f"{args.site} has no index.html: not a built site")
        else:
            site = Path(tmp) / "site"
            print("building the site ...", flush=True)
            print(f"built in {build(site):.1f} s", flush=True)
        ensure_lighthouse()
        out = Path(args.json_dir).resolve() if args.json_dir else Path(tmp) / "reports"
        out.mkdir(parents=True, exist_ok=True)
        server = ThreadingHTTPServer(("127.0.0.1", 0), partial(PagesHandler, directory=str(site)))
        threading.Thread(target=server.serve_forever, daemon=True).start()
        base = f"http://127.0.0.1:{server.server_address[1]}"
        reports, ranges = {}, {}
        pages = [(name, path) for name, path in PAGES if not args.page or name in args.page]
        try:
            for name, path in pages:
                runs = []
                for i in range(args.runs):
                    print(f"lighthouse {base}{path} ..." + (f" run {i + 1} of {args.runs}" if args.runs > 1 else ""),
                          flush=True)
                    suffix = f"-{i + 1}" if args.runs > 1 else ""
                    runs.append(lighthouse(base + path, out / f"{name}{suffix}.json", args.chrome))
                # Lighthouse's own advice for scores that vary from run to run: report the
                # median run (by performance score), and show the spread.
                runs.sort(key=lambda r: r["categories"]["performance"]["score"] or 0)
                reports[path] = runs[len(runs) // 2]
                ranges[path] = (score(runs[0], "performance"), score(runs[-1], "performance"))
        finally:
            server.shutdown()
            server.server_close()
        print_results(reports, args, ranges if args.runs > 1 else None)
        print(f"\nLighthouse {next(iter(reports.values()))['lighthouseVersion']}, mobile; "
              f"total time {time.perf_counter() - started:.0f} s"
              + (f"; JSON reports in {out}" if args.json_dir else ""))


def print_results(reports: dict[str, dict], args: argparse.Namespace,
                  ranges: dict[str, tuple] | None = None) -> None:
    if ranges:
        print(f"\nthe median of {args.runs} runs of each page; 'range': its lowest and highest "
              "performance score")
    head = (f"\n{'page':<40} {'perf':>4} {'a11y':>4} {'b-p':>4} {'seo':>4} "
            f"{'FCP':>7} {'LCP':>7} {'TBT':>6} {'CLS':>6} {'transfer':>9}"
            + (f" {'range':>7}" if ranges else ""))
    print(head)
    print("-" * (len(head) - 1))
    for path, r in reports.items():
        print(f"{path:<40} " + " ".join(f"{score(r, c):>4}" for c in CATEGORIES)
              + f" {metric(r, 'first-contentful-paint') / 1000:>6.1f}s"
              + f" {metric(r, 'largest-contentful-paint') / 1000:>6.1f}s"
              + f" {metric(r, 'total-blocking-time'):>4.0f}ms"
              + f" {metric(r, 'cumulative-layout-shift'):>6.3f}"
              + f" {metric(r, 'total-byte-weight') / 1024:>6.1f} KB"
              + (f" {ranges[path][0]:>3}-{ranges[path][1]:<3}" if ranges else ""))

    print("\nfailing audits (accessibility, best-practices, seo):")
    any_failed = False
    for path, r in reports.items():
        for category, audit, items in failing(r):
            any_failed = True
            print(f"  {path}  [{category}] {audit['id']}: {audit['title']}")
            for label in items[:ITEMS_SHOWN]:
                print(f"      - {label[:200]}")
            if len(items) > ITEMS_SHOWN:
                print(f"      ... and {len(items) - ITEMS_SHOWN} more")
    if not any_failed:
        print("  none")

    # Audits Lighthouse could not compute (e.g. a Chromium newer than its trace parser knows):
    # their scores are missing, not passed, so say which they are.
    errors: dict[str, list[str]] = {}
    for path, r in reports.items():
        for warning in r.get("runWarnings") or []:
            print(f"\nwarning, {path}: {warning}")
        for audit in r["audits"].values():
            if audit.get("scoreDisplayMode") == "error":
                message = (audit.get("errorMessage") or "?").splitlines()[0]
                message = re.split(r"(?:exception|an error): ", message)[-1][:120]  # root cause
                errors.setdefault(f"{audit['id']}: {message}", []).append(path)
    if errors:
        print("\naudits Lighthouse could not run (no score; not counted as passed):")
        for text, paths in errors.items():
            where = "all pages" if len(paths) == len(reports) else ", ".join(paths)
            print(f"  {text}  [{where}]")

    for path, r in reports.items():
        perf = r["categories"]["performance"]["score"]
        if perf is not None and (perf < 0.95 or args.all_opportunities):
            print(f"\nperformance opportunities and diagnostics, {path} ({round(perf * 100)}):")
            for text in opportunities(r) or ["none listed"]:
                print(f"  {text}")


def main() -> int:
    parser = argparse.ArgumentParser(
        description="Run the pinned Lighthouse (12.2.3, mobile) on the home page, a chapter, "
                    "an activity, the activities list and the planner (empty and with a plan), served with gzip like GitHub Pages, "
                    "and print the scores, metrics and failing audits. Run by hand; not part "
                    "of 'make test'. Exit status 1 only if the build, npm or Lighthouse fails.")
    parser.add_argument("--site", metavar="DIR",
                        help="serve this already-built site instead of building one")
    parser.add_argument("--json-dir", metavar="DIR",
                        help="keep Lighthouse's JSON reports here (default: a temporary folder)")
    parser.add_argument("--chrome", metavar="PATH", default=os.environ.get("CHROME_PATH", CHROME),
                        help=f"the Chromium to run (default: $CHROME_PATH or {CHROME})")
    parser.add_argument("--page", action="append", choices=[name for name, _ in PAGES],
                        help="only this page (more than one: repeat it)")
    parser.add_argument("--runs", type=int, default=1, metavar="N",
                        help="run Lighthouse N times on each page and report the median run "
                             "by performance score, with the lowest and highest (default 1)")
    parser.add_argument("--all-opportunities", action="store_true",
                        help="list performance opportunities even when the score is 95 or more")
    args = parser.parse_args()
    if args.runs < 1:
        parser.error("--runs must be 1 or more")
    try:
        run(args)
    except Fail as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
