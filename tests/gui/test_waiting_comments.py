"""Comment files imported before their article: the window's import summary says how many
threads wait, File > Comments Waiting for Their Article lists each with the article it waits
for, and once the article is imported the list is empty and the comments are on it."""

from __future__ import annotations

import shutil

from tests.containers.conftest import FIXTURES

from .conftest import make_window

SFU_MINI = FIXTURES / "sfu_mini"


def _menu_texts(window) -> list[str]:
    file_menu = next(m for m in window.menuBar().actions() if m.text() == "&File").menu()
    return [a.text().replace("&", "") for a in file_menu.actions()]


def test_waiting_comment_files_are_listed_until_their_article_arrives(qtbot, empty_library, light_theme,
                                                                      tmp_path):
    src = tmp_path / "src"
    shutil.copytree(SFU_MINI, src)
    window = make_window(qtbot, empty_library, light_theme)
    assert "Comments Waiting for Their Article…" in _menu_texts(window)

    with qtbot.waitSignal(window.importDone) as done:
        window.import_paths([str(src / "comments"), str(src / "comment_reactions")])
    report = done.args[0]
    assert not report.failed and len(report.waiting) == 2
    message = window.statusBar().currentMessage()
    assert "2 comment threads are waiting for their article" in message, message

    window.actions_by_id["waiting_comments"].trigger()
    dialog = window.imports.waiting_dialog
    qtbot.waitUntil(dialog.isVisible)
    assert "2 comment threads are waiting for their article" in dialog.label.text()
    # both scrapes of article 7001's thread, the id they wait for, their comments
    assert sorted(dialog.rows()) == [
        ("article_7001_comments.json", "article 7001", "5"),
        ("article_7001_comments.json", "article 7001", "6"),
    ]
    dialog.close()

    with qtbot.waitSignal(window.importDone) as done:
        window.import_paths([str(src / "articles")])
    report = done.args[0]
    assert len(report.imported) == 2 and not report.waiting
    assert "waiting" not in window.statusBar().currentMessage()
    harbour = next(r for r in empty_library.rows(empty_library.article_ids())
                   if r.title == "Harbour tolls to double")
    assert harbour.comment_count == 7  # both scrapes merged, each comment once

    window.actions_by_id["waiting_comments"].trigger()
    dialog = window.imports.waiting_dialog
    qtbot.waitUntil(dialog.isVisible)
    assert dialog.rows() == []
    assert "No comment file is waiting" in dialog.label.text()
    dialog.close()
    window.close()
