"""The co-production check-up (docs/check-up.md, issue 22): its statements, checked, and the
parts of the site made from them.

The statements live once, in the check-up page's front matter (``check_up:``), grouped by
area. Each names the part two section it comes from (``chapter``) and the activity that helps
with it (``activity``). ``check_check_up`` is a rule of the citation check
(hooks/content/citations.py): a statement without its chapter or activity, or naming one that does not
exist, is a ``Finding`` with the file and the line of the statement.

From the statements the build makes:

- ``check_up_html``: the check-up itself, a form of real, labelled radio buttons that prints
  without JavaScript, and the data its script (docs/assets/js/check-up.js) reads to show the
  result, plan a session and compare with an earlier check-up;
- ``sheet_markdown``: the paper versions, each a form (hooks/worksheets/forms.py) that the worksheet
  pipeline prints and offers as Word and OpenDocument: the sheet each person fills in
  (``sheet``), the facilitator's tally sheet (``tally``) and the Easy Read check-up (``easy``).

``check_check_up`` is one of the content rules hooks/rules.py runs: in the build, in ``make
check`` and in the tests.
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from hooks.content.docs_model import Docs, Finding, Page

CHECK_UP_PAGE = "check-up.md"
MARKER = "<!-- check-up -->"
# Where a form page shows the statements: <!-- check-up:sheet -->, :tally or :easy-read.
SHEET_MARKER = "<!-- check-up:{kind} -->"
SHEETS = ("sheet", "tally", "easy-read")
ANSWERS = {"y": "Yes", "p": "Partly", "n": "Not yet", "d": "Don't know"}
EASY_ANSWERS = ("Yes", "A bit", "Not yet", "Not sure")
# The ladder of participation (part two, chapter 4), bottom to top: a statement's "rung".
# What each means, in the chapter's words ("In words, from the bottom rung to the top").
RUNG_MEANS = {
    "coercing": "making people do something, whether they want to or not",
    "educating": "telling people what you want them to think or do",
    "informing": "telling people what is happening or what has been decided",
    "consulting": "asking people for their views, but others still make the decision",
    "engaging": "talking with people and involving them, but not handing over decisions",
    "co-design": "planning a service together, where power is shared",
    "co-production": "planning, running and checking a service together, as equals",
}
RUNGS = list(RUNG_MEANS)
ID = re.compile(r"[a-z][a-z0-9]{0,7}")
EASY_MAX_WORDS = 15
PICTURE = re.compile(r"assets/pictures/(?:material|fontawesome/(?:solid|regular|brands))/[a-z0-9-]+\.svg")


@dataclass
class Statement:
    id: str
    says: str
    why: str
    chapter: str  # "part-2/04-power-and-influence.md#who-might-hold-power"
    activity: int
    line: int
    rung: str = ""
    easy: str = ""
    picture: str = ""  # docs-relative
    alt: str = ""


@dataclass
class Area:
    id: str
    title: str
    statements: list[Statement] = field(default_factory=list)


def _lines(page: Page, root: Path | None) -> dict[tuple, int]:
    """The file line of each area and statement in the front matter: (area index,) and
    (area index, statement index) -> line. Empty when the file cannot be read again."""
    try:
        text = (root / page.src if root is not None else Path(page.shown)).read_text(encoding="utf-8")
    except OSError:
        return {}
    lines = text.splitlines()
    end = next((i for i in range(1, len(lines)) if lines[i].strip() in ("---", "...")), 0)
    try:
        root = yaml.compose("\n".join(lines[1:end]))
    except yaml.YAMLError:
        return {}
    out: dict[tuple, int] = {}
    if not isinstance(root, yaml.MappingNode):
        return out
    for key, value in root.value:
        if key.value != "check_up" or not isinstance(value, yaml.SequenceNode):
            continue
        for a, area in enumerate(value.value):
            out[(a,)] = area.start_mark.line + 2
            if not isinstance(area, yaml.MappingNode):
                continue
            for k, v in area.value:
                if k.value == "statements" and isinstance(v, yaml.SequenceNode):
                    for s, node in enumerate(v.value):
                        out[(a, s)] = node.start_mark.line + 2
    return out


def read_check_up(docs: Docs) -> tuple[list[Area], list[Finding]]:
    """The check-up's areas and statements, and what is wrong with any of them."""
    page = docs.pages.get(CHECK_UP_PAGE)
    if page is None or not page.readable:
        return [], []
    found: list[Finding] = []
    shown = page.shown
    where = page.meta_lines.get("check_up", 1)
    spec = page.meta.get("check_up")
    if not isinstance(spec, list) or not spec:
        return [], [Finding(shown, where, "the check-up has no statements; add 'check_up:' with its "
                            "areas, each with a title and statements (see the comment at the top)")]
    lines = _lines(page, docs.root)
    numbers = {p.meta.get("number") for p in docs.activities()}
    areas: list[Area] = []
    seen: dict[str, int] = {}
    for a, raw in enumerate(spec):
        line = lines.get((a,), where)
        if not isinstance(raw, dict) or not isinstance(raw.get("title"), str) or \
                not isinstance(raw.get("area"), str) or not isinstance(raw.get("statements"), list):
            found.append(Finding(shown, line, "each area of the check-up needs 'area:' (a short name), "
                                 "'title:' and 'statements:'"))
            continue
        area = Area(raw["area"], raw["title"])
        for s, item in enumerate(raw["statements"]):
            sline = lines.get((a, s), line)
            statement = _statement(item, sline, shown, docs, numbers, seen, found)
            if statement is not None:
                area.statements.append(statement)
        areas.append(area)
    return areas, found


