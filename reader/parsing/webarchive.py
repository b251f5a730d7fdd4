"""Saved pages in containers -> Articles: WARC / WARC.gz, WACZ and MHTML.

A web archive holds every exchange of a crawl. Only successful HTML
responses are pages (``is_page``: 2xx status, an HTML content type); requests,
revisits, redirects, errors, scripts, styles and media are counted and
skipped. Each page goes through the same HTML pipeline as a page saved alone
(``parse_html``), so its article is the same; the archive adds what it knows:
the URL the page was fetched from and when (``record``).

MHTML ("save as single file") is a MIME message: its root ``text/html`` part
(quoted-printable or base64, in its declared charset) is the page.
"""

from __future__ import annotations

import hashlib
import io
import re
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from typing import IO, Any
from urllib.parse import urlsplit

from reader.errors import UnreadableFile, UnsupportedFormat
from reader.model import Article
from reader.parsing.containers import Container, Entry, EntryError, SkipRecord
from reader.parsing.decode import decode_text, normalise_newlines

#: Content types (before any ";") that are HTML pages.
HTML_TYPES = frozenset(("text/html", "application/xhtml+xml", "application/xhtml"))
#: What a skipped record is counted as, by the start of its content type.
SKIPPED_KINDS = (
    ("text/css", "styles"), ("application/javascript", "scripts"), ("text/javascript", "scripts"),
    ("application/x-javascript", "scripts"), ("image/", "media"), ("video/", "media"),
    ("audio/", "media"), ("font/", "media"), ("application/font", "media"),
    ("application/json", "data"), ("application/pdf", "documents"),
)
#: WARC record types that never hold a page.
NON_PAGE_RECORDS = ("request", "revisit", "warcinfo", "metadata", "conversion", "continuation")
#: One page inside an archive is read up to this size (the HTML pipeline's own limit).
MAX_PAGE_BYTES = 16 * 1024 * 1024
#: A WACZ member expanding beyond this is not read (a zip bomb is small on disk).
MAX_MEMBER_BYTES = 256 * 1024 * 1024
_SNIFF_HTML = re.compile(rb"^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)", re.IGNORECASE | re.DOTALL)


@dataclass
class Page:
    """One HTML page found in a container, with where it came from."""

    data: bytes
    charset: str | None
    url: str | None
    record: dict[str, Any]


@dataclass
class Tally:
    """What an archive held besides pages (for the warning or the refusal)."""

    records: int = 0
    skipped: dict[str, int] = field(default_factory=dict)

    def skip(self, what: str) -> None:
        self.skipped[what] = self.skipped.get(what, 0) + 1

    def describe(self) -> str:
        parts = [f"{n} {what[:-1] if n == 1 and ' ' not in what and what.endswith('s') else what}"
                 for what, n in sorted(self.skipped.items(), key=lambda kv: -kv[1])]
        return ", ".join(parts) if parts else "nothing"


def sniff_container(data: bytes, name: str) -> str | None:
    """"warc", "wacz" or "mhtml" from the bytes (and the name), else None."""
    lower = name.lower()
    if data.startswith(b"WARC/"):
        return "warc"
    if data.startswith(b"PK\x03\x04") and (lower.endswith(".wacz") or _zip_has_warcs(data)):
        return "wacz"
    if lower.endswith((".mht", ".mhtml")):
        return "mhtml"
    head = data[:4096].lower()
    if b"mime-version:" in head and b"multipart/related" in head and not head.lstrip().startswith(b"<"):
        return "mhtml"
    return None


