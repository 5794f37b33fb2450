"""The EPUB 3 edition: the whole toolkit as a reflowable e-book (downloads/co-production-toolkit.epub).

Made by `mkdocs build` after the PDFs, from the same print page the whole-toolkit PDF is printed
from, so it holds the same pages in the same order: one XHTML file for each page of the site, and
an opening file for each part of the menu. The print page is the built HTML, so activities keep
their steps and worksheets, tables stay tables and the diagrams keep their text alternatives.
The Easy Read guide and the forms, which the printed book leaves out, are taken from their
built pages and put where the menu has them (EXTRA_PAGES).

We write the EPUB ourselves (zipfile and lxml) rather than with pandoc: we need a navigation
document that follows the site's menu, a page list taken from the printed PDF, the EPUB
Accessibility 1.1 metadata and the same bytes for the same commit, and pandoc gives none of
these without rewriting its output anyway.

The page list: for each page of co-production-toolkit.pdf, the words that open it (pdftotext)
are found in the book's text, in order, and a page break marker is put where they start. So
"page 23" in the EPUB is where page 23 of the printed book begins.
"""

from __future__ import annotations

import copy
import html
import io
import re
import shutil
import subprocess
import time
import unicodedata
import uuid
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree
from lxml import html as lhtml

EPUB_NAME = "co-production-toolkit.epub"
BOOK_PDF = "co-production-toolkit.pdf"
XHTML_NS = "http://www.w3.org/1999/xhtml"
EPUB_NS = "http://www.idpf.org/2007/ops"
LANG = "en-GB"
etree.register_namespace("epub", EPUB_NS)
STYLE = Path(__file__).with_name("epub.css")
# What the built print page has that a reader of the e-book cannot use: buttons, links to the
# downloads (filled in later), the folded run sheet (the book does not print it either), the QR
# codes (they point a phone at the website; the e-book links to it instead) and the permalinks.
DROP = ("button", "details.run-sheet", "img.qr", "a.headerlink", "script", "style", "noscript",
        "[hidden]", ".activity-actions", "nav",
        # and, on the pages taken from the website (EXTRA_PAGES): the edit link, the download
        # buttons, and what the Easy Read guide shows only on paper (lines to write on).
        "a.md-content__button", "p.page-pdf", "div.worksheet-files", ".on-paper", "svg")
# Pages of the menu that the printed book leaves out but a reader of the e-book can use: the
# Easy Read guide and the forms (each is printed on its own). Taken from their built pages and
# put where the menu has them. The planner, Downloads and the accessibility statement are about
# the website and its files, so the e-book leaves them out, as the printed book does.
EXTRA_PAGES = ("easy-read.md", "forms/")
# Attributes that are not valid in EPUB's XHTML, or mean nothing without the site's scripts.
DROP_ATTRS = ("heading-number", "data-search-exclude", "data-print", "loading", "decoding")


class EpubError(Exception):
    """The EPUB could not be made; the message says why and what to do."""


@dataclass
class Chapter:
    """One XHTML file of the e-book."""

    file: str  # e.g. "text/05-part-2-01-defining-co-production.xhtml"
    title: str
    body: etree._Element  # the <section> that goes in its <body>
    kind: str = "chapter"  # "chapter", "part" or "title"
    children: list[Chapter] = field(default_factory=list)  # a part's chapters
    headings: list[tuple[str, str]] = field(default_factory=list)  # (id, text) of its h2s


def _text(el) -> str:
    return " ".join(el.text_content().split())


def _classes(el) -> set[str]:
    return set((el.get("class") or "").split())


def _matches(el, selector: str) -> bool:
    if selector.startswith("["):
        return el.get(selector[1:-1]) is not None
    tag, _, cls = selector.partition(".")
    if tag and el.tag != tag:
        return False
    return not cls or cls in _classes(el)


