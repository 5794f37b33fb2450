"""QR codes for printed sheets: a phone's camera opens the activity's page from the paper.

segno (pure Python, no other dependency) draws the code as SVG; it is put in the page as an
<img> with a data: address (no request to any server) and alternate text, so the PDFs tag it
as a figure a screen reader can name.
"""

from __future__ import annotations

import html
import io
from urllib.parse import quote, urlsplit

LOCAL_HOSTS = {"127.0.0.1", "localhost", "0.0.0.0", "::1", ""}


def published(url: str | None) -> str | None:
    """The address to print, or None when the site has no public address: a local preview's
    127.0.0.1 or localhost must never reach paper or a downloaded file."""
    if not url:
        return None
    host = urlsplit(url).hostname or ""
    return None if host in LOCAL_HOSTS else url


def qr_svg(url: str) -> str:
    """The QR code for url as an SVG document: black modules, a quiet zone of 2."""
    import segno

    out = io.BytesIO()
    segno.make(url, error="m").save(out, kind="svg", xmldecl=False, nl=False, border=2,
                                    dark="#000", svgclass=None, lineclass=None)
    return out.getvalue().decode("ascii")


def qr_img(url: str, label: str, css_class: str = "qr") -> str:
    """An <img> of url's QR code, with label as its alternate text."""
    data = "data:image/svg+xml," + quote(qr_svg(url), safe="=:/;,'.-")
    return f'<img class="{css_class}" src="{data}" alt="{html.escape(label)}">'
