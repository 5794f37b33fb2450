"""Run sheets: one A4 page per activity, for the facilitator to hold while running it.

A run sheet gives the activity's aim, time, group size and what you need (from its front
matter), then each step with its minutes and its one "You could say" line (from the page's
"## Steps": the step lead-ins already carry their minutes). Nothing in it is typed twice.

``run_sheet`` makes it as a folded ``<details class="run-sheet">`` in Markdown, which
``insert_run_sheet`` puts just before "## Before the session". On screen it stays folded; in the
activity's PDF it is opened and printed first, on a page of its own (hooks/print/pdf_render.py,
ACTIVITY_SCRIPT), and the session planner prints it in its pack (hooks/planner/planner.py).
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from hooks.content.citations import cite_text
from hooks.content.docs_model import FENCE, Page

STEPS_HEADING = re.compile(r"^##\s+Steps\s*$")
BEFORE_HEADING = re.compile(r"^##\s+Before the session\s*$")
H2 = re.compile(r"^##\s")
# "1. **Welcome and introductions (10 minutes).**", as CONTRIBUTING.md asks.
STEP = re.compile(r"^(\d+)\.\s+\*\*(.+?) \((\d+) minutes?\)\.\*\*")
SAY = "You could say:"
SUMMARY = "Run sheet: the steps on one page"


@dataclass(frozen=True)
class Step:
    number: int
    name: str  # Markdown
    minutes: int
    say: str  # Markdown, starting "You could say:"; "" if the step has none


def _section(lines: list[str], heading: re.Pattern) -> list[str]:
    """The lines under a level-two heading, up to the next one (outside code fences)."""
    out, inside, fence = [], False, False
    for line in lines:
        if FENCE.match(line):
            fence = not fence
        if not fence and H2.match(line):
            if inside:
                break
            inside = bool(heading.match(line))
            continue
        if inside:
            out.append(line)
    return out


def steps(markdown: str) -> list[Step]:
    """Each step of an activity page's "## Steps", with its "You could say" line."""
    found: list[tuple[re.Match, list[str]]] = []
    for line in _section(markdown.split("\n"), STEPS_HEADING):
        m = STEP.match(line)
        if m:
            found.append((m, []))
        elif found:
            found[-1][1].append(line)
    out = []
    for m, body in found:
        say, taking = [], False
        for line in body:
            text = line.strip()
            if not taking and text.startswith(SAY):
                taking = True
            elif taking and not text:
                break
            if taking:
                say.append(text)
        out.append(Step(int(m.group(1)), m.group(2).strip(), int(m.group(3)), " ".join(say)))
    return out


def title(page: Page) -> str:
    """The run sheet's printed title: "Run sheet: Activity 5: Mapping your assets"."""
    return f"Run sheet: {cite_text(page)}"


def run_sheet(page: Page, markdown: str) -> str:
    """The run sheet as Markdown (md_in_html), folded; "" for a page with no timed steps."""
    found = steps(markdown)
    if not found:
        return ""
    meta = page.meta
    materials = "\n".join(f"    - {m}" for m in meta.get("materials", []))
    items, start = [], 0
    for step in found:
        end = start + step.minutes
        # One paragraph a step, its name first: the sheet must fit one side of A4.
        items.append(f"{step.number}. **{step.name}**, {step.minutes} minutes "
                     f"(minute {start} to {end}). {step.say}".rstrip())
        start = end
    steps_md = "\n".join(items).rstrip()
    # data-search-exclude: every word here is on the page already, where search finds it.
    return f"""<details class="run-sheet" data-search-exclude="" data-title="{html.escape(title(page))}" markdown>
<summary>{SUMMARY}</summary>

Aim
:   {meta.get('aim', '')}

Time and group
:   {meta.get('duration')} minutes, for {meta.get('group_size')}

You will need
:   {materials.lstrip()}

<div class="run-sheet-steps" markdown>

<p class="run-sheet-steps-title">Steps</p>

{steps_md}

</div>

</details>
"""


def insert_run_sheet(markdown: str, page: Page) -> str:
    """Put the page's run sheet just before its "## Before the session" (or leave it be)."""
    sheet = run_sheet(page, markdown)
    if not sheet:
        return markdown
    lines = markdown.split("\n")
    fence = False
    for i, line in enumerate(lines):
        if FENCE.match(line):
            fence = not fence
        elif not fence and BEFORE_HEADING.match(line):
            return "\n".join(lines[:i] + [sheet] + lines[i:])
    return markdown
