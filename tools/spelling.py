"""British English spell check of the toolkit's pages: `python tools/spelling.py docs includes`.

Reads every Markdown page under the folders given, keeps the words a reader sees (the text, and
the front matter that is shown: titles, descriptions, aims, materials, button words) and leaves
out what is not prose: code, web addresses, file names, HTML tags and comments, attribute lists,
link targets and front matter keys such as `section:` or `formats:`. Anything left out is
blanked to spaces, so every line and column stays where it was in the file.

The words go, all at once, to GNU Aspell with Debian's British English dictionary that spells
-ise (`en_GB-ise`, from the aspell-en package): it rejects "recieve" and "organization" and
accepts "organise" and "colour". Words that are right but not in the dictionary (names,
abbreviations) are in `spelling-words.txt` at the top of the repository, one to a line.

Each word the dictionary does not know is one line with the file, line, column and what to do:

    docs/about.md:12:9: "recieve" is not in the British English dictionary (did you mean
    "receive"?). Correct it or, if it is right, add it to spelling-words.txt.

Exit status: 0 when every word is known, 1 when one is not, 2 when the check cannot run
(no such folder, or Aspell or its dictionary is missing: scripts/ensure-check-tools installs them).
"""
from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORDS = ROOT / "spelling-words.txt"
DICTIONARY = "en_GB-ise"
INSTALL = "install them with 'sudo apt-get install aspell aspell-en' (scripts/ensure-check-tools does it as root)"

# Front matter keys whose values are names, numbers or addresses, not words a reader sees.
NOT_PROSE = {"section", "form", "pdf", "css", "hide", "formats", "search", "exclude", "number",
             "duration", "pages", "template"}

_FENCE = re.compile(r"^\s*(```|~~~)")
_KEY = re.compile(r"^(\s*)(?:- )?([A-Za-z_][\w-]*):(?=\s|$)")
_BLANKED = [
    re.compile(r"`[^`]*`"),                                    # inline code
    re.compile(r"^\s*(?:!!!|\?\?\?\+?)\s*[\w-]+"),             # admonition type (its title stays)
    re.compile(r"^\s*--8<--.*$"),                              # snippet includes
    re.compile(r"^\s*\[[^\]]+\]:\s*\S.*$"),                    # link reference definitions
    re.compile(r"\]\([^)]*\)"),                                # link and image targets
    re.compile(r"\]\[[^\]]*\]"),                               # reference links' labels
    re.compile(r"<[^<>\n]*>"),                                 # HTML tags and autolinks
    re.compile(r"\{[^{}\n]*\}"),                               # attribute lists { .class }
    re.compile(r"\b(?:https?|mailto|file):\S+"),               # bare addresses
    re.compile(r"\S+@\S+\.\w+"),                               # email addresses
    re.compile(r"\b[\w./-]+\.(?:md|html?|pdf|docx|odt|zip|css|js|py|yml|yaml|svg|png|jpe?g|txt)(?:#[\w-]+)?"),  # files, anchors
    re.compile(r"&#?\w+;"),                                    # HTML entities
    re.compile(r"\b\w*\d\w*\b"),                               # 5th, 18pt, A4, 2021
]


def _blank(text: str, pattern: re.Pattern) -> str:
    return pattern.sub(lambda m: " " * len(m.group()), text)


def prose_lines(text: str) -> list[str]:
    """The file's lines with everything that is not prose blanked; same count and columns."""
    lines = text.split("\n")
    out: list[str] = []
    in_front = bool(lines) and lines[0].strip() == "---"
    in_fence = in_comment = False
    key_indent, key_skipped = -1, False
    for number, line in enumerate(lines):
        if in_front:
            if number > 0 and line.strip() == "---":
                in_front = False
                out.append("")
                continue
            if number == 0 or line.lstrip().startswith("#"):
                out.append("")
                continue
            match = _KEY.match(line)
            if match:
                key_indent, key = len(match.group(1)), match.group(2)
                key_skipped = key in NOT_PROSE
                line = " " * match.end() + line[match.end():]
            elif line.strip() and len(line) - len(line.lstrip()) <= key_indent:
                key_skipped = False
            if key_skipped:
                out.append("")
                continue
            line = re.sub(r"\s#\s.*$", lambda m: " " * len(m.group()), line)  # a YAML comment
        else:
            if _FENCE.match(line):
                in_fence = not in_fence
                out.append("")
                continue
            if in_fence:
                out.append("")
                continue
        # HTML comments, which may run over several lines.
        kept = []
        rest = line
        while rest:
            if in_comment:
                end = rest.find("-->")
                if end < 0:
                    kept.append(" " * len(rest))
                    rest = ""
                else:
                    kept.append(" " * (end + 3))
                    rest, in_comment = rest[end + 3:], False
            else:
                start = rest.find("<!--")
                if start < 0:
                    kept.append(rest)
                    rest = ""
                else:
                    kept.append(rest[:start] + "    ")
                    rest, in_comment = rest[start + 4:], True
        line = "".join(kept)
        for pattern in _BLANKED:
            line = _blank(line, pattern)
        out.append(line)
    return out


