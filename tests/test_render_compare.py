"""Comparison data -> differences in reading order and tinted, escaped HTML."""

from __future__ import annotations

from reader.render_compare import (
    FLAG,
    ONLY,
    VERBATIM,
    Mark,
    differences,
    figure_kind,
    from_comparison,
    tinted_body_html,
)


def test_from_the_compare_json_shape():
    data = from_comparison(
        {
            "a": 1,
            "b": 2,
            "shared": [{"a": [0, 10], "b": [5, 15], "kind": "verbatim"}, {"a": [20, 30], "b": [40, 52], "kind": "reworded"}],
            "only_a": [[11, 19]],
            "only_b": [[0, 4], [16, 39]],
            "quotes": {
                "both": [
                    {"text": "we will win", "speaker": "Ana", "a": [1, 5], "b": [6, 9], "text_b": "we will win",
                     "worded_differently": False},
                    {"text": "we shall win", "speaker": "Ana", "a": [21, 25], "b": [41, 45], "text_b": "we will prevail",
                     "worded_differently": True},
                ],
                "only_a": [{"text": "no", "speaker": "Tabler", "a": [12, 14]}],
                "only_b": [{"text": "yes", "speaker": "Lukyanov", "b": [17, 20]}],
            },
            "figures": [{"a": [22, 24], "b": [43, 45], "a_text": "17", "b_text": "70"}],
        }
    )
    assert [q.text for q in data.quote_group("both")] == ["we will win"]
    assert [(q.text, q.other_text) for q in data.quote_group("reworded")] == [("we shall win", "we will prevail")]
    assert [q.speaker for q in data.quote_group("only_a")] == ["Tabler"]
    assert data.quote_group("only_b")[0].b == (17, 20) and data.quote_group("only_b")[0].a is None
    assert data.disagreements[0].kind == "number"
    body_a, body_b = "x" * 40, "y" * 60
    kinds = [d.kind for d in differences(data, body_a, body_b)]
    # Only-in-B passages follow the shared passage that precedes them in B.
    assert kinds == ["only_b", "only_b", "only_a", "reworded", "number"]


def test_figure_kinds():
    assert figure_kind("2012", "2011") == "date"
    assert figure_kind("Tuesday", "Wednesday") == "date"
    assert figure_kind("17", "70") == "number"


def test_tinted_html_escapes_and_keeps_paragraphs():
    body = 'A <script>x</script> line.\n\nSecond "para" & more.'
    html = tinted_body_html(body, [Mark(0, 27, VERBATIM, "same"), Mark(27, len(body), ONLY), Mark(2, 10, FLAG)], [(0, "s0")])
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert html.count("<p>") == 2  # a mark ending between the two newlines does not split the break
    assert '<a name="s0"></a>' in html
    assert "font-weight: bold" in html and 'title="same"' in html
