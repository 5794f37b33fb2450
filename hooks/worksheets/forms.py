"""Forms a group uses on the day (consent, expenses, privacy notice), made like the worksheets.

A form is a page whose front matter names it (``form: expenses-claim``) and says how many pages
it may print on in standard print (``pages: 1``). What the author writes under ``## The form``
is the form: ``wrap_form`` puts it in the same block as a worksheet (a ``div.worksheet.form``,
with the title as its heading), so the same pipeline makes it a PDF and a large print PDF
(hooks/print/pdf_render.py) and Word and OpenDocument files (hooks/worksheets/worksheet_files.py), and the
same link lists offer them (hooks/site/downloads.py). Each form's words live once, in its page;
another page may show part of them with a snippet (``--8<-- "docs/forms/x.md:notice"``).

``read_forms`` checks the front matter and returns each problem as a finding with the file,
the line and what to do, so a form that cannot be made stops the build before any work.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from hooks.content.activity_pages import split_at_heading
from hooks.site.downloads import FORM_FILES_MARKER, sheet_file
from hooks.content.docs_model import Docs, Finding, Page

FORM_HEADING = re.compile(r"^##\s+The form\s*$")
SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


@dataclass(frozen=True)
class Form:
    slug: str  # "expenses-claim": the files are form-expenses-claim[-large-print].pdf/.docx/.odt
    title: str
    src: str  # docs-relative: "forms/expenses-claim.md"
    url: str  # site-relative: "forms/expenses-claim/"
    pages: int  # the most pages it may print on, in standard print
    pages_line: int  # where 'pages' is written, for the message when it prints on more
    large_only: bool = False  # Easy Read: its standard edition is large print too


    @property
    def stem(self) -> str:
        return f"form-{self.slug}"


def form_file(form: Form, fmt: str, large: bool) -> str:
    """A form's file name, in a form a person can predict: form-expenses-claim-large-print.docx."""
    return sheet_file(form.stem, fmt, large)


def is_form(page: Page) -> bool:
    return "form" in page.meta


def read_forms(docs: Docs) -> tuple[list[Form], list[Finding]]:
    """Every form page, in the order of their files, and what is wrong with any of them."""
    forms: list[Form] = []
    findings: list[Finding] = []
    seen: dict[str, str] = {}
    for src in sorted(docs.pages):
        page = docs.pages[src]
        if not page.readable or not is_form(page):
            continue
        line = page.meta_lines.get("form", 1)
        slug = page.meta.get("form")
        if not isinstance(slug, str) or not SLUG.fullmatch(slug):
            findings.append(Finding(page.shown, line, f"'form' must be the form's short name in small "
                                    f"letters, digits and hyphens, such as 'expenses-claim', not {slug!r}"))
            continue
        if slug in seen:
            findings.append(Finding(page.shown, line, f"form '{slug}' is already the name of the form in "
                                    f"docs/{seen[slug]}; give this one another name"))
            continue
        pages = page.meta.get("pages")
        pages_line = page.meta_lines.get("pages", line)
        if not isinstance(pages, int) or isinstance(pages, bool) or pages < 1:
            findings.append(Finding(page.shown, pages_line, f"form '{slug}' needs 'pages:', the most pages "
                                    f"it may print on in standard print, such as 'pages: 1', not {pages!r}"))
            continue
        if not any(h.level == 2 and FORM_HEADING.match(f"## {h.text}") for h in page.headings):
            findings.append(Finding(page.shown, page.body_start, f"form '{slug}' has no '## The form' "
                                    "heading; put it above the words of the form, after the notes for "
                                    "the facilitator"))
            continue
        seen[slug] = src
        url = src[: -len(".md")] + "/"
        # An Easy Read page (its own stylesheet, 18pt on paper) is large print in every edition.
        large_only = "easy-read" in str(page.meta.get("css", ""))
        forms.append(Form(slug, str(page.meta.get("title") or page.title), src, url, pages, pages_line,
                          large_only))
    return forms, findings


def wrap_form(markdown: str, form: Form) -> str:
    """Put the form's heading and block around what is written under '## The form', with the
    list of its files above it."""
    split = split_at_heading(markdown, FORM_HEADING)
    if split is None:
        return markdown
    head, body = split
    return f"""{head}

{FORM_FILES_MARKER.format(slug=form.slug)}

<div class="worksheet form" data-form="{form.slug}" markdown>

<div class="worksheet-head" markdown>

## {form.title} {{ #the-form }}

</div>

{body}

<p class="worksheet-source">From the Co-production toolkit.</p>

</div>
"""
