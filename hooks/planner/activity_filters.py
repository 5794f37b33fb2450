"""Filters above the list of activities: how long you have, how the group meets, how many
people, and what the group wants to work on. Every choice comes from the activities' front
matter; nothing is typed twice.

- ``filters_form``: the form its script (docs/assets/js/activity-filters.js) runs; without
  JavaScript the form is hidden and the full table shows, as before;
- ``mark_rows``: each row of the list gets its activity's facts as data attributes (for the
  script) and each cell its column's name (for the one-card-per-activity layout on a phone).
"""

from __future__ import annotations

import html
import re

from hooks.content.citations import FORMATS
from hooks.content.docs_model import Docs
from hooks.planner.planner import JS_MARK, chapter_of, group_range

FILTERS_MARKER = "<!-- activity-filters -->"
STEP = 15  # "up to 45, 60, 75 minutes": each activity's time, rounded up to a quarter hour


def _ordered(docs: Docs):
    return sorted(docs.activities(), key=lambda p: p.meta.get("number") or 0)


def time_choices(docs: Docs) -> list[int]:
    return sorted({-(-int(p.meta.get("duration") or 0) // STEP) * STEP for p in docs.activities()
                   if p.meta.get("duration")})


def topics(docs: Docs) -> list[tuple[str, str]]:
    """(chapter page, chapter title) of every part two chapter an activity goes with."""
    seen: dict[str, str] = {}
    for page in _ordered(docs):
        chapter = chapter_of(page, docs)
        if chapter is not None:
            seen.setdefault(chapter.src, chapter.title)
    return sorted(seen.items())


def filters_form(docs: Docs, plan_url: str = "") -> str:
    """The filters; ``plan_url``, the planner's address from the list, where each activity can
    be added to the plan the planner sent (the script adds the links)."""
    esc = html.escape
    count = len(docs.activities())

    def radio(name: str, value: str, text: str, checked: bool = False) -> str:
        ident = f"filter-{name}-{value or 'any'}"
        return (f'<li><input type="radio" name="{name}" id="{ident}" value="{esc(value)}"'
                f'{" checked" if checked else ""}> <label for="{ident}">{esc(text)}</label></li>')

    times = [radio("time", "", "Any length", True)] + [
        radio("time", str(m), f"Up to {m} minutes") for m in time_choices(docs)]
    ways = [radio("way", "", "Any way", True)] + [
        radio("way", key, text[:1].upper() + text[1:]) for key, text in FORMATS.items()]
    chapters = "".join(f'<option value="{esc(src)}">{esc(title)}</option>'
                       for src, title in topics(docs))
    return f"""{JS_MARK}
<form class="activity-filters" data-search-exclude data-plan="{esc(plan_url)}">
<fieldset><legend>How long you have</legend><ul>{"".join(times)}</ul></fieldset>
<fieldset><legend>How the group meets</legend><ul>{"".join(ways)}</ul></fieldset>
<fieldset class="activity-filters__more"><legend>Who and what</legend>
<p><label for="filter-people">How many people (leave it empty for any number)</label> <input type="number" id="filter-people" min="1" max="200" inputmode="numeric"></p>
<p><label for="filter-topic">What the group wants to work on</label> <select id="filter-topic"><option value="">Anything</option>{chapters}</select></p>
</fieldset>
<p class="activity-filters__count" role="status">Showing all {count} activities.</p>
</form>"""


_ROW = re.compile(r"<tr>\s*<td>(\d+)</td>")
_HEAD = re.compile(r"<thead>.*?</thead>", re.S)
_TH = re.compile(r"<th[^>]*>(.*?)</th>", re.S)


def row_facts(page, docs: Docs) -> str:
    """An activity's facts as the data attributes the filters' script reads."""
    meta = page.meta
    size = group_range(meta.get("group_size")) or ("", "")
    chapter = chapter_of(page, docs)
    attrs = {
        "data-activity": meta.get("number"),
        "data-minutes": meta.get("duration"),
        "data-formats": " ".join(meta.get("formats", [])),
        "data-min": size[0],
        "data-max": size[1],
        "data-topic": chapter.src if chapter else "",
    }
    return " ".join(f'{k}="{html.escape(str(v))}"' for k, v in attrs.items())


def mark_rows(list_html: str, docs: Docs) -> str:
    """The activities table, each row with its activity's facts, each cell with its column."""
    by_number = {p.meta.get("number"): p for p in docs.activities()}
    head = _HEAD.search(list_html)
    names = [re.sub(r"<[^>]+>", "", h).strip() for h in _TH.findall(head.group(0))] if head else []

    def row(m: re.Match) -> str:
        page = by_number.get(int(m.group(1)))
        if page is None:
            return m.group(0)
        return f"<tr {row_facts(page, docs)}>\n<td>{m.group(1)}</td>"

    out = _ROW.sub(row, list_html)
    if names:
        # Each body cell names its column, for the card layout on narrow screens.
        def cells(m: re.Match) -> str:
            i = iter(names)
            return re.sub(r"<td>", lambda _: f'<td data-label="{html.escape(next(i, ""))}">', m.group(0))

        out = re.sub(r"<tr [^>]*>.*?</tr>", cells, out, flags=re.S)
    return out