def _strip(section) -> None:
    """Remove from a copied page what the e-book cannot use, and attributes XHTML refuses."""
    for el in list(section.iter()):
        if not isinstance(el.tag, str):  # comments and processing instructions
            if el.getparent() is not None:
                el.drop_tree()
            continue
    for el in list(section.iter()):
        if not isinstance(el.tag, str) or el.getparent() is None:
            continue
        if any(_matches(el, s) for s in DROP):
            el.drop_tree()
    for el in section.iter():
        if not isinstance(el.tag, str):
            continue
        for name in list(el.attrib):
            if name in DROP_ATTRS or name.startswith("on"):
                del el.attrib[name]
        if el.tag == "section":
            el.attrib.pop("class", None)
        if el.tag in ("th", "td") and el.get("align"):
            del el.attrib["align"]


def _page_id(src: str) -> str:
    """print-site's id for a page: its path without .md, slashes as hyphens."""
    return src[: -len(".md")].replace("/", "-")


def _extra_section(site_dir: Path, src: str, url: str) -> etree._Element:
    """A page the printed book leaves out, as print-site would have put it on the print page:
    a section with the page's id, every id and link made the print page's way."""
    built = site_dir / url / "index.html"
    if not built.is_file():
        raise EpubError(f"docs/{src}: its built page {built} was not found for the EPUB")
    doc = lhtml.parse(str(built)).getroot()
    article = doc.xpath("//article[contains(concat(' ', @class, ' '), ' md-content__inner ')]")[0]
    pid = _page_id(src)
    section = etree.Element("section", id=pid)
    section.text = "\n"
    for child in article:
        if isinstance(child.tag, str):
            section.append(copy.deepcopy(child))
    for el in section.iter():
        if not isinstance(el.tag, str):
            continue
        if el.get("id") and el is not section:
            el.set("id", f"{pid}-{el.get('id')}")
        href = el.get("href") if el.tag == "a" else None
        if href and not re.match(r"[a-z]+:", href):
            path, _, frag = href.partition("#")
            from posixpath import normpath

            target = normpath(f"/{url}{path}").lstrip("/") if path else url.rstrip("/")
            target = target.rstrip("/")
            if target.endswith((".pdf", ".docx", ".odt", ".epub", ".zip")):
                el.set("href", "site:" + target)
                continue
            tid = target.replace("/", "-") or "index"
            el.set("href", "#" + (f"{tid}-{frag}" if frag else tid))
        if el.tag == "img" and el.get("src") and not el.get("src").startswith("data:"):
            from posixpath import normpath

            el.set("src", "../" + normpath(f"/{url}{el.get('src')}").lstrip("/"))
    return section


def read_book(print_page: Path, menu: list[str] = ()) -> tuple[list[Chapter], dict[str, str]]:
    """The print page's pages as chapters, in reading order, grouped into parts as the menu
    is, with the EXTRA_PAGES put where the menu (its pages' sources, in order) has them; and
    every id in them -> the file that holds it."""
    doc = lhtml.parse(str(print_page)).getroot()
    try:
        root = doc.get_element_by_id("print-site-page")
    except KeyError:
        raise EpubError(f"{print_page}: no element with id 'print-site-page'; is the print-site "
                        f"plugin still in mkdocs.yml?") from None
    chapters: list[Chapter] = []
    count = 0

    def chapter(section) -> Chapter:
        nonlocal count
        count += 1
        body = copy.deepcopy(section)
        _strip(body)
        h1 = body.find(".//h1")
        title = _text(h1) if h1 is not None else section.get("id", "")
        file = f"text/{count:02d}-{section.get('id')}.xhtml"
        heads = [(h.get("id"), _text(h)) for h in body.iter("h2") if h.get("id")]
        return Chapter(file, title, body, headings=heads)

    site_dir = print_page.parent.parent if print_page.parent.name == "print_page" else print_page.parent
    last = None
    for src in menu:  # the pages the print page leaves out, put where the menu has them
        pid = _page_id(src)
        if root.find(f".//section[@id='{pid}']") is not None:
            last = pid
            continue
        if not src.startswith(EXTRA_PAGES) or last is None:
            continue
        anchor = root.find(f".//section[@id='{last}']")
        section = _extra_section(site_dir, src, page_urls([src])[pid])
        section.tail = anchor.tail
        anchor.addnext(section)
        last = pid
    for section in root.findall("section"):
        if section.find("div[@id='print-page-toc']") is not None or section.get("id") is None \
                and "md-section" not in _classes(section):
            continue  # print-site's contents: the navigation document takes its place
        if "md-section" in _classes(section):
            h1 = section.find("h1")
            count += 1
            part_id = section.get("id") or f"part-{count}"
            body = etree.Element("section", id=part_id)
            heading = etree.SubElement(body, "h1", id=h1.get("id") or f"{part_id}-title")
            heading.text = _text(h1)
            part = Chapter(f"text/{count:02d}-{part_id}.xhtml", heading.text, body, kind="part")
            for child in section.findall("section"):
                part.children.append(chapter(child))
            listing = etree.SubElement(body, "ul", {"class": "part-contents"})
            for child in part.children:
                item = etree.SubElement(listing, "li")
                link = etree.SubElement(item, "a", href="#" + child.body.get("id"))
                link.text = child.title
            chapters.append(part)
        else:
            chapters.append(chapter(section))
    where: dict[str, str] = {}
    for ch in _flat(chapters):
        for el in ch.body.iter():
            if isinstance(el.tag, str) and el.get("id"):
                where.setdefault(el.get("id"), ch.file)
    return chapters, where


