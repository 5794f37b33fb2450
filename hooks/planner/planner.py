"""The session planner (docs/plan.md): its data, its form, its ready-made plans and its pack.

Everything the planner knows about an activity comes from the activity's front matter and
its page, never typed into JavaScript:

- ``planner_data``: each activity's number, title, time, group size, formats, part two
  chapter and materials (each read by ``material``, so counts can add up), and the ready-made
  plans, as JSON the page's script reads (``<script type="application/json">``);
- ``planner_form``: the form, with one labelled checkbox per activity;
- ``read_plans``: the ready-made plans in docs/plan.md's front matter, each checked against
  the activities; every problem is a ``Finding`` with the file and line;
- ``capture_pack``: from an activity page's HTML, what the printed pack needs (the run sheet,
  "Before the session", the notes for people who are not online, the worksheet and any card
  sheets), written by the build as one small script per activity (``pack_script``) that the
  planner loads when the activity is chosen. A script, not JSON: the offline copy, opened from
  file://, can load a script but cannot fetch() a file. The planner page itself stays small;
- ``pack_for``: an activity's part of the pack, its words made true of paper (``paper_before``)
  and its materials read (``material``, ``thing``: one line a thing, whatever its words);
- ``not_by_phone``: what a ready-made plan says when it does not suit someone by phone or post.
"""

from __future__ import annotations

import html
import json
import posixpath
import re
from dataclasses import dataclass, field
from pathlib import Path

from hooks.content.docs_model import Docs, Finding, Page

PLAN_PAGE = "plan.md"
FORM_MARKER = "<!-- planner -->"
PLANS_MARKER = "<!-- ready-made-plans -->"
PACK_DIR = "assets/planner"
MORE_SCRIPT = "assets/js/planner-pack.js"
# What the form shows before anyone changes it.
# "phone": how many take part by phone or post; "phonelarge": how many of them need large print.
DEFAULTS = {"start": "10:00", "people": 12, "large": 2, "phone": 0, "phonelarge": 0, "breakName": "Tea break",
            "breakMinutes": 15}
# The activities put people in "small groups of three or four": a group for every four people.
SMALL_GROUP = 4

GROUP_SIZE = re.compile(r"^(\d+) to (\d+) people$")
NUMBERS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
           "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
           "thirteen": 13}
EACH = re.compile(r"^(\w+) (.+?) for each (person|small group)\b", re.I)
WORKSHEET_LINE = re.compile(r"^(One printed worksheet|Large print copies of the worksheet)", re.I)
BREAK = re.compile(r"^(.{1,60}), (\d{1,3}) minutes?$")
NOT_A_THING = {"if", "such", "with", "each", "one", "for", "to", "in", "on", "from", "so"}


def pack_file(number: int) -> str:
    return f"{PACK_DIR}/activity-{number:02d}.js"


def group_range(text: object) -> tuple[int, int] | None:
    m = GROUP_SIZE.match(str(text or "").strip())
    return (int(m.group(1)), int(m.group(2))) if m else None


ARTICLE = re.compile(r"^(?:a|an|one|some|the)\s+", re.I)
# What follows the thing itself: "in two colours", "for everyone", "or pencils", ", such as".
QUALIFIER = re.compile(r"\s+(?:in|for|or|on|such as)\s.*$|,.*$", re.I)
# Words that say which kind of a thing, not what it is: "thick dark pens" and "thick felt-tip
# pens in dark colours" are one thing; "pens" and "thick pens" are two.
KIND = {"dark", "felt-tip", "coloured", "clear", "big"}


def thing(text: str) -> str:
    """What a thing is, to list it once however each activity words it: "Thick felt-tip pens
    in dark colours" and "Thick dark pens" are both "thick pen"; "Flip chart paper" and "A flip
    chart" are both "flip chart"."""
    words = [w for w in QUALIFIER.sub("", ARTICLE.sub("", text.strip().lower())).split() if w not in KIND]
    if words[-3:] == ["flip", "chart", "paper"]:
        words.pop()
    return " ".join(words[:-1] + [re.sub(r"(?<=[a-z])s$", "", words[-1])]) if words else text.lower()


