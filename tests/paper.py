"""What a printed page looks like, read from the rendered page and its words: how much of the
writing area it uses, where a worksheet's closing line sits, and which lines are spread out.
The page rules in tests/test_paper.py are written with these."""

from __future__ import annotations

import re
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

# The writing area of every A4 page the build or LibreOffice prints: inside a 10 mm top and a
# 14 mm bottom band, so a page number in the bottom margin is never counted as content.
TOP_MM, BOTTOM_MM = 10, 14
# A worksheet's closing line: "Activity 2: Defining co-production. Find the steps at https://..."
# (with a QR code), or "... From the Co-production toolkit." where the site has no address.
FOOTER = re.compile(r"Find the steps at|From the Co-production toolkit\.")
PAGE_HEIGHT = 841.9  # A4, in points


@dataclass
class Line:
    text: str
    top: float  # points from the top of the page
    bottom: float
    size: float  # the height of its words, in points
    gaps: list[float] = field(default_factory=list)  # the space between each pair of words
    starts: list[float] = field(default_factory=list)  # where each word starts, from the left


@dataclass
class Page:
    number: int  # 1-based
    fill: float  # the share of the writing area from its first mark to its last
    content: float  # the same, above the worksheet's closing line where the page has one
    lines: list[Line]
    height: float
    pdf: Path | None = None

    @property
    def text(self) -> str:
        return " ".join(line.text for line in self.lines)

    def has_footer(self) -> bool:
        return any(FOOTER.search(line.text) for line in self.lines)


def _ink(image, top: int, bottom: int) -> tuple[int, int] | None:
    """The first and last row with a mark (darker than light grey) between two rows."""
    box = image.crop((0, top, image.size[0], bottom)).point(lambda v: 255 if v < 160 else 0).getbbox()
    return (box[1] + top, box[3] + top) if box else None


def _lines(pdf: Path) -> list[list[Line]]:
    """Each page's lines of text: its words grouped by where they sit on the page, across
    poppler's blocks (it puts words far apart on one line into blocks of their own)."""
    from lxml import etree

    out = subprocess.run(["pdftotext", "-bbox-layout", str(pdf), "-"], capture_output=True,
                         check=True).stdout
    tree = etree.fromstring(out, etree.XMLParser(recover=True, huge_tree=True))
    ns = {"x": "http://www.w3.org/1999/xhtml"}
    pages = []
    for page in tree.iterfind(".//x:page", ns):
        words = sorted(((float(w.get("yMin")), float(w.get("yMax")), float(w.get("xMin")),
                         float(w.get("xMax")), w.text or "") for w in page.iterfind(".//x:word", ns)),
                       key=lambda w: ((w[0] + w[1]) / 2, w[2]))
        rows: list[list[tuple]] = []
        for w in words:
            middle = (w[0] + w[1]) / 2
            if rows and abs(middle - (rows[-1][0][0] + rows[-1][0][1]) / 2) < 2:
                rows[-1].append(w)
            else:
                rows.append([w])
        lines = []
        for row in rows:
            row.sort(key=lambda w: w[2])
            lines.append(Line(" ".join(w[4] for w in row), min(w[0] for w in row), max(w[1] for w in row),
                              max(w[1] - w[0] for w in row), [b[2] - a[3] for a, b in zip(row, row[1:])],
                              [w[2] for w in row]))
        pages.append(lines)
    return pages