def _flat(chapters: list[Chapter]) -> list[Chapter]:
    out = []
    for ch in chapters:
        out.append(ch)
        out.extend(ch.children)
    return out


def _fix_links(ch: Chapter, where: dict[str, str], page_ids: dict[str, str], site_url: str,
               images: dict[str, Path], site_dir: Path) -> None:
    """Links between pages point at the right file; links to pages the e-book leaves out
    (the planner, the forms, Easy Read) go to the website, or become plain words without one;
    pictures are taken into the e-book."""
    here = ch.file.rsplit("/", 1)[0]
    for a in list(ch.body.iter("a")):
        href = a.get("href")
        if href is None:
            continue
        if href.startswith("#"):
            target = href[1:]
            if target in where:
                file = where[target]
                rel = file.rsplit("/", 1)[1] if file.startswith(here + "/") else "../" + file
                a.set("href", rel + "#" + target if file != ch.file else "#" + target)
                continue
            page = next((p for p in sorted(page_ids, key=len, reverse=True)
                         if target == p or target.startswith(p + "-")), None)
            if page is not None and site_url:
                anchor = target[len(page) + 1:]  # print-site's ids are the page's, then the anchor
                a.set("href", site_url + page_ids[page] + ("#" + anchor if anchor else ""))
                continue
            a.drop_tag()  # nowhere to go: keep the words
        elif href.startswith("site:") and site_url:
            a.set("href", site_url + href[len("site:"):])
        elif not re.match(r"(https?|mailto):", href):
            a.drop_tag()
    for img in list(ch.body.iter("img")):
        src = img.get("src", "")
        if src.startswith("data:"):
            img.drop_tree()
            continue
        path = (site_dir / "print_page" / src).resolve()
        if not path.is_file():
            raise EpubError(f"the picture {src} on the print page was not found in {site_dir}")
        name = "images/" + (path.name if path.parent.name == "diagrams" else
                            f"{path.parent.name}-{path.name}")
        images[name] = path
        img.set("src", "../" + name)


# --- The page list ------------------------------------------------------------------------

_WORD = re.compile(r"[0-9a-z]+")


def _norm(text: str) -> str:
    """Lower case, and no apostrophes or hyphens: pdftotext joins a word broken at a line's
    end ("co-" "production" becomes "coproduction"), so hyphens are dropped on both sides."""
    text = unicodedata.normalize("NFKC", text).lower()
    return re.sub(r"['\u2019\u2018\-\u2010\u2011\u00ad]", "", text)


def _words(text: str) -> list[str]:
    return _WORD.findall(_norm(text))


def pdf_pages(pdf: Path) -> list[list[str]]:
    """The words of each page of the PDF, from poppler's pdftotext (0.2 s for the book). One
    tool, always: pypdf reads some pages' first words in another order, which would move the
    markers, and one commit must give the same EPUB on every machine."""
    exe = shutil.which("pdftotext")
    if exe is None:
        raise EpubError("pdftotext is needed for the EPUB's page list; install it with 'sudo "
                        "apt-get install poppler-utils' (Debian or Ubuntu), or run 'make setup'")
    out = subprocess.run([exe, "-enc", "UTF-8", str(pdf), "-"], capture_output=True, check=True)
    pages = out.stdout.decode("utf-8").split("\f")
    if pages and not pages[-1].strip():
        pages.pop()
    return [_words(p) for p in pages]


