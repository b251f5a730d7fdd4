"""Hostile article text, end to end: imported from disk, shown in the real window, exported.

Markup inside an article is the article's text: the window shows it as text,
its document holds no image or script from the article (so nothing is ever
fetched from the network or the disk), a javascript: link opens nothing, and
the PDF prints the markup as text.
"""

from __future__ import annotations

import re
from pathlib import Path

import pypdf
import pytest
from PySide6.QtCore import QObject, Qt, QUrl, Slot
from PySide6.QtGui import QDesktopServices, QTextCursor, QTextDocument

from reader.library import Library

pytestmark = pytest.mark.filterwarnings("ignore::ResourceWarning")

SCRIPT = "<script>alert(1)</script>"
REMOTE_IMG = '<img src="http://example.com/x.png">'
LOCAL_IMG = '<img src="file:///etc/passwd">'
JS_LINK = '<a href="javascript:alert(2)">click me</a>'

TEXT_ARTICLE = (
    "Hostile plain text\n\n"
    f"The reader wrote {SCRIPT} in the first paragraph, about herons.\n\n"
    f"Then an image {REMOTE_IMG} and another {LOCAL_IMG} appeared.\n\n"
    f"Finally a link: {JS_LINK} for the curious.\n"
)

HTML_ARTICLE = """<!doctype html>
<html><head><title>Hostile page</title>
<script>document.write('injected')</script>
<meta property="og:title" content="Hostile page">
</head><body><article>
<h1>Hostile page</h1>
<p>The editor quoted &lt;script&gt;alert(1)&lt;/script&gt; in the first paragraph of a long
story about egrets nesting by the estuary, which went on for quite a while longer.</p>
<p>A remote picture <img src="http://example.com/x.png"> and a local one
<img src="file:///etc/passwd"> sat beside the text &lt;img src="http://example.com/x.png"&gt;
that the writer pasted while describing the egrets and their nests in detail.</p>
<p>Readers were told to <a href="javascript:alert(2)">click here</a> and to visit
<a href="file:///etc/passwd">the local file</a>, which nobody should ever follow.</p>
<script>alert('page script')</script>
</article></body></html>
"""


class _UrlSink(QObject):
    """Receives whatever would be handed to the system browser or file manager."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    @Slot(QUrl)
    def open(self, url: QUrl) -> None:
        self.urls.append(url.toString())


@pytest.fixture
def hostile_library(tmp_path: Path):
    src = tmp_path / "src"
    src.mkdir()
    (src / "hostile.txt").write_text(TEXT_ARTICLE, encoding="utf-8")
    (src / "hostile.html").write_text(HTML_ARTICLE, encoding="utf-8")
    lib = Library.open(tmp_path / "lib")
    report = lib.import_paths([src])
    assert not report.failed, report.failed
    assert len(report.imported) == 2
    yield lib
    lib.close()


def _id_by_title(lib: Library, title: str) -> int:
    for row in lib.rows(lib.article_ids()):
        if row.title == title:
            return row.id
    raise AssertionError(f"{title!r} not imported: {[r.title for r in lib.rows(lib.article_ids())]}")


def _document_elements(doc: QTextDocument) -> tuple[int, list[str]]:
    """Image fragments and link targets in the shown document."""
    images, hrefs = 0, []
    block = doc.begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            fmt = it.fragment().charFormat()
            if fmt.isImageFormat():
                images += 1
            if fmt.isAnchor() and fmt.anchorHref():
                hrefs.append(fmt.anchorHref())
            it += 1
        block = block.next()
    return images, hrefs


def _click_on_text(qtbot, browser, needle: str) -> None:
    """A real left click in the middle of ``needle`` where it is shown."""
    found = browser.document().find(needle)
    assert not found.isNull(), needle
    cur = QTextCursor(browser.document())
    cur.setPosition((found.selectionStart() + found.selectionEnd()) // 2)
    browser.setTextCursor(cur)
    browser.ensureCursorVisible()
    point = browser.cursorRect(cur).center()
    qtbot.mouseClick(browser.viewport(), Qt.MouseButton.LeftButton, pos=point)


@pytest.mark.parametrize("title", ["Hostile plain text", "Hostile page"])
def test_hostile_article_in_the_window_is_inert_text(qtbot, hostile_library, light_theme,
                                                     title: str) -> None:
    from tests.gui.conftest import make_window

    window = make_window(qtbot, hostile_library, light_theme)
    article_id = _id_by_title(hostile_library, title)
    assert window.side.select_id(article_id)
    qtbot.waitUntil(lambda: window.view.article_id == article_id)
    browser = window.view.browser
    shown = browser.toPlainText()

    # Markup written in the article is shown as the text it is.
    assert SCRIPT in shown
    assert REMOTE_IMG in shown
    if title == "Hostile plain text":
        assert LOCAL_IMG in shown and JS_LINK in shown
    else:
        # Real elements of the page are not article text, and never run or load.
        assert "page script" not in shown and "injected" not in shown
        assert "click here" in shown

    # Nothing in the document can load anything or act as a dangerous link.
    images, hrefs = _document_elements(browser.document())
    assert images == 0
    assert all(QUrl(h).scheme().lower() in ("http", "https", "") for h in hrefs), hrefs
    html = browser.toHtml()
    assert not re.search(r"<(img|script)\b", html, re.IGNORECASE)
    for url in ("http://example.com/x.png", "file:///etc/passwd"):
        # Even when asked directly, the document gets nothing (Qt would read file: URLs
        # from disk itself if the browser answered with a null value).
        assert not browser.document().resource(QTextDocument.ResourceType.ImageResource,
                                               QUrl(url))

    # Clicking the javascript: link (as text, or as the anchor it might have been) opens nothing.
    sink = _UrlSink()
    schemes = ("http", "https", "file", "javascript")
    for scheme in schemes:
        QDesktopServices.setUrlHandler(scheme, sink, "open")
    try:
        _click_on_text(qtbot, browser, "click me" if title == "Hostile plain text" else "click here")
        browser.anchorClicked.emit(QUrl("javascript:alert(2)"))
        browser.anchorClicked.emit(QUrl("file:///etc/passwd"))
        qtbot.wait(50)
    finally:
        for scheme in schemes:
            QDesktopServices.unsetUrlHandler(scheme)
    assert sink.urls == []
    assert browser.opened_urls == []
    assert browser.toPlainText() == shown  # the pane never navigated away
    window.close()


def test_hostile_article_exports_its_markup_as_text(hostile_library, tmp_path: Path) -> None:
    from reader.export.pdf import export_pdf

    article = hostile_library.get(_id_by_title(hostile_library, "Hostile plain text"))
    out = export_pdf([article], tmp_path / "hostile.pdf")
    reader = pypdf.PdfReader(str(out))
    text = re.sub(r"\s+", "", "".join(page.extract_text() for page in reader.pages))
    for markup in (SCRIPT, REMOTE_IMG, LOCAL_IMG, JS_LINK):
        assert re.sub(r"\s+", "", markup) in text, markup
    for page in reader.pages:  # no image was fetched into the PDF
        resources = page.get("/Resources") or {}
        xobjects = resources.get("/XObject") or {}
        assert not any(xobjects[k].get("/Subtype") == "/Image" for k in xobjects)