def _statement(item: object, line: int, shown: str, docs: Docs, numbers: set, seen: dict,
               found: list[Finding]) -> Statement | None:
    if not isinstance(item, dict):
        found.append(Finding(shown, line, "a check-up statement must be 'key: value' lines: id, says, "
                             "why, chapter and activity"))
        return None
    says = item.get("says")
    name = f"statement {item.get('id')!r}" if item.get("id") else "a statement"
    before = len(found)
    if not isinstance(item.get("id"), str) or not ID.fullmatch(item["id"]):
        found.append(Finding(shown, line, f"{name} needs 'id:', a short name of small letters and "
                             "digits such as 'p3' that never changes (saved check-ups use it)"))
    elif item["id"] in seen:
        found.append(Finding(shown, line, f"{name}: the id {item['id']!r} is already used on line "
                             f"{seen[item['id']]}; give this statement a new one"))
    else:
        seen[item["id"]] = line
    if not isinstance(says, str) or not says.strip():
        found.append(Finding(shown, line, f"{name} has no words; add 'says:' with the statement"))
    if not isinstance(item.get("why"), str) or not item["why"].strip():
        found.append(Finding(shown, line, f"{name} does not say why it matters; add 'why:', one line "
                             "from the chapter"))
    chapter = item.get("chapter")
    if not isinstance(chapter, str) or not chapter.strip():
        found.append(Finding(shown, line, f"{name} names no chapter; add 'chapter:' with the part two "
                             "section it comes from, such as part-2/02-values.md#equality"))
    else:
        path, _, anchor = chapter.partition("#")
        target = docs.pages.get(path)
        if target is None or not path.startswith("part-2/"):
            found.append(Finding(shown, line, f"{name}: chapter '{chapter}' is not a page of part two; "
                                 "give its path under docs/, such as part-2/02-values.md#equality"))
        elif not anchor or target.heading(anchor) is None:
            found.append(Finding(shown, line, f"{name}: chapter '{chapter}' names no heading of "
                                 f"{path}; add the section's anchor after '#'"))
    activity = item.get("activity")
    if activity is None:
        found.append(Finding(shown, line, f"{name} names no activity that helps with it; add "
                             "'activity:' with its number, such as 'activity: 8'"))
    elif activity not in numbers or isinstance(activity, bool):
        found.append(Finding(shown, line, f"{name}: there is no Activity {activity}; give the number "
                             "of the activity that helps with it"))
    rung = item.get("rung", "")
    if rung and rung not in RUNGS:
        found.append(Finding(shown, line, f"{name}: 'rung: {rung}' is not a rung of the ladder; "
                             f"use one of {', '.join(RUNGS)}"))
    easy, picture = item.get("easy", ""), item.get("picture", "")
    if easy:
        long = [s for s in re.split(r"(?<=[.?!])\s+", str(easy)) if len(s.split()) > EASY_MAX_WORDS]
        if long:
            found.append(Finding(shown, line, f"{name}: the Easy Read sentence \"{long[0]}\" has "
                                 f"{len(long[0].split())} words; use {EASY_MAX_WORDS} at most"))
        if not isinstance(picture, str) or not PICTURE.fullmatch(picture) or not item.get("alt"):
            found.append(Finding(shown, line, f"{name} is in Easy Read, so it needs 'picture:' "
                                 "(assets/pictures/material/NAME.svg) and 'alt:', the words for it"))
    if len(found) > before:
        return None
    return Statement(item["id"], says.strip(), item["why"].strip(), chapter, activity, line,
                     rung, str(easy or ""), str(picture or ""), str(item.get("alt", "")))