@dataclass
class _Run:
    """A run of text in the book: a text or a tail of an element."""

    el: etree._Element
    tail: bool
    starts: list[int]  # where each word starts in the run's text
    first: int  # index of the run's first word in the book's word list


def _runs(chapters: list[Chapter]) -> tuple[list[str], list[_Run]]:
    words: list[str] = []
    runs: list[_Run] = []
    for ch in chapters:
        for el in ch.body.iter():
            if not isinstance(el.tag, str):
                continue
            for tail, text in ((False, el.text), (True, el.tail)):
                if not text or (tail and el is ch.body):
                    continue
                norm = unicodedata.normalize("NFKC", text).lower()
                starts, found = [], []
                for m in re.finditer(r"[0-9a-z'\u2019\u2018\-\u2010\u2011\u00ad]+", norm):
                    w = _norm(m.group())
                    if w and w.isalnum():
                        starts.append(m.start() + (len(m.group()) - len(m.group().lstrip("'\u2019\u2018-"))))
                        found.append(w)
                if found:
                    runs.append(_Run(el, tail, starts, len(words)))
                    words.extend(found)
    return words, runs


def _find(words: list[str], key: list[str], start: int) -> int:
    n = len(key)
    first = key[0]
    i = start
    while True:
        try:
            i = words.index(first, i)
        except ValueError:
            return -1
        if words[i:i + n] == key:
            return i
        i += 1


def first_page_of(pdf: Path, anchor: str) -> int:
    """The page of the PDF that a named destination (an element's id) is on, or 0."""
    from pypdf import PdfReader

    reader = PdfReader(str(pdf))
    index = {page.indirect_reference.idnum: i for i, page in enumerate(reader.pages)}
    dest = reader.named_destinations.get("/" + anchor) or reader.named_destinations.get(anchor)
    ref = dest.get("/Page") if dest is not None else None
    return index.get(getattr(ref, "idnum", None), -1) + 1


def locate_pages(chapters: list[Chapter], pages: list[list[str]], first: int = 1) -> dict[int, int]:
    """Page number -> index of the book's word that opens it. Pages are found in order; a page
    whose first words are not in the e-book (the cover and contents are not: the title page
    and the navigation document stand for them) is left out."""
    words, _ = _runs(chapters)
    found: dict[int, int] = {}
    pos = 0
    for number, page in enumerate(pages, start=1):
        if number < first:
            continue
        hit = -1
        for skip in range(0, min(12, max(0, len(page) - 4))):
            for size in (8, 5):
                key = page[skip:skip + size]
                if len(key) < size:
                    continue
                hit = _find(words, key, pos)
                if hit >= 0 and hit - pos < 6000:
                    break
                hit = -1
            if hit >= 0:
                break
        if hit >= 0:
            found[number] = hit
            pos = hit + 1
    return found


def _marker(number: int) -> etree._Element:
    span = etree.Element("span", {"id": f"page-{number}", "role": "doc-pagebreak",
                                  "aria-label": str(number), f"{{{EPUB_NS}}}type": "pagebreak"})
    return span


_FLOW = ("section", "div", "li", "dd", "td", "th", "blockquote", "body")
_BLOCKS = ("p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "dl", "table", "div", "blockquote",
           "section")


def _before_block(el, span) -> bool:
    """Put span just before the block that el's text opens (a heading, a paragraph, a list),
    so the marker is not read as part of the heading; False when there is no such block."""
    node = el
    while True:
        parent = node.getparent()
        if parent is None:
            return False
        if node.tag in _BLOCKS and parent.tag in _FLOW:
            break
        first = len(parent) and parent[0] is node and not (parent.text or "").strip()
        if not first:
            return False
        node = parent
    node.addprevious(span)
    return True


