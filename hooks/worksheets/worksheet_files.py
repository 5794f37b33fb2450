"""Worksheets a group can adapt: Word (.docx) and OpenDocument (.odt), standard and large print.

Made at build time from each activity page's built worksheet (the HTML that MkDocs made from
the Markdown under "## Worksheet"), so nothing is typed twice:

1. ``sheet_html`` turns the worksheet into plain HTML that a word processor can hold: the
   title as heading 1, each write-in box as a one-column table (the question in its header
   row, empty lines below to type or write in), tables with room in every empty cell, and
   the source and licence at the foot. A form's block (hooks/worksheets/forms.py) is read the same way,
   and an Easy Read idea becomes a row with its picture beside its words; the pictures go into
   the files as PNGs that Chromium draws (``rasterise``). An element it cannot carry fails the
   build with the Markdown file, the line and what to use instead.
2. pandoc (bundled by pypandoc-binary) writes .docx and .odt from it: real heading styles,
   tables whose header row repeats on a new page, the title and language (en-GB) in the
   file's properties, dates from SOURCE_DATE_EPOCH.
3. ``_finish_docx`` and ``_finish_odt`` set the styles pandoc has no option for: a sans-serif
   font in black, no italics, borders on every table cell, each worksheet on a new page,
   and for large print every size half as big again (18pt body); and ``_tail``/``_fit``
   keep each sheet's end together so that no last page is thin. The ZIP is written again
   with fixed dates, in the same order, so one commit gives the same bytes.

Chosen over python-docx (no API for repeating header rows) and odfpy (unreleased since 2020).
"""

from __future__ import annotations

import copy
import html
import io
import re
import subprocess
import tempfile
import zipfile
from dataclasses import dataclass
from datetime import datetime, UTC
from pathlib import Path

from hooks.site.downloads import Activity, Download, worksheet_file
from hooks.worksheets.forms import Form, form_file

FORMATS = ("docx", "odt")
INLINE = {"strong", "b", "em", "i", "a", "span", "abbr", "code", "br", "sup", "sub"}
BLOCK = {"p", "h2", "h3", "h4", "h5", "h6", "table", "blockquote", "ul", "ol", "div", "hr"}
NO_BREAK = "\u00a0"


class WorksheetError(Exception):
    """A worksheet that cannot be made into an editable file; the message says where and why."""


@dataclass(frozen=True)
class Sheet:
    number: int
    title: str
    slug: str  # "05-mapping-your-assets"
    src: str  # the Markdown file, e.g. "docs/activities/05-mapping-your-assets.md"
    html: str  # the built worksheet: <div class="worksheet">...</div>
    base: str = ""  # the built page's folder, which its pictures' addresses are relative to


def read_sheet(page_html: str, number: int, title: str, slug: str, src: str, *, form: str = "",
               base: str = "") -> Sheet:
    """The worksheet block of a built activity page, or the form block (hooks/worksheets/forms.py) of a
    form's page."""
    from lxml import html as lxml_html

    tree = lxml_html.fromstring(page_html)
    found = tree.xpath('//div[contains(concat(" ", normalize-space(@class), " "), " worksheet ")]')
    if form:
        found = [el for el in found if el.get("data-form") == form]
    if not found:
        what = "form; put its words under a '## The form' heading" if form else \
            "worksheet; add a '## Worksheet' section"
        raise WorksheetError(f"{src}:1: the page has no {what}")
    return Sheet(number, title, slug, src, lxml_html.tostring(found[0], encoding="unicode"), base)


# --- From the built worksheet to plain HTML for pandoc --------------------------------------

def _classes(el) -> set[str]:
    return set((el.get("class") or "").split()) if el is not None else set()


def _source_line(src: str, tag: str) -> int:
    """The line of the Markdown file where the element is written, as near as can be found:
    raw HTML names its tag; otherwise the line of '## Worksheet'."""
    try:
        lines = Path(src).read_text(encoding="utf-8").splitlines()
    except OSError:
        return 1
    start = next((i for i, line in enumerate(lines) if re.match(r"^##\s+(?:Worksheet|The form)\s*$", line)), 0)
    for i in range(start, len(lines)):
        if re.search(rf"<{tag}\b", lines[i], re.I):
            return i + 1
    return start + 1


def _unsupported(sheet: Sheet, tag: str) -> WorksheetError:
    return WorksheetError(
        f"{sheet.src}:{_source_line(sheet.src, tag)}: the worksheet has a <{tag}> element, which "
        "the Word and OpenDocument worksheets cannot hold; use paragraphs, lists, tables, "
        'block quotes, write-in boxes (<div class="write-in lines-N" markdown>) or Easy Read '
        'ideas (<div class="idea" markdown> with a picture) instead')


PICTURE_PX = 300  # a picture's side in the editable files: 2.5cm at 300 dots to the inch


def _picture(el, sheet: Sheet) -> str:
    """A picture beside an Easy Read idea, from the built site, 2.5cm wide. Its address is the
    SVG; ``write_worksheet_files`` gives pandoc a PNG of it (see ``rasterise``)."""
    src = el.get("src") or ""
    path = (Path(sheet.base) / src).resolve() if sheet.base else Path(src)
    if not path.is_file():
        raise WorksheetError(f"{sheet.src}:{_source_line(sheet.src, 'img')}: the picture {src!r} is "
                             "not in the built site; use one from assets/pictures/ as the Easy Read "
                             "guide does")
    return f'<img src="{html.escape(str(path))}" alt="{html.escape(el.get("alt") or "")}" width="2.5cm">'


_SVG_SRC = re.compile(r'<img src="([^"]+\.svg)"')