def check_check_up(docs: Docs) -> list[Finding]:
    """The citation check's rule for the check-up: every statement names its chapter and the
    activity that helps with it, and both exist."""
    return read_check_up(docs)[1]


# --- The page ---------------------------------------------------------------------------------

JS_MARK = '<script>document.documentElement.classList.add("toolkit-js")</script>'


def _json_script(data: dict, element_id: str) -> str:
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":")).replace("</", "<\\/")
    return f'<script type="application/json" id="{element_id}">{text}</script>'


DATA_SCRIPT = "assets/check-up/data.js"


def check_up_data(areas: list[Area], docs: Docs, chapter_url, activity_url, planner_url: str,
                  forms: dict[str, str], defaults: dict) -> dict:
    """What the check-up's result needs beyond the page: for each statement (by its id) why it
    matters, its chapter's section (an index into "chapters": title and link) and its activity
    (title, link, minutes), and its rung of the ladder. The statements' words and areas are in
    the page's form. ``chapter_url`` and ``activity_url``: functions giving a link relative to
    the check-up page."""
    acts = {}
    for page in docs.activities():
        n = page.meta.get("number")
        acts[n] = {"title": str(page.meta.get("title", "")), "url": activity_url(page.src),
                   "minutes": page.meta.get("duration") or 0}
    chapters: list[dict] = []
    where: dict[str, int] = {}
    statements = {}
    for area in areas:
        for s in area.statements:
            if s.chapter not in where:
                path, _, anchor = s.chapter.partition("#")
                chapter = docs.pages[path]
                where[s.chapter] = len(chapters)
                chapters.append({"title": f"{chapter.title}: {chapter.heading(anchor).text}",
                                 "url": chapter_url(path, anchor)})
            item = {"why": s.why, "a": s.activity, "ch": where[s.chapter]}
            if s.rung:
                item["rung"] = s.rung
            statements[s.id] = item
    return {"statements": statements, "chapters": chapters, "activities": acts, "plan": planner_url,
            "defaults": defaults, "rungs": [{"id": r, "means": m} for r, m in RUNG_MEANS.items()],
            "forms": forms}


def data_script(data: dict) -> str:
    """The result's data as a script the page loads once it is needed: a script, not JSON,
    because the offline copy, opened from file://, can load a script but cannot fetch() a file."""
    return "window.toolkitCheckUp=" + json.dumps(data, ensure_ascii=False, separators=(",", ":")) + ";\n"