def _parts(text: str) -> list[str]:
    """A line that lists plain things ("Pens, thick felt-tip pens and sticky notes") as one
    thing each, so the same thing from two activities is listed once; any other line whole."""
    if re.search(r'[()"“:\d]|, such as', text):
        return [text]
    pieces = [p.strip() for p in re.split(r",\s*(?:and\s+)?|\s+and\s+", text) if p.strip()]
    if len(pieces) < 2 or any(len(thing(p).split()) > 3 or p.split()[0].lower() in NOT_A_THING
                              for p in pieces):
        return [text]
    return [p[:1].upper() + p[1:] for p in pieces]


def material(text: str, cards: bool = False, per_group: bool = False) -> dict:
    """One line of "materials", read so that the planner can add it up:

    - ``w``: the worksheet line, with ``each`` "person" or "group" (the planner counts the
      copies it prints, and lists them instead);
    - ``c``: the line for cards the pack prints (``cards``: the activity has card sheets), with
      ``g`` when there is a set for each small group (``per_group``: its worksheets are for each
      small group too);
    - ``each`` and ``qty``: "Three sticky dots for each person" is 3 for each person;
    - ``t``: each thing the line lists, as [its words, what it is] (``thing``), so the planner
      lists a thing once, in the words of the larger need."""
    text = " ".join(str(text).split())
    out: dict = {"text": text}
    m = EACH.match(text)
    if WORKSHEET_LINE.match(text):
        out["w"] = 1
        if m:
            out["each"] = "group" if m.group(3).lower() == "small group" else "person"
    elif cards and re.search(r"\bcards\b", text, re.I):
        out["c"] = 1
        if per_group or re.search(r"for each small group", text, re.I):
            out["g"] = 1
    elif m and m.group(1).lower() in NUMBERS:
        out["each"] = "group" if m.group(3).lower() == "small group" else "person"
        out["qty"] = NUMBERS[m.group(1).lower()]
    else:
        out["t"] = [[p, thing(p)] for p in _parts(text)]
    return out


def chapter_of(page: Page, docs: Docs) -> Page | None:
    section = str(page.meta.get("section", ""))
    return docs.pages.get(section.partition("#")[0])


# --- Ready-made plans --------------------------------------------------------------------

@dataclass
class Plan:
    id: str
    title: str
    items: list = field(default_factory=list)  # activity numbers, and [name, minutes] breaks
    group: str = ""  # the series a session belongs to


def _item(value: object, numbers: set[int]) -> object | None:
    if isinstance(value, int) and not isinstance(value, bool):
        return value if value in numbers else None
    m = BREAK.match(str(value).strip())
    return [m.group(1), int(m.group(2))] if m and 0 < int(m.group(2)) <= 240 else None


