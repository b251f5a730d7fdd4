"""Articles -> PDF and print (QtGui only: QPdfWriter, QTextDocument; never widgets).

- ``compose``    article -> the HTML a page is set from (Qt-free)
- ``layout``     fonts, pagination and page painting shared by PDF and printing
- ``pdf``        ``export_pdf`` / ``export_each`` / ``ensure_gui_app``
- ``pdfmeta``    subject/keywords in the PDF's Info dictionary and XMP (Qt-free)
- ``filenames``  ``safe_filename``: default names from titles (Qt-free)
- ``fontcheck``  names the scripts no installed font can show

The GUI side (dialog, worker, print preview) is ``reader.gui.export_actions``;
the command is ``reader.cli.export_cmd``.

Importing this package does not load Qt; the PDF functions load it on first use.
"""

from __future__ import annotations

from typing import Any

from reader.export.errors import ExportError
from reader.export.filenames import safe_filename

__all__ = ["ExportError", "safe_filename", "export_pdf", "export_each", "ensure_gui_app"]


def __getattr__(name: str) -> Any:
    if name in ("export_pdf", "export_each", "ensure_gui_app"):
        from reader.export import pdf

        return getattr(pdf, name)
    raise AttributeError(name)