def read_pages(pdf: Path) -> list[Page]:
    """Every page of a PDF, as a reader sees it."""
    from PIL import Image

    lines = _lines(pdf)
    with tempfile.TemporaryDirectory() as tmp:
        prefix = Path(tmp) / "p"
        subprocess.run(["pdftoppm", "-r", "24", "-gray", "-png", str(pdf), str(prefix)], check=True)
        pngs = sorted(Path(tmp).glob("p-*.png"), key=lambda p: int(p.stem.split("-")[-1]))
        pages = []
        for i, png in enumerate(pngs):
            image = Image.open(png).convert("L")
            height = image.size[1]
            top, bottom = round(height * TOP_MM / 297), round(height * (297 - BOTTOM_MM) / 297)
            area = bottom - top
            page_lines = lines[i] if i < len(lines) else []
            # A page number at the foot (LibreOffice prints one inside the margin) is not content.
            numbers = [ln.top for ln in page_lines if re.fullmatch(r"(Page )?\d+", ln.text.strip())
                       and ln.top > PAGE_HEIGHT * 0.85]
            if numbers:
                bottom = min(bottom, round(min(numbers) / PAGE_HEIGHT * height) - 1)
            ink = _ink(image, top, bottom)
            fill = (ink[1] - ink[0]) / area if ink else 0.0
            footer = [ln.top for ln in page_lines if FOOTER.search(ln.text)]
            content = fill
            if footer and ink:
                # The closing line may wrap: its block starts at "Activity N:" just above.
                start = min(footer)
                before = [ln.top for ln in page_lines if re.match(r"Activity \d+:", ln.text)
                          and 0 < start - ln.top < 4 * ln.size]
                cut = round((max(before) if before else start) / PAGE_HEIGHT * height) - 2
                above = _ink(image, top, cut) if cut > top else None
                content = (above[1] - above[0]) / area if above else 0.0
            pages.append(Page(i + 1, fill, content, page_lines, PAGE_HEIGHT, pdf))
    return pages


def spread_lines(page: Page, *, factor: float = 1.6) -> list[str]:
    """Lines of running text whose words are pushed apart to fill the width (justified, or
    spread by a flex layout): two or more spaces between words wider than `factor` times the
    words' height. Table rows are not lines of text: where the words after the wide spaces
    start at the same places as words on other lines (columns), the line is a table's row.
    A gap before a page number that ends a line (a contents entry) is a tab."""
    found = []
    # Where words start after a wide space, line by line: a table's columns.
    starts = [[round(line.starts[i + 1]) for i, g in enumerate(line.gaps) if g > factor * line.size]
              for line in page.lines]
    for k, line in enumerate(page.lines):
        words = line.text.split()
        gaps = list(line.gaps)
        if len(words) != len(gaps) + 1 or len(gaps) < 2:
            continue
        if re.fullmatch(r"\d+", words[-1]):
            gaps[-1] = 0.0
            if len(words) > 2 and words[-2].lower() == "page":
                gaps[-2] = 0.0
        wide = [i for i, g in enumerate(gaps) if g > factor * line.size]
        if len(wide) < 2:
            continue
        others = {x for j, xs in enumerate(starts) if j != k for x in xs}
        pieces = [round(line.starts[i + 1]) for i in wide]
        in_columns = sum(any(abs(x - o) <= 2 for o in others) for x in pieces)
        if in_columns < len(pieces) and not _ruled(page, line, wide):
            found.append(line.text)
    return found


def _ruled(page: Page, line: Line, wide: list[int]) -> bool:
    """Whether a table's cell border runs down through the wide spaces of a line: the
    header row of a table whose other rows are empty still is a table."""
    from PIL import Image

    if page.pdf is None:
        return False
    with tempfile.TemporaryDirectory() as tmp:
        prefix = Path(tmp) / "p"
        subprocess.run(["pdftoppm", "-r", "72", "-gray", "-png", "-f", str(page.number), "-l",
                        str(page.number), "-singlefile", str(page.pdf), str(prefix)], check=True)
        image = Image.open(f"{prefix}.png").convert("L")
    px = image.load()
    scale = image.size[1] / page.height
    top, bottom = int(line.top * scale), int(line.bottom * scale)
    for i in wide:
        left, right = int((line.starts[i] + 1) * scale), int(line.starts[i + 1] * scale)
        # the end of the word before the gap: the next word's start less the gap
        left = int((line.starts[i + 1] - line.gaps[i]) * scale) + 1
        if any(all(px[x, y] < 160 for y in range(top, bottom)) for x in range(left, right)):
            return True
    return False