def read_plans(page: Page, docs: Docs) -> tuple[list[Plan], list[Finding]]:
    """The ready-made plans in the planner page's front matter ("ready_made")."""
    numbers = {p.meta.get("number") for p in docs.activities()}
    lines = page.meta_lines
    where = lines.get("ready_made", 1)
    found: list[Finding] = []
    plans: list[Plan] = []
    spec = page.meta.get("ready_made")
    if not isinstance(spec, dict) or not spec:
        return [], [Finding(page.shown, where, "the planner has no ready-made plans; add "
                            "\"ready_made:\" with at least one plan (see CONTRIBUTING.md)")]

    def items(raw: object, name: str) -> list:
        if not isinstance(raw, list) or not raw:
            found.append(Finding(page.shown, where, f"ready-made plan {name!r} has no items; list "
                                 "activity numbers and breaks such as \"Tea break, 15 minutes\""))
            return []
        out = []
        for value in raw:
            item = _item(value, numbers)
            if item is None:
                found.append(Finding(page.shown, where, f"ready-made plan {name!r}: {value!r} is "
                                     "neither an activity's number nor a break such as "
                                     "\"Tea break, 15 minutes\"; fix it or take it out"))
            else:
                out.append(item)
        return out

    for key, value in spec.items():
        if not isinstance(value, dict) or not isinstance(value.get("title"), str):
            found.append(Finding(page.shown, where, f"ready-made plan {key!r} needs a title "
                                 "and items (or sessions)"))
            continue
        if "sessions" in value:
            sessions = value["sessions"] if isinstance(value["sessions"], list) else []
            for i, raw in enumerate(sessions, 1):
                plans.append(Plan(f"{key}-{i}", f"Session {i} of {len(sessions)}",
                                  items(raw, f"{key} session {i}"), value["title"]))
            if not sessions:
                found.append(Finding(page.shown, where, f"ready-made series {key!r} has no sessions"))
            if value.get("all") is True:  # "every activity": a new activity must be given a session
                held = {i for plan in plans if plan.group == value["title"] for i in plan.items
                        if isinstance(i, int)}
                left_out = sorted(n for n in numbers if isinstance(n, int) and n not in held)
                if left_out:
                    found.append(Finding(page.shown, lines.get("all", where), f"ready-made series {key!r} "
                                         f"says it holds every activity, but {_activities_text(Plan('', '', left_out))} "
                                         f"{'is' if len(left_out) == 1 else 'are'} in none of its sessions; "
                                         "add each to a session"))
        else:
            plans.append(Plan(key, value["title"], items(value.get("items"), key)))
    return plans, found


def minutes_text(minutes: int) -> str:
    hours, rest = divmod(minutes, 60)
    parts = []
    if hours:
        parts.append(f"{hours} hour{'s' if hours > 1 else ''}")
    if rest or not hours:
        parts.append(f"{rest} minute{'s' if rest != 1 else ''}")
    return " ".join(parts)


def plan_minutes(plan: Plan, durations: dict[int, int]) -> int:
    return sum(durations.get(i, 0) if isinstance(i, int) else i[1] for i in plan.items)


def _activities_text(plan: Plan) -> str:
    numbers = [str(i) for i in plan.items if isinstance(i, int)]
    if len(numbers) == 1:
        return f"Activity {numbers[0]}"
    return "Activities " + ", ".join(numbers[:-1]) + " and " + numbers[-1]


def not_by_phone(plan: Plan, formats: dict[int, list]) -> str:
    """What a ready-made plan says when it does not suit someone taking part by phone or
    post: "Activity 2 does not work by phone or post."; "" when it does."""
    out = [str(i) for i in plan.items if isinstance(i, int) and "phone-or-post" not in formats.get(i, [])]
    if not out:
        return ""
    return (f"Activity {out[0]} does not" if len(out) == 1 else
            "Activities " + ", ".join(out[:-1]) + f" and {out[-1]} do not") + " work by phone or post."


def ready_made_markdown(plans: list[Plan], durations: dict[int, int], plan_link: str,
                        ids: bool = False, formats: dict[int, list] | None = None) -> str:
    """A Markdown list linking each ready-made plan (a series as one item with its sessions);
    ``ids`` gives each its anchor, on the planner page itself; ``formats``, each activity's,
    so that a plan says when it does not suit someone by phone or post (``not_by_phone``)."""
    def note(plan: Plan) -> str:
        said = not_by_phone(plan, formats or {})
        return f": {said}" if said else ""
    out: list[str] = []
    series: dict[str, list[Plan]] = {}
    for plan in plans:
        if plan.group:
            if plan.group not in series:
                series[plan.group] = []
                out.append(("series", plan.group))  # type: ignore[arg-type]
            series[plan.group].append(plan)
        else:
            out.append(plan)  # type: ignore[arg-type]
    lines = []
    for entry in out:
        if isinstance(entry, Plan):
            anchor = f"{{ #{entry.id} }}" if ids else ""
            lines.append(f"- [{entry.title} ({minutes_text(plan_minutes(entry, durations))})]"
                         f"({plan_link}#{entry.id}){anchor}{note(entry)}")
        else:
            name = entry[1]
            lines.append(f"- {name}:")
            for plan in series[name]:
                anchor = f"{{ #{plan.id} }}" if ids else ""
                lines.append(f"    - [{plan.title}: {_activities_text(plan)} "
                             f"({minutes_text(plan_minutes(plan, durations))})]"
                             f"({plan_link}#{plan.id}){anchor}{note(plan)}")
    return "\n".join(lines).rstrip() + "\n"