def rasterise(svgs: set[str], out_dir: Path) -> dict[str, str]:
    """A PNG of each SVG picture, drawn by Chromium (the browser the PDFs need): Word shows an
    SVG with no PNG beside it, but LibreOffice shows an empty box, and pandoc makes that PNG
    only with rsvg-convert, which the build does not need otherwise. Black on white, square."""
    import base64

    from playwright.sync_api import sync_playwright

    from hooks.print.pdf_render import CHROMIUM_ARGS, find_chromium

    out: dict[str, str] = {}
    if not svgs:
        return out
    out_dir.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:  # a Playwright of this thread's own, beside the PDFs' one
        browser = p.chromium.launch(executable_path=find_chromium(), headless=True, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": PICTURE_PX, "height": PICTURE_PX})
            for i, svg in enumerate(sorted(svgs)):
                data = base64.b64encode(Path(svg).read_bytes()).decode("ascii")
                page.set_content(f'<html><body style="margin:0;background:#fff"><img alt="" style="display:block;'
                                 f'width:{PICTURE_PX}px;height:{PICTURE_PX}px" src="data:image/svg+xml;base64,{data}">'
                                 "</body></html>")
                png = out_dir / f"picture-{i}.png"
                page.screenshot(path=str(png))
                out[svg] = str(png)
        finally:
            browser.close()
    return out


def _inline(el, sheet: Sheet) -> str:
    """An element's content as inline HTML, keeping only what a word processor can carry."""
    out = [html.escape(el.text or "")]
    for child in el:
        tag = child.tag if isinstance(child.tag, str) else ""
        if not tag:  # a comment
            pass
        elif tag == "img" and "qr" in _classes(child):
            pass  # the QR code is for paper; the editable file gives the address as a link
        elif tag == "img":
            out.append(_picture(child, sheet))
        elif tag not in INLINE:
            raise _unsupported(sheet, tag)
        elif tag == "br":
            out.append("<br>")
        elif tag == "a":
            href = child.get("href") or ""
            inner = _inline(child, sheet)
            out.append(f'<a href="{html.escape(href)}">{inner}</a>' if href.startswith("http") else inner)
        elif tag in ("strong", "b"):
            out.append(f"<strong>{_inline(child, sheet)}</strong>")
        elif tag in ("em", "i"):  # no italics in print: emphasis is bold, as on the web page
            out.append(f"<strong>{_inline(child, sheet)}</strong>")
        else:
            out.append(_inline(child, sheet))
        out.append(html.escape(child.tail or ""))
    return "".join(out)


def _lines(count: int) -> str:
    """A space to write in, N lines deep: one paragraph of N no-break spaces, which
    ``_write_in_rows`` turns into a table row of a set height (a row that keeps its size as
    someone types, where N empty paragraphs would grow and shrink)."""
    return f"<p>{NO_BREAK * max(1, count)}</p>"


def _table(el, sheet: Sheet) -> str:
    rows_html = []
    head = el.xpath("./thead/tr")
    body = el.xpath("./tbody/tr") or [r for r in el.xpath("./tr")]
    for tr in head:
        cells = "".join(f"<th><strong>{_inline(c, sheet)}</strong></th>" for c in tr if c.tag in ("th", "td"))
        rows_html.append(f"<thead><tr>{cells}</tr></thead>")
    body_rows = []
    for tr in body:
        cells = []
        for c in tr:
            if c.tag not in ("th", "td"):
                continue
            text = _inline(c, sheet)
            cells.append(f"<td>{text if text.strip(' ' + NO_BREAK) else _lines(3)}</td>")
        body_rows.append(f"<tr>{''.join(cells)}</tr>")
    rows_html.append(f"<tbody>{''.join(body_rows)}</tbody>")
    # A first column of labels ("Responsibilities") needs more room than a write-in column.
    columns = max((len([c for c in tr if c.tag in ("th", "td")]) for tr in head + body), default=0)
    labels = body and all((tr[0].text_content() or "").strip(" " + NO_BREAK) for tr in body if len(tr))
    # Columns that only hold tick boxes (a form's yes and no) need room for a tick, not writing.
    others = [(c.text_content() or "") for tr in body for c in list(tr)[1:]]
    ticks = any("☐" in o for o in others) and all(not o.strip(" ☐" + NO_BREAK) for o in others)
    if columns >= 2 and labels:
        first = 100 - 12 * (columns - 1) if ticks else (34 if columns >= 3 else 45)
        rest = (100 - first) / (columns - 1)
        widths = [first] + [rest] * (columns - 1)
        cols = "".join(f'<col style="width: {w:.1f}%">' for w in widths)
        rows_html.insert(0, f"<colgroup>{cols}</colgroup>")
    return f"<table>{''.join(rows_html)}</table>"


def _blocks(parent, sheet: Sheet, out: list[str]) -> None:
    for el in parent:
        tag = el.tag if isinstance(el.tag, str) else ""
        if not tag:
            continue
        classes = _classes(el)
        if tag not in BLOCK:
            raise _unsupported(sheet, tag)
        if tag == "div" and "write-in" in classes:
            lines = next((int(c[6:]) for c in classes if re.fullmatch(r"lines-\d+", c)), 3)
            question = " ".join(_inline(p, sheet) for p in el if p.tag in ("p", "h3", "h4"))
            out.append(f"<table><thead><tr><th>{question}</th></tr></thead>"
                       f"<tbody><tr><td>{_lines(lines)}</td></tr></tbody></table>")
        elif tag == "div" and "idea" in classes:
            # An Easy Read idea: its picture on the left, its words on the right.
            paras = [p for p in el if p.tag == "p"]
            if not paras:
                continue
            words = "".join(f"<p>{_inline(p, sheet)}</p>" for p in paras[1:])
            out.append('<table><colgroup><col style="width: 25%"><col style="width: 75%"></colgroup>'
                       f"<tbody><tr><td>{_inline(paras[0], sheet)}</td><td>{words}</td></tr></tbody></table>")
        elif tag == "div":
            _blocks(el, sheet, out)  # Material's table wrappers and the worksheet's head
        elif tag == "h2" and "worksheet-head" in _classes(el.getparent()):
            out.append(f"<h1>{_inline(el, sheet)}</h1>")  # the sheet's title
        elif tag == "h2":
            out.append(f"<h2>{_inline(el, sheet)}</h2>")
        elif tag in ("h3", "h4", "h5", "h6"):
            out.append(f"<h{int(tag[1]) - 1}>{_inline(el, sheet)}</h{int(tag[1]) - 1}>")
        elif tag == "p" and "worksheet-fill" in classes:
            out.append(f"<table><tbody><tr><td>Name or group:</td><td>{NO_BREAK}</td>"
                       f"<td>Date:</td><td>{NO_BREAK}</td></tr></tbody></table>")
        elif tag == "p":
            out.append(f"<p>{_inline(el, sheet)}</p>")
        elif tag == "table":
            out.append(_table(el, sheet))
        elif tag == "blockquote":
            inner: list[str] = []
            _blocks(el, sheet, inner)
            out.append(f"<blockquote>{''.join(inner)}</blockquote>")
        elif tag in ("ul", "ol"):
            items = "".join(f"<li>{_inline(li, sheet)}</li>" for li in el if li.tag == "li")
            out.append(f"<{tag}>{items}</{tag}>")
        elif tag == "hr":
            pass


def sheet_html(sheet: Sheet, credit: str) -> str:
    """The worksheet as plain HTML for pandoc, with the source and licence at its foot."""
    from lxml import html as lxml_html

    root = lxml_html.fromstring(sheet.html)
    out: list[str] = []
    _blocks(root, sheet, out)
    out.append(f"<p>{html.escape(credit)}</p>")
    return "\n".join(out)


# --- Writing the files ------------------------------------------------------------------------

def pandoc_path() -> str:
    import pypandoc

    return pypandoc.get_pandoc_path()


def convert(body: str, fmt: str, title: str, epoch: int, resources: str = "") -> bytes:
    """pandoc's .docx or .odt of an HTML body, with title, language and fixed dates; pictures
    named by file name only are found in the folder resources (so no folder's name, which
    changes from build to build, is written into the file)."""
    env = {"SOURCE_DATE_EPOCH": str(epoch), "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"}
    where = [f"--resource-path={resources}"] if resources else []
    result = subprocess.run(
        [pandoc_path(), "--from=html", f"--to={fmt}", "--output=-", *where,
         f"--metadata=title:{title}", "--metadata=lang:en-GB"],
        input=body.encode("utf-8"), capture_output=True, env=env, timeout=120, check=False)
    if result.returncode != 0:
        first = result.stderr.decode("utf-8", "replace").strip().splitlines()[:1]
        raise WorksheetError(f"pandoc could not write the {fmt} file for {title!r}: "
                             f"{first[0] if first else 'no message'}")
    return result.stdout


def _rezip(data: bytes, epoch: int, edit) -> bytes:
    """The same ZIP, each member passed through edit(name, bytes), with fixed dates; the
    OpenDocument 'mimetype' stays first and uncompressed, as the format requires."""
    stamp = max(datetime.fromtimestamp(epoch, tz=UTC), datetime(1980, 1, 1, tzinfo=UTC))
    date_time = stamp.timetuple()[:6]
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            member = edit(info.filename, src.read(info.filename))
            stored = info.filename == "mimetype"
            new = zipfile.ZipInfo(info.filename, date_time)
            new.compress_type = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
            new.external_attr = 0o644 << 16
            dst.writestr(new, member)
    return out.getvalue()


def _scale(match: re.Match, factor: float, unit: str = "") -> str:
    return f"{match.group(1)}{round(float(match.group(2)) * factor):g}{unit}{match.group(3)}"


def _finish_docx(data: bytes, large: bool, epoch: int) -> bytes:
    def edit(name: str, content: bytes) -> bytes:
        if not name.endswith((".xml", ".rels")):
            return content  # a picture
        text = content.decode("utf-8")
        if name == "word/styles.xml":
            text = re.sub(r"<w:rFonts [^>]*/>", '<w:rFonts w:ascii="Arial" w:hAnsi="Arial" '
                          'w:cs="Arial" w:eastAsia="Arial" />', text)
            text = re.sub(r"<w:color [^>]*/>", "", text)  # black text: no theme colours
            text = re.sub(r"<w:i(Cs)? />", "", text)  # no italics
            if large:
                text = re.sub(r'(<w:sz(?:Cs)? w:val=")(\d+)(" />)', lambda m: _scale(m, 1.5), text)
            borders = "".join(f'<w:{side} w:val="single" w:sz="8" w:space="0" w:color="000000" />'
                              for side in ("top", "left", "bottom", "right", "insideH", "insideV"))
            text = re.sub(r'(<w:style w:default="1" w:styleId="Table" w:type="table">.*?<w:tblPr>)',
                          rf"\1<w:tblBorders>{borders}</w:tblBorders>", text, count=1, flags=re.S)
            # Each worksheet starts a new page (in a pack; the first page is not left blank).
            text = re.sub(r'(<w:style w:styleId="Heading1" w:type="paragraph">.*?<w:pPr>)',
                          r"\1<w:pageBreakBefore />", text, count=1, flags=re.S)
        elif name == "word/document.xml":
            # pandoc repeats the title as a "Title" paragraph; heading 1 already gives it.
            text = re.sub(r'<w:p>\s*<w:pPr>\s*<w:pStyle w:val="Title" />\s*</w:pPr>.*?</w:p>', "",
                          text, count=1, flags=re.S)
            # One section: A4 with 2cm margins (pandoc leaves the page size to Word, which may
            # choose Letter). pandoc writes a section of its own; a second one after it makes
            # a file Word may call damaged.
            text = re.sub(r"<w:sectPr>.*?</w:sectPr>\s*", "", text, flags=re.S)
            text = text.replace("</w:body>", '<w:sectPr><w:pgSz w:w="11906" w:h="16838" />'
                                '<w:pgMar w:top="1134" w:right="1134" w:bottom="1134" w:left="1134" '
                                'w:header="567" w:footer="567" w:gutter="0" /></w:sectPr></w:body>')
            text = _docx_rows(text, 36 if large else 24)
        elif name == "docProps/app.xml":
            # pandoc copies its reference document's "Microsoft Word 12.0.0"; say what made it.
            text = re.sub(r"<Application>[^<]*</Application>", "<Application>Co-production toolkit "
                          "build (pandoc)</Application>", text)
            text = re.sub(r"<AppVersion>[^<]*</AppVersion>", "", text)
        elif name == "word/settings.xml":
            text = text.replace('w:themeFontLang w:val="en-US"', 'w:themeFontLang w:val="en-GB"')
        return text.encode("utf-8")

    return _rezip(data, epoch, edit)


def _finish_odt(data: bytes, large: bool, epoch: int) -> bytes:
    def edit(name: str, content: bytes) -> bytes:
        if name not in ("content.xml", "styles.xml"):
            return content
        text = content.decode("utf-8")
        text = re.sub(r'style:font-name="[^"]*"', 'style:font-name="Liberation Sans"', text)
        text = re.sub(r'fo:font-style="italic"', 'fo:font-style="normal"', text)
        text = re.sub(r'fo:color="#[0-9a-fA-F]{6}"', 'fo:color="#000000"', text)
        if large:
            text = re.sub(r'(fo:font-size="|style:font-size-(?:asian|complex)=")([\d.]+)(pt")',
                          lambda m: _scale(m, 1.5), text)
        text = text.replace("<office:font-face-decls>", '<office:font-face-decls><style:font-face '
                            'style:name="Liberation Sans" svg:font-family="\'Liberation Sans\'" '
                            'style:font-family-generic="swiss" style:font-pitch="variable" />', 1)
        if name == "content.xml":
            text = text.replace('fo:border="none"', 'fo:border="0.75pt solid #000000" fo:padding="0.1cm"')
            text = _odt_rows(text, 18 if large else 12)
            text = re.sub(r'<text:p text:style-name="Title">.*?</text:p>', "", text, count=1, flags=re.S)
        else:
            text = re.sub(r'fo:page-height="[^"]*"', 'fo:page-height="29.7cm"', text)  # A4
            text = re.sub(r'fo:page-width="[^"]*"', 'fo:page-width="21cm"', text)
            text = re.sub(r'(fo:margin-(?:top|bottom|left|right))="1in"', r'\1="2cm"', text)
            text = re.sub(r'(<style:style [^>]*style:name="Heading_20_1"[^>]*>)',
                          r'\1<style:paragraph-properties fo:break-before="page"/>', text, count=1)
        return text.encode("utf-8")

    return _rezip(data, epoch, edit)


W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _empty(text: str) -> bool:
    return not text.strip(" " + NO_BREAK)


def _docx_rows(xml: str, point: int) -> str:
    """Rows that stay whole: no row splits over two pages; a write-in row (its cells hold only
    the no-break spaces ``_lines`` wrote) is one line of room per space, at least that tall;
    a question (a header row) stays with its answer space; the row before the closing credit
    stays with it, so no page holds only the credit."""
    from lxml import etree

    w = f"{{{W}}}"
    root = etree.fromstring(xml.encode("utf-8"))
    for width in root.iter(f"{w}tblW"):  # every table as wide as the page, as on paper
        width.set(f"{w}type", "pct")
        width.set(f"{w}w", "5000")
    for tr in root.iter(f"{w}tr"):
        pr = tr.find(f"{w}trPr")
        if pr is None:
            pr = etree.Element(f"{w}trPr")
            tr.insert(0 if tr[0].tag != f"{w}tblPrEx" else 1, pr)
        pr.insert(0, etree.Element(f"{w}cantSplit"))
        texts = ["".join(t.text or "" for t in tc.iter(f"{w}t")) for tc in tr.iter(f"{w}tc")]
        if pr.find(f"{w}tblHeader") is not None:
            for p in tr.iter(f"{w}p"):  # keep with the row below: the answer space
                ppr = p.find(f"{w}pPr")
                if ppr is None:
                    ppr = etree.SubElement(p, f"{w}pPr")
                    p.insert(0, ppr)
                ppr.insert(1 if ppr.find(f"{w}pStyle") is not None else 0, etree.Element(f"{w}keepNext"))
        elif any(_empty(t) for t in texts):
            lines = max(len(t) for t in texts if _empty(t))
            height = etree.SubElement(pr, f"{w}trHeight")
            height.set(f"{w}val", str(lines * point * 2 * 10))  # twips: a line is 2em
            height.set(f"{w}hRule", "atLeast")
            for t in tr.iter(f"{w}t"):
                if _empty(t.text or ""):
                    t.text = NO_BREAK
    def keep_next(p) -> None:
        ppr = p.find(f"{w}pPr")
        if ppr is None:
            ppr = etree.Element(f"{w}pPr")
            p.insert(0, ppr)
        if ppr.find(f"{w}keepNext") is None:
            ppr.insert(1 if ppr.find(f"{w}pStyle") is not None else 0, etree.Element(f"{w}keepNext"))

    # A question written above a table stays with it.
    children = list(root.find(f"{w}body"))
    def text(el) -> str:
        return "".join(t.text or "" for t in el.iter(f"{w}t"))

    for before, el in zip(children, children[1:]):
        # pandoc's empty paragraph between two tables keeps nothing together: kept with the
        # next, LibreOffice would take the table above it along to the next page too.
        if el.tag == f"{w}tbl" and before.tag == f"{w}p":
            if text(before).strip():
                keep_next(before)
            else:  # and it is a gap of 8pt, as between the PDF's boxes, not a line of text
                for ppr in before.findall(f"{w}pPr"):
                    before.remove(ppr)
                ppr = etree.SubElement(before, f"{w}pPr")
                before.insert(0, ppr)
                etree.SubElement(ppr, f"{w}spacing").attrib.update(
                    {f"{w}before": "0", f"{w}after": "0", f"{w}line": "160", f"{w}lineRule": "exact"})

    def block(el) -> Block:
        if el.tag != f"{w}tbl":
            style = el.find(f"{w}pPr/{w}pStyle")
            name = style.get(f"{w}val") if style is not None else ""
            if el.find(f"{w}pPr/{w}spacing[@{w}lineRule='exact']") is not None:
                name = "Gap"
            return Block(text(el), style="BodyText" if name == "FirstParagraph" else name)
        grid = [int(c.get(f"{w}w") or 1) for c in el.iter(f"{w}gridCol")] or [1]
        rows = []
        for tr in el.findall(f"{w}tr"):
            cells = tr.findall(f"{w}tc")
            height = tr.find(f"{w}trPr/{w}trHeight")
            least = int(height.get(f"{w}val")) / 20 if height is not None else 0.0
            if any(el.tag.endswith("}drawing") for el in tr.iter()):
                least = max(least, PICTURE_PT)
            rows.append(([text(c) for c in cells], [g / sum(grid) for g in grid][:len(cells)], least))
        return Block("", rows, head=len(el.findall(f"{w}tr/{w}trPr/{w}tblHeader")))

    for i, el in enumerate(children):
        if "Text CC BY" not in text(el):
            continue
        ppr = el.find(f"{w}pPr")  # the credit's lines never part
        if ppr is None:
            ppr = etree.Element(f"{w}pPr")
            el.insert(0, ppr)
        ppr.insert(1 if ppr.find(f"{w}pStyle") is not None else 0, etree.Element(f"{w}keepLines"))
        start = max((k for k in range(i) if children[k].tag == f"{w}p" and
                     (children[k].find(f"{w}pPr/{w}pStyle") is not None and
                      children[k].find(f"{w}pPr/{w}pStyle").get(f"{w}val") == "Heading1")), default=0)
        blocks = [block(children[k]) for k in range(start, i + 1)]
        fit = _fit(blocks, point / 2)  # point: a write-in line, 2em
        for height in (h for k in range(start, i) for h in children[k].iter(f"{w}trHeight") if fit < 1):
            height.set(f"{w}val", str(round(int(height.get(f"{w}val")) * fit)))
        # Where a sheet made to fit one page goes on after all, its end still keeps together.
        tail = _tail(blocks, point / 2)
        for height in (h for k in range(start + tail.start, i) for h in children[k].iter(f"{w}trHeight")
                       if tail.grow != 1):
            height.set(f"{w}val", str(round(int(height.get(f"{w}val")) * tail.grow)))
        first = start + tail.start
        if tail.last_row is not None:
            for p in children[start + tail.last_row].findall(f"{w}tr")[-1].iter(f"{w}p"):
                keep_next(p)
        kept = children[first:i]
        if tail.split:
            table = children[first - 1]
            rows = table.findall(f"{w}tr")
            end_part = copy.deepcopy(table)
            for tr in end_part.findall(f"{w}tr"):
                end_part.remove(tr)
            for tr in rows:
                if tr.find(f"{w}trPr/{w}tblHeader") is not None:
                    end_part.append(copy.deepcopy(tr))
            for tr in rows[-tail.split:]:
                end_part.append(tr)  # moved
            gap = etree.fromstring(f'<w:p xmlns:w="{W}"><w:pPr><w:spacing w:before="0" w:after="0" '
                                   'w:line="160" w:lineRule="exact"/></w:pPr></w:p>')
            table.addnext(gap)
            gap.addnext(end_part)
            kept = [end_part] + kept
        for el in kept:
            # Kept with the next block: a table whole (every paragraph in it keeps with the next).
            for p in (el.iter(f"{w}p") if el.tag == f"{w}tbl" else [el]):
                keep_next(p)
        for el in kept + ([children[start + tail.last_row]] if tail.last_row is not None else []):
            if el.tag == f"{w}tbl" and len(el.findall(f"{w}tr")) == 1:
                _keepable_row(el)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True).decode("utf-8")


