"""File > Export to PDF… (Ctrl+E) and Print… (Ctrl+P): the GUI side of ``reader.export``.

Export asks where and how in one dialog (file name from the title, made
safe; for several articles one PDF with contents or one PDF per article;
comments, spam, quote highlighting and appendix), then writes the PDF on a
``QThreadPool`` worker and says where the file went (status bar, and a
message with "Open Folder"). Off the GUI thread is safe here: each job owns
its QTextDocuments and QPdfWriter, and pool threads are QThreads, which the
document's lazy layout timer needs (a plain Python thread makes Qt warn).

Print paints the very same pages (``reader.export.layout.Book``) on the
printer QPrintPreviewDialog hands us, laid out again for whatever paper
and margins the user picks there. Painting a printer must happen on the
GUI thread, so print preview builds the pages there (a long article takes
a fraction of a second).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from PySide6.QtCore import QObject, QSettings, QStandardPaths, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtPrintSupport import QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from reader.export.compose import ExportOptions
from reader.export.filenames import safe_filename, safe_stem
from reader.paths import config_dir

log = logging.getLogger(__name__)

STATUS_MS = 15000
#: The ``ExportOptions`` the dialog's check boxes set, remembered for the next export (and printing).
REMEMBERED = ("comments", "include_spam", "quotes", "quote_appendix")


@dataclass
class ExportChoice:
    """Where and how to export: what the dialog returns (and what tests pass directly)."""

    target: Path  # the PDF file, or the folder when ``each``
    each: bool = False
    comments: bool = False
    include_spam: bool = False
    quotes: bool = True
    quote_appendix: bool = True

    def options(self) -> ExportOptions:
        return ExportOptions(
            comments=self.comments or self.include_spam,
            include_spam=self.include_spam,
            quotes=self.quotes,
            quote_appendix=self.quote_appendix,
        )


# -- remembered choices (state, not preferences) ------------------------------------------


def _state() -> QSettings:
    return QSettings(str(config_dir() / "export.ini"), QSettings.Format.IniFormat)


def _default_folder() -> Path:
    docs = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(docs) if docs and Path(docs).is_dir() else Path.home()


def remembered_options() -> ExportOptions:
    """The options last used for export (print uses them too); defaults when unset or unreadable."""
    s = _state()
    values: dict[str, bool] = {}
    for name in REMEMBERED:
        raw = s.value(f"options/{name}")
        if raw is not None:
            values[name] = str(raw).strip().lower() in ("1", "true", "yes", "on")
    return ExportOptions(**values)


def remembered_folder() -> Path:
    raw = _state().value("folder")
    folder = Path(str(raw)) if raw else None
    return folder if folder is not None and folder.is_dir() else _default_folder()


def _remember(choice: ExportChoice) -> None:
    s = _state()
    s.setValue("folder", str(choice.target if choice.each else choice.target.parent))
    options = choice.options()
    for name in REMEMBERED:
        value = getattr(options, name)
        s.setValue(f"options/{name}", "true" if value else "false")
    s.sync()


# -- the dialog ----------------------------------------------------------------------------


class ExportDialog(QDialog):
    """Export to PDF: file (or folder), one-or-many for several articles, and what to include."""

    def __init__(self, titles: Sequence[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Export to PDF")
        self._titles = list(titles)
        folder = remembered_folder()
        opts = remembered_options()
        several = len(self._titles) > 1
        self._file_default = safe_filename(self._titles[0] if len(self._titles) == 1 else "Articles", folder)
        self._folder_default = folder

        layout = QVBoxLayout(self)
        if several:
            box = QGroupBox(f"{len(self._titles)} articles")
            row = QVBoxLayout(box)
            self.one_file = QRadioButton("One PDF, with a contents page")
            self.each_file = QRadioButton("One PDF per article, named after its title")
            self.one_file.setChecked(True)
            row.addWidget(self.one_file)
            row.addWidget(self.each_file)
            layout.addWidget(box)
            self.each_file.toggled.connect(self._mode_changed)
        else:
            self.one_file = self.each_file = None

        form = QFormLayout()
        path_row = QHBoxLayout()
        self.path_edit = QLineEdit(str(self._file_default))
        self.path_edit.setMinimumWidth(420)
        browse = QPushButton("Browse…")
        browse.clicked.connect(self._browse)
        path_row.addWidget(self.path_edit, 1)
        path_row.addWidget(browse)
        self.path_label_text = "Save as:"
        form.addRow(self.path_label_text, path_row)
        layout.addLayout(form)

        self.comments = QCheckBox("Include the comments")
        self.comments.setChecked(opts.comments)
        self.include_spam = QCheckBox("Include comments marked as spam")
        self.include_spam.setChecked(opts.include_spam)
        self.quotes = QCheckBox("Highlight quotes")
        self.quotes.setChecked(opts.quotes)
        self.appendix = QCheckBox("List the quotes and their speakers at the end")
        self.appendix.setChecked(opts.quote_appendix)
        for w in (self.comments, self.include_spam, self.quotes, self.appendix):
            layout.addWidget(w)
        self.comments.toggled.connect(self._sync_enabled)
        self._sync_enabled()

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.export_button = buttons.addButton("Export", QDialogButtonBox.ButtonRole.AcceptRole)
        self.export_button.setDefault(True)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def _sync_enabled(self) -> None:
        self.include_spam.setEnabled(self.comments.isChecked())

    def _mode_changed(self, each: bool) -> None:
        self.path_edit.setText(str(self._folder_default if each else self._file_default))

    def each(self) -> bool:
        return bool(self.each_file is not None and self.each_file.isChecked())

    def _browse(self) -> None:
        current = self.path_edit.text().strip()
        if self.each():
            chosen = QFileDialog.getExistingDirectory(self, "Export one PDF per article to", current)
        else:
            chosen, _ = QFileDialog.getSaveFileName(self, "Export to PDF", current, "PDF documents (*.pdf)")
        if chosen:
            self.path_edit.setText(chosen)

    def choice(self) -> ExportChoice:
        text = self.path_edit.text().strip()
        each = self.each()
        if not text:
            target = self._folder_default if each else self._file_default
        else:
            target = Path(text).expanduser()
            if not each:
                if target.is_dir():
                    target = target / self._file_default.name
                elif target.suffix.lower() != ".pdf":
                    target = target.with_name(f"{safe_stem(target.name)}.pdf")
        return ExportChoice(
            target=target,
            each=each,
            comments=self.comments.isChecked(),
            include_spam=self.comments.isChecked() and self.include_spam.isChecked(),
            quotes=self.quotes.isChecked(),
            quote_appendix=self.appendix.isChecked(),
        )


# -- the background job --------------------------------------------------------------------


def run_export(library: Any, ids: Sequence[int], choice: ExportChoice, *, progress: Callable[[Any], None],
               cancel: threading.Event) -> tuple[list[Path], str | None]:
    """Load and export (runs on a pool thread). Returns the files written and a font warning, if any."""
    from reader.export.fontcheck import font_warning
    from reader.export.pdf import export_each, export_pdf

    articles = [library.get(i) for i in ids]
    marks = _highlights(library, ids)
    opts = choice.options()
    warning = font_warning(articles, comments=opts.comments)

    def report(done: int, total: int) -> None:
        progress(SimpleNamespace(done=done, total=total, current=""))

    if choice.each:
        written: list[Path] = []
        for n, article in enumerate(articles, 1):
            if cancel.is_set():
                break
            written += export_each([article], choice.target, opts, annotations={0: marks.get(n - 1, [])})
            report(n, len(articles))
        return written, warning
    return [export_pdf(articles, choice.target, opts, annotations=marks, progress=report)], warning


def _highlights(library: Any, ids: Sequence[int]) -> dict[int, list[Any]]:
    """The reader's highlights and notes per position in ``ids`` (the PDF draws them)."""
    notes = getattr(library, "annotations", None)
    if notes is None:
        return {}
    return {n: found for n, aid in enumerate(ids) if (found := notes.for_article(aid))}


