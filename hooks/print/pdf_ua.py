"""Repairs that make Chromium's tagged PDFs conform to PDF/UA-1 (ISO 14289-1).

Chromium writes a tag tree, bookmarks and a document language, but not everything PDF/UA-1
asks for. Each repair below mends one fault that the independent validator (page-validation,
profile PDF/UA-1) finds in Chromium's output, and is named, so a test can switch one off and
see the validator fail (tests/test_pdf_ua.py):

- ``artifacts``: page numbers, box borders and other drawing painted outside the tag tree are
  marked as artifacts, so a screen reader skips them instead of meeting unlabelled content;
- ``links``: every link annotation gets a /Contents description: the link's own words;
- ``role_map``: structure types PDF 1.7 does not define (Chromium's /Strong) are mapped to a
  standard one (/Span);
- ``list_bodies``: what follows a list item's label is wrapped in an /LBody, as PDF/UA asks;
- ``bookmarks``: a bookmark whose heading wrapped on the page gets back the space Chromium
  dropped at the wrap ("youwant" becomes "you want"), from the heading's own text;

Chromium already writes the document language, /DisplayDocTitle and /Tabs /S on every page;
tests/test_pdf_ua.py checks that they stay. The XMP metadata, with the PDF/UA claim, is written
by hooks/print/pdf_finish.py, which refuses a file that the validator fails.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

import pikepdf
from pikepdf import Array, Dictionary, Name, Pdf, String

# Structure types that PDF 1.7 (ISO 32000-1, 14.8.4) defines; anything else needs a RoleMap.
STANDARD_TYPES = frozenset("""
Document Part Art Sect Div BlockQuote Caption TOC TOCI Index NonStruct Private
P H H1 H2 H3 H4 H5 H6 L LI Lbl LBody Table TR TH TD THead TBody TFoot
Span Quote Note Reference BibEntry Code Link Annot Ruby RB RT RP Warichu WT WP
Figure Formula Form
""".split())
# The standard type each non-standard one Chromium writes stands for.
ROLES = {"Strong": "Span", "Em": "Span", "Mark": "Span", "Sub": "Span", "Sup": "Span",
         "Title": "H1", "Aside": "Note", "FENote": "Note", "DocumentFragment": "Div"}

PATH_CONSTRUCTION = frozenset({"m", "l", "c", "v", "y", "h", "re"})
PATH_PAINTING = frozenset({"S", "s", "f", "F", "f*", "B", "B*", "b", "b*", "n"})
CLIPPING = frozenset({"W", "W*"})
TEXT_SHOWING = frozenset({"Tj", "TJ", "'", '"'})


@dataclass
class Context:
    """What the repairs need to know about the document beyond its bytes."""

    title: str
    lang: str = "en-GB"
    # Every heading's text as the page shows it, in document order: the bookmarks' titles.
    headings: list[str] = field(default_factory=list)


# --- Walking the tag tree --------------------------------------------------------------------

def _kids(elem: Dictionary) -> list:
    k = elem.get("/K")
    if k is None:
        return []
    return list(k) if isinstance(k, Array) else [k]


def _is_elem(obj) -> bool:
    return isinstance(obj, Dictionary) and "/S" in obj and obj.get("/Type") not in ("/MCR", "/OBJR")


def struct_elements(pdf: Pdf) -> Iterator[Dictionary]:
    """Every structure element, in document (reading) order."""
    root = pdf.Root.get("/StructTreeRoot")
    if root is None:
        return
    stack = list(reversed([k for k in _kids(root) if _is_elem(k)]))
    while stack:
        elem = stack.pop()
        yield elem
        stack.extend(reversed([k for k in _kids(elem) if _is_elem(k)]))


# --- Text of marked content -----------------------------------------------------------------

_HEX = re.compile(rb"<([0-9A-Fa-f]+)>")


def _to_unicode(font: Dictionary) -> tuple[dict[int, str], int]:
    """A font's code -> text map from its ToUnicode CMap, and its code length in bytes."""
    cmap: dict[int, str] = {}
    width = 2 if font.get("/Subtype") == "/Type0" else 1
    stream = font.get("/ToUnicode")
    if stream is None:
        return cmap, width
    data = stream.read_bytes()

    def text(hexstr: bytes) -> str:
        return bytes.fromhex(hexstr.decode()).decode("utf-16-be", errors="replace")

    for block in re.findall(rb"beginbfchar(.*?)endbfchar", data, re.S):
        pairs = _HEX.findall(block)
        for src, dst in zip(pairs[::2], pairs[1::2]):
            cmap[int(src, 16)] = text(dst)
    for block in re.findall(rb"beginbfrange(.*?)endbfrange", data, re.S):
        for line in re.findall(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*(\[[^\]]*\]|<[0-9A-Fa-f]+>)", block):
            lo, hi, dst = int(line[0], 16), int(line[1], 16), line[2]
            if dst.startswith(b"["):
                for i, d in enumerate(_HEX.findall(dst)):
                    cmap[lo + i] = text(d)
            else:
                start = bytes.fromhex(dst[1:-1].decode())
                base = int.from_bytes(start[-2:], "big")
                for i in range(hi - lo + 1):
                    cmap[lo + i] = (start[:-2] + (base + i).to_bytes(2, "big")).decode(
                        "utf-16-be", errors="replace")
    return cmap, width