def _keepable_row(table) -> None:
    """LibreOffice opens a .docx table of one row that cannot split as a table that cannot
    split, and such a table never keeps with the next block, however its paragraphs are set
    (Word keeps it): an Easy Read idea, or a lone answer space, would let the closing lines
    go to a page of their own. A second row, 1pt tall, without side or bottom borders and
    kept with the next, makes it a table LibreOffice keeps with what follows; on paper it is
    the box's bottom edge."""
    from lxml import etree

    cols = len(table.findall(f"{{{W}}}tblGrid/{{{W}}}gridCol")) or 1
    table.append(etree.fromstring(
        f'<w:tr xmlns:w="{W}"><w:trPr><w:cantSplit/><w:trHeight w:val="20" w:hRule="exact"/></w:trPr>'
        f'<w:tc><w:tcPr><w:gridSpan w:val="{cols}"/><w:tcBorders><w:left w:val="nil"/>'
        '<w:bottom w:val="nil"/><w:right w:val="nil"/></w:tcBorders></w:tcPr>'
        '<w:p><w:pPr><w:keepNext/><w:spacing w:before="0" w:after="0" w:line="20" w:lineRule="exact"/>'
        '<w:rPr><w:sz w:val="2"/></w:rPr></w:pPr></w:p></w:tc></w:tr>'))



