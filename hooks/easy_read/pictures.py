"""What the Easy Read guide (docs/easy-read.md) needs from the build, for any page that uses it:

- **Pictures from an icon set we may ship.** A page shows a picture with an ordinary Markdown
  image, ``![Two hands shaking](assets/pictures/material/handshake.svg)``. No such file is kept
  in docs/: the build copies the icon, unchanged, from the sets Material for MkDocs bundles
  (Material Design Icons, Apache 2.0; Font Awesome Free, CC BY 4.0), with the set's licence
  beside it, so a picture is one line of Markdown and its alternate text is the image's.
- **Pictures load as the reader reaches them.** Every picture after a page's first is marked
  ``loading="lazy"``: a page of sixty pictures then loads no more before it shows than any
  other page (the first-load budget, README "Figures"). Chromium fetches them all to print.
- **Words kept whole.** On an Easy Read page, a line never breaks at the hyphen of
  "co-production": each hyphenated word is wrapped in a span that does not break.
- **Found by its headings.** Search finds the guide by its title, its opening box and its
  section headings. The other boxes, and its contents list, say in easy words what the
  toolkit's own pages say, and search finds it there: they are left out of the index, which
  must stay within its budget (README, "Figures").
- **A stylesheet for one page.** A page whose front matter says ``css: assets/css/easy-read.css``
  gets a <link> to that file, after the site's own; no other page loads it.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

PICTURES = "assets/pictures/"
# A picture's address names its icon set and icon, as Material's own icon folders do.
PICTURE = re.compile(r"assets/pictures/((?:material|fontawesome/(?:solid|regular|brands))/[a-z0-9-]+)\.svg")
# Each set's licence, as Material ships it, copied beside the pictures taken from that set.
LICENCES = {"material": "material/LICENSE", "fontawesome": "fontawesome/LICENSE.txt"}


def icon_dir() -> Path:
    import material

    return Path(material.__file__).parent / "templates" / ".icons"


def pictures_used(markdown: str) -> list[tuple[str, int]]:
    """Each icon a page shows ("material/handshake") with the line it is on."""
    return [(m.group(1), markdown.count("\n", 0, m.start()) + 1) for m in PICTURE.finditer(markdown)]


_IMG = re.compile(r'<img (?P<attrs>[^>]*\bsrc="[^"]*assets/pictures/[^"]+\.svg"[^>]*?)\s*/?>')


def lazy_pictures(page_html: str) -> str:
    """Load every picture after a page's first as the reader reaches it."""
    count = 0

    def mark(m: re.Match) -> str:
        nonlocal count
        count += 1
        return m.group(0) if count == 1 else f'<img {m.group("attrs")} loading="lazy">'

    return _IMG.sub(mark, page_html)


_IDEA_BOXES = re.compile(r'<div class="(contents|idea(?! cover)[^"]*)">')


def keep_ideas_out_of_search(page_html: str) -> str:
    """Mark the idea boxes (all but the opening one, class "idea cover") and the contents list."""
    return _IDEA_BOXES.sub(r'<div data-search-exclude class="\1">', page_html)


_TAG_OR_TEXT = re.compile(r"(<[^>]+>)")
_HYPHENATED = re.compile(r"\b[A-Za-z]+(?:-[A-Za-z]+)+\b")


def keep_words_whole(page_html: str) -> str:
    """Wrap each hyphenated word ("co-production") so a line never breaks at its hyphen."""
    parts = _TAG_OR_TEXT.split(page_html)
    for i in range(0, len(parts), 2):  # the text between tags
        parts[i] = _HYPHENATED.sub(r'<span class="word">\g<0></span>', parts[i])
    return "".join(parts)


def stylesheet_link(output: str, href: str) -> str:
    """The page's HTML with a stylesheet linked at the end of its <head>, after the site's own."""
    return output.replace("</head>", f'<link rel="stylesheet" href="{html.escape(href)}">\n  </head>', 1)
