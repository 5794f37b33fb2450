"""Forms a group uses on the day (hooks/worksheets/forms.py; issue 18, section 2): "Taking part" and its
Easy Read version, the expenses claim and the privacy notice. Each comes in the same six forms
as a worksheet, from one source (its page under docs/forms/), is offered on its own page, on the
care page and on Downloads, and travels in the offline copy. A form that cannot be made stops
the build with its file, its line and what to do."""

from __future__ import annotations

import re
import zipfile
from html import unescape
from pathlib import Path

import pytest
from page import ValidationProfile, validate_pdf
from pypdf import PdfReader

from conftest import ROOT
from hooks.content.docs_model import read_docs
from hooks.worksheets.forms import form_file, read_forms
from test_pdfs import font_sizes

FORMS, FINDINGS = read_forms(read_docs(ROOT / "docs", shown_root="docs"))
BY_SLUG = {f.slug: f for f in FORMS}
SIX = [(fmt, large) for fmt in ("pdf", "docx", "odt") for large in (False, True)]
FILES = [form_file(f, fmt, large) for f in FORMS for fmt, large in SIX]
PDFS = [n for n in FILES if n.endswith(".pdf")]
EDITABLE = [n for n in FILES if not n.endswith(".pdf")]

# What each form must ask or say (issue 18), as a person filling it in reads it.
FIELDS = {
    "taking-part": ["What the group is for", "What taking part involves", "You can stop at any time",
                    "I would like to take part in the group", "You may quote my words in notes and reports",
                    "If you quote me, you may use my name", "You may take photos of me",
                    "You may record me", "Yes", "No", "Your name", "Date"],
    "taking-part-easy-read": ["Our group is people working together", "You can stop at any time",
                              "Would you like to take part?", "Can we use your words",
                              "Can we take photos of you?", "Can we record you", "Your name and the date"],
    "expenses-claim": ["real costs only", "Date", "What it was for", "Amount", "Receipt attached?",
                       "How would you like to be paid?", "Cash", "Into my bank account", "Signed"],
    "privacy-notice": ["Name of the group", "Who to contact, and how", "What we keep", "Why we keep it",
                       "Who sees it", "How long we keep it", "Your rights", "ask to see what we keep",
                       "delete it", "Our reason in law", "or the law says we must"],
    # The check-up on paper (issue 22): tests/test_check_up.py checks every statement.
    "check-up": ["Tick one box for each statement", "What co-production means for us", "Power and decisions",
                 "Yes", "Partly", "Not yet", "Don't know", "Date"],
    "check-up-tally": ["What co-production means for us", "Reflecting, and ending a phase", "We differ",
                       "How many people filled it in", "What we will talk about first"],
    "check-up-easy-read": ["We want to know how our group is doing", "My views count as much as anyone else's",
                           "A bit", "Not sure", "Anything else you want to tell us", "and the date"],
    "you-said-we-did": ["You said", "We did, or why not", "Who will tell people, and how", "By when",
                        "Date we told them", "What they said back"],
}
# The forms that go with "Looking after people and their information" (issue 18), offered there.
CARE_FORMS = ["taking-part", "taking-part-easy-read", "expenses-claim", "privacy-notice"]
CARE_FILES = [n for n in FILES if any(n.startswith(f"form-{s}.") or n.startswith(f"form-{s}-large") for s in CARE_FORMS)]
# Pictures inside each Easy Read form's Word file: one beside each idea.
PICTURES = {"taking-part-easy-read": 11, "check-up-easy-read": 15}


