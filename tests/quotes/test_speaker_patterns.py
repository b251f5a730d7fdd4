"""Speaker patterns from news sites the rules were not written on (issue 15, PolNeAR misses)."""

from __future__ import annotations

import pytest

from reader.quotes import find_quotes


def speakers(body: str) -> list[tuple[str, str | None]]:
    return [(q.text[:30], q.speaker) for q in find_quotes(body)]


def test_a_verb_first_interview_intro_names_the_speaker_of_the_quotes_after_it():
    body = ("Stone was speaking in an interview on a radio program.\n\nStated Stone:\n\n"
            "“I think that the stakes are so high. That is all.”\n\n"
            "Continued Stone: “So I think it’s a very real problem.”")
    assert [s for _t, s in speakers(body)] == ["Stone", "Stone"]


def test_a_written_statement_announced_with_a_colon_is_its_authors():
    body = ("In response, Republican presidential nominee Donald Trump issued the following statement:\n\n"
            "“Our prayers are with all those affected by the horrible attacks. This cannot continue.”")
    (quote,) = find_quotes(body)
    assert quote.speaker == "Donald Trump"


def test_the_subject_after_a_verb_first_cue_ends_where_a_clause_begins():
    body = ("“What we should do is focus on ISIS,” said Trump as he dined on fried eggs at his "
            "Trump National Doral golf resort. “You’re going to end up in World War Three,” Trump said.")
    assert [s for _t, s in speakers(body)] == ["Trump", "Trump"]


def test_a_quote_after_a_sentence_ending_in_said_name_is_that_persons():
    body = ("Progressive members could push to replace White, said Bart Naylor, a policy advocate. "
            "\"It would avoid a big Senate fight.\"")
    (quote,) = find_quotes(body)
    assert quote.speaker == "Bart Naylor"


@pytest.mark.parametrize("sentence", ["tweeted a warning.", "posted a note."])
def test_a_verb_with_an_object_does_not_make_the_object_a_speaker(sentence):
    body = (f"Sen. Ted Cruz, a candidate who made liberty a centerpiece of his campaign, {sentence} "
            "\"Remember in November.\"")
    (quote,) = find_quotes(body)
    assert quote.speaker != "a warning" and quote.speaker != "a note"


def test_a_place_closing_a_relative_clause_is_not_the_speaker():
    body = ("Pastor Kevin Swanson spoke on Monday.\n\nSwanson, who is a pastor at the Reformation Church of "
            "Elizabeth, Colorado, slammed the group for promoting “lesbianism, abortion and contraception” "
            "among its members.")
    (quote,) = find_quotes(body)
    assert quote.speaker is not None and quote.speaker.endswith("Kevin Swanson")