class ExportJob(QObject):
    """One export running on the pool; says where the files went when done."""

    finished = Signal(list)  # list[Path]
    failed = Signal(str)

    def __init__(self, parent: QWidget, library: Any, ids: Sequence[int], choice: ExportChoice, *,
                 notify: bool = True) -> None:
        super().__init__(parent)
        from reader.gui.workers import Worker

        self.choice = choice
        self.notify = notify
        self.paths: list[Path] = []
        self.error: str | None = None
        self.warning: str | None = None  # scripts no installed font can show
        self.message_box: QMessageBox | None = None
        self._parent = parent
        self.worker = Worker(run_export, library, list(ids), choice, report=True)
        self.worker.signals.progress.connect(self._progress)
        self.worker.signals.finished.connect(self._done)
        self.worker.signals.error.connect(self._failed)

    def start(self) -> ExportJob:
        from reader.gui.workers import WorkerPool

        self._status("Exporting to PDF…", 0)
        pool = getattr(self._parent, "pool", None)
        if isinstance(pool, WorkerPool):
            pool.start(self.worker)  # the window waits for it on close
        else:
            from PySide6.QtCore import QThreadPool

            QThreadPool.globalInstance().start(self.worker)
        return self

    def _status(self, text: str, ms: int = STATUS_MS) -> None:
        if isinstance(self._parent, QMainWindow):
            self._parent.statusBar().showMessage(text, ms)

    def _progress(self, done: int, total: int, _current: str) -> None:
        what = "articles" if self.choice.each else "pages"
        self._status(f"Exporting to PDF… {done}/{total} {what}", 0)

    def _done(self, result: tuple[list[Path], str | None]) -> None:
        paths, self.warning = result
        self.paths = list(paths)
        if len(self.paths) == 1:
            where = str(self.paths[0])
        else:
            where = f"{len(self.paths)} PDFs in {self.choice.target}"
        self._status(f"Exported {where}")
        if self.notify:
            self._show_done(where)
        self.finished.emit(self.paths)

    def _failed(self, message: str) -> None:
        self.error = message
        self._status(f"Export failed: {message}")
        if self.notify:
            box = QMessageBox(QMessageBox.Icon.Warning, "Export failed", f"The PDF could not be written.\n\n{message}",
                              QMessageBox.StandardButton.Ok, self._parent)
            self.message_box = box
            box.open()
        self.failed.emit(message)

    def folder(self) -> Path:
        return self.choice.target if self.choice.each else self.choice.target.parent

    def open_folder(self) -> bool:
        return QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.folder())))

    def _show_done(self, where: str) -> None:
        text = f"Exported {where}"
        if self.warning:
            text += f"\n\n{self.warning}"
        icon = QMessageBox.Icon.Warning if self.warning else QMessageBox.Icon.Information
        box = QMessageBox(icon, "Export finished", text, QMessageBox.StandardButton.Close, self._parent)
        open_button = box.addButton("Open Folder", QMessageBox.ButtonRole.ActionRole)
        open_button.clicked.connect(self.open_folder)
        self.message_box = box
        box.open()  # not modal to the app: reading can go on


