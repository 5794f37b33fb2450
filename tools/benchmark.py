"""Measure the build, its PDFs and what a reader downloads: python tools/benchmark.py

Prints the build time (best of three strict builds, PDFs included), the PDFs' sizes, and
for each page the bytes a first visit fetches, gzip-compressed as GitHub Pages serves them:
the HTML plus the CSS, JS and images it links to; then the search worker and index, which
load after the page. 1 KB = 1,000 bytes, as in the budgets that tests/test_private_and_fast.py
enforces in Chromium. A benchmark to report, not a test: the figures go in the README.
"""

from __future__ import annotations

import gzip
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urljoin, urlparse

ROOT = Path(__file__).resolve().parent.parent
ASSET = re.compile(r'(?:href|src)="([^"#?]+\.(?:css|js|svg|png|woff2?))"')


def build(site: Path) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "--site-dir", str(site)], cwd=ROOT,
                   check=True, capture_output=True, env=dict(os.environ, NO_MKDOCS_2_WARNING="1"))
    return time.perf_counter() - start


def gz(path: Path) -> int:
    return len(gzip.compress(path.read_bytes(), compresslevel=6))


def first_load(site: Path, page: Path) -> int:
    total = gz(page)
    base = "/" + page.relative_to(site).as_posix()
    for ref in set(ASSET.findall(page.read_text())):
        if urlparse(ref).scheme:
            continue
        target = site / urljoin(base, ref).lstrip("/")
        if target.exists():
            total += gz(target)
    return total


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / "site"
        times = [build(site) for _ in range(3)]
        pages = sorted(p for p in site.rglob("*.html") if "assets" not in p.parts)
        pdfs = sorted((site / "downloads").glob("*.pdf"))
        loads = {p.relative_to(site).as_posix(): first_load(site, p) for p in pages}
        print(f"build: best {min(times):.2f} s, median {statistics.median(times):.2f} s "
              f"({len(pages)} pages)")
        heaviest = max(loads, key=loads.get)
        print(f"first load, gzip: median {statistics.median(loads.values()) / 1000:.1f} KB, "
              f"lightest {min(loads.values()) / 1000:.1f} KB, "
              f"heaviest {loads[heaviest] / 1000:.1f} KB ({heaviest}); budget 80 KB")
        search = sum(gz(f) for f in [*(site / "assets/javascripts/workers").glob("search.*.min.js"),
                                     site / "search/search_index.json"])
        print(f"search worker and index, gzip: {search / 1000:.1f} KB; budget 60 KB")
        if pdfs:
            total = sum(p.stat().st_size for p in pdfs)
            print(f"PDFs: {len(pdfs)} files, {total / 1024 / 1024:.1f} MB in all")
            for p in (p for p in pdfs if not p.name.startswith(("activity-", "worksheet-"))):
                print(f"  {p.name}: {p.stat().st_size / 1024:.0f} KB")
            sizes = [p.stat().st_size / 1024 for p in pdfs if p.name.startswith("activity-")]
            if sizes:
                print(f"  activity PDFs: {min(sizes):.0f} to {max(sizes):.0f} KB")
            sizes = [p.stat().st_size / 1024 for p in pdfs if p.name.startswith("worksheet-")]
            if sizes:
                print(f"  single worksheet PDFs: {len(sizes)}, {min(sizes):.0f} to {max(sizes):.0f} KB")
        editable = sorted(f for ext in ("docx", "odt") for f in (site / "downloads").glob(f"*.{ext}"))
        if editable:
            sizes = [f.stat().st_size / 1024 for f in editable]
            print(f"Word and OpenDocument worksheets: {len(editable)} files, {min(sizes):.0f} to "
                  f"{max(sizes):.0f} KB")
        zip_file = site / "downloads" / "co-production-toolkit-offline.zip"
        if zip_file.exists():
            print(f"offline copy: {zip_file.stat().st_size / 1024 / 1024:.1f} MB")
        for name in ("index.html", "part-2/03-inclusive-approach/index.html",
                     "activities/05-mapping-your-assets/index.html"):
            print(f"  {name}: {loads[name] / 1000:.1f} KB")


if __name__ == "__main__":
    main()
