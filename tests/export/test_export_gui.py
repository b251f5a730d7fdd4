"""Export and print from the window: real widgets, a real library, the PDF read back."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QThreadPool, QTimer
from PySide6.QtPrintSupport import QPrinter, QPrintPreviewWidget
from PySide6.QtWidgets import QApplication, QMainWindow, QMessageBox

from reader.export import export_pdf
from reader.export.filenames import safe_stem
from reader.export.layout import build_book
from reader.gui.export_actions import (
    ExportChoice,
    ExportDialog,
    export_selected,
    make_printer,
    paint_for_print,
    print_preview,
    remembered_options,
)
from reader.library import Library
from reader.render import QUOTE_BG

SEEDS = sorted((Path(__file__).resolve().parents[2] / "resources" / "sample").glob("*.txt"))


@pytest.fixture
def library(tmp_path: Path):
    lib = Library.open(tmp_path / "lib", create=True)
    report = lib.import_paths([str(p) for p in SEEDS])
    assert len(report.imported) == 2, report
    yield lib
    QThreadPool.globalInstance().waitForDone(30000)
    lib.close()


@pytest.fixture
def window(qtbot):
    w = QMainWindow()
    qtbot.addWidget(w)
    w.show()
    return w


def _ids(library: Library) -> list[int]:
    return sorted(library.article_ids())


def test_worker_writes_the_pdf_and_says_where(qtbot, window, library: Library, tmp_path: Path, pdf_reader) -> None:
    article_id = _ids(library)[0]
    target = tmp_path / "out" / "mine.pdf"
    target.parent.mkdir()
    job = export_selected(window, library, [article_id], choice=ExportChoice(target=target, comments=True))
    assert job is not None
    with qtbot.waitSignal(job.finished) as blocker:
        pass
    assert blocker.args == [[target]]
    read = pdf_reader(target)
    title = library.get(article_id).title
    assert read.squash(title) in read.squash(read.pages[0])
    assert str(target) in window.statusBar().currentMessage()
    box = job.message_box
    assert box is not None and box.isVisible() and str(target) in box.text()
    assert any(b.text() == "Open Folder" for b in box.buttons())
    assert job.folder() == target.parent
    box.close()
    # The choice is remembered for next time (and for printing).
    assert remembered_options().comments is True


def test_several_articles_one_file_per_article(qtbot, window, library: Library, tmp_path: Path) -> None:
    ids = _ids(library)
    job = export_selected(window, library, ids, choice=ExportChoice(target=tmp_path / "each", each=True), notify=False)
    with qtbot.waitSignal(job.finished) as blocker:
        pass
    written = blocker.args[0]
    titles = [library.get(i).title for i in ids]
    assert len(written) == 2 and all(p.parent == tmp_path / "each" and p.is_file() for p in written)
    assert {p.stem for p in written} == {safe_stem(t) for t in titles}


def test_failure_is_reported_not_raised(qtbot, window, library: Library, tmp_path: Path) -> None:
    job = export_selected(window, library, [987654], choice=ExportChoice(target=tmp_path / "x.pdf"))
    with qtbot.waitSignal(job.failed) as blocker:
        pass
    assert "987654" in blocker.args[0]
    assert "Export failed" in window.statusBar().currentMessage()
    assert job.message_box is not None and job.message_box.icon() == QMessageBox.Icon.Warning
    job.message_box.close()
    assert not (tmp_path / "x.pdf").exists()


def test_dialog_proposes_a_safe_name_and_asks_one_or_many(qtbot, library: Library, tmp_path: Path) -> None:
    one = ExportDialog(['Budget: "cuts" / taxes?'])
    qtbot.addWidget(one)
    assert Path(one.path_edit.text()).name == "Budget cuts - taxes.pdf"
    assert one.each_file is None  # no question for a single article
    one.path_edit.setText(str(tmp_path / "report"))
    assert one.choice().target == tmp_path / "report.pdf"

    many = ExportDialog(["First", "Second"])
    qtbot.addWidget(many)
    assert many.one_file.isChecked()
    many.each_file.setChecked(True)
    assert Path(many.path_edit.text()).is_dir()
    assert many.choice().each is True
    many.comments.setChecked(False)
    assert not many.include_spam.isEnabled()


def test_export_selected_through_the_dialog(qtbot, window, library: Library, tmp_path: Path) -> None:
    article_id = _ids(library)[0]
    target = tmp_path / "from-dialog.pdf"

    def fill_in() -> None:
        dialog = QApplication.activeModalWidget()
        try:
            assert isinstance(dialog, ExportDialog)
            assert Path(dialog.path_edit.text()).suffix == ".pdf"
            dialog.path_edit.setText(str(target))
            dialog.appendix.setChecked(False)
            dialog.export_button.click()
        finally:  # never leave a modal dialog waiting, or the test would hang
            if dialog is not None and dialog.isVisible():
                dialog.reject()

    QTimer.singleShot(0, fill_in)
    job = export_selected(window, library, [article_id], notify=False)
    assert job is not None and job.choice.target == target and job.choice.quote_appendix is False
    with qtbot.waitSignal(job.finished):
        pass
    assert target.is_file()


def test_printing_paints_the_same_pages_as_the_pdf(qtbot, library: Library, tmp_path: Path, pdf_reader) -> None:
    articles = [min((library.get(i) for i in _ids(library)), key=lambda a: len(a.body))]
    printer = make_printer(articles)
    assert printer.resolution() > 96  # a real printer resolution: the layout must scale, not shrink
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    pages = paint_for_print(printer, articles)
    printed = pdf_reader(tmp_path / "printed.pdf")
    exported = pdf_reader(export_pdf(articles, tmp_path / "exported.pdf"))
    assert len(printed.pages) == pages == len(exported.pages)
    assert printed.squash(printed.body_text()) == exported.squash(exported.body_text())
    assert printed.has_fill_colour(QUOTE_BG) or not any(a.quotes for a in articles)


def test_print_preview_shows_the_pages(qtbot, window, library: Library) -> None:
    ids = _ids(library)[:1]
    dialog = print_preview(window, library, ids, modal=False)
    assert dialog is not None
    preview = dialog.findChild(QPrintPreviewWidget)
    qtbot.waitUntil(lambda: preview.pageCount() > 0)
    book = build_book([library.get(ids[0])], remembered_options(), dialog.printer_ref.pageLayout())
    assert preview.pageCount() == book.page_count
    dialog.close()


def test_export_from_the_window_carries_the_readers_highlights_and_notes(
    qtbot, window, library: Library, tmp_path: Path, pdf_reader
) -> None:
    article_id = _ids(library)[0]
    body = library.get(article_id).body
    quote = " ".join(body.split()[5:11])
    library.annotations.create(article_id, quote=quote, note="Ask the ministry for the figures", color="green")
    target = tmp_path / "marked.pdf"
    job = export_selected(window, library, [article_id], choice=ExportChoice(target=target))
    assert job is not None
    with qtbot.waitSignal(job.finished):
        pass
    job.message_box.close()
    read = pdf_reader(target)
    text = read.squash(" ".join(read.pages))
    assert read.squash("Ask the ministry for the figures") in text


def test_ctrl_e_with_two_articles_selected_exports_both(qtbot, library: Library, tmp_path: Path, pdf_reader) -> None:
    # File > Export to PDF with several articles selected in the list: the dialog asks one PDF
    # or one per article, and the PDF holds every selected article (not only the open one).
    from PySide6.QtCore import Qt

    from reader.gui.mainwindow import MainWindow

    w = MainWindow(library, background_check=False)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    w.activateWindow()
    qtbot.waitUntil(w.isActiveWindow)
    w.side.select_row(0)
    w.side.list_view.setFocus()
    qtbot.keyClick(w.side.list_view, Qt.Key.Key_Down, Qt.KeyboardModifier.ShiftModifier)
    assert len(w.side.list_view.selectionModel().selectedRows()) == 2
    target = tmp_path / "both.pdf"
    seen: dict[str, object] = {}

    def fill_in() -> None:
        dialog = QApplication.activeModalWidget()
        try:
            assert isinstance(dialog, ExportDialog)
            seen["asks"] = dialog.one_file is not None and dialog.one_file.isChecked()
            dialog.path_edit.setText(str(target))
            dialog.export_button.click()
        finally:  # never leave a modal dialog waiting, or the test would hang
            if dialog is not None and dialog.isVisible():
                dialog.reject()

    QTimer.singleShot(0, fill_in)
    qtbot.keyClick(w.side.list_view, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    assert seen.get("asks") is True
    qtbot.waitUntil(lambda: w.statusBar().currentMessage().startswith("Exported"))
    pdf = pdf_reader(target)
    titles = [row.title for row in library.rows(_ids(library))]
    assert all(pdf.contains_in_order([t.split(":")[0]]) for t in titles), titles
    w.close()
