"""PDF document metadata (title, author, subject, keywords, creator) that Qt cannot set alone.

QPdfWriter (Qt 6.12) sets Title, Author and Creator in the Info dictionary
but has no Subject or Keywords. Rather than pull in a PDF library at run
time, we write the two places PDF readers look, both fully:

- the XMP packet, handed to ``QPdfWriter.setDocumentXmpMetadata`` before
  painting (Qt embeds it as the catalog's /Metadata stream);
- the Info dictionary, replaced after Qt has finished with a standard PDF
  *incremental update* (ISO 32000-1 §7.5.6): the new Info object, a one-entry
  cross-reference section and a trailer whose /Prev points at Qt's. Nothing Qt
  wrote is modified, so a reader that ignores the update still sees a valid file.

Both carry the same values and timestamps, so viewers that prefer either agree.
Qt-free.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from xml.sax.saxutils import escape as xml_escape

from reader.export.errors import ExportError


class PdfMetadataError(ExportError):
    """The PDF Qt wrote does not have the classic trailer we know how to update."""


@dataclass(frozen=True)
class PdfMetadata:
    title: str
    author: str
    subject: str
    creator: str
    producer: str
    keywords: tuple[str, ...] = ()
    created: datetime = field(default_factory=lambda: datetime.now(UTC).replace(microsecond=0))
    document_id: str = field(default_factory=lambda: f"uuid:{uuid.uuid4()}")


def pdf_text_string(text: str) -> bytes:
    """Any Unicode text as a PDF text string: UTF-16BE with a byte-order mark, hex-encoded.

    Hex strings need no escaping, so parentheses, backslashes and control
    characters in a title cannot break the dictionary.
    """
    return b"<FEFF" + text.encode("utf-16-be").hex().upper().encode("ascii") + b">"


def pdf_date(dt: datetime) -> bytes:
    dt = dt.astimezone(UTC)
    return f"(D:{dt:%Y%m%d%H%M%S}Z)".encode("ascii")


_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _x(text: str) -> str:
    return xml_escape(_XML_ILLEGAL.sub("", text), {'"': "&quot;"})


def xmp_packet(meta: PdfMetadata) -> bytes:
    """The XMP metadata packet (same fields and layout Qt writes, plus subject and keywords)."""
    when = meta.created.astimezone(UTC).isoformat()
    authors = "".join(f"<rdf:li>{_x(a)}</rdf:li>" for a in _split_authors(meta.author))
    creator_block = f"<dc:creator><rdf:Seq>{authors}</rdf:Seq></dc:creator>" if authors else ""
    subject_block = (
        f'<dc:description><rdf:Alt><rdf:li xml:lang="x-default">{_x(meta.subject)}</rdf:li></rdf:Alt></dc:description>'
        if meta.subject
        else ""
    )
    keywords_block = (
        "<dc:subject><rdf:Bag>" + "".join(f"<rdf:li>{_x(k)}</rdf:li>" for k in meta.keywords) + "</rdf:Bag></dc:subject>"
        if meta.keywords
        else ""
    )
    pdf_keywords = f' pdf:Keywords="{_x(", ".join(meta.keywords))}"' if meta.keywords else ""
    xml = (
        "<?xpacket begin='\ufeff' id='W5M0MpCehiHzreSzNTczkc9d'?>"
        '<x:xmpmeta xmlns:x="adobe:ns:meta/">'
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
        '<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/">'
        f'<dc:format>application/pdf</dc:format>'
        f'<dc:title><rdf:Alt><rdf:li xml:lang="x-default">{_x(meta.title)}</rdf:li></rdf:Alt></dc:title>'
        f"{creator_block}{subject_block}{keywords_block}"
        "</rdf:Description>"
        '<rdf:Description rdf:about="" xmlns:pdf="http://ns.adobe.com/pdf/1.3/"'
        f' pdf:Producer="{_x(meta.producer)}"{pdf_keywords}/>'
        '<rdf:Description rdf:about="" xmlns:xmp="http://ns.adobe.com/xap/1.0/"'
        f' xmp:CreatorTool="{_x(meta.creator)}" xmp:CreateDate="{when}" xmp:ModifyDate="{when}"'
        f' xmp:MetadataDate="{when}"/>'
        '<rdf:Description rdf:about="" xmlns:xmpMM="http://ns.adobe.com/xap/1.0/mm/"'
        f' xmpMM:DocumentID="{_x(meta.document_id)}"/>'
        "</rdf:RDF></x:xmpmeta>"
        "<?xpacket end='w'?>"
    )
    return xml.encode("utf-8")


def _split_authors(author: str) -> list[str]:
    return [a.strip() for a in author.split(",") if a.strip()] if author else []


def info_dictionary(meta: PdfMetadata) -> bytes:
    entries = [
        (b"/Title", pdf_text_string(meta.title)),
        (b"/Author", pdf_text_string(meta.author) if meta.author else None),
        (b"/Subject", pdf_text_string(meta.subject) if meta.subject else None),
        (b"/Keywords", pdf_text_string(", ".join(meta.keywords)) if meta.keywords else None),
        (b"/Creator", pdf_text_string(meta.creator)),
        (b"/Producer", pdf_text_string(meta.producer)),
        (b"/CreationDate", pdf_date(meta.created)),
        (b"/ModDate", pdf_date(meta.created)),
    ]
    body = b"\n".join(k + b" " + v for k, v in entries if v is not None)
    return b"<<\n" + body + b"\n>>"


_STARTXREF = re.compile(rb"startxref\s+(\d+)\s+%%EOF\s*$")
_REF = rb"(\d+)\s+(\d+)\s+R"


def _trailer_value(trailer: bytes, key: bytes, pattern: bytes) -> re.Match[bytes] | None:
    return re.search(re.escape(key) + rb"\s*" + pattern, trailer)


def write_info(path: Path, meta: PdfMetadata) -> None:
    """Append an incremental update that replaces the file's Info dictionary with ``meta``."""
    data = path.read_bytes()
    m = _STARTXREF.search(data[-64:])
    tpos = data.rfind(b"trailer")
    if not m or tpos < 0:
        raise PdfMetadataError("the PDF was not finished (no trailer)", path=path)
    prev = int(m.group(1))
    trailer = data[tpos:]
    root = _trailer_value(trailer, b"/Root", _REF)
    size = _trailer_value(trailer, b"/Size", rb"(\d+)")
    info = _trailer_value(trailer, b"/Info", _REF)
    ident = _trailer_value(trailer, b"/ID", rb"(\[[^\]]*\])")
    if not root or not size:
        raise PdfMetadataError("the PDF trailer has no /Root or /Size", path=path)
    n_size = int(size.group(1))
    # Reuse Qt's Info object number (a new version of it), else add one.
    if info:
        num, gen = int(info.group(1)), int(info.group(2))
    else:
        num, gen = n_size, 0
        n_size += 1
    out = bytearray(data)
    if not out.endswith(b"\n"):
        out += b"\n"
    obj_offset = len(out)
    out += f"{num} {gen} obj\n".encode("ascii") + info_dictionary(meta) + b"\nendobj\n"
    xref_offset = len(out)
    # The free-list head (object 0) first: some readers expect every section to start at 0.
    out += b"xref\n0 1\n0000000000 65535 f\r\n"
    out += f"{num} 1\n{obj_offset:010d} {gen:05d} n\r\n".encode("ascii")
    out += b"trailer\n<<\n/Size " + str(n_size).encode("ascii")
    out += b"\n/Root " + root.group(1) + b" " + root.group(2) + b" R"
    out += f"\n/Info {num} {gen} R".encode("ascii")
    if ident:
        out += b"\n/ID " + ident.group(1)
    out += f"\n/Prev {prev}\n>>\nstartxref\n{xref_offset}\n%%EOF\n".encode("ascii")
    tmp = path.with_name(path.name + ".part")
    tmp.write_bytes(bytes(out))
    tmp.replace(path)
