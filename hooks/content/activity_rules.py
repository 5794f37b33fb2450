"""The rules for an activity page's own parts, which a facilitator relies on when running it.

Each rule is one function over the docs that returns findings (``path:line: message`` that
says what to do); ``check`` runs them all. hooks/rules.py gathers them with the other content
rules, for the build, ``make check`` and the tests.

1. the parts (## headings) are the ones every activity has, in the same order;
2. the front matter has a description (160 characters at most, the search and link preview)
   and an aim;
3. every step is numbered in order and starts "1. **Name (10 minutes).**", and the minutes add
   up to the activity's ``duration``;
4. every step gives the facilitator words to say ("You could say");
5. the worksheet has at least two places to write (write-in boxes or empty table cells);
6. "Talking it through" links back to the section of part two the activity goes with.
"""

from __future__ import annotations

import re

from hooks.content.docs_model import Docs, Finding, Page

SECTIONS = (
    "Before the session",
    "Steps",
    "On a video call",
    "For people who are not online",
    "Making it accessible",
    "Talking it through",
    "Worksheet",
)
DESCRIPTION_MAX = 160
STEP = re.compile(r"^(\d+)\.\s+\*\*(.+?) \((\d+) minutes?\)\.\*\*")
NUMBERED = re.compile(r"^\d+\.\s")
WORDS_TO_SAY = "You could say"


def _section(docs: Docs, page: Page, title: str) -> tuple[int, list[str]]:
    """The line of a part's heading and the lines under it (empty if the page has no such part)."""
    heading = next((h for h in page.headings if h.level == 2 and h.text == title), None)
    if heading is None:
        return 0, []
    return heading.line, docs.text(page)[heading.line: page.section_end(heading)]


def check_parts(docs: Docs) -> list[Finding]:
    found = []
    for page in docs.activities():
        parts = [h for h in page.headings if h.level == 2]
        if tuple(h.text for h in parts) == SECTIONS:
            continue
        wrong = next((h for h, want in zip(parts, SECTIONS) if h.text != want), None)
        line = wrong.line if wrong else (parts[-1].line if parts else page.body_start)
        found.append(Finding(page.shown, line, "an activity's parts are these '## ' headings, in this "
                             f"order: {', '.join(SECTIONS)}; add or rename the part here"))
    return found


def check_description_and_aim(docs: Docs) -> list[Finding]:
    found = []
    for page in docs.activities():
        for key, what in (("description", "one sentence for search and link previews"),
                          ("aim", "what the activity helps a group do")):
            if not isinstance(page.meta.get(key), str) or not page.meta[key].strip():
                found.append(Finding(page.shown, page.meta_lines.get(key, 2),
                                     f"front matter needs '{key}:', {what}"))
        description = page.meta.get("description")
        if isinstance(description, str) and len(description) > DESCRIPTION_MAX:
            found.append(Finding(page.shown, page.meta_lines.get("description", 2),
                                 f"'description' is {len(description)} characters; keep it to "
                                 f"{DESCRIPTION_MAX} so search results and previews show it whole"))
    return found


def check_steps(docs: Docs) -> list[Finding]:
    found = []
    for page in docs.activities():
        line, lines = _section(docs, page, "Steps")
        if not line:
            continue  # check_parts reports the missing part
        items = [(line + 1 + i, text) for i, text in enumerate(lines) if NUMBERED.match(text)]
        if not items:
            found.append(Finding(page.shown, line, "'Steps' has no numbered steps; write each as "
                                 "'1. **Name (10 minutes).** What to do.'"))
            continue
        minutes = 0
        for n, (at, text) in enumerate(items, 1):
            m = STEP.match(text)
            if not m:
                found.append(Finding(page.shown, at, "a step starts with its number, then its name and "
                                     "minutes in bold: '1. **Welcome (5 minutes).**'"))
                break
            if int(m.group(1)) != n:
                found.append(Finding(page.shown, at, f"this is step {n}, but it is numbered "
                                     f"{m.group(1)}; number the steps 1, 2, 3 in order"))
                break
            minutes += int(m.group(3))
        else:
            duration = page.meta.get("duration")
            if isinstance(duration, int) and not isinstance(duration, bool) and minutes != duration:
                found.append(Finding(page.shown, line, f"the steps add up to {minutes} minutes, but "
                                     f"'duration: {duration}' (line {page.meta_lines.get('duration', '?')}); "
                                     "change a step's minutes or the duration so they agree"))
    return found


def check_words_to_say(docs: Docs) -> list[Finding]:
    found = []
    for page in docs.activities():
        line, lines = _section(docs, page, "Steps")
        starts = [i for i, text in enumerate(lines) if NUMBERED.match(text)]
        for k, i in enumerate(starts):
            chunk = "\n".join(lines[i: starts[k + 1] if k + 1 < len(starts) else len(lines)])
            if WORDS_TO_SAY not in chunk:
                found.append(Finding(page.shown, line + 1 + i, f"this step gives no words to say; add "
                                     f"'{WORDS_TO_SAY}: \"...\"' so a facilitator can read it out"))
    return found


def check_worksheet_space(docs: Docs) -> list[Finding]:
    found = []
    for page in docs.activities():
        line, lines = _section(docs, page, "Worksheet")
        if not line:
            continue
        sheet = "\n".join(lines)
        places = len(re.findall(r'class="write-in lines-(?:[2-9]|10)"', sheet)) + len(re.findall(r"\|\s+\|", sheet))
        if places < 2:
            found.append(Finding(page.shown, line, "the worksheet needs at least two places to write: "
                                 "write-in boxes (<div class=\"write-in lines-4\" markdown>) or empty table cells"))
    return found


def check_link_back(docs: Docs) -> list[Finding]:
    found = []
    for page in docs.activities():
        line, lines = _section(docs, page, "Talking it through")
        section = page.meta.get("section")
        if not line or not isinstance(section, str):
            continue
        if section.split("#")[0] not in docs.pages:
            continue  # citations.py reports a section that is not a page
        chapter = section.split("#")[0].split("/")[-1]
        if chapter not in "\n".join(lines):
            found.append(Finding(page.shown, line, f"'Talking it through' must link back to the "
                                 f"section it goes with ({section}), so readers can go on from there"))
    return found


RULES = [check_parts, check_description_and_aim, check_steps, check_words_to_say,
         check_worksheet_space, check_link_back]


def check(docs: Docs) -> list[Finding]:
    found: list[Finding] = []
    for rule in RULES:
        found.extend(rule(docs))
    return found
