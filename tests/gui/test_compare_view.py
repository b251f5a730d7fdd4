"""The side-by-side view over comparison data written here (a repost with one changed figure)."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QTextCursor

from reader.gui.widgets.compare_view import CompareView
from reader.model import Article
from reader.render_compare import (
    ONLY,
    TINTS,
    TINTS_DARK,
    VERBATIM,
    CompareData,
    Disagreement,
    QuoteEntry,
    SharedPassage,
)

FILLER_A = [f"Paragraph {i} of background that only the first outlet printed at this length." for i in range(30)]
FILLER_B = [f"Short aside number {i} from the second outlet." for i in range(8)]
SHARED = "The minister flew to Havana with 17 letters from the president, officials said."
SHARED_B = "The minister flew to Havana with 70 letters from the president, officials said."
TAIL = [f"Closing paragraph {i} shared by nobody." for i in range(30)]


def _article(paras: list[str], site: str) -> Article:
    return Article(source=f"{site}.txt", format="text", title=f"Story from {site}", body="\n\n".join(paras), site=site)


@pytest.fixture
def pair():
    a = _article(FILLER_A + [SHARED] + TAIL, "alpha.example")
    b = _article(FILLER_B + [SHARED_B] + TAIL[:5], "beta.example")
    sa = a.body.index(SHARED)
    sb = b.body.index(SHARED_B)
    fa = a.body.index("17", sa)
    fb = b.body.index("70", sb)
    only_a = (0, sa - 2)
    only_b = (0, sb - 2)
    data = CompareData(
        shared=(SharedPassage((sa, sa + len(SHARED)), (sb, sb + len(SHARED_B)), "reworded"),),
        only_a=(only_a,),
        only_b=(only_b,),
        quotes={
            "both": (),
            "only_a": (QuoteEntry("letters from the president", "Ana Ruiz", (sa + 36, sa + 62)),),
            "only_b": (),
            "reworded": (),
        },
        disagreements=(Disagreement("number", "17", "70", (fa, fa + 2), (fb, fb + 2)),),
    )
    return a, b, data


@pytest.fixture
def view(qtbot, pair):
    v = CompareView()
    qtbot.addWidget(v)
    v.resize(1000, 600)
    a, b, data = pair
    v.set_comparison(1, a, 2, b, data)
    v.show()
    qtbot.waitExposed(v)
    return v


def _background(view: CompareView, side: str, key: str, offset: int = 2) -> str:
    browser = view.pane_a.browser if side == "a" else view.pane_b.browser
    cur = QTextCursor(browser.document())
    cur.setPosition(view.positions(side).pos[key] + offset)
    return cur.charFormat().background().color().name()


def test_passages_are_tinted_by_kind_in_both_panes(view):
    # The shared passage (reworded) in both panes, the only-in-one stretches in their own tint.
    assert _background(view, "a", "s0") == "#d6e4fa"
    assert _background(view, "b", "s0") == "#d6e4fa"
    first = view.diffs[0]
    assert first.kind == "only_a"
    assert _background(view, "a", "d0") == TINTS[ONLY]
    assert _background(view, "b", "d1") == TINTS[ONLY]


def test_disagreeing_number_is_flagged_in_both_panes(view):
    k = next(i for i, d in enumerate(view.diffs) if d.kind == "number")
    for side in ("a", "b"):
        browser = view.pane_a.browser if side == "a" else view.pane_b.browser
        cur = QTextCursor(browser.document())
        cur.setPosition(view.positions(side).pos[f"d{k}"] + 1)
        fmt = cur.charFormat()
        assert fmt.fontWeight() >= 700 and fmt.fontUnderline()
        assert "Number differs" in fmt.toolTip()


def test_scrolling_one_pane_brings_the_other_to_the_aligned_passage(qtbot, view):
    a_bar = view.pane_a.browser.verticalScrollBar()
    b_bar = view.pane_b.browser.verticalScrollBar()
    line_a = view.pane_a.browser.viewport().height() * 0.3
    line_b = view.pane_b.browser.viewport().height() * 0.3
    ya, yb = view.positions("a").y["s0"], view.positions("b").y["s0"]
    assert ya - yb > 300  # the passage sits much lower in A than in B
    a_bar.setValue(int(ya - line_a))
    # B now shows the same passage on its reading line (within a line of text).
    assert abs(b_bar.value() - (yb - line_b)) < 30
    # ...and the other way round.
    b_bar.setValue(0)
    assert a_bar.value() < ya - line_a - 100


def test_next_and_previous_difference_move_the_selection(qtbot, view):
    assert view.counter.text() == f"{len(view.diffs)} (F6)"
    view.next_difference()
    assert view.counter.text() == f"1 / {len(view.diffs)}"
    assert view.selected_text("a").startswith("Paragraph 0 of background")
    view.next_difference()  # only in B: selected in B, A's selection cleared
    assert view.selected_text("b").startswith("Short aside number 0")
    assert view.selected_text("a") == ""
    view.next_difference()
    assert view.selected_text("a") == SHARED and view.selected_text("b") == SHARED_B
    view.previous_difference()
    view.previous_difference()
    assert view.counter.text() == f"1 / {len(view.diffs)}"
    view.previous_difference()  # wraps to the last
    assert view.counter.text() == f"{len(view.diffs)} / {len(view.diffs)}"


def test_quotes_table_groups_and_activating_a_quote_selects_it(qtbot, view):
    assert view.quote_rows("only_a") == [("“letters from the president”", "Ana Ruiz")]
    assert view.quote_rows("both") == [] and view.quote_rows("reworded") == []
    head = next(view.quote_model.index(r, 0) for r in range(view.quote_model.rowCount())
                if view.quote_model.index(r, 0).data(256) == "only_a")
    view._quote_activated(view.quote_model.index(0, 0, head))
    assert view.selected_text("a") == "letters from the president"


def test_dark_theme_uses_dark_tints(view):
    view.set_dark(True)
    assert _background(view, "a", "s0") == TINTS_DARK["reworded"]
    view.set_dark(False)
    assert _background(view, "a", "s0") == TINTS["reworded"] != TINTS[VERBATIM]


def test_article_text_is_escaped(qtbot):
    a = Article(source="x", format="text", title="<b>x</b>", body='<img src="file:///etc/passwd"> & <script>')
    v = CompareView()
    qtbot.addWidget(v)
    v.set_comparison(1, a, 2, a, CompareData(shared=(SharedPassage((0, 10), (0, 10), VERBATIM),)))
    assert "<script>" in v.pane_a.browser.toPlainText()
    assert "<img" in v.pane_b.browser.toPlainText()


def test_a_long_compare_with_choice_leaves_both_panes_readable(qtbot, pair):
    # Three outlets in the story: B's heading carries the "compare with" choice. Its long
    # labels ("outlet — headline") must not make B's pane wide and squeeze A to a strip.
    a, b, data = pair
    others = [(2, "beta.example — " + "A very long headline about the minister's flight to Havana " * 2),
              (3, "gamma.example — Another outlet's rather long headline on the same trip")]
    v = CompareView()
    qtbot.addWidget(v)
    v.resize(900, 600)
    v.set_comparison(1, a, 2, b, data, others)
    v.show()
    qtbot.waitExposed(v)
    assert v.pane_b.choice.isVisible()
    wa, wb = v.pane_a.browser.width(), v.pane_b.browser.width()
    assert min(wa, wb) > 0.4 * (wa + wb), (wa, wb)
    # The view fits a narrow place (the window beside the list and a dock): 640 px still
    # leaves both texts usable, the choice inside B's pane.
    assert v.minimumSizeHint().width() <= 640
    v.resize(640, 600)
    qtbot.waitUntil(lambda: v.width() == 640)
    assert v.pane_a.browser.width() > 200 and v.pane_b.browser.width() > 200
    assert v.pane_b.choice.geometry().right() <= v.pane_b.width()
