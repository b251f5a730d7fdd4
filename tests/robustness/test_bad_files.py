"""Bad files on import: huge files cost bounded memory, odd encodings still read right.

tests/library/test_import.py already covers the per-file reasons (binary, empty,
truncated gzip, wrong JSON shape, odd names, loops, deep JSON); this module
measures what it cannot see in-process: the peak memory of an import that meets
huge files, and the text that comes out of mixed and BOM-less encodings.
"""

from __future__ import annotations

import ast
import gzip
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import zlib
from pathlib import Path

import pytest

from reader.library import Library
from reader.parsing import MAX_ARTICLE_BYTES

#: The child imports, then prints its report and its peak resident memory.
CHILD = r"""
import json, resource, sys
from reader.library import Library

def peak_mb():
    # VmHWM is this program's own peak. ru_maxrss is not: Linux carries the peak of
    # the process it was forked from (pytest, hundreds of MB late in a full run)
    # across exec.
    try:
        with open("/proc/self/status") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

with Library.open(sys.argv[1]) as lib:
    report = lib.import_paths([sys.argv[2]])
    titles = sorted(r.title for r in lib.rows(lib.article_ids()))
print(json.dumps({
    "failed": report.failed,
    "titles": titles,
    "peak_mb": peak_mb(),
}))
"""

#: Python, SQLite, Whoosh and the parsers take ~100 MB; a huge file may add a
#: bounded read buffer, never its whole size several times over.
PEAK_LIMIT_MB = 400

WORDS = ("minister said the plan would cut costs across the region while critics warned "
         "of delays in hospitals schools and transport budgets officials added").split()