def _zip_has_warcs(data: bytes) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            return any(_is_warc_member(n) for n in zf.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return False


def _is_warc_member(name: str) -> bool:
    return name.lower().endswith((".warc", ".warc.gz"))


# ---------------------------------------------------------------- WARC


def _media_type(value: str | None) -> tuple[str, str | None]:
    """("text/html", "utf-8") from a Content-Type header value."""
    if not value:
        return "", None
    parts = [p.strip() for p in value.split(";")]
    charset = None
    for p in parts[1:]:
        k, _, v = p.partition("=")
        if k.strip().lower() == "charset" and v.strip():
            charset = v.strip().strip("\"'").lower()
    return parts[0].lower(), charset


def _skip_kind(media: str) -> str:
    for prefix, what in SKIPPED_KINDS:
        if media.startswith(prefix):
            return what
    return "other non-HTML responses"


class MalformedRecord(ValueError):
    """A record whose headers warcio stumbles on (a response without WARC-Target-URI makes it
    raise AttributeError): damage in the archive, told like any other, not a crash."""


def _archive_records(stream: IO[bytes]) -> Iterator[Any]:
    """warcio's records, its errors on malformed headers raised as ``MalformedRecord``
    (only reading the next record is guarded: an error in our own code still shows)."""
    from warcio.archiveiterator import ArchiveIterator

    records = iter(ArchiveIterator(stream, arc2warc=True))
    while True:
        try:
            rec = next(records)
        except StopIteration:
            return
        except (AttributeError, TypeError, KeyError, IndexError) as exc:
            raise MalformedRecord("a record's headers are malformed") from exc
        yield rec


def warc_pages(stream: IO[bytes], tally: Tally, *, member: str | None = None) -> Iterator[Page]:
    """The successful HTML pages of one WARC (plain or gzip), in file order."""
    from warcio.exceptions import ArchiveLoadFailed

    try:
        for rec in _archive_records(stream):
            tally.records += 1
            page = _page_of(rec, tally)
            if page is not None:
                if member:
                    page.record["member"] = member
                yield page
    except ArchiveLoadFailed as exc:
        raise UnreadableFile(f"the web archive is damaged ({str(exc).splitlines()[0][:120]})") from None
    except (OSError, EOFError, ValueError) as exc:
        if tally.records == 0:
            why = str(exc) if isinstance(exc, MalformedRecord) else type(exc).__name__
            raise UnreadableFile(f"the web archive cannot be read ({why})") from None
        tally.skip("damaged records at the end")


def _page_of(rec: Any, tally: Tally) -> Page | None:
    kind = rec.rec_type
    if kind in NON_PAGE_RECORDS:
        tally.skip(kind + "s")
        return None
    if kind not in ("response", "resource"):
        tally.skip("other records")
        return None
    headers = rec.rec_headers
    if kind == "response" and rec.http_headers is not None:
        try:
            status = int(rec.http_headers.get_statuscode() or 0)
        except ValueError:
            status = 0
        if 300 <= status < 400:
            tally.skip("redirects")
            return None
        if not 200 <= status < 300:
            tally.skip("errors")
            return None
        media, charset = _media_type(rec.http_headers.get_header("Content-Type"))
    elif kind == "response" and not str(headers.get_header("Content-Type") or "").startswith("application/http") or kind == "resource":
        media, charset = _media_type(headers.get_header("Content-Type"))
    else:
        tally.skip("errors")
        return None
    if media and media not in HTML_TYPES:
        tally.skip(_skip_kind(media))
        return None
    try:
        data = rec.content_stream().read(MAX_PAGE_BYTES + 1)
    except Exception:  # noqa: BLE001 (warcio's decoders raise many kinds on a damaged body)
        tally.skip("damaged records")
        return None
    if len(data) > MAX_PAGE_BYTES:
        tally.skip("pages too large to be articles")
        return None
    if not media and not _SNIFF_HTML.match(data[:2048]):
        tally.skip("other non-HTML responses")
        return None
    uri = (headers.get_header("WARC-Target-URI") or "").strip().strip("<>") or None
    record = {
        "kind": "warc",
        "uri": uri,
        "record_id": (headers.get_header("WARC-Record-ID") or "").strip("<>") or None,
        "captured": headers.get_header("WARC-Date"),
    }
    return Page(data=data, charset=charset, url=uri, record=record)


def wacz_pages(data: bytes, tally: Tally) -> Iterator[Page]:
    """The pages of every WARC inside a WACZ (a zip with ``archive/*.warc.gz``)."""
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError):
        raise UnreadableFile("the WACZ file is not a readable zip archive") from None
    with zf:
        members = [i for i in zf.infolist() if _is_warc_member(i.filename)]
        if not members:
            raise UnsupportedFormat("the WACZ file holds no WARC archive (archive/*.warc.gz)")
        for info in sorted(members, key=lambda i: i.filename):
            if info.file_size > MAX_MEMBER_BYTES:
                tally.skip("archives too large to read")
                continue
            try:
                raw = zf.read(info)
            except (zipfile.BadZipFile, OSError, ValueError, EOFError):
                tally.skip("damaged archives")
                continue
            yield from warc_pages(io.BytesIO(raw), tally, member=info.filename)


