"""The start-up check runs in the background and speaks only when it repaired something."""

from __future__ import annotations

import shutil

from reader.gui import mainwindow
from reader.library import Library


def test_a_damaged_index_is_rebuilt_after_start(qtbot, tmp_path, _seed_library_template, light_theme, monkeypatch):
    root = tmp_path / "library"
    shutil.copytree(_seed_library_template, root)
    for seg in (root / "index").glob("*.trm"):  # the search index is damaged (disk, sync tool...)
        seg.write_bytes(b"garbage")
    monkeypatch.setattr(mainwindow, "CHECK_DELAY_MS", 0)
    with Library.open(root, create=False) as lib:
        assert lib.index_problem  # the window says so at once ...
        w = mainwindow.MainWindow(lib, theme=light_theme, background_check=True)
        qtbot.addWidget(w)
        w.show()
        assert "Search index" in w.statusBar().currentMessage()
        with qtbot.waitSignal(w.checkDone) as blocker:  # ... and repairs it
            pass
        report = blocker.args[0]
        assert report.repaired > 0
        assert "repaired" in w.statusBar().currentMessage()
        assert [h.title for h in lib.search("Lukyanov").hits] == [
            "Assad seeking political asylum in Latin America if forced to flee Syria"
        ]
        w.close()


def test_a_healthy_library_is_checked_silently(qtbot, seeded_library, light_theme, monkeypatch):
    monkeypatch.setattr(mainwindow, "CHECK_DELAY_MS", 0)
    w = mainwindow.MainWindow(seeded_library, theme=light_theme, background_check=True)
    qtbot.addWidget(w)
    w.show()
    with qtbot.waitSignal(w.checkDone) as blocker:
        pass
    assert blocker.args[0].repaired == 0
    assert "repaired" not in w.statusBar().currentMessage()
    w.close()