def mcid_texts(page: pikepdf.Page) -> dict[int, str]:
    """The text drawn in each marked-content sequence of a page, by MCID."""
    fonts: dict[str, tuple[dict[int, str], int]] = {}
    resources = page.obj.get("/Resources", Dictionary())
    font_dict = resources.get("/Font", Dictionary())
    out: dict[int, list[str]] = {}
    stack: list[int | None] = []
    current: tuple[dict[int, str], int] = ({}, 2)
    for operands, op in pikepdf.parse_content_stream(page):
        name = str(op)
        if name == "BDC":
            props = operands[1]
            mcid = props.get("/MCID") if isinstance(props, Dictionary) else None
            stack.append(int(mcid) if mcid is not None else (stack[-1] if stack else None))
        elif name == "BMC":
            stack.append(stack[-1] if stack else None)
        elif name == "EMC":
            if stack:
                stack.pop()
        elif name == "Tf":
            key = str(operands[0])
            if key not in fonts:
                font = font_dict.get(key)
                fonts[key] = _to_unicode(font) if font is not None else ({}, 1)
            current = fonts[key]
        elif name in TEXT_SHOWING and stack and stack[-1] is not None:
            strings = operands[-1] if name != "TJ" else [o for o in operands[0] if isinstance(o, String)]
            if name != "TJ":
                strings = [strings]
            cmap, width = current
            chars = []
            for s in strings:
                raw = bytes(s)
                for i in range(0, len(raw) - width + 1, width):
                    chars.append(cmap.get(int.from_bytes(raw[i:i + width], "big"), ""))
            out.setdefault(stack[-1], []).append("".join(chars))
    return {mcid: "".join(parts) for mcid, parts in out.items()}


def element_text(elem: Dictionary, pages: dict, texts: dict) -> str:
    """The text an element's marked content draws, its descendants' included."""
    parts = []
    for kid in _kids(elem):
        if isinstance(kid, int):
            page = elem.get("/Pg")
            parts.append(_text_for(page, int(kid), pages, texts))
        elif isinstance(kid, Dictionary) and kid.get("/Type") == "/MCR":
            parts.append(_text_for(kid.get("/Pg", elem.get("/Pg")), int(kid.MCID), pages, texts))
        elif _is_elem(kid):
            parts.append(element_text(kid, pages, texts))
    return "".join(parts)


def _text_for(page_obj, mcid: int, pages: dict, texts: dict) -> str:
    if page_obj is None:
        return ""
    key = page_obj.objgen
    if key not in texts:
        texts[key] = mcid_texts(pages[key]) if key in pages else {}
    return texts[key].get(mcid, "")


