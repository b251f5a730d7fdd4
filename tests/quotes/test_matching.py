"""The same quote across articles: trimmed, re-punctuated or slightly reworded."""

from __future__ import annotations

from reader.library import QuoteRow
from reader.quotes.matching import containment, group_quotes, is_trimmed, normalise, same_quote, word_diff

FULL = (
    "We want to get him out of there so we can move on. That said, we also support "
    "accountability for him and for everybody else with blood on their hands."
)


def row(article_id: int, text: str, site: str = "example.com", index: int = 0) -> QuoteRow:
    return QuoteRow(
        article_id=article_id, title=f"Article {article_id}", site=site, published=None,
        text=text, role=None, start=0, end=len(text), index=index,
    )


def test_normalise_folds_marks_space_case_and_edge_punctuation():
    assert normalise("  “We’ve  WON,”\n ") == "we've won"
    assert normalise("It is over.") == normalise("it is over")


def test_trimmed_quote_is_the_same_quote():
    trimmed = "we also support accountability for him and for everybody else with blood on their hands"
    assert same_quote(FULL, trimmed)
    assert is_trimmed(trimmed, FULL)


def test_one_changed_word_is_still_the_same_quote():
    changed = FULL.replace("We want", "We wanted")
    assert containment(FULL, changed) >= 0.8
    assert same_quote(FULL, changed)
    assert not is_trimmed(changed, FULL)


def test_different_quotes_do_not_match():
    assert not same_quote(FULL, "The question is how long can he survive there, and Tehran is safer.")


def test_short_partial_quotes_match_only_when_equal():
    assert same_quote("extremely bold", "Extremely bold.")
    assert not same_quote("extremely bold", "only an extremely bold diplomatic proposal could work")


def test_group_quotes_joins_articles_and_flags_rewording():
    rows = [
        row(1, FULL, "cnn.com"),
        row(2, "We want to get him out of there so we can move on.", "bbc.co.uk"),
        row(3, FULL.replace("We want", "We wanted").replace("blood", "the blood"), "haaretz.com"),
        row(4, "President Assad could go multiple places throughout the world,", "cnn.com"),
    ]
    groups = group_quotes(rows)
    assert [sorted(g.article_ids) for g in groups] == [[1, 2, 3], [4]]
    big = groups[0]
    assert big.text == rows[2].text or big.text == FULL
    assert big.reworded is True
    assert big.sites == ["bbc.co.uk", "cnn.com", "haaretz.com"]
    diffs = big.differences()
    # CNN's and Haaretz's wordings differ: one is the base, the other a listed difference.
    assert {big.members[0].article_id} | {m.article_id for m, _ in diffs} >= {1, 3}
    assert all(changes for _, changes in diffs)
    assert any(("replace", "want", "wanted") in c or ("replace", "wanted", "want") in c for _, c in diffs)
    assert groups[1].reworded is False


def test_trimming_alone_is_not_rewording():
    groups = group_quotes([row(1, FULL), row(2, "“We want to get him out of there,”")])
    assert len(groups) == 1 and groups[0].reworded is False


def test_word_diff_names_the_changed_words():
    assert word_diff("we want him out", "we wanted him out") == [("replace", "want", "wanted")]


def test_group_quotes_accepts_plain_strings_and_empty_input():
    assert group_quotes([]) == []
    groups = group_quotes(["It is over.", "it is over", "Something else entirely here"])
    assert [len(g.members) for g in groups] == [2, 1]


def test_two_changed_words_in_a_long_quote_still_match():
    a = "We want to get the bridge open before winter so that the whole town can move on"
    b = "We wanted to get the bridge open before winter so that the whole town could move on"
    assert same_quote(a, b)


def test_quotes_sharing_only_common_words_do_not_match():
    a = "It is the job of the council to keep the roads of the town safe"
    b = "It is the view of the board that the price of the shares is too high"
    assert not same_quote(a, b)


def test_speaker_aliases_join_a_bare_surname_to_the_one_full_name():
    from reader.quotes.matching import speaker_aliases

    got = speaker_aliases(["Andrew Tabler", "Tabler", "Clinton", "Hillary Clinton", "Bill Clinton", "spokeswoman"])
    assert got["Andrew Tabler"] == ["Andrew Tabler", "Tabler"]
    assert got["Clinton"] == ["Clinton"]  # two Clintons: ambiguous, kept apart
    assert got["spokeswoman"] == ["spokeswoman"]
    assert "Tabler" not in got