def mark_pages(chapters: list[Chapter], found: dict[int, int]) -> dict[int, str]:
    """Put a page break marker where each found page starts; page number -> its file."""
    words, runs = _runs(chapters)
    starts = [r.first for r in runs]
    owner = {}
    for ch in chapters:
        for el in ch.body.iter():
            owner[el] = ch.file
    import bisect

    placed: dict[int, str] = {}
    # From the end, so that splitting a run does not move the words still to be marked.
    for number in sorted(found, reverse=True):
        index = found[number]
        run = runs[bisect.bisect_right(starts, index) - 1]
        at = run.starts[index - run.first]
        span = _marker(number)
        if not run.tail and not run.el.text[:at].strip() and _before_block(run.el, span):
            node = run.el
            while node not in owner:
                node = node.getparent()
            placed[number] = owner[node]
            continue
        if run.tail:
            el = run.el
            text = el.tail
            el.tail = text[:at]
            span.tail = text[at:]
            el.addnext(span)
            span.tail = text[at:]
            parent = el.getparent()
        else:
            el = run.el
            text = el.text
            el.text = text[:at]
            span.tail = text[at:]
            el.insert(0, span)
            parent = el
        # Block containers cannot hold a span directly in every case (ul, ol, table, dl):
        if parent.tag in ("ul", "ol", "table", "tbody", "thead", "tr", "dl"):
            raise EpubError(f"page {number}: a page break fell inside <{parent.tag}>")
        node = parent
        while node not in owner:
            node = node.getparent()
        placed[number] = owner[node]
    return placed


# --- Writing the files --------------------------------------------------------------------


def _xhtml(title: str, body_xml: str, css_href: str) -> bytes:
    text = ('<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE html>\n'
            f'<html xmlns="{XHTML_NS}" xmlns:epub="{EPUB_NS}" lang="{LANG}" xml:lang="{LANG}">\n'
            f'<head>\n<meta charset="utf-8"/>\n<title>{html.escape(title)}</title>\n'
            f'<link rel="stylesheet" type="text/css" href="{css_href}"/>\n</head>\n'
            f'{body_xml}\n</html>\n')
    etree.fromstring(text.encode("utf-8"))  # well-formed, or stop here
    return text.encode("utf-8")


def _section_xml(ch: Chapter) -> str:
    body = ch.body
    body.tag = "section"
    kind = {"part": "part", "title": "titlepage"}.get(ch.kind, "chapter")
    body.set(f"{{{EPUB_NS}}}type", kind)
    if kind == "chapter":
        body.set("role", "doc-chapter")
    elif kind == "part":
        body.set("role", "doc-part")
    # Written through lxml's XML serialiser, then given the XHTML namespace by the wrapper.
    raw = etree.tostring(body, encoding="unicode", method="xml")
    raw = raw.replace(f'xmlns:epub="{EPUB_NS}"', "").replace("<section  ", "<section ")
    raw = re.sub(r'\s+xmlns:[a-z0-9]+="[^"]*"', "", raw)
    # A run of spaces and new lines from the Markdown means nothing; keep the files small.
    raw = re.sub(r"\n\s*\n+", "\n", raw)
    return f"<body>\n{raw}\n</body>"


def _nav_xml(chapters: list[Chapter], pages: dict[int, str],
             start_file: str) -> str:
    def item(ch: Chapter) -> str:
        inner = ""
        subs = [f'<li><a href="{ch.file}#{hid}">{html.escape(text)}</a></li>'
                for hid, text in ch.headings]
        if ch.children:
            subs = [item(c) for c in ch.children]
        if subs:
            inner = f"<ol>{''.join(subs)}</ol>"
        return f'<li><a href="{ch.file}">{html.escape(ch.title)}</a>{inner}</li>'

    toc = "".join(item(ch) for ch in chapters if ch.kind != "title")
    page_items = "".join(f'<li><a href="{file}#page-{n}">{n}</a></li>' for n, file in sorted(pages.items()))
    return (f'<body>\n<nav epub:type="toc" id="toc" role="doc-toc" aria-labelledby="toc-title">\n'
            f'<h1 id="toc-title">Contents</h1>\n<ol>{toc}</ol>\n</nav>\n'
            f'<nav epub:type="page-list" id="page-list" aria-labelledby="page-list-title" hidden="hidden">\n'
            f'<h2 id="page-list-title">Pages of the printed toolkit</h2>\n<ol>{page_items}</ol>\n</nav>\n'
            f'<nav epub:type="landmarks" id="landmarks" aria-labelledby="landmarks-title" hidden="hidden">\n'
            f'<h2 id="landmarks-title">Landmarks</h2>\n<ol>'
            f'<li><a epub:type="toc" href="nav.xhtml#toc">Contents</a></li>'
            f'<li><a epub:type="bodymatter" href="{start_file}">Start reading</a></li></ol>\n</nav>\n</body>')