def check_up_html(areas: list[Area], scripts: dict[str, str], sheet_url: str) -> str:
    """The check-up: a form of statements, each a fieldset of four labelled radio buttons, that
    prints as it is without JavaScript; the result, the session planning and the comparison,
    which the script fills in once the result's data and its drawing (``scripts``: "data" and
    "more", relative to the page) have loaded. None of it goes in the search index.

    Material's search leaves out an element marked ``data-search-exclude`` only until the first
    end tag of the same name inside it (it compares elements by their tag), so each part is
    marked on an element whose tag does not come again inside it: the form, the result's
    <section>, the paragraph for readers without JavaScript."""
    esc = html.escape
    parts = []
    number = 0
    for i, area in enumerate(areas, 1):
        qs = []
        for s in area.statements:
            number += 1
            radios = "".join(f'<label><input type="radio" name="{s.id}" value="{k}"> {esc(v)}</label>'
                             for k, v in ANSWERS.items())
            qs.append(f'<fieldset class="check-up-q" id="q-{s.id}"><legend><span class="check-up-n">'
                      f'{number}.</span> {esc(s.says)}</legend><div class="check-up-answers">{radios}'
                      f'</div></fieldset>')
        parts.append(f'<section class="check-up-area" aria-labelledby="area-{area.id}">'
                     f'<h3 id="area-{area.id}">{i}. {esc(area.title)}</h3>\n' + "\n".join(qs) + "</section>")
    sheet = sheet_url
    return f"""<div class="check-up" data-search-exclude>
{JS_MARK}
<p class="check-up-needs-js" data-search-exclude>Without JavaScript this page cannot show your result. You can still print the statements below and tick the answers, or print the <a href="{esc(sheet)}">check-up sheet</a>.</p>
<p class="check-up-notice" hidden></p>
<form class="check-up-form" id="check-up-form" data-search-exclude>
<p class="check-up-field"><label for="check-up-date">Date of this check-up (you can leave it empty)</label> <input type="date" id="check-up-date" name="on"></p>
{chr(10).join(parts)}
<p class="check-up-buttons"><button type="button" class="md-button md-button--primary" data-action="result">See our result</button> <button type="button" class="md-button" data-action="print">Print the check-up</button> <button type="button" class="md-button" data-action="clear">Clear all answers</button></p>
</form>
<section class="check-up-result" data-search-exclude>
<h2 id="our-result" tabindex="-1">Our result</h2>
<div class="check-up-says"></div>
<h3 id="plan-a-session">Plan a session on these</h3>
<div class="check-up-plan"></div>
<h3 id="compare">Compare with last time</h3>
<div class="check-up-compare">
<p>Paste the address of an earlier check-up to see each area then and now. Your answers above stay as they are.</p>
<p class="check-up-field"><label for="check-up-then">Address of the earlier check-up</label> <input type="text" id="check-up-then" autocomplete="off" spellcheck="false" inputmode="url"></p>
<p class="check-up-buttons"><button type="button" class="md-button" data-action="compare">Compare</button></p>
<div class="check-up-then-now"></div>
</div>
</section>
<div class="check-up-status" role="status"></div>
{_json_script(scripts, "check-up-data")}
</div>"""


# --- The paper versions -------------------------------------------------------------------------

def sheet_markdown(areas: list[Area], kind: str) -> str:
    """The statements as a form to print: ``sheet``, a tick box for each answer; ``tally``,
    room to count each answer and mark where people differ; ``easy-read``, the statements in
    Easy Read with a picture beside each."""
    out = []
    if kind == "easy-read":
        boxes = " ".join(f"☐ {a}" for a in EASY_ANSWERS)
        for area in areas:
            for s in area.statements:
                if s.easy:
                    out.append(f'<div class="idea" markdown>\n![{s.alt}](../{s.picture})\n\n{s.easy}\n\n'
                               f'{boxes}\n</div>\n')
        return "\n".join(out)
    # Each area a table, its statement column wide (a colgroup of its own: hooks/print/pdf_render.py
    # then leaves the widths as they are); the answers' columns take what is left.
    heads = list(ANSWERS.values()) + ([] if kind == "sheet" else ["We differ"])
    # (In large print, book.css widens the sheet's answer columns so "Partly" fits whole.)
    first = 52 if kind == "sheet" else 48
    rest = (100 - first) / len(heads)
    cols = f'<col style="width: {first}%">' + "".join(f'<col style="width: {rest:.1f}%">' for _ in heads)
    number = 0
    for i, area in enumerate(areas, 1):
        rows = []
        for s in area.statements:
            number += 1
            cells = ["☐"] * 4 if kind == "sheet" else [""] * 4 + ["☐"]
            rows.append(f"<tr><td>{number}. {html.escape(s.says, quote=False)}</td>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>")
        out.append(f'<table>\n<colgroup>{cols}</colgroup>\n<thead>\n<tr><th>{i}. '
                   f'{html.escape(area.title, quote=False)}</th>' + "".join(f"<th>{html.escape(h, quote=False)}</th>" for h in heads) +
                   "</tr>\n</thead>\n<tbody>\n" + "\n".join(rows) + "\n</tbody>\n</table>\n")
    return "\n".join(out)
