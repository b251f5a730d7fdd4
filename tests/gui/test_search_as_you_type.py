"""Search as you type in the real window: titles first, the full query next, stale searches stopped.

A real library on disk and the real index; the window offscreen. To have an
older search still running when the next key arrives (without depending on
timing), ``HeldLibrary`` holds the full search of chosen texts until the
window cancels it (or the test releases it); the search then runs in the real
library with the window's cancel event, where the executor stops it.
"""

from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from reader.gui import search_controller
from reader.gui.search_controller import SearchOutcome
from reader.library import Library

from .conftest import make_window

TOPICS = {
    "Harbour": "the harbour master counted the boats that came in before the storm",
    "Harbinger": "a harbinger of the long winter arrived with the first geese",
    "Lighthouse": "the lighthouse keeper wrote his report about the storm over the harbour",
}


class HeldLibrary:
    """The real library; ``search`` of a text in ``held`` waits until cancelled or released."""

    def __init__(self, library: Library) -> None:
        self._library = library
        self.held: dict[str, threading.Event] = {}
        self.cancelled: list[str] = []  # held texts whose search the window cancelled
        self.finished: list[str] = []  # texts whose full search ran to its end

    def __getattr__(self, name: str) -> Any:
        return getattr(self._library, name)

    def search(self, query: str, *, cancel: threading.Event | None = None, **kw: Any) -> Any:
        release = self.held.get(query)
        if release is not None:
            assert cancel is not None
            deadline = time.monotonic() + 120  # a bound for a broken window, not a timing
            while not (cancel.is_set() or release.is_set()) and time.monotonic() < deadline:
                release.wait(0.01)
            if cancel.is_set():
                self.cancelled.append(query)
        results = self._library.search(query, cancel=cancel, **kw)
        self.finished.append(query)
        return results


@pytest.fixture
def notes_library(empty_library: Library, tmp_path: Path) -> Library:
    folder = tmp_path / "notes"
    folder.mkdir()
    for word, text in TOPICS.items():
        for i in range(5):
            (folder / f"{word.lower()}{i}.txt").write_text(
                f"{word} news number {i}\n\nOn day {i} {text}. Nothing else happened in town.\n",
                encoding="utf-8",
            )
    assert len(empty_library.import_paths([str(folder)]).imported) == 15
    return empty_library


class Shown:
    """Every outcome the window put in the list, in order, with the rows it showed then."""

    def __init__(self, window) -> None:
        self.previews: list[SearchOutcome] = []
        self.results: list[SearchOutcome] = []
        self.order: list[tuple[str, str]] = []
        self.rows: list[list[int]] = []
        self.hints: list[str] = []
        window.search.previewReady.connect(lambda o: self._shown(window, o, "preview", self.previews))
        window.search.resultsReady.connect(lambda o: self._shown(window, o, "full", self.results))

    def _shown(self, window, outcome: SearchOutcome, kind: str, into: list[SearchOutcome]) -> None:
        # Connected after the window's own slot: the list already shows this outcome.
        into.append(outcome)
        self.order.append((kind, outcome.query))
        self.rows.append(rows(window))
        self.hints.append(window.side.hint_label.text())


def rows(window) -> list[int]:
    return list(window.model.ids)


def test_a_word_being_typed_shows_titles_first_then_the_full_results(qtbot, notes_library, light_theme):
    held = HeldLibrary(notes_library)
    release = held.held["harb"] = threading.Event()  # the full query takes longer than the titles
    window = make_window(qtbot, held, light_theme)
    shown = Shown(window)
    box = window.side.search_box
    box.setFocus()
    with qtbot.waitSignal(window.search.previewReady) as preview:
        qtbot.keyClicks(box, "harb")
    release.set()
    assert preview.args[0].preview and shown.order[0] == ("preview", "harb")
    first_rows = shown.rows[0]
    assert "Titles" in shown.hints[0]  # the user is told these are titles only, more is coming
    assert sorted(notes_library.get(i).title.split()[0] for i in first_rows) == ["Harbinger"] * 5 + ["Harbour"] * 5
    qtbot.waitUntil(lambda: window.search.idle and bool(shown.results))
    # The full query follows and replaces the preview: "harb" is not a word of any article (as before).
    assert rows(window) == [] and "0 matches" in window.side.count_label.text()
    with qtbot.waitSignal(window.search.resultsReady):
        qtbot.keyClicks(box, "our")
    assert rows(window) == [h.id for h in notes_library.search("harbour").hits]
    assert len(rows(window)) == 10  # Harbour notes, and the lighthouse notes that mention the harbour
    assert f"{len(rows(window))} matches" in window.side.count_label.text()
    assert [q for kind, q in shown.order if kind == "full"] == ["harb", "harbour"]
    window.close()