def squash(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", text.lower())


def test_the_forms_are_read_from_their_pages_with_no_finding():
    assert not FINDINGS, [str(f) for f in FINDINGS]
    assert sorted(BY_SLUG) == sorted(FIELDS)
    assert BY_SLUG["taking-part"].pages == 1, "the issue asks for Taking part on one page"


def test_every_form_comes_in_six_forms_with_names_a_person_can_predict(site):
    made = {p.name for p in (site / "downloads").iterdir()}
    assert not sorted(set(FILES) - made)
    assert "form-expenses-claim-large-print.odt" in FILES


@pytest.mark.parametrize("name", PDFS)
def test_each_form_pdf_passes_pdf_ua_1_and_is_a4(site, name):
    report = validate_pdf(site / "downloads" / name, profile=ValidationProfile.PDF_UA_1)
    assert report.is_compliant, f"{name}: " + "; ".join(sorted({f"{f.rule_id} ({f.message})" for f in report.failures}))
    for page in PdfReader(site / "downloads" / name).pages:
        assert abs(float(page.mediabox.width) - 595.3) < 1.5 and abs(float(page.mediabox.height) - 841.9) < 1.5


@pytest.mark.parametrize("slug", sorted(FIELDS))
def test_each_form_prints_on_the_pages_it_allows_with_every_field(printed_text, slug):
    form = BY_SLUG[slug]
    for large in (False, True):
        pages = printed_text[form_file(form, "pdf", large)]
        if not large:
            assert len(pages) <= form.pages, f"{slug}: {len(pages)} pages"
        text = squash(" ".join(pages))
        for field in FIELDS[slug] + [form.title]:
            assert squash(field) in text, f"{slug}{' (large print)' if large else ''}: {field!r} is missing"


@pytest.mark.parametrize("slug", ["taking-part", "expenses-claim", "privacy-notice"])
def test_the_one_page_forms_fit_one_page(site, slug):
    assert len(PdfReader(site / "downloads" / f"form-{slug}.pdf").pages) == 1


def test_large_print_forms_are_18pt_and_never_below_16pt(site):
    for name in [n for n in PDFS if "large-print" in n]:
        sizes = font_sizes(PdfReader(site / "downloads" / name))
        assert sizes.most_common(1)[0][0] >= 18.0, f"{name}: {sizes.most_common(3)}"
        small = {s: n for s, n in sizes.items() if s < 16}
        assert not small, f"{name}: text below 16pt: {small}"


@pytest.mark.parametrize("name", EDITABLE)
def test_libreoffice_opens_each_editable_form_with_every_field(opened_by_libreoffice, name):
    pdf = opened_by_libreoffice / f"{name}.pdf"
    assert pdf.exists(), f"LibreOffice could not open {name}"
    reader = PdfReader(pdf)
    text = squash(" ".join(page.extract_text() for page in reader.pages))
    slug = next(s for s in sorted(FIELDS, key=len, reverse=True) if name.startswith(f"form-{s}"))
    for field in FIELDS[slug]:
        assert squash(field) in text, f"{name}: {field!r} is missing"
    size = reader.pages[0].mediabox
    assert abs(float(size.width) - 595.3) < 1.5 and abs(float(size.height) - 841.9) < 1.5, "not A4"


@pytest.mark.parametrize("name", [n for n in EDITABLE if n.endswith(".docx")])
def test_word_forms_carry_title_language_and_their_pictures(site, name):
    with zipfile.ZipFile(site / "downloads" / name) as z:
        core, document = z.read("docProps/core.xml").decode(), z.read("word/document.xml").decode()
        media = [n for n in z.namelist() if n.startswith("word/media/")]
    form = next(f for f in FORMS if name.startswith(f.stem + ".") or name.startswith(f.stem + "-large"))
    assert re.search(rf"<dc:title>{re.escape(form.title)}( \(large print\))?</dc:title>", unescape(core))
    assert "<dc:language>en-GB</dc:language>" in core
    assert re.search(r'<w:pStyle w:val="Heading1"\s*/>', document)
    # The Easy Read form keeps a picture beside each idea, inside the file.
    assert len(media) == PICTURES.get(form.slug, 0), media
    assert all(m.endswith(".png") for m in media), "a picture LibreOffice cannot show (SVG alone)"


# --- Where the forms are offered ----------------------------------------------------------------

def _links_in(html_text: str, prefix: str) -> dict[str, str]:
    """href -> the facts shown after it, for each link to a form file."""
    return dict(re.findall(rf'href="{re.escape(prefix)}(form-[a-z-]+\.(?:pdf|docx|odt))">[^<]+</a>'
                           r'(?:<br>)?\s*<span class="file-facts">\(?([^)<]+)\)?</span>', html_text))


def test_downloads_page_lists_every_form_in_six_forms_with_size_and_pages(site):
    page = (site / "downloads" / "index.html").read_text(encoding="utf-8")
    assert 'id="forms-to-use-on-the-day"' in page
    links = _links_in(page, "")
    assert sorted(links) == sorted(FILES)
    for name, facts in links.items():
        pattern = r"[\d.]+ [KM]B" + (r", \d+ pages?" if name.endswith(".pdf") else "")
        assert re.fullmatch(pattern, facts), (name, facts)


def test_the_care_page_offers_each_form_in_six_forms(site):
    page = (site / "looking-after-people" / "index.html").read_text(encoding="utf-8")
    assert sorted(_links_in(page, "../downloads/")) == sorted(CARE_FILES)
    for form in (BY_SLUG[s] for s in CARE_FORMS):
        assert f'href="../forms/{form.slug}/"' in page, f"no link to the page of {form.title!r}"


@pytest.mark.parametrize("slug", sorted(FIELDS))
def test_each_form_page_shows_the_form_and_offers_its_files(site, slug):
    page = (site / "forms" / slug / "index.html").read_text(encoding="utf-8")
    assert sorted(_links_in(page, "../../downloads/")) == sorted(form_file(BY_SLUG[slug], f, lp) for f, lp in SIX)
    assert f'data-form="{slug}"' in page
    assert '<meta name="robots"' not in page or "noindex" not in page


def test_the_offline_copy_holds_every_form_and_links_them(offline):
    for name in FILES:
        assert (offline / "downloads" / name).is_file(), name
    care = (offline / "looking-after-people.html").read_text(encoding="utf-8")
    assert sorted(_links_in(care, "downloads/")) == sorted(CARE_FILES)
    assert (offline / "forms" / "expenses-claim.html").is_file()


def test_the_forms_stay_out_of_search_and_out_of_the_printed_books(site, printed_text):
    index = (site / "search" / "search_index.json").read_text(encoding="utf-8")
    assert '"location":"forms/' not in index.replace(" ", "")
    book = " ".join(printed_text["co-production-toolkit.pdf"])
    assert "Receipt attached?" not in book


@pytest.mark.parametrize("slug", ["taking-part-easy-read", "check-up-easy-read"])
def test_the_easy_read_form_keeps_the_easy_read_rules(site, slug):
    page = (site / "forms" / slug / "index.html").read_text(encoding="utf-8")
    block = page[page.index(f'data-form="{slug}"'):]
    ideas = re.findall(r'<div data-search-exclude class="idea">(.*?)</div>', block, re.S) or \
        re.findall(r'<div class="idea">(.*?)</div>', block, re.S)
    assert len(ideas) >= 10
    for idea in ideas:
        pictures = re.findall(r'<img alt="([^"]+)"', idea)
        assert len(pictures) == 1 and len(pictures[0].split()) >= 2, idea[:80]
        text = " ".join(unescape(re.sub(r"<[^>]+>", " ", idea)).split())
        for sentence in re.split(r"(?<=[.?!])\s+", text):
            assert len(re.findall(r"[A-Za-z']+", sentence)) <= 15, sentence


# --- A form that cannot be made -------------------------------------------------------------------

def _docs(tmp_path: Path, front: str, body: str = "# A form\n\nNotes.\n\n## The form\n\nWords.\n"):
    (tmp_path / "forms").mkdir(exist_ok=True)
    (tmp_path / "forms" / "odd.md").write_text(f"---\ntitle: A form\n{front}---\n\n{body}", encoding="utf-8")
    return read_docs(tmp_path, shown_root="docs")


@pytest.mark.parametrize("front, body, message", [
    ("form: Odd Form\npages: 1\n", None,
     "docs/forms/odd.md:3: 'form' must be the form's short name in small letters, digits and hyphens, "
     "such as 'expenses-claim', not 'Odd Form'"),
    ("form: odd\n", None,
     "docs/forms/odd.md:3: form 'odd' needs 'pages:', the most pages it may print on in standard "
     "print, such as 'pages: 1', not None"),
    ("form: odd\npages: 1\n", "# A form\n\nWords.\n",
     "docs/forms/odd.md:6: form 'odd' has no '## The form' heading; put it above the words of the "
     "form, after the notes for the facilitator"),
])
def test_a_form_that_cannot_be_made_is_named_with_its_file_line_and_what_to_do(tmp_path, front, body, message):
    docs = _docs(tmp_path, front, body) if body else _docs(tmp_path, front)
    forms, findings = read_forms(docs)
    assert not forms
    assert [str(f) for f in findings] == [message]


def test_a_form_longer_than_it_allows_stops_the_build_with_its_line():
    import hooks.mkdocs_pdfs as adapter
    from hooks.site.downloads import Download

    form = BY_SLUG["taking-part"]
    message = adapter._forms_too_long([form], [Download("form-taking-part.pdf", form.title, 2, 1000)])
    assert message == (f"docs/forms/taking-part.md:{form.pages_line}: the form prints on 2 pages, but "
                       "'pages: 1' allows 1; shorten it, or allow more pages")
    assert adapter._forms_too_long([form], [Download("form-taking-part.pdf", form.title, 1, 1000)]) == ""


def test_a_form_element_a_word_processor_cannot_hold_is_named_with_its_line(tmp_path):
    from hooks.worksheets.worksheet_files import WorksheetError, read_sheet, sheet_html

    src = tmp_path / "odd.md"
    src.write_text("# Odd\n\n## The form\n\n<video src=x></video>\n", encoding="utf-8")
    sheet = read_sheet('<div class="worksheet form" data-form="odd"><video src="x"></video></div>',
                       0, "Odd", "odd", str(src), form="odd")
    with pytest.raises(WorksheetError, match=rf"^{re.escape(str(src))}:5: the worksheet has a <video> element"):
        sheet_html(sheet, "credit")