# --- The repairs -----------------------------------------------------------------------------

def _wrapped(ops: list) -> list:
    """ops with every painting operation outside marked content wrapped in /Artifact."""
    out: list = []
    pending: list = []  # a path being built, or a text object, outside marked content
    depth = 0
    in_text = text_tagged = False

    def flush(paints: bool) -> None:
        if paints:
            out.append(pikepdf.ContentStreamInstruction([Name.Artifact], pikepdf.Operator("BMC")))
        out.extend(pending)
        if paints:
            out.append(pikepdf.ContentStreamInstruction([], pikepdf.Operator("EMC")))
        pending.clear()

    for inst in ops:
        name = "INLINE" if isinstance(inst, pikepdf.ContentStreamInlineImage) else str(inst.operator)
        if in_text:  # inside BT ... ET: wrap the whole text object, unless it is tagged inside
            pending.append(inst)
            text_tagged = text_tagged or name in ("BDC", "BMC")
            if name == "ET":
                in_text = False
                flush(not text_tagged and any(
                    str(i.operator) in TEXT_SHOWING for i in pending
                    if not isinstance(i, pikepdf.ContentStreamInlineImage)))
            continue
        if name in ("BDC", "BMC"):
            depth += 1
        elif name == "EMC":
            depth = max(0, depth - 1)
        if depth > 0 or name in ("BDC", "BMC", "EMC"):
            out.append(inst)
        elif name == "BT":
            in_text, text_tagged = True, False
            pending.append(inst)
        elif name in PATH_CONSTRUCTION or name in CLIPPING:
            pending.append(inst)
        elif name in PATH_PAINTING:
            pending.append(inst)
            flush(name != "n")  # "n" ends a clipping path and paints nothing
        elif name in ("Do", "sh", "INLINE"):
            pending.append(inst)
            flush(True)
        else:
            out.append(inst)
    out.extend(pending)
    return out


def mark_artifacts(pdf: Pdf, ctx: Context) -> None:
    """Wrap every drawing made outside marked content (page numbers, borders, rules, the
    shadows of boxes) in an /Artifact sequence: it is layout, not content."""
    for page in pdf.pages:
        ops = _wrapped(pikepdf.parse_content_stream(page))
        page.obj.Contents = pdf.make_stream(pikepdf.unparse_content_stream(ops))


def describe_links(pdf: Pdf, ctx: Context) -> None:
    """Give every link annotation a /Contents: the words of the link it belongs to."""
    pages = {p.obj.objgen: p for p in pdf.pages}
    page_number = {p.obj.objgen: i + 1 for i, p in enumerate(pdf.pages)}
    texts: dict = {}
    for elem in struct_elements(pdf):
        if elem.S != Name.Link:
            continue
        words = " ".join(element_text(elem, pages, texts).split())
        for kid in _kids(elem):
            if isinstance(kid, Dictionary) and kid.get("/Type") == "/OBJR" and words:
                kid.Obj.Contents = String(words)
    for page in pdf.pages:
        for annot in page.obj.get("/Annots", Array()):
            if annot.get("/Subtype") != Name.Link or str(annot.get("/Contents", "")).strip():
                continue
            action = annot.get("/A", Dictionary())
            if "/URI" in action:
                annot.Contents = String(f"Link to {action.URI}")
            else:
                target = annot.get("/Dest") or action.get("/D")
                dest = pdf.Root.get("/Dests", Dictionary()).get(str(target)) if isinstance(
                    target, Name) else None
                if isinstance(target, String):
                    dest = _named_dest(pdf, str(target))
                page_ref = dest[0] if isinstance(dest, Array) and len(dest) else None
                n = page_number.get(page_ref.objgen) if page_ref is not None else None
                annot.Contents = String(f"Go to page {n}" if n else "Link within this document")