def project_words(path: Path = WORDS) -> list[str]:
    """The project's own words: one a line; blank lines and lines starting # are ignored."""
    if not path.exists():
        return []
    return [w.strip() for w in path.read_text(encoding="utf-8").splitlines()
            if w.strip() and not w.lstrip().startswith("#")]


def unknown_words(lines_by_file: dict[str, list[str]], words: list[str]) -> list[tuple[str, int, int, str, list[str]]]:
    """Ask Aspell, in one run, about every line: (file, line, column, word, suggestions)."""
    where: list[tuple[str, int]] = []
    feed = ["!"] + [f"@{w}" for w in words]  # terse mode: only unknown words are answered
    for name, lines in lines_by_file.items():
        for number, line in enumerate(lines, 1):
            if line.strip():
                where.append((name, number))
                feed.append("^" + line)
    result = subprocess.run(["aspell", "-a", "-d", DICTIONARY, "--encoding=utf-8"],
                            input="\n".join(feed) + "\n", capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise RuntimeError(result.stderr.strip().splitlines()[-1] if result.stderr.strip() else "aspell failed")
    answers = result.stdout.split("\n")[1:]  # the first line is Aspell's version
    found = []
    index = 0
    for answer in answers:
        if answer == "":
            index += 1  # each line fed ends with a blank line in the answer
            continue
        if answer[0] not in "&#" or index >= len(where):
            continue
        head, _, suggestions = answer.partition(": ")
        parts = head.split()
        word, offset = parts[1], int(parts[-1])
        name, number = where[index]
        found.append((name, number, offset, word, [s for s in suggestions.split(", ") if s][:3]))
    return found


def check(folders: list[Path], root: Path = ROOT, words_file: Path = WORDS) -> list[str]:
    """One line for each word the dictionary does not know, in file and line order."""
    lines_by_file = {}
    for page in sorted(p for folder in folders for p in folder.rglob("*.md")):
        try:
            shown = page.relative_to(root).as_posix()
        except ValueError:
            shown = page.as_posix()
        lines_by_file[shown] = prose_lines(page.read_text(encoding="utf-8"))
    lines = []
    for name, number, column, word, suggestions in unknown_words(lines_by_file, project_words(words_file)):
        hint = f' (did you mean "{suggestions[0]}"?)' if suggestions else ""
        lines.append(f'{name}:{number}:{column}: "{word}" is not in the British English dictionary{hint}. '
                     f"Correct it or, if it is right, add it to {words_file.name}.")
    return lines


def main(argv: list[str]) -> int:
    if not argv:
        print("usage: python tools/spelling.py FOLDER [FOLDER ...], e.g. docs includes", file=sys.stderr)
        return 2
    folders = [Path(a) for a in argv]
    for folder in folders:
        if not folder.is_dir():
            print(f"error: {folder} is not a folder; give the pages' folder, e.g. docs", file=sys.stderr)
            return 2
    if not shutil.which("aspell"):
        print(f"error: the spell check needs GNU Aspell and its British English dictionary; {INSTALL}.",
              file=sys.stderr)
        return 2
    try:
        found = check([f.resolve() for f in folders])
    except RuntimeError as err:
        print(f"error: Aspell cannot run with its {DICTIONARY} dictionary ({err}); {INSTALL}.", file=sys.stderr)
        return 2
    for line in found:
        print(line)
    pages = sum(1 for folder in folders for _ in folder.rglob("*.md"))
    words = "1 unknown word" if len(found) == 1 else f"{len(found)} unknown words"
    print(f"spell check ({DICTIONARY}): {words} in {pages} page{'s' * (pages != 1)}")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
