"""The Quotes panel: quotes grouped by speaker, keyboard and click activation."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from reader.gui.widgets.quotes_panel import QuoteIndexRole, QuotesPanel, quote_preview
from reader.model import Article
from reader.quotes import find_quotes

BODY = (
    '"We will rebuild the bridge," Mayor Jane Porter said on Monday.\n\n'
    'The council met for three hours. The so-called "long night" ended at dawn.\n\n'
    '"It will take a year," said Tom Reyes, the city engineer.\n\n'
    '"And it will cost less than the last one," Porter added.'
)


@pytest.fixture
def article() -> Article:
    return Article(source="x.txt", format="text", title="Bridge", body=BODY, quotes=find_quotes(BODY))


@pytest.fixture
def panel(qtbot) -> QuotesPanel:
    w = QuotesPanel()
    qtbot.addWidget(w)
    w.resize(400, 500)
    w.show()
    qtbot.waitExposed(w)
    return w


def tree_rows(panel: QuotesPanel) -> list[tuple[str, list[int]]]:
    m = panel.model
    out = []
    for r in range(m.rowCount()):
        head = m.index(r, 0)
        out.append((head.data(), [m.index(c, 0, head).data(QuoteIndexRole) for c in range(m.rowCount(head))]))
    return out


def test_quotes_are_grouped_by_speaker_in_reading_order(panel, article):
    speakers = [q.speaker for q in article.quotes]
    assert speakers == ["Jane Porter", None, "Tom Reyes", "Jane Porter"]
    panel.set_article(article)
    assert tree_rows(panel) == [("Jane Porter (2)", [0, 3]), ("Tom Reyes (1)", [2]), ("Not attributed (1)", [1])]
    assert panel.summary.text() == "4 quotes · 2 speakers"
    head = panel.model.index(0, 0)
    assert "Mayor" in head.data(Qt.ItemDataRole.ToolTipRole)


def test_clicking_a_quote_emits_its_index(qtbot, panel, article):
    panel.set_article(article)
    head = panel.model.index(0, 0)
    second = panel.model.index(1, 0, head)  # Porter's second quote = article.quotes[3]
    rect = panel.tree.visualRect(second)
    with qtbot.waitSignal(panel.quoteActivated) as sig:
        qtbot.mouseClick(panel.tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert sig.args == [3]


def test_keyboard_down_and_enter_activate_a_quote(qtbot, panel, article):
    panel.set_article(article)
    panel.tree.setFocus()
    assert panel.tree.currentIndex() == panel.model.index(0, 0)
    received: list[int] = []
    panel.quoteActivated.connect(received.append)
    qtbot.keyClick(panel.tree, Qt.Key.Key_Return)  # on a speaker row: folds, emits nothing
    assert received == [] and not panel.tree.isExpanded(panel.model.index(0, 0))
    qtbot.keyClick(panel.tree, Qt.Key.Key_Return)  # unfold again
    qtbot.keyClick(panel.tree, Qt.Key.Key_Down)
    qtbot.keyClick(panel.tree, Qt.Key.Key_Return)
    assert received == [0]
    qtbot.keyClick(panel.tree, Qt.Key.Key_Down)
    qtbot.keyClick(panel.tree, Qt.Key.Key_Enter)
    assert received == [0, 3]


def test_no_article_and_no_quotes(panel):
    panel.set_article(None)
    assert panel.model.rowCount() == 0 and panel.summary.text() == "No article open."
    panel.set_article(Article(source="y", format="text", body="Nothing quoted here."))
    assert panel.model.rowCount() == 0 and panel.summary.text() == "No quotes in this article."


def test_select_quote_makes_it_current_without_emitting(qtbot, panel, article):
    panel.set_article(article)
    with qtbot.assertNotEmitted(panel.quoteActivated):
        assert panel.select_quote(2)
    assert panel.tree.currentIndex().data(QuoteIndexRole) == 2
    assert not panel.select_quote(99)


def test_quote_preview_is_one_line_and_cut_at_a_word():
    text = "word " * 100
    p = quote_preview(text, limit=40)
    assert p.startswith("“") and p.endswith("…”") and "\n" not in p and len(p) <= 44


def test_model_passes_the_model_tester(qtmodeltester, panel, article):
    panel.set_article(article)
    qtmodeltester.check(panel.model)