def _named_dest(pdf: Pdf, name: str):
    dests = pdf.Root.get("/Names", Dictionary()).get("/Dests")
    if dests is None:
        old = pdf.Root.get("/Dests")
        return old.get("/" + name) if old is not None else None
    tree = pikepdf.NameTree(dests)
    return tree.get(name)


def map_roles(pdf: Pdf, ctx: Context) -> None:
    """Map each structure type that PDF 1.7 does not define to the standard one it stands for."""
    root = pdf.Root.get("/StructTreeRoot")
    if root is None:
        return
    used = {str(e.S)[1:] for e in struct_elements(pdf)}
    role_map = root.get("/RoleMap", Dictionary())
    for kind in sorted(used - STANDARD_TYPES):
        if Name("/" + kind) not in role_map:
            role_map[Name("/" + kind)] = Name("/" + ROLES.get(kind, "Span"))
    if len(role_map):
        root.RoleMap = role_map


def wrap_list_bodies(pdf: Pdf, ctx: Context) -> None:
    """A list item holds a label (/Lbl) and a body (/LBody): wrap everything else in one."""
    parent_tree = pikepdf.NumberTree(pdf.Root.StructTreeRoot.ParentTree)
    page_key = {p.obj.objgen: int(p.obj.get("/StructParents", -1)) for p in pdf.pages}
    for item in [e for e in struct_elements(pdf) if e.S == Name.LI]:
        kids = _kids(item)
        rest = [k for k in kids if not (_is_elem(k) and k.S in (Name.Lbl, Name.LBody))]
        if not rest:
            continue
        body = pdf.make_indirect(Dictionary(Type=Name.StructElem, S=Name.LBody, P=item))
        if "/Pg" in item:
            body.Pg = item.Pg
        moved = Array()
        for kid in rest:
            if _is_elem(kid):
                kid.P = body
            else:  # marked content: the parent tree must now name the body as its parent
                page = kid.get("/Pg", item.get("/Pg")) if isinstance(kid, Dictionary) else item.get("/Pg")
                mcid = kid if isinstance(kid, int) else (
                    int(kid.MCID) if isinstance(kid, Dictionary) and "/MCID" in kid else None)
                if page is not None and mcid is not None and page.objgen in page_key:
                    entries = parent_tree.get(page_key[page.objgen])
                    if entries is not None and mcid < len(entries):
                        entries[mcid] = body
                elif isinstance(kid, Dictionary) and kid.get("/Type") == "/OBJR":
                    key = kid.Obj.get("/StructParent")
                    if key is not None:
                        parent_tree[int(key)] = body
            moved.append(kid)
        body.K = moved
        labels = [k for k in kids if _is_elem(k) and k.S in (Name.Lbl, Name.LBody)]
        item.K = Array(labels + [body])


def restore_bookmark_spaces(pdf: Pdf, ctx: Context) -> None:
    """Chromium builds a bookmark's title from a heading's lines and drops the space where the
    heading wrapped. Put back the heading's own text where the letters match."""
    by_letters: dict[str, str] = {}
    for text in ctx.headings:
        by_letters.setdefault("".join(text.split()), " ".join(text.split()))
    with pdf.open_outline() as outline:
        stack = list(outline.root)
        while stack:
            item = stack.pop()
            fixed = by_letters.get("".join(item.title.split()))
            if fixed and fixed != item.title:
                item.title = fixed
            stack.extend(item.children)


REPAIRS: dict[str, Callable[[Pdf, Context], None]] = {
    "artifacts": mark_artifacts,
    "links": describe_links,
    "role_map": map_roles,
    "list_bodies": wrap_list_bodies,
    "bookmarks": restore_bookmark_spaces,
}


def repair(pdf: Pdf, ctx: Context, skip: frozenset[str] = frozenset()) -> None:
    """Apply every repair, except those named in skip (for the tests' mutation checks)."""
    unknown = skip - REPAIRS.keys()
    if unknown:
        raise ValueError(f"no such repair: {', '.join(sorted(unknown))}")
    for name, fix in REPAIRS.items():
        if name not in skip:
            fix(pdf, ctx)
