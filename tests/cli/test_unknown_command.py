"""A mistyped command is an error with suggestions, not words the window tries to open as files."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from reader import cli

REPO = Path(__file__).resolve().parents[2]


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "reader", *args], check=False, capture_output=True, text=True,
                          cwd=REPO, timeout=120)


def test_unknown_command_exits_2_with_the_word_and_the_commands():
    r = run("annotat", "3")
    assert r.returncode == 2
    assert "unknown command 'annotat'" in r.stderr
    assert "search" in r.stderr and "import" in r.stderr  # the commands are listed
    assert "Traceback" not in r.stderr


def test_a_close_command_is_suggested():
    r = run("--library", "/nonexistent/lib", "serch", "asylum")
    assert r.returncode == 2
    assert "did you mean 'search'" in r.stderr


@pytest.fixture
def opened(monkeypatch) -> list[list[str]]:
    calls: list[list[str]] = []
    monkeypatch.setattr(cli, "_run_gui", lambda argv: calls.append(list(argv)) or 0)
    return calls


def test_files_without_a_command_still_open_the_window(tmp_path, monkeypatch, opened):
    article = tmp_path / "annotat"  # an existing file, even with a command-like name
    article.write_text("Title\n\nBody.\n")
    monkeypatch.chdir(tmp_path)
    assert cli.main(["annotat"]) == 0
    assert cli.main([str(tmp_path / "story.html")]) == 0  # a path: the window reports it missing
    assert cli.main(["notes.txt", "-platform", "offscreen"]) == 0
    assert cli.main(["-platform", "offscreen"]) == 0  # Qt's own options are not commands
    assert cli.main([]) == 0
    assert len(opened) == 5


def test_unknown_word_does_not_reach_the_window(opened, capsys):
    assert cli.main(["--library", "x", "bogus"]) == 2
    assert not opened
    assert "unknown command 'bogus'" in capsys.readouterr().err


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="X11/Wayland display variables")
def test_the_window_without_a_display_is_a_message_not_a_qt_abort(tmp_path):
    """``article-reader`` (or ``article-reader FILE``) over SSH or on a server: Qt aborted with
    status 134 and a core dump, saying that reinstalling the application may fix it."""
    env = {k: v for k, v in os.environ.items()
           if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    article = tmp_path / "article.txt"
    article.write_text("Title\n\nBody.\n")
    for args in ([], [str(article)]):
        r = subprocess.run([sys.executable, "-m", "reader", "--library", str(tmp_path / "lib"), *args],
                           check=False, capture_output=True, text=True, cwd=REPO, timeout=120, env=env)
        assert r.returncode == 2, r.stderr
        assert "no display to open the window on" in r.stderr and "article-reader --help" in r.stderr
        assert "Reinstalling" not in r.stderr
    assert not (tmp_path / "lib").exists()  # nothing was opened or created
