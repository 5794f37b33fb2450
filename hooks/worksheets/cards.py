"""Cards to cut out, from the lists the activity pages already give, so no word is typed twice.

An activity that uses cards marks the list (or the table whose first column holds the cards)
with a comment on the line before it:

    - Print the five "Is this co-production?" cards, one set for each small group:
      <!-- cards: Is this co-production? -->
        1. An older man, his daughter and his care worker sit down together to plan his care.

``find_cards`` reads the items under each marker (two markers with one name make one set) and
takes the markers out of the Markdown; ``card_sheet`` writes the sheet printed after the
worksheet: one card per item, with cut lines and the activity's name small on each card. A
card shows the whole item when it is short (45 words or fewer); from a longer one, its first
sentence, or when that is only a name ("Empowerment."), the name in bold and the next sentence.
A table's rows that end in a colon ("Another risk:") are blanks to fill in, not cards. Links keep their words and lose their addresses.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

MARKER = re.compile(r"^(\s*)<!--\s*cards:\s*(.+?)\s*-->\s*$")
ITEM = re.compile(r"^(\s*)(?:\d+\.|[-*])\s+(.*)$")
ROW = re.compile(r"^\s*\|(.+)\|\s*$")
LINK = re.compile(r"\[([^\]]+)\]\([^)]+\)")
SENTENCE = re.compile(r"(?<=[.?!])\s+(?=[A-Z\"“(])")


@dataclass
class CardSet:
    name: str
    line: int  # the marker's line in the Markdown file
    items: list[str] = field(default_factory=list)


class CardError(Exception):
    """A card marker with no list or table under it; the message says where."""


def _plain(text: str) -> str:
    text = LINK.sub(r"\1", text)
    return " ".join(re.sub(r"[*_`]", "", text).split())


def find_cards(markdown: str, first_line: int = 1, path: str = "") -> tuple[str, list[CardSet]]:
    """The Markdown without its card markers, and the card sets they mark, in order."""
    lines = markdown.split("\n")
    kept: list[str] = []
    sets: dict[str, CardSet] = {}
    i = 0
    while i < len(lines):
        m = MARKER.match(lines[i])
        if not m:
            kept.append(lines[i])
            i += 1
            continue
        name = m.group(2)
        card_set = sets.setdefault(name, CardSet(name, first_line + i))
        j = i + 1
        items: list[str] = []
        if j < len(lines) and ROW.match(lines[j]):  # a table: its first column, header left out
            rows = []
            while j < len(lines) and ROW.match(lines[j]):
                rows.append(ROW.match(lines[j]).group(1).split("|")[0].strip())
                j += 1
            items = [r for r in rows[2:] if r and not r.endswith(":")]  # not "Another risk:"
        else:
            indent = None
            current: list[str] = []
            for line in lines[j:]:
                item = ITEM.match(line)
                if item and (indent is None or len(item.group(1)) == indent):
                    indent = len(item.group(1))
                    if current:
                        items.append(" ".join(current))
                    current = [item.group(2)]
                elif indent is not None and line.strip() and len(line) - len(line.lstrip()) > indent \
                        and not ITEM.match(line):
                    current.append(line.strip())  # an item's text goes on
                else:
                    break
            if current:
                items.append(" ".join(current))
        if not items:
            raise CardError(f"{path}:{first_line + i}: the cards marker '{name}' has no list or table "
                            "under it; put it on the line just before the list of cards")
        card_set.items.extend(_plain(t) for t in items)
        i += 1  # the marker line is dropped; the list itself stays on the page
    return "\n".join(kept), list(sets.values())


def card_text(item: str) -> tuple[str, str]:
    """A card's (title, text): the whole item when it is short; from a long one, its first
    sentence, or a short name and the sentence after it."""
    item = item[:1].upper() + item[1:]
    if len(item.split()) <= 45:
        return "", item
    sentences = SENTENCE.split(item)
    if len(sentences) > 1 and len(sentences[0].split()) <= 6 and sentences[0].endswith("."):
        return sentences[0].rstrip("."), sentences[1]
    return "", sentences[0]


def card_sheet(sets: list[CardSet], activity: str, number: int) -> str:
    """The HTML of an activity's card sheets, printed after its worksheet."""
    out = []
    for card_set in sets:
        cards = []
        for item in card_set.items:
            title, text = card_text(item)
            head = f'<strong class="card-title">{html.escape(title)}</strong> ' if title else ""
            cards.append(f'<li class="card"><p class="card-text">{head}{html.escape(text)}</p>'
                         f'<p class="card-activity">{html.escape(activity)}</p></li>')
        out.append(f'<section class="card-sheet print-only" data-activity="{number}" data-search-exclude>'
                   f'<h2 class="card-sheet-title">Cards to cut out: {html.escape(card_set.name)}</h2>'
                   f'<p class="card-sheet-help">Cut along the lines. {len(card_set.items)} cards.</p>'
                   f'<ul class="cards">{"".join(cards)}</ul></section>')
    return "\n".join(out)