def test_a_newer_key_cancels_the_running_search_and_only_the_final_query_is_shown(qtbot, notes_library, light_theme):
    held = HeldLibrary(notes_library)
    held.held["light"] = threading.Event()
    window = make_window(qtbot, held, light_theme)
    shown = Shown(window)
    box = window.side.search_box
    box.setFocus()
    with qtbot.waitSignal(window.search.previewReady):
        qtbot.keyClicks(box, "light")  # its full search now waits, still running
    assert not window.search.idle and held.cancelled == []
    cancelled_before = window.search.cancelled_searches
    qtbot.keyClicks(box, "house")  # cancels it: the pool does not finish a stale search
    qtbot.waitUntil(lambda: window.search.idle and bool(shown.results))
    assert held.cancelled == ["light"] and window.search.cancelled_searches > cancelled_before
    assert [o.query for o in shown.results] == ["lighthouse"]  # "light" never reached the list
    assert rows(window) == [h.id for h in notes_library.search("lighthouse").hits]
    assert len(rows(window)) == 5
    # After the newer query, nothing older came to the screen, not even a preview.
    first_new = next(i for i, (_k, q) in enumerate(shown.order) if q == "lighthouse")
    assert all(q == "lighthouse" for _k, q in shown.order[first_new:])
    window.close()


def test_enter_while_the_preview_shows_opens_the_first_full_result(qtbot, notes_library, light_theme):
    held = HeldLibrary(notes_library)
    release = held.held["harbour"] = threading.Event()
    window = make_window(qtbot, held, light_theme)
    shown = Shown(window)
    box = window.side.search_box
    box.setFocus()
    with qtbot.waitSignal(window.search.previewReady):
        qtbot.keyClicks(box, "harbour")
    qtbot.keyClick(box, Qt.Key.Key_Return)  # the full results are still on their way
    assert box.hasFocus()  # Enter waits for them: no preview row is opened
    release.set()
    qtbot.waitUntil(lambda: bool(shown.results))
    full = [h.id for h in notes_library.search("harbour").hits]
    assert rows(window) == full
    assert window.side.current_id() == full[0] and window.view.article_id == full[0]
    assert window.side.list_view.hasFocus()
    window.close()


def test_enter_right_after_typing_skips_the_preview_and_down_walks_the_results(qtbot, notes_library, light_theme):
    window = make_window(qtbot, notes_library, light_theme)
    shown = Shown(window)
    box = window.side.search_box
    box.setFocus()
    qtbot.keyClicks(box, "lighthouse")
    qtbot.keyClick(box, Qt.Key.Key_Return)  # before the typing pause ends: run now, no preview
    qtbot.waitUntil(lambda: window.search.idle and bool(shown.results))
    full = [h.id for h in notes_library.search("lighthouse").hits]
    assert shown.previews == [] and rows(window) == full
    assert window.view.article_id == full[0]
    # Back in the box, Down moves through the same results.
    box.setFocus()
    qtbot.keyClick(box, Qt.Key.Key_Down)
    assert window.side.current_id() == full[1] and window.view.article_id == full[1]
    qtbot.keyClick(box, Qt.Key.Key_Down)
    assert window.side.current_id() == full[2]
    window.close()


def test_the_search_runs_during_the_typing_pause_and_enter_shows_its_results_at_once(
    qtbot, notes_library, light_theme, monkeypatch
):
    monkeypatch.setattr(search_controller, "DEBOUNCE_MS", 600_000)  # a pause that lasts the whole test
    held = HeldLibrary(notes_library)  # holds nothing: records the searches that ran
    window = make_window(qtbot, held, light_theme)
    shown = Shown(window)
    everything = rows(window)
    box = window.side.search_box
    box.setFocus()
    with qtbot.waitSignal(window.search.busyChanged, check_params_cb=lambda busy: not busy and "lighthouse" in held.finished):
        qtbot.keyClicks(box, "lighthouse")
    # The search of the typed text ran while the user paused; the list does not change before the pause ends.
    assert held.finished[-1] == "lighthouse"
    assert shown.order == [] and rows(window) == everything and not window.model.search_mode
    qtbot.keyClick(box, Qt.Key.Key_Return)  # ends the pause: the results are already there
    full = [h.id for h in notes_library.search("lighthouse").hits]
    assert shown.order == [("full", "lighthouse")] and rows(window) == full  # no title preview first
    assert window.view.article_id == full[0] and window.side.list_view.hasFocus()
    assert "5 matches" in window.side.count_label.text()
    window.close()


def test_searching_again_and_again_opens_no_more_database_connections(qtbot, notes_library, light_theme):
    # Each search runs on a Qt pool thread, whose Python thread state (and so its thread-local
    # values) ends with the job: the library's connection of that job is used by the next one,
    # instead of one more connection (and SQLite page cache, up to 16 MB) per search.
    window = make_window(qtbot, notes_library, light_theme)
    shown = Shown(window)
    box = window.side.search_box
    box.setFocus()

    def search(text: str) -> None:
        box.clear()
        qtbot.keyClicks(box, text)
        qtbot.keyClick(box, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: window.search.idle and bool(shown.results) and shown.results[-1].query == text)

    for text in ("harbour", "storm", "lighthouse"):
        search(text)
    connections = len(notes_library._store._conns)
    for _ in range(4):
        for text in ("harbour", "harbinger geese", "storm", "lighthouse"):
            search(text)
    assert len(notes_library._store._conns) == connections  # 16 searches later: the same ones
    assert connections <= 4  # this thread's, the pool's two threads' and at most one more
    assert rows(window) == [h.id for h in notes_library.search("lighthouse").hits]
    window.close()