# --- The page's data and form --------------------------------------------------------------

def planner_data(docs: Docs, plans: list[Plan], urls: dict[int, str], packs: dict[int, str],
                 more: str, book: str = "") -> dict:
    """What the planner's script needs first, all from the activities' front matter.
    ``urls`` and ``packs``: each activity's page and pack script, relative to the planner;
    ``more``: the planner's second script (what you need, before the day, the pack), loaded
    once an activity is chosen, so that the page's first load stays small; ``book``: the print
    styles the pack shares with the PDFs (hooks/print/book.css), which that script links."""
    activities = []
    for page in sorted(docs.activities(), key=lambda p: p.meta.get("number") or 0):
        meta = page.meta
        number = meta.get("number")
        size = group_range(meta.get("group_size"))
        activities.append({
            "n": number,
            "title": str(meta.get("title", "")),
            "minutes": meta.get("duration"),
            "min": size[0] if size else None,
            "max": size[1] if size else None,
            "formats": list(meta.get("formats", [])),
            "url": urls.get(number, ""),
            "pack": packs.get(number, ""),
        })
    return {
        "activities": activities,
        "plans": [{"id": p.id, "title": (f"{p.group}: {p.title}" if p.group else p.title),
                   "items": p.items} for p in plans],
        "defaults": DEFAULTS,
        "smallGroup": SMALL_GROUP,
        "more": more,
        "book": book,
    }


# Marks the page as one where JavaScript runs, while the page is still being read: the planner
# and the filters show from the first paint, with no jump when their script runs (no layout
# shift), and without JavaScript their CSS hides them (planner.css, activity-list.css).
JS_MARK = '<script>document.documentElement.classList.add("toolkit-js")</script>'


def json_script(data: dict, element_id: str) -> str:
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":")).replace("</", "<\\/")
    return f'<script type="application/json" id="{element_id}">{text}</script>'


