"""Step 0 of every pipeline: bytes on disk -> text we can trust.

Handles gzip, byte-order marks, UTF-8, and legacy encodings (via
charset-normalizer); refuses binary data, empty files and files over the size
limit with a reason the user can read.
"""

from __future__ import annotations

import codecs
import gzip
import re
import zlib
from pathlib import Path

from charset_normalizer import from_bytes

from reader.errors import UnreadableFile

#: Largest file we read into memory. Larger files are refused, not streamed:
#: no real saved article is anywhere near this, and a 200 MB "article" would
#: be unreadable in the window anyway.
MAX_FILE_BYTES = 64 * 1024 * 1024
#: Decompressed gzip data is bounded too (a gzip bomb is a few KB on disk).
MAX_DECOMPRESSED_BYTES = MAX_FILE_BYTES

_BOMS = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)

#: Magic numbers of common binary formats, so the reason can name them.
_MAGIC = (
    (b"%PDF", "a PDF document"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"PK\x03\x04", "a ZIP archive (or an Office document)"),
    (b"\x7fELF", "a program (ELF binary)"),
    (b"RIFF", "a RIFF media file"),
    (b"SQLite format 3", "an SQLite database"),
)


def read_bytes(path: str | Path) -> tuple[bytes, str]:
    """Read a file, transparently un-gzipping it.

    Returns the raw bytes and the file name with any ``.gz`` suffix removed
    (so the caller can guess the format from the inner name).
    """
    p = Path(path)
    try:
        if p.is_dir():
            raise UnreadableFile("is a folder, not a file", path=path)
        size = p.stat().st_size
        if size > MAX_FILE_BYTES:
            raise UnreadableFile(
                f"too large to be an article ({size / 1e6:.0f} MB; the limit is "
                f"{MAX_FILE_BYTES // 1_000_000} MB)",
                path=path,
            )
        with open(p, "rb") as fh:
            data = fh.read(MAX_FILE_BYTES + 1)
    except UnreadableFile:
        raise
    except PermissionError:
        raise UnreadableFile("permission denied: the file cannot be read", path=path) from None
    except FileNotFoundError:
        raise UnreadableFile("no such file (or a broken link)", path=path) from None
    except OSError as exc:
        raise UnreadableFile(f"cannot be read ({exc.strerror or exc})", path=path) from None
    name = p.name
    if data[:2] == b"\x1f\x8b":
        data = gunzip(data, path)
        if name.lower().endswith(".gz"):
            name = name[:-3]
    return data, name


def gunzip(data: bytes, path: str | Path) -> bytes:
    try:
        # A gzip file may hold several members one after the other (a WARC.gz holds
        # one per record): all of them are read, within one size limit.
        chunks: list[bytes] = []
        size = 0
        rest = data
        while True:
            d = zlib.decompressobj(16 + zlib.MAX_WBITS)
            out = d.decompress(rest, MAX_DECOMPRESSED_BYTES + 1 - size)
            size += len(out)
            chunks.append(out)
            if size > MAX_DECOMPRESSED_BYTES or d.unconsumed_tail:
                raise UnreadableFile("compressed file expands beyond the size limit", path=path)
            if not d.eof:
                raise UnreadableFile("the gzip file is truncated or damaged", path=path)
            rest = d.unused_data
            if rest[:2] != b"\x1f\x8b":  # the end, or padding/junk after it (ignored as before)
                return b"".join(chunks)
    except (zlib.error, EOFError, gzip.BadGzipFile) as exc:
        raise UnreadableFile(f"the gzip file is damaged ({exc})", path=path) from None


def sniff_binary(data: bytes) -> str | None:
    """A description of the binary format, or None if the bytes may be text."""
    for magic, what in _MAGIC:
        if data.startswith(magic):
            return what
    head = data[:8192]
    for bom, enc in _BOMS:
        # A BOM makes the bytes text only if they then decode: binary data may begin
        # with FF FE by chance (1 random file in 32,768), and was then read as an article.
        if head.startswith(bom) and _decodes(head[len(bom):], enc):
            return None
    if b"\x00" in head:
        # UTF-16 without a BOM has NULs every other byte; accept that.
        if bomless_utf16(head) is not None:
            return None
        return "binary data"
    control = sum(1 for b in head if b < 9 or 13 < b < 32)
    if head and control / len(head) > 0.10:
        return "binary data"
    return None


def _decodes(head: bytes, encoding: str) -> bool:
    """Do these first bytes of a file decode (a character cut at the end allowed)?"""
    try:
        codecs.getincrementaldecoder(encoding)().decode(head, final=False)
    except UnicodeDecodeError:
        return False
    return True


