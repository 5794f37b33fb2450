"""Finishing a PDF that Chromium printed: what the file says about itself, the PDF/UA-1
repairs, and the same bytes for the same commit.

``finish(data, info)`` returns the finished file:

1. the PDF/UA-1 repairs (hooks/print/pdf_ua.py);
2. the tag tree's element IDs renumbered in order (Chromium's differ from run to run);
3. the document information and the XMP metadata (title, author, subject, language, dates
   from the last commit, never the clock), with the PDF/UA identification;
4. then the file is checked with the independent PDF/UA-1 validator (page-validation): one
   that fails is refused with the rules it breaks, so no file ever claims PDF/UA falsely.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import datetime, UTC
from pathlib import Path

import pikepdf
from pikepdf import Array, Dictionary, Name, String

from hooks.print.pdf_ua import Context, repair

CREATOR = "Co-production toolkit build (MkDocs, Chromium)"
PRODUCER = "Chromium (Skia/PDF) and pikepdf"


class NotConformant(Exception):
    """A finished PDF fails PDF/UA-1; the message names the rules it breaks."""


@dataclass(frozen=True)
class Info:
    title: str
    author: str
    subject: str
    epoch: int
    lang: str = "en-GB"
    headings: list[str] = field(default_factory=list)


def finish(data: bytes, info: Info, *, skip: frozenset[str] = frozenset(), check: bool = True) -> bytes:
    """The finished file. skip switches repairs off and check=False skips the validator:
    only the tests do either, to show that each repair matters."""
    return _finish(data, info, skip, check)[0]


def finish_file(data: bytes, info: Info, path: Path) -> tuple[int, int]:
    """Finish the file and write it to path; its number of pages and its size in bytes.

    The build runs this in a worker thread, so Chromium prints the next file meanwhile."""
    result, pages = _finish(data, info, frozenset(), True)
    path.write_bytes(result)
    return pages, len(result)


def _finish(data: bytes, info: Info, skip: frozenset[str], check: bool) -> tuple[bytes, int]:
    with pikepdf.open(io.BytesIO(data)) as pdf:
        repair(pdf, Context(title=info.title, lang=info.lang, headings=info.headings), skip)
        stable_ids(pdf)
        write_metadata(pdf, info)
        pages = len(pdf.pages)
        # qpdf keeps the first half of an /ID it finds, so a file saved on the way in (as a
        # test does, or a future Chromium) would make the result depend on when that was.
        if "/ID" in pdf.trailer:
            del pdf.trailer.ID
        out = io.BytesIO()
        pdf.save(out, deterministic_id=True, compress_streams=True,
                 object_stream_mode=pikepdf.ObjectStreamMode.generate)
    result = out.getvalue()
    if check:
        failures = ua_failures(result)
        if failures:
            raise NotConformant("; ".join(failures))
    return result, pages


def ua_failures(data: bytes) -> list[str]:
    """Each PDF/UA-1 rule the file breaks, as 'RULE-ID: what is wrong' (none if it conforms)."""
    from page import ValidationProfile, validate_pdf_bytes

    report = validate_pdf_bytes(data, profile=ValidationProfile.PDF_UA_1)
    seen: dict[str, str] = {}
    for failure in report.failures:
        seen.setdefault(failure.rule_id, failure.message)
    return [f"{rule}: {message}" for rule, message in sorted(seen.items())]


def _stamp(epoch: int) -> datetime:
    return datetime.fromtimestamp(epoch, tz=UTC)


def write_metadata(pdf: pikepdf.Pdf, info: Info) -> None:
    """The document information and the matching XMP packet, with the PDF/UA claim."""
    when = _stamp(info.epoch)
    for key in list(pdf.docinfo.keys()):
        del pdf.docinfo[key]
    pdf.docinfo.Title = String(info.title)
    pdf.docinfo.Author = String(info.author)
    pdf.docinfo.Subject = String(info.subject)
    pdf.docinfo.Creator = String(CREATOR)
    pdf.docinfo.Producer = String(PRODUCER)
    pdf_date = when.strftime("D:%Y%m%d%H%M%S+00'00'")
    pdf.docinfo.CreationDate = String(pdf_date)
    pdf.docinfo.ModDate = String(pdf_date)
    iso = when.strftime("%Y-%m-%dT%H:%M:%S+00:00")
    with pdf.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as meta:
        meta["dc:title"] = info.title
        meta["dc:creator"] = [info.author]
        meta["dc:description"] = info.subject
        meta["dc:language"] = {info.lang}
        meta["pdf:Producer"] = PRODUCER
        meta["xmp:CreatorTool"] = CREATOR
        meta["xmp:CreateDate"] = iso
        meta["xmp:ModifyDate"] = iso
        meta["xmp:MetadataDate"] = iso
        meta["pdfuaid:part"] = "1"
    pdf.Root.Metadata.Type = Name.Metadata
    pdf.Root.Metadata.Subtype = Name.XML


def stable_ids(pdf: pikepdf.Pdf) -> None:
    """Number the tag tree's element IDs in reading order: node00000000, node00000001, ...

    Chromium names each tagged element after its DOM node's ID ("node00029372"). Those IDs
    are handed out when first asked for, and the browser asks for some while it paints (its
    paint timing), so their order can change from one run to the next. Numbered by where
    each element is in the tag tree, one commit gives the same bytes every time.
    """
    root = pdf.Root.get("/StructTreeRoot")
    id_tree = root.get("/IDTree") if root is not None else None
    if id_tree is None:
        return
    element = {}  # old ID -> the element, as the ID tree refers to it
    stack = [id_tree]
    while stack:
        node = stack.pop()
        names = list(node.get("/Names", []))
        element.update((str(names[j]), names[j + 1]) for j in range(0, len(names), 2))
        stack.extend(node.get("/Kids", []))
    order = []  # old IDs, in reading order: depth first through the tag tree
    seen = set()
    stack = [root.get("/K")]
    while stack:
        node = stack.pop()
        if isinstance(node, Array):
            stack.extend(reversed(list(node)))
        elif isinstance(node, Dictionary):
            if node.is_indirect:
                if node.objgen in seen:
                    continue
                seen.add(node.objgen)
            if "/ID" in node and str(node.ID) in element:
                order.append(str(node.ID))
            if "/S" in node and "/K" in node:
                stack.append(node.K)
    order += sorted(set(element) - set(order))  # any the tree does not reach, last
    new_id = {old: f"node{i:08d}" for i, old in enumerate(order)}
    names = Array()
    for old in order:  # already in the order a name tree needs
        fresh = String(new_id[old])
        element[old].ID = fresh
        names.append(fresh)
        names.append(element[old])
    root.IDTree = pdf.make_indirect(Dictionary(Names=names))
    # Table cells name their header cells by the same IDs.
    for obj in pdf.objects:
        if not isinstance(obj, Dictionary) or "/S" not in obj or "/A" not in obj:
            continue
        attrs = obj.A
        for attr in (list(attrs) if isinstance(attrs, Array) else [attrs]):
            if isinstance(attr, Dictionary) and "/Headers" in attr:
                attr.Headers = Array([String(new_id.get(str(h), str(h))) for h in attr.Headers])
