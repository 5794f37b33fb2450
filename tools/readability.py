"""Flesch reading ease of the prose in Markdown pages.

Usage: python tools/readability.py [--min SCORE] FILE_OR_DIR ...

Counts only running prose: front matter, HTML tags, code, tables, headings and
link targets are left out. Syllables are counted with the usual vowel-group
rule (with the common English corrections), which needs no word list and no
network; on the source toolkit it gives about 42, the figure the project uses
for it. Exit status 1 when a page scores below --min.
"""
from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.S)
FENCE = re.compile(r"^```.*?^```", re.S | re.M)
TAG = re.compile(r"<[^>]+>")
LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
ATTRS = re.compile(r"\{[:#.][^}]*\}")
WORD = re.compile(r"[A-Za-z]+(?:['’][A-Za-z]+)?")
SENTENCE_END = re.compile(r"[.!?:;]+(?:[\"'”’)]*)(?=\s|$)")


def prose(markdown: str) -> str:
    """The running text of a Markdown page, one sentence-like unit per line."""
    text = FRONT_MATTER.sub("", markdown)
    text = FENCE.sub("", text)
    text = TAG.sub(" ", text)
    text = LINK.sub(r"\1", text)
    text = ATTRS.sub("", text)
    kept = []
    for line in text.splitlines():
        s = line.strip()
        if not s or s.startswith(("#", "|", "!!!", "???", "///", "*[")):
            continue
        s = re.sub(r"^(?:[-*+]|\d+\.)\s+", "", s)  # list markers
        s = s.replace("**", "").replace("`", "")
        # A list item or line with no full stop still ends a unit of meaning.
        kept.append(s if SENTENCE_END.search(s[-3:] + " ") else s + ".")
    return "\n".join(kept)


def syllables(word: str) -> int:
    w = word.lower().replace("’", "'").split("'")[0]
    if len(w) <= 3:
        return 1
    w = re.sub(r"(?:[^laeiouy]es|[^laeiouy]ed|[^laeiouy]e)$", "", w)
    w = re.sub(r"^y", "", w)
    groups = re.findall(r"[aeiouy]{1,2}", w)
    return max(1, len(groups))


def flesch(text: str) -> tuple[float, int]:
    """Flesch reading ease and the number of words it was measured on."""
    words = WORD.findall(text)
    if not words:
        return 0.0, 0
    sentences = max(1, len(SENTENCE_END.findall(text)))
    syl = sum(syllables(w) for w in words)
    score = 206.835 - 1.015 * (len(words) / sentences) - 84.6 * (syl / len(words))
    return round(score, 1), len(words)


def pages(args: list[str]) -> list[Path]:
    out: list[Path] = []
    for a in args:
        p = Path(a)
        out.extend(sorted(p.rglob("*.md")) if p.is_dir() else [p])
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("paths", nargs="+")
    ap.add_argument("--min", type=float, default=None)
    args = ap.parse_args(argv)
    low = 0
    for path in pages(args.paths):
        raw = path.read_text(encoding="utf-8")
        score, n = flesch(prose(raw) if path.suffix == ".md" else raw)
        flag = ""
        if args.min is not None and score < args.min:
            low += 1
            flag = f"  below {args.min:g}"
        print(f"{score:6.1f}  {n:5d} words  {path}{flag}")
    return 1 if low else 0


if __name__ == "__main__":
    sys.exit(main())