@dataclass(frozen=True)
class BookInfo:
    title: str
    description: str
    author: str
    rights: str  # the credit and licence line (mkdocs.yml's copyright)
    site_url: str  # the published address, or "" (then nothing links to the website)
    epoch: int  # the last commit's time: the book's date


ACE_VERSION = "1.4.6"
EPUBCHECK_VERSION = "5.3.0"
SUMMARY = ("The whole co-production toolkit as text that reflows to the size, font and colours "
           "the reader chooses. It has a table of contents that follows the website's menu, "
           "headings for every section, and page numbers that match the standard print PDF. "
           "Tables have header cells. Every picture has a text alternative, and the text after "
           "each of the two diagrams says in words everything it shows. It includes the Easy "
           "Read guide. No part of it depends on colour, sound or movement.")


def _opf(info: BookInfo, files: list[tuple[str, str, str]], spine: list[str], modified: str,
         date: str, identifier: str) -> bytes:
    nav = ' properties="nav"'
    manifest = "\n".join(
        f'    <item id="{i}" href="{h}" media-type="{m}"{nav if h == "nav.xhtml" else ""}/>'
        for i, h, m in files)
    itemrefs = "\n".join(f'    <itemref idref="{i}"/>' for i in spine)
    esc = html.escape
    source = f"{info.site_url}downloads/{BOOK_PDF}" if info.site_url else BOOK_PDF
    a11y = [
        ("schema:accessMode", "textual"),
        ("schema:accessMode", "visual"),
        ("schema:accessModeSufficient", "textual"),
        ("schema:accessibilityFeature", "alternativeText"),
        ("schema:accessibilityFeature", "longDescription"),
        ("schema:accessibilityFeature", "displayTransformability"),
        ("schema:accessibilityFeature", "pageNavigation"),
        ("schema:accessibilityFeature", "readingOrder"),
        ("schema:accessibilityFeature", "structuralNavigation"),
        ("schema:accessibilityFeature", "tableOfContents"),
        ("schema:accessibilityHazard", "none"),
        ("schema:accessibilitySummary", SUMMARY),
        # EPUB 3.3's own property (no prefix) naming where the page breaks come from.
        ("pageBreakSource", source),
        ("dcterms:conformsTo", "EPUB Accessibility 1.1 - WCAG 2.2 Level AA"),
        ("a11y:certifiedBy", "Automated checks only, not a person: the toolkit's tests run "
                             f"EPUBCheck {EPUBCHECK_VERSION} and Ace by DAISY {ACE_VERSION} on "
                             "every build"),
    ]
    meta = "\n".join(f'    <meta property="{p}">{esc(v)}</meta>' for p, v in a11y)
    text = f"""<?xml version="1.0" encoding="UTF-8"?>
<package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="book-id" xml:lang="{LANG}">
  <metadata xmlns:dc="http://purl.org/dc/elements/1.1/">
    <dc:identifier id="book-id">{identifier}</dc:identifier>
    <dc:title>{esc(info.title)}</dc:title>
    <dc:creator>{esc(info.author)}</dc:creator>
    <dc:language>{LANG}</dc:language>
    <dc:date>{date}</dc:date>
    <dc:description>{esc(info.description)}</dc:description>
    <dc:rights>{esc(info.rights)}</dc:rights>
    <dc:source>{esc(source)}</dc:source>
    <meta property="dcterms:modified">{modified}</meta>
{meta}
  </metadata>
  <manifest>
{manifest}
  </manifest>
  <spine>
{itemrefs}
  </spine>
</package>
"""
    etree.fromstring(text.encode("utf-8"))
    return text.encode("utf-8")