def planner_form(docs: Docs, data: dict, activities_url: str) -> str:
    """The planner's HTML: a form of real, labelled controls, and the places its script fills.
    Without JavaScript only the first paragraph shows (``JS_MARK``). None of it goes in the
    search index. Its link to the list of activities carries the plan: there the filters find
    activities, and each can be added to the plan (docs/assets/js/activity-filters.js)."""
    esc = html.escape
    d = DEFAULTS
    options = []
    group = {p.meta.get("number"): str(p.meta.get("group_size", "")) for p in docs.activities()}
    for a in data["activities"]:
        options.append(
            f'<li><input type="checkbox" id="planner-a{a["n"]}" value="{a["n"]}"> '
            f'<label for="planner-a{a["n"]}">Activity {a["n"]}: {esc(a["title"])} '
            f'<span class="planner-meta">({a["minutes"]} minutes, {esc(group[a["n"]])})</span></label></li>')
    return f"""<div class="planner" data-search-exclude>
{JS_MARK}
<p class="planner-needs-js">The planner needs JavaScript, which is switched off or has not loaded. You can still choose from the <a href="{esc(activities_url)}">list of activities</a>, and print each activity or download its PDF.</p>
<p class="planner-notice" hidden></p>
<p class="planner-summary" hidden></p>
<form class="planner-form">
<fieldset class="planner-choose">
<legend>Choose activities</legend>
<p class="planner-hint">Tick each activity you want. They go into the plan in the order you tick them. Or <a class="planner-list" href="{esc(activities_url)}">find activities on the list</a> by time, group and topic, and add them from there.</p>
<ul class="planner-options">
{chr(10).join(options)}
</ul>
</fieldset>
<fieldset class="planner-break">
<legend>Add a break</legend>
<p class="planner-field"><label for="planner-break-name">What the break is called</label> <input type="text" id="planner-break-name" value="{esc(d['breakName'])}" maxlength="60" autocomplete="off"></p>
<p class="planner-field"><label for="planner-break-minutes">How many minutes</label> <input type="number" id="planner-break-minutes" value="{d['breakMinutes']}" min="1" max="240" inputmode="numeric"></p>
<p class="planner-buttons"><button type="button" class="md-button" data-action="add-break">Add the break to the plan</button></p>
</fieldset>
<fieldset class="planner-session">
<legend>About the session</legend>
<p class="planner-field"><label for="planner-title">Name of the session (you can leave it empty)</label> <input type="text" id="planner-title" maxlength="80" autocomplete="off"></p>
<p class="planner-field"><label for="planner-start">Start time</label> <input type="time" id="planner-start" value="{d['start']}" required></p>
<p class="planner-field"><label for="planner-people">How many people will take part</label> <input type="number" id="planner-people" value="{d['people']}" min="1" max="200" inputmode="numeric" required></p>
<p class="planner-field"><label for="planner-large">How many of them need large print</label> <input type="number" id="planner-large" value="{d['large']}" min="0" max="200" inputmode="numeric" required></p>
<p class="planner-field"><label for="planner-phone">How many of them will take part by phone or post, from home</label> <input type="number" id="planner-phone" value="{d['phone']}" min="0" max="200" inputmode="numeric" required></p>
<p class="planner-field" hidden><label for="planner-phonelarge">How many of the people at home need large print</label> <input type="number" id="planner-phonelarge" value="{d['phonelarge']}" min="0" max="200" inputmode="numeric" required></p>
</fieldset>
</form>
<div class="planner-result">
<h2 class="planner-plan-heading" id="your-plan">Your plan</h2>
<p class="planner-empty">No activities yet. Tick one or more above, or start from a ready-made plan below.</p>
<ol class="planner-agenda"></ol>
<p class="planner-total"></p>
<div class="planner-full" hidden>
<p class="planner-buttons"><button type="button" class="md-button md-button--primary" data-action="print">Print the pack</button></p>
<p class="planner-pack-says"></p>
<h3>You will need</h3>
<ul class="planner-needs"></ul>
<h3>Before the day</h3>
<div class="planner-before"></div>
</div>
</div>
<div class="planner-status" role="status"></div>
<div class="planner-pack"></div>
{json_script(data, "planner-data")}
</div>"""


# --- The pack: what each activity page gives the printed pack ----------------------------

_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)\b[^>]*>")


def _element_end(text: str, start: int) -> int:
    """The index just after the element whose start tag begins at ``start``."""
    name = _TAG.match(text, start).group(2).lower()
    depth = 0
    for m in _TAG.finditer(text, start):
        if m.group(2).lower() != name:
            continue
        depth += -1 if m.group(1) else 1
        if depth == 0:
            return m.end()
    return len(text)


def _elements(text: str, start_tag: re.Pattern) -> list[str]:
    out, pos = [], 0
    while (m := start_tag.search(text, pos)) is not None:
        end = _element_end(text, m.start())
        out.append(text[m.start():end])
        pos = end
    return out


def _section(text: str, anchor: str) -> str:
    """The HTML after an <h2 id=anchor>, up to the next <h2> or the worksheet."""
    m = re.search(rf'<h2 id="{re.escape(anchor)}"[^>]*>.*?</h2>', text, re.S)
    if not m:
        return ""
    end = re.compile(r'<h2[\s>]|<div class="worksheet"|<!-- worksheet-files').search(text, m.end())
    return text[m.end(): end.start() if end else len(text)].strip()


def _top_items(list_html: str) -> list[str]:
    """The inner HTML of each top-level <li> of a <ul> or <ol>."""
    inner = list_html[list_html.index(">") + 1: list_html.rindex("<")]
    return [re.sub(r"^<li[^>]*>|</li>$", "", li).strip()
            for li in _elements(inner, re.compile(r"<li[\s>]"))]


