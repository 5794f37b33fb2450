"""Read the toolkit's Markdown pages into plain data: front matter, headings and links.

Nothing here imports MkDocs, so the checks built on it run from the command line too.
Every problem found while reading is kept as a ``Finding`` with its file and line, never
raised as a traceback.
"""

from __future__ import annotations

import posixpath
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import yaml

ACTIVITIES_DIR = "activities"
CHAPTERS_DIR = "part-2"

FENCE = re.compile(r"^\s*(```|~~~)")
HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*#*\s*$")
EXPLICIT_ID = re.compile(r"\s*\{[^}]*#([\w-]+)[^}]*\}\s*$")
ATTR_LIST = re.compile(r"\s*\{:?\s*(?:[.#][\w-]+|[\w-]+(?:=[^\s}]+)?)(?:\s+(?:[.#][\w-]+|[\w-]+(?:=[^\s}]+)?))*\s*\}\s*$")
LINK = re.compile(r"(?<!!)\[([^\]]+)\]\(([^)\s]+)(?:\s+\"[^\"]*\")?\)")
INLINE_MARKUP = re.compile(r"[*_`]|<[^>]+>")
ACTIVITY_FILE = re.compile(r"^(\d{2})-[a-z0-9-]+\.md$")


@dataclass(frozen=True)
class Finding:
    """One problem, in the form an editor can jump to: ``path:line: message``."""

    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


@dataclass(frozen=True)
class Heading:
    level: int
    text: str
    anchor: str
    line: int


@dataclass(frozen=True)
class Link:
    text: str
    target: str  # docs-relative path of the page linked to ("" for other sites)
    anchor: str
    line: int


@dataclass
class Page:
    """One Markdown file: ``src`` is its path inside the docs folder, with "/" separators."""

    src: str
    shown: str  # the path to print in messages
    meta: dict = field(default_factory=dict)
    meta_lines: dict = field(default_factory=dict)  # front matter key -> line number
    body_start: int = 1  # line number of the first line after the front matter
    readable: bool = True  # False when the front matter could not be read
    headings: list[Heading] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    line_count: int = 0

    @property
    def slug(self) -> str:
        """The file name without ".md": "05-mapping-your-assets"."""
        return self.src.rsplit("/", 1)[-1][: -len(".md")]

    @property
    def title(self) -> str:
        for h in self.headings:
            if h.level == 1:
                return h.text
        return str(self.meta.get("title", self.src))

    def heading(self, anchor: str) -> Heading | None:
        return next((h for h in self.headings if h.anchor == anchor), None)

    def section_end(self, heading: Heading) -> int:
        """The last line of a heading's section: up to the next heading of its level or higher."""
        for h in self.headings:
            if h.line > heading.line and h.level <= heading.level:
                return h.line - 1
        return self.line_count


def slugify(text: str) -> str:
    """The anchor Python-Markdown's toc extension gives a heading (its default slugify)."""
    value = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    value = re.sub(r"[^\w\s-]", "", value).strip().lower()
    return re.sub(r"[-\s]+", "-", value)


def split_front_matter(text: str, shown: str) -> tuple[dict, dict, int, list[Finding]]:
    """Return (meta, key -> line, first body line, findings) for a page's text."""
    lines = text.splitlines()
    if not lines or lines[0].strip() != "---":
        return {}, {}, 1, []
    end = next((i for i in range(1, len(lines)) if lines[i].strip() in ("---", "...")), None)
    if end is None:
        return {}, {}, 1, [Finding(shown, 1, "front matter starts with '---' but never ends; "
                                   "add a line with '---' after the last key")]
    block = "\n".join(lines[1:end])
    try:
        meta = yaml.safe_load(block)
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        line = (mark.line + 2) if mark is not None else 1
        problem = getattr(err, "problem", None) or "it cannot be read"
        return {}, {}, end + 2, [Finding(shown, line, f"front matter is not valid YAML ({problem}); "
                                         "check the colons, quotes and indentation on this line")]
    if meta is None:
        meta = {}
    if not isinstance(meta, dict):
        return {}, {}, end + 2, [Finding(shown, 2, "front matter must be a list of 'key: value' "
                                         "lines; write each setting on its own line")]
    key_lines = {}
    for i in range(1, end):
        m = re.match(r"^([A-Za-z_][\w-]*)\s*:", lines[i])
        if m:
            key_lines.setdefault(m.group(1), i + 1)
    return meta, key_lines, end + 2, []