def _title_page(info: BookInfo, date: str) -> Chapter:
    body = etree.Element("section", id="title-page")
    h1 = etree.SubElement(body, "h1", id="book-title")
    h1.text = info.title
    etree.SubElement(body, "p").text = info.description
    etree.SubElement(body, "p", {"class": "edition"}).text = (
        f"E-book edition. Text as on the website on {date}. Page numbers follow the standard "
        "print edition.")
    etree.SubElement(body, "p").text = info.rights
    if info.site_url:
        p = etree.SubElement(body, "p")
        p.text = "Read it online: "
        a = etree.SubElement(p, "a", href=info.site_url)
        a.text = info.site_url
    return Chapter("text/00-title.xhtml", info.title, body, kind="title")


def _long_date(epoch: int) -> str:
    t = time.gmtime(epoch)
    return f"{t.tm_mday} {time.strftime('%B', t)} {t.tm_year}"


def build_epub(site_dir: Path, info: BookInfo, page_urls: dict[str, str], out: Path,
               book_pdf: Path | None = None, menu: list[str] = ()) -> dict:
    """Write the EPUB to out from site_dir's print page, with a page list from book_pdf.
    page_urls maps print-site's page ids to their site-relative addresses (for links to
    pages the e-book leaves out). Returns facts about the book (for tests and the log)."""
    print_page = site_dir / "print_page" / "index.html"
    if not print_page.is_file():
        print_page = site_dir / "print_page.html"
    if not print_page.is_file():
        raise EpubError(f"no print page in {site_dir} to make the EPUB from")
    chapters, where = read_book(print_page, menu)
    date = time.strftime("%Y-%m-%d", time.gmtime(info.epoch))
    title = _title_page(info, _long_date(info.epoch))
    images: dict[str, Path] = {}
    for ch in _flat(chapters):
        _fix_links(ch, where, page_urls, info.site_url, images, site_dir)
    # Part openers list their chapters: point those links at the files.
    for part in chapters:
        for a in part.body.iter("a"):
            if a.get("href", "").startswith("#"):
                target = a.get("href")[1:]
                if target in where:
                    a.set("href", where[target].rsplit("/", 1)[1])
    reading = [title] + _flat(chapters)
    pages_found: dict[int, int] = {}
    placed: dict[int, str] = {}
    if book_pdf is not None and book_pdf.is_file():
        pages = pdf_pages(book_pdf)
        # The book's first page of text: before it come the cover and the printed contents,
        # whose places the title page and the navigation document take.
        start = first_page_of(book_pdf, _flat(chapters)[0].body.get("id", "")) or 2
        pages_found = locate_pages(reading, pages, first=start)
        # The cover is the title page.
        if 1 not in pages_found:
            marker = _marker(1)
            title.body.insert(0, marker)
            placed[1] = title.file
        placed.update(mark_pages(reading, {n: i for n, i in pages_found.items()}))
        # The printed contents: the navigation document's place in the reading order.
        contents_pages = [n for n in range(2, start) if n not in placed]
        missing = [n for n in range(1, len(pages) + 1) if n not in placed and n not in contents_pages]
        if missing:
            raise EpubError(f"the EPUB's page list could not find where page(s) "
                            f"{', '.join(map(str, missing[:10]))} of {book_pdf.name} begin; the "
                            f"print page and the PDF no longer match (see hooks/site/epub.py)")
    else:
        contents_pages = []
    files: dict[str, bytes] = {}
    for ch in reading:
        files[ch.file] = _xhtml(ch.title, _section_xml(ch), "../style.css")
    # The printed contents pages begin where the navigation document does.
    markers = "".join(etree.tostring(_marker(n), encoding="unicode").replace(
        f' xmlns:epub="{EPUB_NS}"', "") for n in contents_pages)
    placed.update({n: "nav.xhtml" for n in contents_pages})
    nav_body = _nav_xml(chapters, dict(sorted(placed.items())), _flat(chapters)[0].file)
    nav_body = nav_body.replace("<body>\n", f"<body>\n{markers}\n", 1)
    files["nav.xhtml"] = _xhtml("Contents", nav_body, "style.css")
    files["style.css"] = STYLE.read_bytes()
    for name, path in sorted(images.items()):
        files[name] = path.read_bytes()
    media = {".xhtml": "application/xhtml+xml", ".css": "text/css", ".svg": "image/svg+xml",
             ".png": "image/png", ".jpg": "image/jpeg"}
    manifest = []
    ids = {}
    for n, name in enumerate(files):
        ids[name] = "nav" if name == "nav.xhtml" else f"f{n:02d}"
        manifest.append((ids[name], name, media[Path(name).suffix]))
    spine = [ids[title.file], ids["nav.xhtml"]] + [ids[ch.file] for ch in _flat(chapters)]
    modified = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(info.epoch))
    identifier = "urn:uuid:" + str(uuid.uuid5(uuid.NAMESPACE_URL, (info.site_url or info.title)
                                              + "#epub"))
    opf = _opf(info, manifest, spine, modified, date, identifier)
    container = (b'<?xml version="1.0" encoding="UTF-8"?>\n'
                 b'<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">\n'
                 b'  <rootfiles>\n    <rootfile full-path="EPUB/package.opf" '
                 b'media-type="application/oebps-package+xml"/>\n  </rootfiles>\n</container>\n')
    stamp = time.gmtime(max(info.epoch, 315532800))[:6]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as book:
        def put(name: str, data: bytes, stored: bool = False) -> None:
            entry = zipfile.ZipInfo(name, stamp)
            entry.external_attr = 0o644 << 16
            entry.create_system = 3
            entry.compress_type = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
            book.writestr(entry, data, compresslevel=None if stored else 9)

        put("mimetype", b"application/epub+zip", stored=True)  # first, uncompressed
        put("META-INF/container.xml", container)
        put("EPUB/package.opf", opf)
        for name in sorted(files):
            put(f"EPUB/{name}", files[name])
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(buffer.getvalue())
    return {"size": out.stat().st_size, "chapters": len(_flat(chapters)),
            "pages": len(placed),
            "pdf_pages": len(pages) if book_pdf is not None and book_pdf.is_file() else 0}