_IDS = re.compile(r'\s(?:id|data-search-exclude|aria-labelledby|aria-describedby)(?:="[^"]*")?(?=[\s>/])')
_LINK = re.compile(r'(\s(?:href|src)=")([^"#][^"]*|#[^"]*)(")')


def _dir(url: str) -> str:
    """The folder a page's relative links start from: "plan/" or "activities/" or ""."""
    return url if url.endswith("/") else (posixpath.dirname(url) + "/" if "/" in url else "")


def rebase(fragment: str, from_url: str, to_url: str) -> str:
    """Point a page's relative links where they lead from another page; drop ids, which
    would repeat in the pack, and search markers."""
    src, dst = _dir(from_url), _dir(to_url)

    def fix(m: re.Match) -> str:
        href = m.group(2)
        if re.match(r"^[a-z][a-z0-9+.-]*:|^//|^/", href, re.I):
            return m.group(0)
        path, hash_, anchor = href.partition("#")
        target = posixpath.normpath(posixpath.join(src, path)) if path else (from_url or ".")
        out = posixpath.relpath(target, dst.rstrip("/") or ".")
        if (path.endswith("/") or (not path and from_url.endswith("/")) or target == ".") \
                and not out.endswith("/"):
            out += "/"
        return m.group(1) + out + hash_ + anchor + m.group(3)

    return re.sub(r"\s+", " ", _IDS.sub("", _LINK.sub(fix, fragment)))  # no <pre> in a pack


def capture_pack(page_html: str) -> dict:
    """What the pack needs from an activity page's HTML (empty parts are left out)."""
    out: dict = {}
    sheet = _elements(page_html, re.compile(r'<details class="run-sheet"'))
    if sheet:
        title = re.search(r'data-title="([^"]*)"', sheet[0])
        body = re.sub(r"^<details[^>]*>\s*<summary>.*?</summary>|</details>$", "", sheet[0], flags=re.S)
        body = body.replace('<p class="run-sheet-steps-title">Steps</p>',
                            '<h3 class="run-sheet-steps-title">Steps</h3>', 1)
        out["runSheet"] = (f'<section class="run-sheet run-sheet--print"><h2>'
                           f'{title.group(1) if title else ""}</h2>{body.strip()}</section>')
    before = _section(page_html, "before-the-session")
    lists = _elements(before, re.compile(r"<ul[\s>]"))
    if lists:
        out["before"] = _top_items(lists[0])
    phone = _section(page_html, "for-people-who-are-not-online")
    if phone:
        out["phone"] = phone
    sheets = _elements(page_html, re.compile(r'<div class="worksheet"'))
    if sheets:
        out["worksheet"] = sheets[0]
    cards = _elements(page_html, re.compile(r'<(?:div|section) class="card-sheet[" ]'))
    if cards:
        out["cards"] = cards
    return out


_WORD = re.compile(r"[\w$]")
_REGEX_AFTER = set("(,=:[!&|?{};+-*%<>~^") | {""}