# --- The end of each sheet: never a thin last page ---------------------------------------------
#
# A word processor chooses its own page breaks, so a sheet could end on a page with one answer
# space and the closing lines. The last blocks of each sheet are kept together with its closing
# lines, as many as it takes to fill two fifths of a page above them, so wherever LibreOffice
# or Word breaks the page, the last one holds at least a third besides the closing lines. A
# sheet that nearly fits one page is made to fit, with shorter write-in rows, as its PDF is.
# Heights are worked out from what the file sets (a write-in row's height, a picture's) and,
# for words, from the fewest and the most lines they can take in pandoc's styles; a block that
# would make the kept part too tall to fit a page is left out, as the word processor would
# then break inside it anyway.

PICTURE_PT = 2.5 / 2.54 * 72 + 6  # an Easy Read picture (2.5cm) and the room around it
PAGE_PT = 728.0  # the writing area of an A4 page with 2cm margins, in points
WIDTH_PT = 482.0
TAIL_LEAST = 0.42 * PAGE_PT  # what is kept above the closing lines: at least this tall
TAIL_MOST = 0.95 * PAGE_PT  # and, at most, this tall: it must fit one page
GROW = 1.5  # and they may be this much taller, to fill a last page
TIGHT = 0.7  # write-in rows may be this much of their height, so that a sheet fits one page


