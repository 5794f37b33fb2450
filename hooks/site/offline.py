"""The offline copy: the whole site in one ZIP file, to open from a folder or a USB stick.

`mkdocs build` makes it after the PDFs: a second build of the same pages with Material's
offline plugin (links end in .html, the search index is inlined in a script), into a scratch
folder, reusing the PDFs the first build made. Then it is zipped, byte for byte the same for
the same commit, into site/downloads/. See hooks/mkdocs_pdfs.py for the order of the steps.
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

OFFLINE_ENV = "TOOLKIT_OFFLINE"  # "true" switches the offline plugin on (mkdocs.yml)
PDFS_FROM_ENV = "TOOLKIT_PDFS_FROM"  # where the offline build finds the PDFs to copy
ZIP_NAME = "co-production-toolkit-offline.zip"
FOLDER = "co-production-toolkit"  # the folder the ZIP unpacks into
SHIM = Path(__file__).resolve().parent / "vendor" / "iframe-worker-shim.js"
SHIM_PATH = "assets/javascripts/iframe-worker-shim.js"
# Files that only matter to a web server or a search engine: the copy leaves them out.
SERVER_ONLY = ("404.html", "sitemap.xml", "sitemap.xml.gz")
# Source maps serve only a developer's browser tools: 0.3 MB of the ZIP.
DEVELOPER_ONLY = "*.map"


class OfflineError(Exception):
    """The offline copy could not be made; the message says why."""


def use_local_shim(polyfills: list) -> list:
    """Material's offline plugin loads its file:// worker shim from unpkg.com; use our copy."""
    return [p for p in polyfills if "iframe-worker" not in str(p)] + [SHIM_PATH]


def finish_offline_site(site_dir: Path) -> None:
    """Add the shim and drop the server-only files from an offline build."""
    target = site_dir / SHIM_PATH
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(SHIM, target)
    for name in SERVER_ONLY:
        (site_dir / name).unlink(missing_ok=True)
    for path in site_dir.rglob(DEVELOPER_ONLY):
        path.unlink()


def write_zip(folder: Path, out: Path, epoch: int) -> int:
    """Zip folder into out under FOLDER/, in name order with one fixed date: the same bytes
    for the same files. Returns the ZIP's size."""
    stamp = time.gmtime(max(epoch, 315532800))[:6]  # ZIP dates start in 1980
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            info = zipfile.ZipInfo(f"{FOLDER}/{path.relative_to(folder).as_posix()}", stamp)
            info.external_attr = 0o644 << 16
            info.create_system = 3  # Unix, so the permissions above mean what they say
            already_small = path.suffix in (".pdf", ".png", ".gz", ".zip")
            info.compress_type = zipfile.ZIP_STORED if already_small else zipfile.ZIP_DEFLATED
            archive.writestr(info, path.read_bytes(), compresslevel=None if already_small else 9)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(buffer.getvalue())
    return out.stat().st_size


def build_offline_copy(config_file: Path, pdf_dir: Path, out: Path, epoch: int) -> int:
    """Build the offline site with `mkdocs build` and zip it to out; return the ZIP's size."""
    env = dict(os.environ, **{OFFLINE_ENV: "true", PDFS_FROM_ENV: str(pdf_dir.resolve())})
    with tempfile.TemporaryDirectory(prefix="toolkit-offline-") as tmp:
        site = Path(tmp) / "site"
        result = subprocess.run(
            [sys.executable, "-m", "mkdocs", "build", "--config-file", str(config_file),
             "--site-dir", str(site)],
            cwd=config_file.parent, env=env, capture_output=True, text=True,
        )
        if result.returncode != 0:
            errors = [line for line in result.stderr.splitlines() if line.startswith(("ERROR", "WARNING"))]
            raise OfflineError(errors[0] if errors else (result.stderr.strip().splitlines() or ["?"])[-1])
        return write_zip(site, out, epoch)
