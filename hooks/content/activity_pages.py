"""Parts of the activity pages made from their front matter, so no fact is typed twice.

- ``at_a_glance``: the title, the "At a glance" box and the link back to the section;
- ``wrap_worksheet``: the worksheet's title, activity number, name and date lines and the
  web address it came from, around what the author wrote under "## Worksheet";
- ``activity_table``: the list of all activities, for the activities index page.

Each takes Markdown and returns Markdown, so MkDocs still checks every link it writes.
"""

from __future__ import annotations

import html
import posixpath
import re

from hooks.content.citations import FORMATS, cite_text
from hooks.content.docs_model import FENCE, Docs, Page
from hooks.content.qr import qr_img

WORKSHEET_HEADING = re.compile(r"^##\s+Worksheet\s*$")
LIST_MARKER = "<!-- activity-list -->"


def rel(from_src: str, to: str) -> str:
    """A link from one docs page to another docs-relative path (with any #anchor)."""
    path, hash_, anchor = to.partition("#")
    out = posixpath.relpath(path, posixpath.dirname(from_src) or ".")
    return out + hash_ + anchor


def formats_text(page: Page) -> str:
    names = [FORMATS[f] for f in page.meta.get("formats", []) if f in FORMATS]
    text = ", ".join(names[:-1]) + (" and " if len(names) > 1 else "") + names[-1] if names else ""
    return text[:1].upper() + text[1:]


def section_link(page: Page, docs: Docs, from_src: str) -> str:
    """Markdown link to the section an activity goes with, saying where it goes."""
    section = page.meta.get("section", "")
    path, _, anchor = section.partition("#")
    target = docs.pages.get(path)
    heading = target.heading(anchor) if target else None
    if target is None or heading is None:
        return f"[{section}]({rel(from_src, section)})"
    return f"[{target.title}: {heading.text}]({rel(from_src, section)})"


def at_a_glance(page: Page, docs: Docs, url: str | None) -> str:
    """The Markdown that opens an activity page. url is the page's published address, or
    None when the site has none (a local preview): then no address is printed."""
    meta = page.meta
    materials = "\n".join(f"    - {m}" for m in meta.get("materials", []))
    source = (f'<p class="print-only print-source">From the co-production toolkit: {html.escape(url)}</p>'
              if url else "")
    return f"""# {cite_text(page)}

{source}

<div class="at-a-glance" markdown>

## At a glance

Aim
:   {meta.get('aim', '')}

Goes with
:   {section_link(page, docs, page.src)}

Time
:   {meta.get('duration')} minutes

Group size
:   {meta.get('group_size')}

You will need
:   {materials.lstrip()}

Works
:   {formats_text(page)}

</div>

<p class="activity-actions"><button type="button" class="md-button md-button--primary print-button" data-print hidden>Print this activity</button> <!-- activity-pdf:{page.slug} --></p>

"""


def worksheet_source(page: Page, url: str | None) -> str:
    """A worksheet's last line: where it comes from, with the page's address and a QR code to
    it on paper, so a participant can find the page later; no address without a public one."""
    title = html.escape(str(page.meta.get("title", "")))
    number = page.meta.get("number")
    if not url:
        return f'<p class="worksheet-source">Activity {number}: {title}. From the Co-production toolkit.</p>'
    code = qr_img(url, f"QR code: scan it with a phone camera to open Activity {number} online",
                  "qr print-only")
    return (f'<p class="worksheet-source">{code}Activity {number}: {title}. '
            f'Find the steps at {html.escape(url)}</p>')


def split_at_heading(markdown: str, heading: re.Pattern) -> tuple[str, str] | None:
    """The Markdown before and after the first line matching heading (outside code), the
    heading itself left out; None when there is no such line. A worksheet's '## Worksheet'
    and a form's '## The form' both mark where the sheet begins."""
    lines = markdown.split("\n")
    in_fence = False
    for i, line in enumerate(lines):
        if FENCE.match(line):
            in_fence = not in_fence
        elif not in_fence and heading.match(line):
            return "\n".join(lines[:i]).rstrip("\n"), "\n".join(lines[i + 1:]).strip("\n")
    return None


def wrap_worksheet(markdown: str, page: Page, url: str | None) -> str:
    """Put the worksheet's header and footer around the text under '## Worksheet'."""
    split = split_at_heading(markdown, WORKSHEET_HEADING)
    if split is None:
        return markdown
    head, body = split
    number = page.meta.get("number")
    return f"""{head}

<!-- worksheet-files:{page.slug} -->

<div class="worksheet" data-activity="{number}" markdown>

<div class="worksheet-head" markdown>

## Worksheet: {page.meta.get('title', '')} {{ #worksheet }}

<p class="worksheet-activity">Activity {number} · Co-production toolkit</p>

<p class="worksheet-fill"><span class="fill-label">Name or group:</span> <span class="fill-line"></span> <span class="fill-label">Date:</span> <span class="fill-line fill-line--short"></span></p>

</div>

{body}

{worksheet_source(page, url)}

</div>
"""


def activity_table(docs: Docs, from_src: str) -> str:
    """A Markdown table of every activity: number, title, time, formats and section."""
    rows = ["| No. | Activity | Time | Works | Goes with |", "| --- | --- | --- | --- | --- |"]
    ordered = sorted(docs.activities(), key=lambda p: (not isinstance(p.meta.get("number"), int),
                                                       p.meta.get("number") or 0, p.src))
    for page in ordered:
        meta = page.meta
        link = f"[{meta.get('title', page.src)}]({rel(from_src, page.src)})"
        rows.append(f"| {meta.get('number')} | {link} | {meta.get('duration')} minutes | "
                    f"{formats_text(page)} | {section_link(page, docs, from_src)} |")
    return "\n".join(rows)


def fill_activity_list(markdown: str, docs: Docs, from_src: str) -> str:
    return markdown.replace(LIST_MARKER, activity_table(docs, from_src))


# The search index and its worker must stay under 60 KB compressed (README, "Figures"). These
# activity sections give the same kind of advice on every activity page, and the chapters
# explain it once, where search finds it; "You could say" lines repeat the step they follow.
# Each activity is still found by its title, aim, materials, steps and questions.
SEARCH_SKIPPED_SECTIONS = ("before-the-session", "on-a-video-call", "for-people-who-are-not-online",
                           "making-it-accessible")
_SKIPPED_HEADING = re.compile(rf'<h2 id="({"|".join(SEARCH_SKIPPED_SECTIONS)})"')
_YOU_COULD_SAY = re.compile(r"<p>(?=You could say:)")


def keep_out_of_search(page_html: str) -> str:
    """Mark an activity page's repeated sections so Material's search index skips them."""
    page_html = _SKIPPED_HEADING.sub(r'<h2 id="\1" data-search-exclude', page_html)
    return _YOU_COULD_SAY.sub("<p data-search-exclude>", page_html)