def _nothing_open(parent: QWidget, then: str) -> None:
    """Ctrl+E / Ctrl+P with no article open (an empty library): say so rather than do nothing."""
    if isinstance(parent, QMainWindow):
        parent.statusBar().showMessage(f"Open an article first, then {then}.", 5000)


def export_selected(parent: QWidget, library: Any, ids: Sequence[int], *, choice: ExportChoice | None = None,
                    notify: bool = True) -> ExportJob | None:
    """Ask where and how (unless ``choice`` is given), then export on a worker. None if cancelled."""
    ids = list(dict.fromkeys(ids))
    if not ids:
        _nothing_open(parent, "export it")
        return None
    if choice is None:
        titles = [row.title for row in library.rows(ids)] or ["Article"]
        dialog = ExportDialog(titles, parent)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        choice = dialog.choice()
    if not choice.each and not choice.target.parent.is_dir():
        QMessageBox.warning(parent, "Export to PDF", f"The folder {choice.target.parent} does not exist.")
        return None
    try:
        _remember(choice)
    except OSError:  # remembering is a convenience; never block the export on it
        log.warning("could not save the export settings", exc_info=True)
    return ExportJob(parent, library, ids, choice, notify=notify).start()


# -- printing ------------------------------------------------------------------------------


def paint_for_print(
    printer: QPrinter, articles: Sequence[Any], options: ExportOptions | None = None,
    annotations: dict[int, list[Any]] | None = None,
) -> int:
    """Lay the articles out for ``printer``'s paper and margins and paint them; returns the page count."""
    from reader.export.layout import build_book

    opts = options or remembered_options()
    book = build_book(articles, opts, printer.pageLayout(), annotations=annotations)
    book.paint(printer)
    return book.page_count


def make_printer(articles: Sequence[Any]) -> QPrinter:
    from reader.export.compose import display_title
    from reader.export.layout import page_layout

    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setPageLayout(page_layout())
    printer.setDocName(display_title(articles[0]) if len(articles) == 1 else f"{len(articles)} articles")
    return printer


def print_preview(parent: QWidget, library: Any, ids: Sequence[int], *, modal: bool = True) -> QPrintPreviewDialog | None:
    """Print with a preview: the same pages as the PDF, on the paper chosen in the dialog."""
    ids = list(dict.fromkeys(ids))
    if not ids:
        _nothing_open(parent, "print it")
        return None
    articles = [library.get(i) for i in ids]
    marks = _highlights(library, ids)
    printer = make_printer(articles)
    dialog = QPrintPreviewDialog(printer, parent)
    dialog.setWindowTitle("Print Preview")
    dialog.paintRequested.connect(lambda p: paint_for_print(p, articles, annotations=marks))
    dialog.printer_ref = printer  # the dialog does not own the printer; keep it alive with it
    if modal:
        dialog.exec()
    else:
        dialog.open()
    return dialog