def read_page(docs: Path, path: Path, shown_root: str) -> tuple[Page, list[Finding]]:
    src = path.relative_to(docs).as_posix()
    shown = posixpath.join(shown_root, src) if shown_root else src
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as err:
        return Page(src=src, shown=shown), [Finding(shown, 1, f"the file is not UTF-8 text "
                                                   f"({err.reason}); save it as UTF-8")]
    meta, key_lines, body_start, findings = split_front_matter(text, shown)
    page = Page(src=src, shown=shown, meta=meta, meta_lines=key_lines, body_start=body_start,
                readable=not findings)
    lines = text.splitlines()
    page.line_count = len(lines)
    seen: dict[str, int] = {}
    in_fence = False
    for number, line in enumerate(lines, 1):
        if number < body_start:
            continue
        if FENCE.match(line):
            in_fence = not in_fence
            continue
        if in_fence:
            continue
        m = HEADING.match(line)
        if m:
            raw = m.group(2)
            explicit = EXPLICIT_ID.search(raw)
            # attr_list's "{ .class #id }" is markup, not words: the heading's text and anchor
            # never include it ("Briefing { .one-page }" is the heading "Briefing").
            text_only = ATTR_LIST.sub("", raw)
            text_only = LINK.sub(r"\1", text_only)
            text_only = INLINE_MARKUP.sub("", text_only).strip()
            anchor = explicit.group(1) if explicit else slugify(text_only)
            if anchor in seen:  # the toc extension makes repeated anchors unique like this
                seen[anchor] += 1
                anchor = f"{anchor}_{seen[anchor]}"
            else:
                seen[anchor] = 0
            page.headings.append(Heading(len(m.group(1)), text_only, anchor, number))
        for lm in LINK.finditer(line):
            page.links.append(_link(src, lm.group(1), lm.group(2), number))
    return page, findings


def _link(src: str, text: str, href: str, line: int) -> Link:
    text = " ".join(INLINE_MARKUP.sub("", text).split())
    if re.match(r"^[a-z][a-z0-9+.-]*:", href) or href.startswith("//"):
        return Link(text, "", "", line)
    path, _, anchor = href.partition("#")
    if not path:
        target = src
    else:
        target = posixpath.normpath(posixpath.join(posixpath.dirname(src), path))
    return Link(text, target, anchor, line)


@dataclass
class Docs:
    pages: dict[str, Page]
    findings: list[Finding]
    root: Path | None = None  # the docs folder read, to read a page again (hooks/check_up.py)

    def activities(self, readable_only: bool = True) -> list[Page]:
        """Activity pages in file order; by default only those whose front matter was read
        (a page whose front matter is broken has already been reported once)."""
        return sorted(
            (p for p in self.pages.values()
             if _is_activity(p.src) and (p.readable or not readable_only)),
            key=lambda p: p.src,
        )

    def chapters(self) -> list[Page]:
        return sorted(
            (p for p in self.pages.values() if p.src.startswith(CHAPTERS_DIR + "/")
             and not p.src.endswith("index.md")),
            key=lambda p: p.src,
        )


def _is_activity(src: str) -> bool:
    head, _, name = src.rpartition("/")
    return head == ACTIVITIES_DIR and bool(ACTIVITY_FILE.match(name))


def read_docs(docs: Path, shown_root: str | None = None) -> Docs:
    """Read every Markdown page under ``docs``. Messages name files as ``shown_root/src``."""
    docs = Path(docs)
    if shown_root is None:
        shown_root = _shown(docs)
    pages: dict[str, Page] = {}
    findings: list[Finding] = []
    for path in sorted(docs.rglob("*.md")):
        page, problems = read_page(docs, path, shown_root)
        pages[page.src] = page
        findings.extend(problems)
    return Docs(pages, findings, docs)


def _shown(docs: Path) -> str:
    try:
        return docs.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return docs.as_posix()