def import_in_child(lib: Path, src: Path) -> dict:
    proc = subprocess.run([sys.executable, "-c", CHILD, str(lib), str(src)],
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr
    return json.loads(proc.stdout)


def write_text_of_size(path: Path, size: int) -> None:
    """Real (not sparse) prose of about ``size`` bytes, written a paragraph at a time."""
    rng = random.Random(3)
    paras = [" ".join(rng.choice(WORDS) for _ in range(80)).capitalize() + ".\n\n"
             for _ in range(50)]
    block = "".join(paras).encode()
    with open(path, "wb") as fh:
        fh.write(b"A book-length file\n\n")
        written = 0
        while written < size:
            fh.write(block)
            written += len(block)


@pytest.mark.slow
def test_huge_files_are_refused_in_bounded_memory_while_the_rest_goes_in(tmp_path: Path) -> None:
    src = tmp_path / "src"
    src.mkdir()
    with open(src / "sparse-200mb.txt", "wb") as fh:  # 200 MB on paper, nothing on disk
        fh.truncate(200 * 1024 * 1024)
    write_text_of_size(src / "real-60mb.txt", 60 * 1000 * 1000)
    # A gzip bomb: a few hundred KB that would expand to 200 MB.
    z = zlib.compressobj(1, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    mb = b"a" * (1 << 20)
    with open(src / "bomb.txt.gz", "wb") as fh:
        for _ in range(200):
            fh.write(z.compress(mb))
        fh.write(z.flush())
    (src / "fine.txt").write_text("Fine article\n\nVoles were counted in the meadow.\n",
                                  encoding="utf-8")

    out = import_in_child(tmp_path / "lib", src)

    reasons = {Path(p).name: r for p, r in out["failed"]}
    assert out["titles"] == ["Fine article"]
    assert set(reasons) == {"sparse-200mb.txt", "real-60mb.txt", "bomb.txt.gz"}
    assert "too large" in reasons["sparse-200mb.txt"]
    assert "too large to be one article" in reasons["real-60mb.txt"]
    assert "60 MB" in reasons["real-60mb.txt"]
    assert "beyond the size limit" in reasons["bomb.txt.gz"]
    assert out["peak_mb"] < PEAK_LIMIT_MB, f"peak memory {out['peak_mb']:.0f} MB"


def test_article_size_limit_is_below_the_file_limit_and_explained(tmp_path: Path) -> None:
    """One text file past the article limit is refused with a reason; JSON dumps are not."""
    big = tmp_path / "long.txt"
    write_text_of_size(big, MAX_ARTICLE_BYTES["text"] + 1000)
    dump = tmp_path / "dump.jsonl"
    with open(dump, "w", encoding="utf-8") as fh:
        for i in range(3):
            fh.write(json.dumps({"title": f"Dump article {i}", "body": "Stoats were seen."}) + "\n")
    with Library.open(tmp_path / "lib") as lib:
        report = lib.import_paths([big, dump])
        assert [Path(p).name for p, _ in report.failed] == ["long.txt"]
        reason = report.failed[0][1]
        assert "too large to be one article" in reason and "limited to 8 MB" in reason
        assert len(report.imported) == 3


SAMPLE = ("Heron census finished\n\nThe heron census was finished on Tuesday, said the warden. "
          "Café owners, naïve visitors and “curious” walkers — all came.\n\n"
          "A second paragraph about egrets and bitterns.\n")


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_a_byte_order_mark_is_read_as_text(tmp_path: Path, codec: str) -> None:
    path = tmp_path / f"{codec}.txt"
    path.write_bytes(SAMPLE.encode(codec))  # Python's utf-16-le/be codecs write no BOM
    assert not path.read_bytes().startswith((b"\xff\xfe", b"\xfe\xff"))
    with Library.open(tmp_path / "lib") as lib:
        report = lib.import_paths([path])
        assert not report.failed, report.failed
        article = lib.get(report.imported[0])
        assert article.title == "Heron census finished"
        assert "Café owners, naïve visitors and “curious” walkers — all came." in article.body
        assert "\x00" not in article.body
        assert [h.title for h in lib.search("bitterns").hits] == ["Heron census finished"]


def test_mixed_utf8_and_windows_1252_in_one_file_keeps_both(tmp_path: Path) -> None:
    """A file edited in two editors: a UTF-8 paragraph and a Windows-1252 one."""
    data = ("Mixed encodings\n\nThe café in Zürich — written in UTF-8.\n\n".encode()
            + "Then a naïve “quoted” remark, saved as Windows-1252.\n".encode("cp1252"))
    path = tmp_path / "mixed.txt"
    path.write_bytes(data)
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    with Library.open(tmp_path / "lib") as lib:
        report = lib.import_paths([path])
        assert not report.failed
        body = lib.get(report.imported[0]).body
    assert "The café in Zürich — written in UTF-8." in body
    assert "Then a naïve “quoted” remark" in body
    assert "\ufffd" not in body and "Ã" not in body


def test_invalid_utf8_gzip_and_utf16_files_never_stop_an_import(tmp_path: Path) -> None:
    """Every odd encoding in one folder: each file imported or refused with a reason."""
    src = tmp_path / "src"
    src.mkdir()
    (src / "latin1.txt").write_bytes("Latin one\n\nÉté à Paris, déjà vu.\n".encode("latin-1"))
    (src / "garbage-utf8.txt").write_bytes(b"Broken bytes\n\nText \xc3\x28 with \xa0\xa1 "
                                           b"invalid \xf0\x28\x8c\x28 sequences.\n")
    (src / "utf16.txt.gz").write_bytes(gzip.compress(SAMPLE.encode("utf-16-le")))
    (src / "odd-utf16.txt").write_bytes(SAMPLE.encode("utf-16-le")[:-1])  # cut mid-character
    with Library.open(tmp_path / "lib") as lib:
        report = lib.import_paths([src])
        stored = {Path(lib.get(i).source).name: lib.get(i) for i in lib.article_ids()}
    failed = dict((Path(p).name, r) for p, r in report.failed)
    assert set(stored) | set(failed) == {"latin1.txt", "garbage-utf8.txt", "utf16.txt.gz",
                                         "odd-utf16.txt"}
    assert all(reason.strip() for reason in failed.values())
    assert "Été à Paris, déjà vu." in stored["latin1.txt"].body
    assert stored["utf16.txt.gz"].title == "Heron census finished"


UNREADABLE_CHILD = r"""
import os, sys, tempfile
from reader.library import Library
# Import once as root so every module is loaded: after dropping to 'nobody' the
# interpreter's own folder (under /root) cannot be read.
with tempfile.TemporaryDirectory() as warm:
    with open(os.path.join(warm, "w.txt"), "w") as fh:
        fh.write("Warm up\n\nA first article, said the warden.\n")
    with Library.open(os.path.join(warm, "lib")) as lib:
        lib.import_paths([os.path.join(warm, "w.txt")])
        lib.search("warden")
os.setgid(65534)
os.setuid(65534)
with Library.open(sys.argv[1]) as lib:
    report = lib.import_paths([sys.argv[2]])
    titles = [r.title for r in lib.rows(lib.article_ids())]
print(repr((report.failed, titles)))
"""


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0,
                    reason="as a normal user tests/library/test_import.py::"
                           "test_unreadable_file_is_reported covers a chmod 0 file")
def test_unreadable_file_as_another_user_is_reported_and_the_rest_imported() -> None:
    """Root reads anything, so the importer drops to 'nobody' to meet a file it may not read."""
    base = Path(tempfile.mkdtemp(prefix="unreadable-"))  # pytest's temp folders are root-only
    try:
        src = base / "src"
        src.mkdir()
        (src / "open.txt").write_text("Open article\n\nAnyone may read this.\n", encoding="utf-8")
        (src / "secret.txt").write_text("Secret\n\nOnly root may read this.\n", encoding="utf-8")
        (src / "secret.txt").chmod(0o600)
        (src / "locked").mkdir()
        (src / "locked" / "inner.txt").write_text("Inner\n\nHidden away.\n", encoding="utf-8")
        (src / "locked").chmod(0o700)
        lib = base / "lib"
        lib.mkdir()
        os.chown(lib, 65534, 65534)
        base.chmod(0o755)
        proc = subprocess.run([sys.executable, "-c", UNREADABLE_CHILD, str(lib), str(src)],
                              capture_output=True, text=True, timeout=120)
        assert proc.returncode == 0, proc.stderr
        failed, titles = ast.literal_eval(proc.stdout.strip().splitlines()[-1])
        reasons = {Path(p).name: r for p, r in failed}
        assert titles == ["Open article"]
        assert "permission denied" in reasons["secret.txt"]
        assert "permission denied" in reasons["locked"]
    finally:
        shutil.rmtree(base, ignore_errors=True)
