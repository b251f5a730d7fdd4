"""Tiny containers built in the test from two saved article pages (fixtures/heron.html,
fixtures/ferry.html): a WARC with everything a crawl also holds (requests, a redirect,
an error, a script, a style, an image, a revisit, an index page), its .gz, a WACZ,
an MHTML file (quoted-printable and base64) and a "Web page, complete" folder."""

from __future__ import annotations

import base64
import io
import json
import quopri
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

FIXTURES = Path(__file__).resolve().parent / "fixtures"
HERON_URL = "https://courier.example/nature/herons-return"
FERRY_URL = "https://courier.example/islands/ferry-fares?utm=rss"
INDEX_PAGE = b"<!DOCTYPE html><html><head><title>Nature</title></head><body><ul>" + b"".join(
    b'<li><a href="/n/%d">Story %d</a></li>' % (i, i) for i in range(12)
) + b"</ul></body></html>"


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "reader", *args], capture_output=True, text=True, check=False,
                          timeout=300)


def json_lines(text: str) -> list[dict]:
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def page(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def _http(status: str, ctype: str | None, body: bytes, extra: list[tuple[str, str]] = ()):
    from warcio.statusandheaders import StatusAndHeaders

    headers = [("Content-Length", str(len(body)))] + list(extra)
    if ctype:
        headers.insert(0, ("Content-Type", ctype))
    return StatusAndHeaders(status, headers, protocol="HTTP/1.1")


def write_warc(out: io.BufferedIOBase, *, gzip: bool) -> None:
    """Two articles among the other records a crawl writes."""
    from warcio.warcwriter import WARCWriter

    w = WARCWriter(out, gzip=gzip)

    def response(uri: str, status: str, ctype: str | None, body: bytes, date: str, extra=()) -> None:
        rec = w.create_warc_record(uri, "response", payload=io.BytesIO(body), length=len(body),
                                   http_headers=_http(status, ctype, body, extra),
                                   warc_headers_dict={"WARC-Date": date})
        w.write_record(rec)

    def request(uri: str) -> None:
        from warcio.statusandheaders import StatusAndHeaders

        req = StatusAndHeaders("GET / HTTP/1.1", [("Host", "courier.example")], is_http_request=True)
        w.write_record(w.create_warc_record(uri, "request", payload=io.BytesIO(b""), length=0,
                                            http_headers=req))

    w.write_record(w.create_warcinfo_record("crawl.warc", {"software": "test"}))
    request("https://courier.example/nature/herons")
    response("https://courier.example/nature/herons", "301 Moved Permanently", "text/html",
             b"<html><body>Moved</body></html>", "2021-04-13T09:00:00Z",
             [("Location", HERON_URL)])
    request(HERON_URL)
    response(HERON_URL, "200 OK", "text/html; charset=utf-8", page("heron.html"), "2021-04-13T09:00:01Z")
    response("https://courier.example/style.css", "200 OK", "text/css", b"body{color:#222}" * 20,
             "2021-04-13T09:00:02Z")
    response("https://courier.example/app.js", "200 OK", "application/javascript",
             b"document.title='x';" * 20, "2021-04-13T09:00:02Z")
    response("https://courier.example/logo.png", "200 OK", "image/png", b"\x89PNG\r\n\x1a\n" + bytes(300),
             "2021-04-13T09:00:02Z")
    response("https://courier.example/missing", "404 Not Found", "text/html",
             b"<html><body><p>" + b"This page could not be found on our server, sorry about that. " * 5
             + b"</p></body></html>", "2021-04-13T09:00:03Z")
    response("https://courier.example/nature", "200 OK", "text/html", INDEX_PAGE, "2021-04-13T09:00:04Z")
    response(FERRY_URL, "200 OK", "text/html; charset=windows-1252", page("ferry.html"),
             "2021-05-04T07:15:00Z")
    revisit = w.create_revisit_record(HERON_URL, digest="sha1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
                                      refers_to_uri=HERON_URL, refers_to_date="2021-04-13T09:00:01Z",
                                      http_headers=_http("200 OK", "text/html", b""))
    w.write_record(revisit)


def write_empty_warc(out: io.BufferedIOBase) -> None:
    """A crawl with nothing readable: a request, a redirect, a style and an error."""
    from warcio.warcwriter import WARCWriter

    w = WARCWriter(out, gzip=True)
    for uri, status, ctype, body in (
        ("https://x.example/", "302 Found", "text/html", b"<a href='/a'>moved</a>"),
        ("https://x.example/a.css", "200 OK", "text/css", b"p{}"),
        ("https://x.example/b", "500 Internal Server Error", "text/html", b"<p>error</p>"),
    ):
        w.write_record(w.create_warc_record(uri, "response", payload=io.BytesIO(body), length=len(body),
                                            http_headers=_http(status, ctype, body)))


def mhtml(html: bytes, *, charset: str, encoding: str) -> bytes:
    """A browser's "save as single file" of ``html``, with an image part."""
    boundary = "----MultipartBoundary--abc123----"
    if encoding == "quoted-printable":
        body = quopri.encodestring(html)
    else:
        body = base64.encodebytes(html)
    image = base64.encodebytes(b"\x89PNG\r\n\x1a\n" + bytes(64))
    return (
        "From: <Saved by Blink>\r\n"
        f"Snapshot-Content-Location: {HERON_URL}\r\n"
        "Subject: Herons return to the marsh after a decade\r\n"
        "Date: Tue, 13 Apr 2021 09:00:00 +0200\r\n"
        "MIME-Version: 1.0\r\n"
        f'Content-Type: multipart/related;\r\n\ttype="text/html";\r\n\tboundary="{boundary}"\r\n\r\n'
        f"--{boundary}\r\n"
        f"Content-Type: text/html; charset={charset}\r\n"
        "Content-ID: <frame-1@mhtml.blink>\r\n"
        f"Content-Transfer-Encoding: {encoding}\r\n"
        f"Content-Location: {HERON_URL}\r\n\r\n"
    ).encode() + body.replace(b"\n", b"\r\n") + (
        f"\r\n--{boundary}\r\n"
        "Content-Type: image/png\r\n"
        "Content-Transfer-Encoding: base64\r\n"
        "Content-Location: https://courier.example/logo.png\r\n\r\n"
    ).encode() + image.replace(b"\n", b"\r\n") + f"\r\n--{boundary}--\r\n".encode()


@pytest.fixture
def warc_file(tmp_path: Path) -> Path:
    path = tmp_path / "crawl.warc"
    with open(path, "wb") as fh:
        write_warc(fh, gzip=False)
    return path


@pytest.fixture
def warc_gz_file(tmp_path: Path) -> Path:
    path = tmp_path / "crawl.warc.gz"
    with open(path, "wb") as fh:
        write_warc(fh, gzip=True)
    return path


@pytest.fixture
def wacz_file(tmp_path: Path) -> Path:
    buf = io.BytesIO()
    write_warc(buf, gzip=True)
    path = tmp_path / "crawl.wacz"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("archive/data.warc.gz", buf.getvalue(), compress_type=zipfile.ZIP_STORED)
        zf.writestr("pages/pages.jsonl", json.dumps({"format": "json-pages-1.0"}) + "\n"
                    + json.dumps({"url": HERON_URL, "ts": "2021-04-13T09:00:01Z"}) + "\n")
        zf.writestr("datapackage.json", json.dumps({"profile": "data-package", "wacz_version": "1.1.1"}))
    return path


@pytest.fixture
def empty_warc_file(tmp_path: Path) -> Path:
    path = tmp_path / "nothing.warc.gz"
    with open(path, "wb") as fh:
        write_empty_warc(fh)
    return path