@dataclass(frozen=True)
class Block:
    """A paragraph (its words, its style) or a table (rows: each cell's words, each column's
    share of the width, the row's set height in points)."""
    text: str
    rows: tuple | list = ()
    odt: bool = False
    style: str = ""  # "Heading1", "BodyText", "Compact" ...: see STYLE_PT
    head: int = 0  # how many of the rows are header rows, repeated on a new page


# The size of a style's words at 12pt body text, and the space above and below it, in points
# (pandoc's reference styles, in both formats; large print makes the words half as big again).
STYLE_PT = {"Heading1": (20, 22), "Heading2": (16, 12), "Heading3": (14, 12), "Heading4": (13, 12),
            "BodyText": (12, 18), "Compact": (12, 3.6), "": (12, 0), "Gap": (7, 0)}


def _words_height(text: str, share: float, size: float, most: bool) -> float:
    """The height of some words in a box a share of the page wide: at the fewest lines they
    can take (narrow letters), or at the most (wide ones), 1.15 lines apart."""
    per_line = max(4.0, share * WIDTH_PT - 12) / (size * (0.56 if most else 0.42))
    lines = max(1, -(-len(text.strip()) // int(per_line)))
    return lines * size * 1.15


def _block_height(block: Block, point: float, most: bool) -> float:
    if not block.rows:  # a paragraph, with the space around it
        size, space = STYLE_PT.get(block.style, STYLE_PT["BodyText"])
        return _words_height(block.text, 1.0, size * point / 12, most) + space + (4 if most else 0)
    height = 20.0 if block.odt else 0.0  # the room above and below an .odt table
    for texts, shares, set_height in block.rows:
        words = max((_words_height(t, s, point, most) for t, s in zip(texts, shares)), default=0.0)
        height += max(set_height, words + (8 if most else 3.6))
    return height


def _fit(blocks: list[Block], point: float) -> float:
    """How much of their height the sheet's write-in rows keep: all of it, or less (down to
    TIGHT) where that is all it takes for the whole sheet to fit one page, as its PDF does."""
    def total(scale: float, most: bool) -> float:
        return sum(_block_height(Block(b.text, [(t, s, h if h == PICTURE_PT else h * scale) for t, s, h in b.rows],
                                       b.odt, b.style)
                                 if b.rows else b, point, most) for b in blocks)

    def likely(scale: float) -> float:  # between the fewest lines and the most
        return (total(scale, False) + total(scale, True)) / 2

    if total(1.0, False) <= PAGE_PT * 0.97 or likely(TIGHT) > PAGE_PT * 0.95:
        return 1.0  # it fits as it is, or it cannot fit at all
    scale = TIGHT
    while scale < 1.0 and likely(scale + 0.01) <= PAGE_PT * 0.95:
        scale += 0.01
    return round(scale, 2)


@dataclass(frozen=True)
class Tail:
    start: int  # the first block kept with the closing lines
    last_row: int | None  # a table before it that keeps only its last row with it
    grow: float = 1.0  # how much taller the write-in rows kept with the closing lines are made
    split: int = 0  # the table before the part gives its last rows to it, with its header row


def _tail(blocks: list[Block], point: float) -> Tail:
    """The part kept with a sheet's closing lines, blocks being the sheet from its title to
    its credit (the last). It never takes the title and what is written under it while they
    would be left with less than a third of a page: a page never holds only those. A table
    too tall to keep whole with the closing lines may break between its rows (its header row
    repeats), and keeps its last row with them when nothing else would keep them company."""
    def least(part) -> float:
        return sum(_block_height(b, point, False) for b in part)

    def most(part) -> float:
        return sum(_block_height(b, point, True) for b in part)

    end = len(blocks) - 1
    while end > max(0, len(blocks) - 4) and not blocks[end - 1].rows:  # the source, the credit
        end -= 1
    start, last_row, after_long = end, None, False
    while start > 3 and least(blocks[start:end]) < TAIL_LEAST:  # the closing lines left out
        block = blocks[start - 1]
        if most(blocks[start - 1:]) > TAIL_MOST:
            last_row = start - 1 if block.rows else None
            # a table most of a page tall ends anywhere on a page: the part may be alone
            after_long = _block_height(block, point, False) > 0.8 * PAGE_PT
            if after_long and block.head and not any(b.rows for b in blocks[start:end]):
                # Its last rows, under its header row again, go with the closing lines.
                for k in range(1, len(block.rows) - block.head):
                    part = Block("", list(block.rows[:block.head]) + list(block.rows[-k:]), block.odt)
                    if most([part] + blocks[start:]) > TAIL_MOST:
                        break
                    if least([part] + blocks[start:end]) >= TAIL_LEAST:
                        return Tail(start, None, split=k)
            break
        if least(blocks[:start - 1]) < PAGE_PT / 2:
            break
        if block.head and _block_height(block, point, False) > PAGE_PT / 2 and \
                least(blocks[start - 1:end]) > 0.6 * PAGE_PT:
            # A table half a page tall or more, which would take the part well past what it
            # needs, gives only its last rows, under its header row again (it breaks anyway).
            for k in range(1, len(block.rows) - block.head):
                part = Block("", list(block.rows[:block.head]) + list(block.rows[-k:]), block.odt)
                if least([part] + blocks[start:end]) >= TAIL_LEAST:
                    return Tail(start, None, split=k)
        start -= 1
    while start < end and not blocks[start].rows and not blocks[start].text.strip():
        start += 1  # a space between two tables keeps nothing together
    if any(b.rows for b in blocks[start:end]):
        last_row = None  # LibreOffice would take the whole table along with its last row
    # Still short (the block before it could not be kept with it): the part is made tall
    # enough by its write-in rows, up to half as tall again (or more after a table most of a
    # page tall), so that on a page of its own it still holds two fifths. Only where that is
    # enough: a taller box alone is no better.
    room = sum(r[2] for b in blocks[start:end] for r in b.rows if r[2] and r[2] != PICTURE_PT)
    short = TAIL_LEAST - least(blocks[start:end])
    if room and 0 < short and (after_long or short <= room * (GROW - 1)) and \
            most(blocks[start:]) + short <= TAIL_MOST:
        return Tail(start, last_row, round(1 + short / room + 0.005, 2))
    return Tail(start, last_row)


DRAW = "urn:oasis:names:tc:opendocument:xmlns:drawing:1.0"
ODT = {"style": "urn:oasis:names:tc:opendocument:xmlns:style:1.0",
       "table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
       "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
       "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
       "fo": "urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"}


def _odt_rows(xml: str, point: int) -> str:
    """As ``_docx_rows``, for OpenDocument: rows that keep together and write-in rows of a
    set height; tables with room above and below, so two write-in boxes never touch and look
    like one table; a write-in box (a question and its space) never split; the table before
    the closing credit kept with it."""
    from lxml import etree

    def q(name: str) -> str:
        prefix, local = name.split(":")
        return f"{{{ODT[prefix]}}}{local}"

    root = etree.fromstring(xml.encode("utf-8"))
    styles = root.find(q("office:automatic-styles"))
    made: set[str] = set()

    def row_style(lines: int, fit: float = 1.0) -> str:
        name = (f"Row{lines}" + (f"_{round(fit * 100)}" if fit != 1 else "")) if lines else "RowWhole"
        if name not in made:
            made.add(name)
            style = etree.SubElement(styles, q("style:style"))
            style.set(q("style:name"), name)
            style.set(q("style:family"), "table-row")
            props = etree.SubElement(style, q("style:table-row-properties"))
            props.set(q("fo:keep-together"), "always")
            if lines:
                props.set(q("style:min-row-height"), f"{lines * point * 2 * fit * 2.54 / 72:.2f}cm")
        return name

    table_styles = {s.get(q("style:name")): s for s in styles.iterfind(q("style:style"))
                    if s.get(q("style:family")) == "table"}
    column_styles = {s.get(q("style:name")): s.find(q("style:table-column-properties"))
                     for s in styles.iterfind(q("style:style")) if s.get(q("style:family")) == "table-column"}
    body = root.find(q("office:body")).find(q("office:text"))
    children = list(body)
    # The closing lines (the sheet's source, then the credit) stay with the last table: the
    # paragraphs before the credit keep with the next one, and so does that table.
    def keep_next(p, rule: str = "fo:keep-with-next", prefix: str = "Keep_") -> None:
        parent = p.get(q("text:style-name"), "Standard")
        if parent.startswith(prefix):
            return
        name = f"{prefix}{parent}"
        if name not in made:
            made.add(name)
            style = etree.SubElement(styles, q("style:style"))
            style.set(q("style:name"), name)
            style.set(q("style:family"), "paragraph")
            style.set(q("style:parent-style-name"), parent)
            etree.SubElement(style, q("style:paragraph-properties")).set(q(rule), "always")
        p.set(q("text:style-name"), name)

    for before, el in zip(children, children[1:]):  # a question written above its table
        if el.tag == q("table:table") and before.tag == q("text:p"):
            keep_next(before)
    def block(el) -> Block:
        if el.tag != q("table:table"):
            if el.tag == q("text:h"):
                return Block("".join(el.itertext()), style=f"Heading{el.get(q('text:outline-level'))}")
            return Block("".join(el.itertext()), style="BodyText")
        # Each column's share of the width, as the file sets it (pandoc writes relative
        # widths): a statement column half the page wide takes fewer lines than a fifth would.
        widths = []
        for col in el.iter(q("table:table-column")):
            props = column_styles.get(col.get(q("table:style-name")))
            rel = props.get(q("style:rel-column-width"), "") if props is not None else ""
            widths += [float(rel.rstrip("*")) if rel.rstrip("*").replace(".", "", 1).isdigit() else 0.0] * \
                int(col.get(q("table:number-columns-repeated"), "1"))
        rows = []
        for row in el.iter(q("table:table-row")):
            found = list(row.iter(q("table:table-cell")))
            cells = ["".join("".join(p.itertext()) for p in c.iter(q("text:p"))) for c in found]
            spans = [int(c.get(q("table:number-columns-spanned"), "1")) for c in found]
            if widths and all(widths) and sum(spans) == len(widths):
                edges = [sum(spans[:k]) for k in range(len(spans) + 1)]
                shares = [sum(widths[a:b]) / sum(widths) for a, b in zip(edges, edges[1:])]
            else:  # no widths set: the columns share the width equally
                shares = [1 / len(cells)] * len(cells)
            header = row.getparent().tag == q("table:table-header-rows")
            empty = [len(c.strip(" ")) for c in cells if _empty(c)]
            least = max(empty) * point * 2 if empty and not header else 0.0
            if any(el.tag == f"{{{DRAW}}}frame" for el in row.iter()):
                least = max(least, PICTURE_PT)
            rows.append((cells, shares, least))
        return Block("", rows, odt=True, head=len(el.findall(f"{q('table:table-header-rows')}/{q('table:table-row')}")))

    keep_with_credit: set = set()  # tables, kept whole and with what follows
    keep_last_row: set = set()  # tables that may break between rows, kept with what follows
    scale: dict = {}  # the share of its height each write-in row of a table keeps
    for i, el in enumerate(children):
        if el.tag != q("text:p") or "Text CC BY" not in "".join(el.itertext()):
            continue
        keep_next(el, "fo:keep-together", "Whole_")  # the credit's lines never part
        start = max((k for k in range(i) if children[k].tag == q("text:h") and
                     children[k].get(q("text:outline-level")) == "1"), default=0)
        blocks = [block(children[k]) for k in range(start, i + 1)]
        fit = _fit(blocks, point)
        scale.update({children[k]: fit for k in range(start, i)})
        tail = _tail(blocks, point)
        first = start + tail.start
        kept = children[first:i]
        if tail.split:
            table = children[first - 1]
            end_part = copy.deepcopy(table)
            for row in end_part.findall(q("table:table-row")):
                end_part.remove(row)
            for row in table.findall(q("table:table-row"))[-tail.split:]:
                end_part.append(row)  # moved
            end_part.set(q("table:name"), table.get(q("table:name")) + "_end")
            own = copy.deepcopy(table_styles[table.get(q("table:style-name"))])  # kept, unlike the first
            own.set(q("style:name"), own.get(q("style:name")) + "_end")
            styles.append(own)
            table_styles[own.get(q("style:name"))] = own
            end_part.set(q("table:style-name"), own.get(q("style:name")))
            table.addnext(end_part)
            scale[end_part] = fit
            kept = [end_part] + kept
        scale.update({el: scale[el] * tail.grow for el in kept if tail.grow != 1})
        if tail.last_row is not None:  # it may break between its rows; it keeps with the next
            keep_last_row.add(children[start + tail.last_row])
        for el in kept:
            if el.tag == q("table:table"):
                keep_with_credit.add(el)
            else:
                keep_next(el)
    children = list(body)
    for table in children:
        if table.tag != q("table:table"):
            continue
        props = table_styles[table.get(q("table:style-name"))].find(q("style:table-properties"))
        props.set(q("fo:margin-top"), "0.3cm")
        props.set(q("fo:margin-bottom"), "0.4cm")
        rows = list(table.iter(q("table:table-row")))
        if len(rows) <= 2:  # a question and its answer space: never apart
            props.set(q("style:may-break-between-rows"), "false")
        if table in keep_with_credit | keep_last_row:
            props.set(q("fo:keep-with-next"), "always")
        if table in keep_with_credit:  # kept whole, and with what follows
            props.set(q("style:may-break-between-rows"), "false")
        for row in rows:
            cells = ["".join("".join(p.itertext()) for p in c.iter(q("text:p")))
                     for c in row.iter(q("table:table-cell"))]
            header = row.getparent().tag == q("table:table-header-rows")
            if not header and any(_empty(c) for c in cells):
                row.set(q("table:style-name"), row_style(max(len(c.strip(" ")) for c in cells if _empty(c)),
                                                             scale.get(table, 1.0)))
                for p in row.iter(q("text:p")):
                    if _empty("".join(p.itertext())):
                        p.text = NO_BREAK
            else:
                row.set(q("table:style-name"), row_style(0))
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8").decode("utf-8")


def write_document(sheets: list[Sheet], fmt: str, title: str, *, large: bool, epoch: int,
                   credit: str, pictures: dict[str, str] | None = None) -> bytes:
    """One .docx or .odt holding the given worksheets, each starting a page; pictures maps an
    SVG picture to the PNG to put in the file instead."""
    body = "\n".join(sheet_html(s, credit) for s in sheets)
    resources = ""
    if pictures:
        def png(m: re.Match) -> str:
            made = pictures.get(html.unescape(m.group(1)))
            return f'<img src="{html.escape(Path(made).name)}"' if made else m.group(0)

        body = _SVG_SRC.sub(png, body)
        resources = str(Path(next(iter(pictures.values()))).parent)
    data = convert(body, fmt, title, epoch, resources)
    return _finish_docx(data, large, epoch) if fmt == "docx" else _finish_odt(data, large, epoch)


def write_worksheet_files(site_dir: Path, activities: list[Activity], *, site_name: str, epoch: int,
                          credit: str, workers: int = 2, forms: list[Form] = ()) -> list[Download]:
    """Every worksheet, the pack of all of them and every form (hooks/worksheets/forms.py), as .docx and
    .odt in standard and large print, into site_dir/downloads; pandoc runs in worker threads,
    beside Chromium."""
    from concurrent.futures import ThreadPoolExecutor

    sheets = []
    for activity in activities:
        page = site_dir / activity.url / "index.html"
        sheets.append(read_sheet(page.read_text(encoding="utf-8"), activity.number, activity.title,
                                 activity.slug, f"docs/{activity.url.rstrip('/')}.md"))
    form_sheets = []
    for form in forms:
        page = site_dir / form.url / "index.html"
        form_sheets.append(read_sheet(page.read_text(encoding="utf-8"), 0, form.title, form.slug,
                                      f"docs/{form.src}", form=form.slug, base=str(page.parent)))
    svgs: set[str] = set()
    for sheet in sheets + form_sheets:  # find every element a word processor cannot hold first
        svgs.update(html.unescape(m) for m in _SVG_SRC.findall(sheet_html(sheet, credit)))
    jobs = []  # (file name, sheets, format, large print, title)
    for fmt in FORMATS:
        for large in (False, True):
            lp = " (large print)" if large else ""
            jobs.append((worksheet_file(None, fmt, large), sheets, fmt, large, f"{site_name}: worksheets{lp}"))
            for activity, sheet in zip(activities, sheets):
                jobs.append((worksheet_file(activity, fmt, large), [sheet], fmt, large,
                             f"Worksheet: {activity.title}{lp}"))
            for form, sheet in zip(forms, form_sheets):
                # An Easy Read form is large print in both editions, as its PDFs are.
                jobs.append((form_file(form, fmt, large), [sheet], fmt, large or form.large_only,
                             f"{form.title}{lp}"))
    out_dir = site_dir / "downloads"
    out_dir.mkdir(parents=True, exist_ok=True)

    with tempfile.TemporaryDirectory() as scratch:
        pictures = rasterise(svgs, Path(scratch))

        def run(job) -> Download:
            name, chosen, fmt, large, title = job
            data = write_document(chosen, fmt, title, large=large, epoch=epoch, credit=credit,
                                  pictures=pictures)
            (out_dir / name).write_bytes(data)
            return Download(name, title, 0, len(data))

        with ThreadPoolExecutor(max_workers=workers) as pool:
            return list(pool.map(run, jobs))