def bomless_utf16(data: bytes) -> str | None:
    """"utf-16-le"/"utf-16-be" for UTF-16 text without a BOM (Western text: a NUL
    every other byte, on one side), None otherwise."""
    head = data[:8192]
    even, odd = head[0::2].count(0), head[1::2].count(0)
    half = max(1, len(head) // 2)
    if odd > 0.3 * half and even < 0.05 * half:
        return "utf-16-le"
    if even > 0.3 * half and odd < 0.05 * half:
        return "utf-16-be"
    return None


def decode_text(data: bytes, *, path: str | Path | None = None) -> tuple[str, str]:
    """Decode bytes to text. Returns (text, encoding name).

    BOMs win; then strict UTF-8; then charset-normalizer's best guess, with
    Windows-1252 as the last resort (it maps every byte, and is what legacy
    Western pages really are when they claim Latin-1).
    """
    if not data.strip():
        raise UnreadableFile("the file is empty", path=path)
    what = sniff_binary(data)
    if what:
        raise UnreadableFile(f"not a text file: looks like {what}", path=path)
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom):].decode(enc).lstrip("\ufeff"), enc
            except UnicodeDecodeError:
                break
    utf16 = bomless_utf16(data) if b"\x00" in data[:8192] else None
    if utf16 is not None:
        # Strict UTF-8 would accept these bytes too, as text full of NULs.
        try:
            return data.decode(utf16), utf16
        except UnicodeDecodeError:
            pass
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    declared = declared_charset(data)
    if declared and declared != "utf-8":
        try:
            return data.decode(declared), declared
        except UnicodeDecodeError:
            pass
    mixed = _decode_mostly_utf8(data)
    if mixed is not None:
        return mixed, "utf-8+cp1252"
    western = _decode_western(data)
    if western is not None:
        return western, "cp1252"
    guess = from_bytes(data[:200_000]).best()
    if guess is not None and guess.encoding:
        enc = guess.encoding
        if enc in ("latin_1", "iso8859_1", "ascii"):
            enc = "cp1252"
        try:
            return data.decode(enc), enc
        except (UnicodeDecodeError, LookupError):
            pass
    return data.decode("cp1252", errors="replace"), "cp1252"


#: <meta charset="..."> and <meta http-equiv="Content-Type" content="...; charset=...">,
#: and the XML declaration's encoding.
_META_CHARSET = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)|<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_.:-]+)""",
    re.IGNORECASE,
)
#: Labels pages use whose real meaning (per the WHATWG encoding standard) is another codec.
_CHARSET_ALIASES = {"iso-8859-1": "cp1252", "latin1": "cp1252", "latin-1": "cp1252", "us-ascii": "cp1252",
                    "ascii": "cp1252", "iso-8859-9": "cp1254", "x-sjis": "shift_jis", "gb2312": "gb18030",
                    "gbk": "gb18030"}


def declared_charset(data: bytes) -> str | None:
    """The encoding an HTML/XML document declares in its first 4 KB, as a Python codec name."""
    m = _META_CHARSET.search(data[:4096])
    if not m:
        return None
    label = (m.group(1) or m.group(2)).decode("ascii", "replace").strip().lower()
    label = _CHARSET_ALIASES.get(label, label)
    try:
        name = codecs.lookup(label).name
    except LookupError:
        return None
    return "utf-8" if name in ("utf-8", "utf-8-sig") else name


def _cp1252_fallback(err: UnicodeError) -> tuple[str | bytes, int]:
    assert isinstance(err, UnicodeDecodeError)  # registered for decoding only
    bad = err.object[err.start : err.end]
    return bad.decode("cp1252", errors="replace"), err.end


codecs.register_error("reader-cp1252", _cp1252_fallback)


_UTF8_SEQ = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")
_HIGH = re.compile(rb"[\x80-\xff]")


def _decode_mostly_utf8(data: bytes) -> str | None:
    """Text that is UTF-8 with a few stray legacy bytes (files edited by hand in
    two editors): keep the UTF-8 and read only the stray bytes as Windows-1252.

    Legacy text almost never forms valid UTF-8 sequences by accident, so a file
    with real UTF-8 sequences and only a few bytes outside them is this case.
    """
    seqs = _UTF8_SEQ.findall(data)
    stray = len(_HIGH.findall(data)) - sum(len(s) for s in seqs)
    if (seqs and stray <= max(4 * len(seqs), 3)) or (not seqs and stray <= 3):
        return data.decode("utf-8", errors="reader-cp1252")
    return None


#: Characters that Western European text in Windows-1252 actually uses outside ASCII.
_WESTERN = re.compile(
    "[\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u00ff\u2018\u2019\u201a\u201c\u201d\u201e\u2013\u2014"
    "\u2026\u2022\u20ac\u2122\u00a0\u00a1\u00bf\u00ab\u00bb\u00b0\u00a3\u00a7\u00a9\u00ae\u0152\u0153\u0160\u0161\u0178]"
)


def _decode_western(data: bytes) -> str | None:
    """Windows-1252 when that reading gives ordinary Western text: accented letters
    scattered among ASCII words and typographic punctuation. (Cyrillic or Greek
    bytes read this way give runs of accented letters, Central European ones give
    symbols such as ¹ and ³, so those fall through to the statistical guess.)"""
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        return None
    high = [ch for ch in text if ord(ch) > 127]
    if not high or any(not _WESTERN.match(ch) for ch in high):
        return None
    letters = sum(1 for ch in text if ch.isalpha())
    accented = sum(1 for ch in high if ch.isalpha())
    if letters and accented / letters > 0.25:
        return None
    return text


def normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")