# --- The adapter's side: making it in the build, and the links to it -----------------------

EPUB_MARKER = "<!-- epub-book -->"


def page_urls(srcs) -> dict[str, str]:
    """print-site's id of each page -> its address in the site, for links to the pages that
    the e-book leaves out (the planner, the forms, the Easy Read guide)."""
    out = {}
    for src in srcs:
        url = src[: -len(".md")] + "/"
        url = "" if url == "index/" else url.removesuffix("index/")
        out[_page_id(src)] = url
    return out


def menu_pages(nav) -> list[str]:
    """The pages of mkdocs.yml's nav, in the menu's order."""
    out = []
    for entry in nav or []:
        value = next(iter(entry.values())) if isinstance(entry, dict) else entry
        if isinstance(value, list):
            out.extend(menu_pages(value))
        elif isinstance(value, str) and value.endswith(".md"):
            out.append(value)
    return out


def make_epub(site_dir: Path, info: BookInfo, srcs, menu: list[str]) -> tuple[str, int]:
    """Write downloads/co-production-toolkit.epub after the PDFs; its name and size."""
    out = site_dir / "downloads" / EPUB_NAME
    pdf = site_dir / "downloads" / BOOK_PDF
    if not pdf.is_file():
        raise EpubError(f"{BOOK_PDF} must be made before the EPUB (its page list comes from it)")
    facts = build_epub(site_dir, info, page_urls(srcs), out, pdf, menu)
    return EPUB_NAME, facts["size"]


def epub_link(page: Path, site_dir: Path, size: int | None) -> str:
    """The Downloads page's button for the e-book, or a line saying when it is made."""
    from hooks.site.downloads import NOT_BUILT, human_size

    if size is None:
        return NOT_BUILT
    import os

    href = html.escape(Path(os.path.relpath(site_dir / "downloads" / EPUB_NAME, page.parent)).as_posix())
    return (f'<p><a class="md-button" href="{href}">Download the e-book (EPUB file, '
            f'{human_size(size)})</a></p>')


def fill_epub_links(site_dir: Path, size: int | None) -> None:
    """Put the e-book's button where a page says <!-- epub-book -->."""
    for page in site_dir.rglob("*.html"):
        if page.parent.name == "print_page":
            continue
        text = page.read_text(encoding="utf-8")
        if EPUB_MARKER in text:
            page.write_text(text.replace(EPUB_MARKER, epub_link(page, site_dir, size)),
                            encoding="utf-8")
