"""Web archives and single-file pages: every successful HTML page is an article, the same
article as the page saved alone, with the URL and capture time of its record; nothing else
in the archive becomes one."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.containers.conftest import (
    FERRY_URL,
    FIXTURES,
    HERON_URL,
    json_lines,
    mhtml,
    page,
    run_cli,
)


def _alone(name: str) -> dict:
    proc = run_cli("parse", str(FIXTURES / name), "--json")
    assert proc.returncode == 0, proc.stderr
    return json_lines(proc.stdout)[0]


@pytest.fixture(scope="module")
def alone() -> dict[str, dict]:
    return {"heron": _alone("heron.html"), "ferry": _alone("ferry.html")}


def _same_article(got: dict, saved_alone: dict) -> None:
    for key in ("title", "body", "authors", "published", "tags", "quotes", "comments"):
        assert got[key] == saved_alone[key], key
    # a page naming no site gets the host it was fetched from
    assert got["site"] == (saved_alone["site"] or (got["url"] and "courier.example"))


@pytest.mark.parametrize("fixture", ["warc_file", "warc_gz_file", "wacz_file"])
def test_archive_pages_are_the_articles_saved_alone(fixture: str, request, alone) -> None:
    path: Path = request.getfixturevalue(fixture)
    proc = run_cli("parse", str(path), "--json")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    got = json_lines(proc.stdout)
    # redirect, 404, script, style, image, revisit, request, warcinfo and the link index: none
    assert [a["url"] for a in got] == [HERON_URL, FERRY_URL]
    heron, ferry = got
    _same_article(heron, alone["heron"])
    _same_article(ferry, alone["ferry"])  # windows-1252 declared by the HTTP header and the page
    assert "Café prices" in ferry["body"] and "Nørgaard" in ferry["body"]
    assert heron["record"]["kind"] == "warc"
    assert heron["record"]["uri"] == HERON_URL
    assert heron["record"]["captured"] == "2021-04-13T09:00:01Z"
    assert heron["record"]["record_id"].startswith("urn:uuid:")
    assert ferry["record"]["captured"] == "2021-05-04T07:15:00Z"
    assert heron["record"]["record_id"] != ferry["record"]["record_id"]


def test_an_archive_with_nothing_readable_is_one_error(empty_warc_file: Path) -> None:
    proc = run_cli("parse", str(empty_warc_file), "--json")
    assert proc.returncode == 1
    (line,) = json_lines(proc.stdout)
    assert set(line) == {"source", "error"}
    assert "no readable article" in line["error"] and "redirect" in line["error"]


#: A response record without WARC-Target-URI: warcio raises AttributeError on it.
MALFORMED_RECORD = b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 7\r\n\r\ngarbage\r\n\r\n"


def test_a_malformed_record_is_damage_not_a_crash(tmp_path: Path, warc_file: Path, alone) -> None:
    """A record whose headers warcio cannot read printed its AttributeError with a traceback
    (parse and import): after good pages they are kept, alone it is one error."""
    damaged = tmp_path / "damaged.warc"
    damaged.write_bytes(warc_file.read_bytes() + MALFORMED_RECORD)
    proc = run_cli("parse", str(damaged), "--json")
    assert proc.returncode == 0 and "Traceback" not in proc.stderr, proc.stderr
    assert sorted(a["title"] for a in json_lines(proc.stdout)) == sorted(
        [alone["heron"]["title"], alone["ferry"]["title"]])
    lib = tmp_path / "lib"
    imported = run_cli("--library", str(lib), "import", str(damaged), "--json")
    assert imported.returncode == 0 and "Traceback" not in imported.stderr, imported.stderr
    assert json.loads(imported.stdout)["imported"] == 2

    only = tmp_path / "only.warc"
    only.write_bytes(MALFORMED_RECORD)
    proc = run_cli("parse", str(only), "--json")
    assert proc.returncode == 1 and "Traceback" not in proc.stderr, proc.stderr
    (line,) = json_lines(proc.stdout)
    assert "a record's headers are malformed" in line["error"]


@pytest.mark.parametrize("encoding", ["quoted-printable", "base64"])
def test_mhtml_is_the_page_saved_alone(tmp_path: Path, alone, encoding: str) -> None:
    path = tmp_path / "herons.mhtml"
    path.write_bytes(mhtml(page("heron.html"), charset="utf-8", encoding=encoding))
    proc = run_cli("parse", str(path), "--json")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    (got,) = json_lines(proc.stdout)
    _same_article(got, alone["heron"])
    assert got["format"] == "mhtml"
    assert got["url"] == HERON_URL


def test_mhtml_in_its_declared_charset(tmp_path: Path, alone) -> None:
    path = tmp_path / "ferry.mht"
    path.write_bytes(mhtml(page("ferry.html"), charset="windows-1252", encoding="quoted-printable"))
    (got,) = json_lines(run_cli("parse", str(path), "--json").stdout)
    _same_article(got, alone["ferry"])
    assert "Café prices" in got["body"]


def test_import_a_warc_then_show_the_pages(tmp_path: Path, warc_gz_file: Path, alone) -> None:
    lib = tmp_path / "lib"
    proc = run_cli("--library", str(lib), "import", str(warc_gz_file), "--json")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    rows = json.loads(run_cli("--library", str(lib), "list", "--json").stdout)
    assert sorted(r["title"] for r in rows) == sorted([alone["heron"]["title"], alone["ferry"]["title"]])
    shown = {s["url"]: s for s in (
        json.loads(run_cli("--library", str(lib), "show", str(r["id"]), "--json").stdout) for r in rows)}
    assert shown[HERON_URL]["body"] == alone["heron"]["body"]
    assert shown[HERON_URL]["record"]["captured"] == "2021-04-13T09:00:01Z"
    assert shown[FERRY_URL]["record"]["uri"] == FERRY_URL
    # the same archive again adds nothing
    again = json.loads(run_cli("--library", str(lib), "import", str(warc_gz_file), "--json").stdout)
    assert again["imported"] == 0 and len(json.loads(
        run_cli("--library", str(lib), "list", "--json").stdout)) == 2


def test_a_saved_complete_page_folder_imports_the_page_only(tmp_path: Path, alone) -> None:
    src = tmp_path / "saved"
    files = src / "Herons return_files"
    files.mkdir(parents=True)
    shutil.copy(FIXTURES / "heron.html", src / "Herons return.html")
    # what a browser puts in the folder: a frame page, scripts, styles, images
    shutil.copy(FIXTURES / "ferry.html", files / "ad_frame.html")
    (files / "app.js").write_text("var x = 1;\n" * 50)
    (files / "style.css").write_text("body { margin: 0 }\n" * 50)
    (files / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(100))
    lib = tmp_path / "lib"
    proc = run_cli("--library", str(lib), "import", str(src))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert proc.stdout.splitlines()[:4] == ["imported: 1", "updated: 0", "unchanged: 0", "failed: 0"]
    (row,) = json.loads(run_cli("--library", str(lib), "list", "--json").stdout)
    assert row["title"] == alone["heron"]["title"]