def _squeeze_js(text: str) -> str:
    """JavaScript without comments and without the spaces and line breaks no reader's browser
    needs: strings, template literals (and the code inside their ${}) and regular expressions
    are copied as they are. A line break stays where a statement may end there."""
    out: list[str] = []
    n, depth = len(text), [0]  # depth: open braces of the ${} being read, innermost last

    def last() -> str:
        return out[-1][-1] if out and out[-1] else ""

    def template(i: int) -> int:
        start = i
        i += 1
        while i < n and text[i] != "`":
            if text[i] == "\\":
                i += 2
            elif text.startswith("${", i):
                out.append(text[start:i + 2])
                depth.append(0)
                i = code(i + 2)
                start = i
            else:
                i += 1
        out.append(text[start:i + 1])
        return i + 1

    def code(i: int) -> int:
        while i < n:
            c = text[i]
            if c in "\"'":
                j = i + 1
                while text[j] != c:
                    j += 2 if text[j] == "\\" else 1
                out.append(text[i:j + 1])
                i = j + 1
            elif c == "`":
                i = template(i)
            elif text.startswith("/*", i):
                i = text.index("*/", i) + 2
            elif text.startswith("//", i):
                i = text.find("\n", i) if "\n" in text[i:] else n
            elif c == "/" and (last() in _REGEX_AFTER
                               or re.search(r"\b(?:return|typeof)$", "".join(out[-2:]))):
                j, cls = i + 1, False
                while cls or text[j] != "/":
                    cls = (cls or text[j] == "[") and text[j] != "]"
                    j += 2 if text[j] == "\\" else 1
                j += 1
                while j < n and text[j].isalpha():
                    j += 1
                out.append(text[i:j])
                i = j
            elif c.isspace():
                j = i
                while j < n and text[j].isspace():
                    j += 1
                nxt, prev = text[j:j + 1], last()
                if "\n" in text[i:j] and prev and prev not in "{;,([=:?&|+" and nxt not in ").]},;:?&|":
                    out.append("\n")
                elif (_WORD.match(prev) and _WORD.match(nxt)) or (prev and nxt and prev in "+-" and nxt in "+-"):
                    out.append(" ")
                i = j
            elif c == "}" and len(depth) > 1 and depth[-1] == 0:
                depth.pop()
                return i  # the end of a ${}: back to its template literal
            else:
                if c == "{":
                    depth[-1] += 1
                elif c == "}":
                    depth[-1] -= 1
                out.append(c)
                i += 1
        return i

    code(0)
    return "".join(out).strip() + "\n"


def squeeze(text: str, kind: str = "css") -> str:
    """Our own small scripts and stylesheets as the site serves them: without their comments,
    indents and the spaces no browser needs (their budget: at most 8 KB compressed). The files
    in docs/assets/ keep them. ``kind``: "js" or "css" (whose files write no strings with "/*",
    "{" or ";" in them)."""
    if kind == "js":
        return _squeeze_js(text)
    text = re.sub(r"/\*.*?\*/", "", text, flags=re.S)
    text = re.sub(r"\s*([{};,>])\s*", r"\1", "\n".join(line.strip() for line in text.splitlines()))
    text = re.sub(r"(?<![\w.])0\.(\d)", r".\1", re.sub(r":\s+", ":", text)).replace(";}", "}")
    return re.sub(r'=\"([a-z-]+)\"\]', r"=\1]", text).replace(" !important", "!important").strip() + "\n"


_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z<])")
# Sentences that are true of the activity page but not of the pack, which already holds the
# worksheets and the cards, printed in the numbers the plan needs.
_NOT_ON_PAPER = re.compile(r"^Print\b[^.]*\b(?:worksheets?|large print|cards)\b|this activity's PDF", re.I)
WORDS_BELOW = "(the words are below)"


def paper_before(item: str, cards: bool) -> str:
    """A point of "Before the session" as it reads in the planner and its pack: no "print the
    worksheets" (the pack holds them) and no "the card sheet comes after the worksheet in this
    activity's PDF"; "" when nothing is left."""
    cut = re.search(r"<(?:ol|ul)[\s>]", item)
    text, rest = (item[:cut.start()], item[cut.start():]) if cut else (item, "")
    kept = [x for x in _SENTENCE.split(text.strip()) if x and not _NOT_ON_PAPER.search(x)]
    if cards and len(kept) < len(_SENTENCE.split(text.strip())) and re.search(r"\bcards?\b", text):
        kept.insert(0, "The cards are in the pack, ready to cut out.")
    out = " ".join(kept)
    return (out + (" " if out and rest else "") + rest).strip() if out or rest else ""


