"""The citation check: every activity is well described, and its section cites it.

Rules, one function each, every finding a ``path:line: message`` that says what to do:

1. activities are numbered 1..N with no gap and no repeat, and each has the required
   front matter (number, title, section, duration, group_size, materials, formats), with a
   group size the activity filters and the session planner can read ("4 to 16 people");
2. the section an activity names exists (the page, and a heading with that anchor);
3. that section links to the activity before the next heading of its level or higher,
   with the link text "Activity N: <title>";
4. every part two chapter cites at least one activity;
5. every statement of the check-up (docs/check-up.md) names the part two section it comes
   from and the activity that helps with it, and both exist (hooks/content/check_up.py).

hooks/rules.py runs these with every other content rule: in the build, in ``make check``
(``python -m hooks.rules docs``) and in the tests.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable
from pathlib import Path

from hooks.content.docs_model import ACTIVITIES_DIR, Docs, Finding, Page
from hooks.content.check_up import check_check_up

FORMATS = {
    "room": "in the room",
    "video": "on a video call",
    "phone-or-post": "by phone or post",
}

REQUIRED = {
    "number": "a whole number, e.g. number: 5",
    "title": "the activity's title in quotes",
    "section": "the page and heading it goes with, e.g. part-2/03-inclusive-approach.md#asset-mapping",
    "duration": "minutes, e.g. duration: 45",
    "group_size": "e.g. group_size: 4 to 16 people",
    "materials": "a list of what to bring, one '- item' a line",
    "formats": "a list of any of: " + ", ".join(FORMATS),
}


def cite_text(page: Page) -> str:
    """The link text a section must use to cite an activity."""
    return f"Activity {page.meta.get('number')}: {page.meta.get('title')}"


def label(page: Page) -> str:
    return f'Activity {page.meta.get("number", "?")} "{page.meta.get("title", page.src)}"'


def _whole(value: object) -> bool:
    """A whole number above 0 (YAML's true and false are not numbers here)."""
    return isinstance(value, int) and not isinstance(value, bool) and value >= 1


def _group_size(text: str) -> bool:
    """"4 to 16 people": the fewest and the most, which the filters and the planner read."""
    m = re.fullmatch(r"(\d+) to (\d+) people", text.strip())
    return bool(m) and 0 < int(m.group(1)) <= int(m.group(2))


def check_front_matter(docs: Docs) -> list[Finding]:
    """Rule 1, part one: each activity has every required key, of the right kind."""
    found = []
    for page in docs.activities():
        meta = page.meta
        where = lambda key, lines=page.meta_lines: lines.get(key, 1)  # noqa: E731
        for key, hint in REQUIRED.items():
            if key not in meta or meta[key] in (None, "", []):
                found.append(Finding(page.shown, 1,
                                     f"{label(page)} has no \"{key}\" in its front matter; "
                                     f"add it ({hint})"))
        number, duration = meta.get("number"), meta.get("duration")
        if number not in (None, "") and not _whole(number):
            found.append(Finding(page.shown, where("number"),
                                 f"activity number {number!r} is not a whole number above 0; "
                                 "write it as e.g. number: 5"))
        elif _whole(number) and int(Path(page.src).name[:2]) != number:
            found.append(Finding(page.shown, where("number"),
                                 f"{label(page)}: the file name starts with {Path(page.src).name[:2]} "
                                 f"but the number is {number}; make them match"))
        if duration not in (None, "") and not _whole(duration):
            found.append(Finding(page.shown, where("duration"),
                                 f"{label(page)}: duration {duration!r} is not a number of minutes; "
                                 "write it as e.g. duration: 45"))
        for key in ("title", "section", "group_size"):
            if key in meta and meta[key] not in (None, "") and not isinstance(meta[key], str):
                found.append(Finding(page.shown, where(key),
                                     f"{label(page)}: \"{key}\" must be text; put it in quotes"))
        size = meta.get("group_size")
        if isinstance(size, str) and size and not _group_size(size):
            found.append(Finding(page.shown, where("group_size"),
                                 f"{label(page)}: group size {size!r} does not read like \"4 to 16 "
                                 "people\"; give the fewest and the most, e.g. group_size: 4 to 16 people"))
        for key in ("materials", "formats"):
            value = meta.get(key)
            if value not in (None, "", []) and not (isinstance(value, list)
                                                    and all(isinstance(v, str) for v in value)):
                found.append(Finding(page.shown, where(key),
                                     f"{label(page)}: \"{key}\" must be a list, one '- item' a line"))
        formats = meta.get("formats")
        if isinstance(formats, list):
            for fmt in formats:
                if fmt not in FORMATS:
                    found.append(Finding(page.shown, where("formats"),
                                         f"{label(page)}: unknown format {fmt!r}; use any of "
                                         + ", ".join(FORMATS)))
    return found


def check_numbering(docs: Docs) -> list[Finding]:
    """Rule 1, part two: numbers run 1..N with no gap and no repeat."""
    found = []
    by_number: dict[int, Page] = {}
    for page in docs.activities():
        number = page.meta.get("number")
        if not isinstance(number, int) or isinstance(number, bool):
            continue
        if number in by_number:
            found.append(Finding(page.shown, page.meta_lines.get("number", 1),
                                 f"activity number {number} is used twice (also "
                                 f"{by_number[number].shown}); give each activity its own number"))
            continue
        by_number[number] = page
    # An activity whose front matter could not be read still holds its place in the order.
    for page in docs.activities(readable_only=False):
        if not page.readable:
            by_number.setdefault(int(Path(page.src).name[:2]), page)
    expected = 1
    for number in sorted(by_number):
        if number != expected:
            page = by_number[number]
            if number == expected + 1:
                missing = f"Activity {expected} is missing; add it"
            else:
                joiner = " and " if number == expected + 2 else " to "
                missing = f"Activities {expected}{joiner}{number - 1} are missing; add them"
            found.append(Finding(page.shown, page.meta_lines.get("number", 1),
                                 f"activity numbers jump to {number}: {missing} or "
                                 "renumber this activity and the ones after it"))
        expected = number + 1
    return found


def _section_of(docs: Docs, page: Page) -> tuple[Page | None, str]:
    section = page.meta.get("section")
    if not isinstance(section, str):
        return None, ""
    path, _, anchor = section.partition("#")
    return docs.pages.get(posixpath.normpath(path)), anchor


def check_sections_exist(docs: Docs) -> list[Finding]:
    """Rule 2: the page and heading an activity names are there."""
    found = []
    for page in docs.activities():
        section = page.meta.get("section")
        if not isinstance(section, str) or not section:
            continue
        line = page.meta_lines.get("section", 1)
        path, _, anchor = section.partition("#")
        target, _ = _section_of(docs, page)
        if not anchor:
            found.append(Finding(page.shown, line,
                                 f"{label(page)} names section {section!r} without a heading anchor; "
                                 "add '#' and the heading's anchor, e.g. "
                                 "part-2/03-inclusive-approach.md#asset-mapping"))
        elif target is None:
            found.append(Finding(page.shown, line,
                                 f"{label(page)} names section {section!r}, but there is no page "
                                 f"{path!r}; fix \"section:\" in its front matter"))
        elif target.heading(anchor) is None:
            found.append(Finding(page.shown, line,
                                 f"{label(page)} names section {section!r}, but {target.shown} has no "
                                 f"heading with the anchor #{anchor}; fix \"section:\" in its front "
                                 "matter or the heading"))
    return found


def check_sections_cite(docs: Docs) -> list[Finding]:
    """Rule 3: the named section links to the activity, with the activity's title."""
    found = []
    for page in docs.activities():
        target, anchor = _section_of(docs, page)
        heading = target.heading(anchor) if target and anchor else None
        if heading is None or "title" not in page.meta:
            continue
        end = target.section_end(heading)
        links = [ln for ln in target.links
                 if ln.target == page.src and heading.line < ln.line <= end]
        want = cite_text(page)
        if not links:
            rel = posixpath.relpath(page.src, posixpath.dirname(target.src))
            found.append(Finding(target.shown, heading.line,
                                 f"section \"{heading.text}\" does not cite {label(page)} "
                                 f"({page.src}); add the activity block to it: [{want}]({rel})"))
            continue
        for ln in links:
            if " ".join(ln.text.split()) != " ".join(want.split()):
                found.append(Finding(target.shown, ln.line,
                                     f"section \"{heading.text}\" cites {label(page)} as "
                                     f"\"{ln.text}\"; use its title: \"{want}\""))
    return found


def check_chapters_cite(docs: Docs) -> list[Finding]:
    """Rule 4: every part two chapter cites at least one activity."""
    found = []
    activity_srcs = {p.src for p in docs.activities()}
    for chapter in docs.chapters():
        if not any(ln.target in activity_srcs for ln in chapter.links):
            found.append(Finding(chapter.shown, chapter.body_start,
                                 f"chapter \"{chapter.title}\" cites no activity; add an activity "
                                 f"block to the section it goes with (see {ACTIVITIES_DIR}/)"))
    return found


RULES: list[Callable[[Docs], list[Finding]]] = [
    check_front_matter,
    check_numbering,
    check_sections_exist,
    check_sections_cite,
    check_chapters_cite,
    check_check_up,  # 5. every check-up statement names its chapter and activity (issue 22)
]


def check(docs: Docs) -> list[Finding]:
    """Every finding, reading problems first, in a stable order."""
    found = list(docs.findings)
    for rule in RULES:
        found.extend(rule(docs))
    return found
