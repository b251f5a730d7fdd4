"""The Linux launcher: valid desktop entry, install and uninstall for the current user."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from reader import desktop

REPO = Path(__file__).resolve().parents[2]


def test_desktop_file_declares_name_icon_categories_and_mime_types() -> None:
    text = (REPO / "packaging" / "linux" / "article-reader.desktop").read_text()
    assert "Name=Article Reader" in text
    assert "Icon=article-reader" in text
    assert "Categories=Office;Viewer;" in text
    assert "text/plain;" in text and "text/html;" in text
    assert "%F" in text  # files from "Open with" reach the app


@pytest.mark.skipif(not shutil.which("desktop-file-validate"), reason="desktop-file-utils not installed")
def test_installed_desktop_file_validates(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    result = desktop.install()
    entry = tmp_path / "applications" / "article-reader.desktop"
    assert entry in result.written
    proc = subprocess.run(["desktop-file-validate", str(entry)], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert f"Exec={sys.executable} -m reader %F" in entry.read_text()


def test_install_then_uninstall_leaves_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    proc = subprocess.run(
        [sys.executable, "-m", "reader", "install-desktop"], capture_output=True, text=True, timeout=60
    )
    assert proc.returncode == 0, proc.stderr
    icon = tmp_path / "icons" / "hicolor" / "48x48" / "apps" / "article-reader.png"
    assert icon.read_bytes().startswith(b"\x89PNG")
    assert (tmp_path / "icons" / "hicolor" / "scalable" / "apps" / "article-reader.svg").is_file()
    proc = subprocess.run(
        [sys.executable, "-m", "reader", "uninstall-desktop"], capture_output=True, text=True, timeout=60
    )
    assert proc.returncode == 0, proc.stderr
    left = [p for p in tmp_path.rglob("*") if p.is_file() and "article-reader" in p.name.lower()]
    assert left == []


def test_icon_containers_hold_png_images() -> None:
    icons = REPO / "resources" / "icons"
    ico = (icons / "article-reader.ico").read_bytes()
    assert ico[:4] == b"\x00\x00\x01\x00" and b"\x89PNG" in ico
    icns = (icons / "article-reader.icns").read_bytes()
    assert icns[:4] == b"icns" and int.from_bytes(icns[4:8], "big") == len(icns)


def test_a_data_folder_that_cannot_be_changed_is_a_message(tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    """~/.local/share left to root by a sudo run, a file where a folder should be: one message
    naming the path and status 1 (they were PermissionError / OSError tracebacks)."""
    def run(command: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "reader", command], capture_output=True,
                              text=True, timeout=60)

    blocker = tmp_path / "share"
    blocker.write_text("a file, not a folder")
    monkeypatch.setenv("XDG_DATA_HOME", str(blocker))
    proc = run("install-desktop")
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    assert proc.stderr.startswith(f"article-reader: {blocker / 'applications'}: cannot be written (")

    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    entry = tmp_path / "data" / "applications" / "article-reader.desktop"
    entry.mkdir(parents=True)  # something that cannot be unlinked where the launcher would be
    proc = run("uninstall-desktop")
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    assert proc.stderr.startswith(f"article-reader: {entry}: cannot be removed (")
