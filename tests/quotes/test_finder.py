"""Finding quoted spans: every quote pattern a reader meets, on short fixtures."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from reader.quotes import find_quotes


def texts(body: str) -> list[str]:
    quotes = find_quotes(body)
    for q in quotes:
        assert body[q.start : q.end] == q.text, "offsets must index the body"
    return [q.text for q in quotes]


def test_straight_double_quotes():
    body = 'The mayor spoke. "We will rebuild the bridge," Jane Porter said.'
    assert texts(body) == ["We will rebuild the bridge,"]


def test_curly_double_quotes():
    body = "“We will rebuild the bridge,” Jane Porter said. “It will take a year.”"
    assert texts(body) == ["We will rebuild the bridge,", "It will take a year."]


def test_offsets_exclude_the_marks():
    body = 'He said: "Go now."'
    (q,) = find_quotes(body)
    assert body[q.start - 1] == '"' and body[q.end] == '"'


def test_single_quotes_inside_double_stay_in_the_outer_quote():
    body = "“He told me, ‘Don’t worry about the vote,’ and left,” Omar Haddad said."
    assert texts(body) == ["He told me, ‘Don’t worry about the vote,’ and left,"]


def test_apostrophes_are_not_quote_marks():
    body = "It's Assad's call, and the rebels' too. \"We're not leaving,\" Ali Saleh said."
    assert texts(body) == ["We're not leaving,"]


def test_quote_interrupted_by_its_attribution_gives_two_quotes():
    body = (
        '"A number of countries have offered" asylum to the king, spokeswoman Ann Lee said last '
        'month. "We want him out of there so we can move on."'
    )
    assert texts(body) == ["A number of countries have offered", "We want him out of there so we can move on."]


def test_multi_paragraph_quote_without_closing_marks():
    body = (
        "Ms. Grant described the night.\n\n"
        "“The water came up through the floor first.\n\n"
        "“Then the power went out, and we waited on the roof.\n\n"
        "“By morning the street was a river,” she said."
    )
    assert texts(body) == [
        "The water came up through the floor first.",
        "Then the power went out, and we waited on the roof.",
        "By morning the street was a river,",
    ]


def test_partial_quote_inside_a_sentence():
    body = "Only an “extremely bold” proposal could convince him, Pavel Orlov said."
    assert texts(body) == ["extremely bold"]


def test_markup_attributes_and_inch_marks_are_not_quotes():
    body = 'See <tweet tweet-id="7216951"><tweet/>. The screen is 12" wide. "Yes," Tom Kay said.'
    assert texts(body) == ["Yes,"]


def test_single_quotes_as_primary_marks_in_a_body_without_double_quotes():
    body = "‘We are not going to give up,’ Sarah Mills told the BBC. The rebels’ camp is quiet."
    assert texts(body) == ["We are not going to give up,"]


def test_stray_marks_and_empty_quotes_do_not_crash():
    for body in ['"', '""', "“”", '" "', 'He said "', "”Wrong way round“", "\n\n“\n\n”"]:
        for q in find_quotes(body):
            assert body[q.start : q.end] == q.text and q.text.strip()


def test_mismatched_curly_mark_is_read_from_context():
    body = "“We won,“ Ed Fox said."
    assert texts(body) == ["We won,"]



_ALPHABET = st.sampled_from(list('ab C."“”‘’\', :\n-') + ["said", " Mr. Lee", "he", "\n\n", "according to"])


@settings(max_examples=200, deadline=None)
@given(st.lists(_ALPHABET, max_size=80).map("".join))
def test_any_text_gives_valid_quotes(body: str):
    quotes = find_quotes(body)
    last = -1
    for q in quotes:
        assert 0 <= q.start < q.end <= len(body)
        assert body[q.start : q.end] == q.text and q.text == q.text.strip()
        assert q.start > last  # in order, never overlapping
        last = q.end - 1


def test_pathological_bodies_are_handled():
    """Thousands of quotes in one paragraph, or none closed: every quote found once."""
    many = " ".join(f'"word {i}" and more' for i in range(3000))
    assert len(find_quotes(many)) == 3000
    assert find_quotes('"' * 5000) == []
    assert len(find_quotes("\n\n".join(f'"Line {i} of it."' for i in range(3000)))) == 3000
