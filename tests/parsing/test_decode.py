"""Bytes on disk -> trustworthy text: encodings, compression, and refusal of non-text."""

from __future__ import annotations

import gzip

import pytest

from reader.errors import UnreadableFile
from reader.parsing import parse_path
from reader.parsing.decode import declared_charset, decode_text, read_bytes

TEXT = "Caf\u00e9 \u201cquoted\u201d \u2014 na\u00efve r\u00e9sum\u00e9, 5\u20ac"


def test_utf8():
    assert decode_text(TEXT.encode("utf-8")) == (TEXT, "utf-8")


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_with_bom(codec):
    bom = b"\xff\xfe" if codec.endswith("le") else b"\xfe\xff"
    text, enc = decode_text(bom + TEXT.encode(codec))
    assert text == TEXT and enc == codec


def test_windows_1252_curly_quotes():
    data = b"He said \x93enough\x94 and left \x96 for good. Caf\xe9 prices rose."
    text, enc = decode_text(data)
    assert text == "He said \u201cenough\u201d and left \u2013 for good. Caf\u00e9 prices rose."
    assert enc == "cp1252"


def test_latin1_accents():
    data = "Le gar\u00e7on \u00e0 la fen\u00eatre a r\u00e9pondu tr\u00e8s poliment \u00e0 la ma\u00eetresse.".encode("latin-1")
    text, _enc = decode_text(data)
    assert "gar\u00e7on" in text and "fen\u00eatre" in text and "ma\u00eetresse" in text


def test_utf8_with_stray_cp1252_bytes_keeps_both():
    data = "Signed for \u00a315.8m from Parma".encode("utf-8") + b" and said \x93no comment\x94."
    text, enc = decode_text(data)
    assert text == "Signed for \u00a315.8m from Parma and said \u201cno comment\u201d."
    assert enc == "utf-8+cp1252"


@pytest.mark.parametrize(
    ("data", "what"),
    [
        (b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, "PNG"),
        (b"\xff\xd8\xff\xe0" + bytes(200), "JPEG"),
        (b"%PDF-1.7\n" + bytes(range(256)), "PDF"),
        (bytes(range(256)) * 8, "binary"),
    ],
)
def test_binary_is_refused_with_its_kind(data, what):
    with pytest.raises(UnreadableFile) as err:
        decode_text(data)
    assert what in err.value.reason


@pytest.mark.parametrize("data", [b"", b"   \n\t\n"])
def test_empty_is_refused(data):
    with pytest.raises(UnreadableFile) as err:
        decode_text(data)
    assert "empty" in err.value.reason


def test_truncated_gzip_is_refused(tmp_path):
    path = tmp_path / "page.html.gz"
    path.write_bytes(gzip.compress(b"<html><body>" + b"<p>text</p>" * 2000 + b"</body></html>")[:60])
    with pytest.raises(UnreadableFile) as err:
        read_bytes(path)
    assert "gzip" in err.value.reason


def test_gzip_is_unpacked_and_inner_name_kept(tmp_path):
    path = tmp_path / "story.txt.gz"
    path.write_bytes(gzip.compress(TEXT.encode("utf-8")))
    data, name = read_bytes(path)
    assert data.decode("utf-8") == TEXT and name == "story.txt"


@pytest.mark.parametrize(
    ("head", "codec"),
    [
        (b'<meta charset="windows-1251">', "cp1251"),
        (b'<meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-1">', "cp1252"),
        (b"<?xml version='1.0' encoding='iso-8859-15'?>", "iso8859-15"),
        (b'<meta charset="utf-8">', "utf-8"),
        (b'<meta charset="no-such-codec">', None),
    ],
)
def test_declared_charset(head, codec):
    assert declared_charset(b"<html><head>" + head + b"</head>") == codec


def test_html_meta_charset_is_honoured_when_not_utf8():
    body = "\u041d\u043e\u0432\u043e\u0441\u0442\u0438: \u043c\u043e\u0441\u0442 \u043e\u0442\u043a\u0440\u044b\u0442"
    page = f'<html><head><meta charset="windows-1251"></head><body><p>{body}</p></body></html>'
    text, enc = decode_text(page.encode("cp1251"))
    assert body in text and enc == "cp1251"


def test_cp1252_html_file_parses_with_right_characters(tmp_path):
    para = ("The mayor called the plan \u201cbold but necessary\u201d at the caf\u00e9 meeting on Tuesday, "
            "and the council agreed to study it further before the summer recess begins.")
    page = (
        '<html><head><meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1">'
        f"<title>Plan</title></head><body><article><h1>Plan</h1><p>{para}</p><p>{para}</p></article></body></html>"
    )
    path = tmp_path / "plan.html"
    path.write_bytes(page.encode("cp1252"))
    art = parse_path(path).articles[0]
    assert "\u201cbold but necessary\u201d" in art.body and "caf\u00e9" in art.body


@pytest.mark.corpus
def test_bbc_file_with_stray_legacy_bytes(corpus_dir):
    path = corpus_dir / "bbc-news-fulltext" / "sport" / "199.txt"
    if not path.is_file():
        pytest.skip("BBC sport/199.txt not in this corpus copy")
    data, _name = read_bytes(path)
    text, enc = decode_text(data)
    assert enc == "utf-8+cp1252"
    assert "\u00a315.8m" in text and "\ufffd" not in text


@pytest.mark.parametrize("bom", [b"\xff\xfe", b"\xfe\xff", b"\xef\xbb\xbf", b"\xff\xfe\x00\x00"])
def test_binary_data_that_begins_like_a_bom_is_not_read_as_text(tmp_path, bom):
    """Random bytes begin with FF FE once in 32,768 files: a worker-pool import test once
    imported its 'binary.dat' as an article (53 imported instead of 52)."""
    import random

    path = tmp_path / "binary.dat"
    path.write_bytes(bom + random.Random(7).randbytes(4096))
    with pytest.raises(UnreadableFile, match="not a text file"):
        parse_path(path)
