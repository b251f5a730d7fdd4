"""The detail pane: text stays text, links go out only to the system browser, quotes show speakers."""

from __future__ import annotations

from PySide6.QtCore import QObject, QPoint, QUrl, Slot
from PySide6.QtGui import QColor, QDesktopServices, QTextCursor

from reader.gui.widgets.article_view import ArticleView
from reader.model import Article
from reader.render import QUOTE_BG

from .conftest import cnn_id


class _UrlSink(QObject):
    """Receives what QDesktopServices would hand to the system browser."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    @Slot(QUrl)
    def open(self, url: QUrl) -> None:
        self.urls.append(url.toString())


def _article(body: str, **kw) -> Article:
    return Article(source="x.txt", format="text", title=kw.pop("title", "A title"), body=body, **kw)


def test_markup_in_an_article_is_shown_as_text(qtbot):
    view = ArticleView()
    qtbot.addWidget(view)
    body = 'Look <img src="file:///etc/passwd"> and <script>alert(1)</script> <a href="javascript:x()">here</a>.'
    view.set_article(1, _article(body, title="<b>Bold?</b>"))
    text = view.browser.toPlainText()
    assert '<img src="file:///etc/passwd">' in text
    assert "<script>alert(1)</script>" in text
    assert "<b>Bold?</b>" in text
    assert 'href="javascript' not in view.browser.toHtml().replace("&quot;", '"').split("<body", 1)[1].split(
        "Look", 1
    )[0]


def test_resources_are_never_loaded(qtbot):
    view = ArticleView()
    qtbot.addWidget(view)
    view.browser.setHtml('<p><img src="file:///etc/hostname"><img src="https://example.com/a.png"></p>')
    # Asked through the document, as rendering does: a null answer from the browser
    # would make QTextDocument read file: URLs from disk itself.
    assert not view.browser.document().resource(2, QUrl("file:///etc/hostname"))
    assert not view.browser.document().resource(2, QUrl("https://example.com/a.png"))


def test_only_http_links_go_to_the_system_browser(qtbot):
    view = ArticleView()
    qtbot.addWidget(view)
    view.set_article(1, _article("Body.", url="https://example.com/story"))
    sink = _UrlSink()
    for scheme in ("http", "https"):
        QDesktopServices.setUrlHandler(scheme, sink, "open")
    try:
        before = view.browser.toPlainText()
        view.browser.anchorClicked.emit(QUrl("javascript:alert(1)"))
        view.browser.anchorClicked.emit(QUrl("file:///etc/passwd"))
        view.browser.anchorClicked.emit(QUrl("https://example.com/story"))
    finally:
        for scheme in ("http", "https"):
            QDesktopServices.unsetUrlHandler(scheme)
    assert sink.urls == ["https://example.com/story"]
    assert view.browser.toPlainText() == before  # the pane never navigated
    assert "https://example.com/story" in before  # the source link is shown


def test_non_http_article_url_is_not_a_link(qtbot):
    view = ArticleView()
    qtbot.addWidget(view)
    view.set_article(1, _article("Body.", url="javascript:alert(1)"))
    assert "javascript" not in view.browser.toHtml()


def test_quotes_are_highlighted_with_the_speaker_on_hover(qtbot, window, seeded_library):
    window.side.select_id(cnn_id(seeded_library))
    article = window.view.article
    assert article is not None and article.quotes
    i, quote = next((i, q) for i, q in enumerate(article.quotes) if q.speaker and "Clinton" in q.speaker)
    window.view.scroll_to_quote(i)
    cursor = window.view.browser.textCursor()
    assert cursor.selectedText().startswith(quote.text[:30])
    # The char format under the quote carries the highlight and the speaker tooltip.
    probe = QTextCursor(window.view.browser.document())
    probe.setPosition(cursor.selectionStart() + 5)
    fmt = probe.charFormat()
    assert fmt.background().color() == QColor(QUOTE_BG)
    assert "Clinton" in fmt.toolTip()
    # And hovering the quote finds it: map the character to a viewport point (once laid out).
    def tip_over_the_quote() -> str:
        rect = window.view.browser.cursorRect(probe)
        return window.view.browser.tooltip_at(QPoint(rect.left() + 1, rect.center().y()))

    qtbot.waitUntil(lambda: "Clinton" in tip_over_the_quote())


def test_zoom_keys_change_the_text_size_and_are_remembered(qtbot, window, seeded_library, light_theme):
    from PySide6.QtCore import Qt

    from .conftest import make_window

    base = window.view.font_point_size()
    qtbot.keyClick(window, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(window, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
    assert window.view.font_point_size() == base + 2
    qtbot.keyClick(window, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    assert window.view.font_point_size() == base + 1
    window.close()
    again = make_window(qtbot, seeded_library, light_theme)
    assert again.view.font_point_size() == base + 1
    qtbot.keyClick(again, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    assert again.view.font_point_size() == base
    again.close()


def test_comment_count_and_body_of_the_cnn_seed(window, seeded_library):
    window.side.select_id(cnn_id(seeded_library))
    text = window.view.browser.toPlainText()
    assert text.startswith("Is Assad seeking asylum?")
    assert "Jamie Crawford" in text and "CNN" in text
    assert "hand Assad over for prosecution" in text