def pack_for(page: Page, captured: dict, from_url: str, to_url: str) -> dict:
    """An activity's part of the pack: what its page gave (links rebased to the planner, and
    its words made true of the pack: ``paper_before``, no "(the words are below)"), and its
    materials, read so that the planner can add them up."""
    out = {key: ([rebase(v, from_url, to_url) for v in value] if isinstance(value, list)
                 else rebase(value, from_url, to_url)) for key, value in captured.items()}
    cards = bool(captured.get("cards"))
    below = "(in the pack)" if cards else ""
    if "before" in out:
        out["before"] = [b for b in (paper_before(i, cards) for i in out["before"]) if b]
    if "runSheet" in out:
        out["runSheet"] = out["runSheet"].replace(" " + WORDS_BELOW, f" {below}".rstrip())
    lines = [str(m).replace(" " + WORDS_BELOW, f" {below}".rstrip()) for m in page.meta.get("materials", [])]
    per_group = any(material(m).get("each") == "group" for m in lines if WORKSHEET_LINE.match(m))
    out["materials"] = [material(m, cards, per_group) for m in lines]
    asked = " ".join(lines + captured.get("before", []))
    if cards and re.search(r"cards? in large print|printed large", asked):
        out["bigCards"] = 1  # the activity asks for its cards in large print, for everyone
    return out


def pack_script(number: int, pack: dict) -> str:
    """The pack's part for one activity, as a script that hands it to the planner."""
    text = json.dumps(pack, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    text = text.replace("</", "<\\/").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    return f"/* Made by the build (hooks/planner/planner.py) from Activity {number}'s page. */\n" \
           f"(window.toolkitPack = window.toolkitPack || {{}})[{number}] = {text};\n"



PACK_LAYOUT_ENV = "TOOLKIT_PACK_LAYOUT"  # a JSON file: the layout, for the offline copy's build
_LIFTED = re.compile(r'<h(\d)(\s[^>]*?\bwas-h(\d)\b[^>]*)>(.*?)</h\1>', re.S)


def paper_sheet(laid_out: str, to_url: str) -> str:
    """A worksheet as the PDF laid it out (split where its pages break, boxes sized to fill
    them; hooks/print/pdf_render.py), for the pack: its headings back at their level on the page
    (the PDF lifts them one level), and its links rebased from the print page."""
    html_ = _LIFTED.sub(lambda m: f"<h{m.group(3)}{m.group(2)}>{m.group(4)}</h{m.group(3)}>", laid_out)
    return rebase(html_, "print_page/", to_url)


def carry_print_layout(site_dir: Path, layout: dict) -> None:
    """Make the pack print its worksheets and cards as the PDFs do (``render_pdfs``'s
    ``pack_layout``): each worksheet as laid out in standard print (``worksheet``) and in
    large print (``bigSheet``), and its large-print cards broken where the large-print card
    sheet breaks them (the card that starts a page gets the class ``lp``, and a sheet whose
    cards were brought closer ``card-sheet--close``; book.css). Without PDFs (``mkdocs
    serve``) the pack keeps the activity page's worksheet and the browser's page breaks."""
    for number, parts in layout.items():
        path = site_dir / pack_file(int(number))
        if not path.is_file():
            continue
        head, _, text = path.read_text(encoding="utf-8").partition(f"[{int(number)}] = ")
        pack = json.loads(text.rstrip().removesuffix(";"))
        to_url = PLAN_PAGE.removesuffix(".md") + "/"  # links in a pack are printed, not followed
        sheets = parts.get("sheets", [])
        if len(sheets) == 2 and "worksheet" in pack:
            pack["worksheet"], pack["bigSheet"] = (paper_sheet(s, to_url) for s in sheets)
        for i, sheet in enumerate(parts.get("cards", [])[: len(pack.get("cards", []))]):
            html_ = pack["cards"][i]
            if sheet.get("close"):
                html_ = html_.replace('class="card-sheet ', 'class="card-sheet card-sheet--close ', 1)
            cards = html_.split('<li class="card">')
            for start in sheet.get("starts", []):
                if 0 < start < len(cards) - 1:
                    cards[start + 1] = "\0" + cards[start + 1]
            pack["cards"][i] = '<li class="card">'.join(cards).replace('<li class="card">\0', '<li class="card lp">')
        path.write_text(pack_script(int(number), pack), encoding="utf-8")