# ---------------------------------------------------------------- MHTML


def mhtml_page(data: bytes) -> Page:
    """The root HTML part of an MHTML file (decoded from quoted-printable/base64)."""
    msg = BytesParser(policy=policy.default).parsebytes(data)
    if not isinstance(msg, EmailMessage):
        raise UnsupportedFormat("the MHTML file holds no page")
    root = _mhtml_root(msg)
    if root is None:
        raise UnsupportedFormat("the MHTML file holds no HTML page")
    payload = root.get_payload(decode=True)
    if not isinstance(payload, bytes) or not payload.strip():
        raise UnsupportedFormat("the MHTML file's page is empty")
    url = msg.get("Snapshot-Content-Location") or root.get("Content-Location") or msg.get("Content-Location")
    url = str(url).strip() if url else None
    return Page(data=payload, charset=root.get_content_charset(), url=url or None, record={})


def _mhtml_root(msg: EmailMessage) -> EmailMessage | None:
    """The part named by multipart/related's ``start``, else the first text/html part."""
    start = msg.get_param("start") if msg.is_multipart() else None
    parts = [p for p in msg.walk() if not p.is_multipart()]
    if isinstance(start, str):
        cid = start.strip().strip("<>")
        for part in parts:
            if str(part.get("Content-ID") or "").strip().strip("<>") == cid:
                return part
    for part in parts:
        if part.get_content_type() in HTML_TYPES:
            return part
    return None


# ---------------------------------------------------------------- pages -> articles


def decode_page(page: Page, *, source: str) -> str:
    """A page's text: UTF-8 when it is, else the charset its headers declare, else detected."""
    data = page.data
    if page.charset:
        try:
            data.decode("utf-8")
        except UnicodeDecodeError:
            try:
                return normalise_newlines(data.decode(page.charset))
            except (LookupError, UnicodeDecodeError):
                pass
    text, _enc = decode_text(data, path=source)
    return normalise_newlines(text)


def page_article(page: Page, *, source: str) -> Article:
    """One page -> its article, exactly as the page saved alone would give, plus its origin."""
    from reader.parsing.html import parse_html

    article = parse_html(decode_page(page, source=source), source=source)
    if page.url:
        article.url = page.url
        if not article.site:  # the page names no site: the host it was fetched from does
            host = (urlsplit(page.url).hostname or "").lower()
            article.site = (host.removeprefix("www.")) or None
    if page.record:
        article.record = dict(page.record)
    return article


def parse_container(kind: str, data: bytes, *, source: str) -> list[Article]:
    """All articles of a WARC, WACZ or MHTML file. Raises ``UnsupportedFormat`` when none."""
    if kind == "mhtml":
        return [page_article(mhtml_page(data), source=source)]
    tally = Tally()
    pages = warc_pages(io.BytesIO(data), tally) if kind == "warc" else wacz_pages(data, tally)
    articles: list[Article] = []
    by_url: dict[str, int] = {}
    try:
        for page in pages:
            try:
                article = page_article(page, source=source)
            except UnsupportedFormat:
                tally.skip("pages without article text")
                continue
            except UnreadableFile:
                tally.skip("unreadable pages")
                continue
            key = page.url or f"#{len(articles)}"
            if key in by_url:  # the same page captured again: the later capture wins
                articles[by_url[key]] = article
                tally.skip("repeated captures")
                continue
            by_url[key] = len(articles)
            articles.append(article)
    except UnreadableFile as exc:
        exc.path = exc.path or source
        raise
    if not articles:
        raise UnsupportedFormat(
            f"no readable article in the web archive ({tally.records} records: {tally.describe()})",
            path=source,
        )
    return articles


# ---------------------------------------------------------------- streamed containers


class WebArchive(Container):
    """A WARC (plain or gzip) or WACZ file, streamed record by record from disk: one
    entry per successful HTML page, so an archive of any size imports with flat memory,
    resumes after an interruption and skips pages already in the library unparsed."""

    format = "warc"

    def __init__(self, path: str, **_options: Any) -> None:
        super().__init__(path)
        self._wacz = path.lower().endswith(".wacz") or _is_zip(path)
        if self._wacz:
            self.format = "wacz"
        try:
            self._fh = open(path, "rb")  # noqa: SIM115 (closed by close())
        except OSError as exc:
            raise UnreadableFile(f"cannot be read ({exc.strerror or exc})", path=path) from None

    @staticmethod
    def parse(payload: Any, record: dict[str, Any], source: str) -> Article:
        data, charset, url = payload
        try:
            return page_article(Page(data=data, charset=charset, url=url, record=dict(record)), source=source)
        except UnsupportedFormat as exc:
            # A page with no article text (an index, a form): a crawl holds many; not a failure.
            raise SkipRecord(exc.reason, path=source) from None

    def entries(self) -> Iterator[Entry | EntryError]:
        tally = Tally()
        seen: set[str] = set()
        yielded = 0
        try:
            for page in self._pages(tally):
                key = page.url or str(page.record.get("record_id"))
                if key in seen:  # the same page captured again: the first capture is the article
                    tally.skip("repeated captures")
                    continue
                seen.add(key)
                yielded += 1
                digest = hashlib.sha256((page.url or "").encode() + b"\0" + page.data).hexdigest()
                yield Entry(key=f"warc={page.record.get('record_id') or yielded}", record=page.record,
                            digest=digest, payload=(page.data, page.charset, page.url))
        except UnreadableFile as exc:
            yield EntryError("archive", {"kind": "warc"}, exc.reason)
            return
        if not yielded:
            yield EntryError("archive", {"kind": "warc"},
                             f"no readable article in the web archive ({tally.records} records: "
                             f"{tally.describe()})")

    def _pages(self, tally: Tally) -> Iterator[Page]:
        if not self._wacz:
            yield from warc_pages(self._fh, tally)
            return
        try:
            zf = zipfile.ZipFile(self._fh)
        except (zipfile.BadZipFile, OSError, ValueError):
            raise UnreadableFile("the WACZ file is not a readable zip archive") from None
        members = sorted((i for i in zf.infolist() if _is_warc_member(i.filename)), key=lambda i: i.filename)
        if not members:
            raise UnreadableFile("the WACZ file holds no WARC archive (archive/*.warc.gz)")
        for info in members:
            with zf.open(info) as member:
                yield from warc_pages(member, tally, member=info.filename)

    def close(self) -> None:
        self._fh.close()


def _is_zip(path: str) -> bool:
    try:
        with open(path, "rb") as fh:
            return fh.read(4) == b"PK\x03\x04"
    except OSError:
        return False


def open_web_archive(path: str, **options: Any) -> WebArchive:
    return WebArchive(path, **options)


def sniff_web_archive(head: bytes, name: str) -> bool:
    """A WARC under another name (plain or gzip), or a zip holding WARCs (a WACZ)."""
    if head.startswith(b"WARC/"):
        return True
    if head[:2] == b"\x1f\x8b":
        try:
            return zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(head, 16).startswith(b"WARC/")
        except zlib.error:
            return False
    return False
