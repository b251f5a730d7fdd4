"""Who said it: attribution cues, pronouns, surnames, roles, non-speech quotes."""

from __future__ import annotations

import pytest

from reader.quotes import find_quotes


def speakers(body: str) -> list[tuple[str, str | None]]:
    return [(q.text, q.speaker) for q in find_quotes(body)]


@pytest.mark.parametrize(
    "body",
    [
        '"The bridge will reopen in May," Jane Porter said.',
        '"The bridge will reopen in May," said Jane Porter.',
        '"The bridge will reopen in May," Jane Porter told reporters.',
        '"The bridge will reopen in May," Jane Porter told CNN on Tuesday.',
        '"The bridge will reopen in May," Jane Porter added.',
        'Jane Porter said: "The bridge will reopen in May."',
        'Jane Porter said, "The bridge will reopen in May."',
        'According to Jane Porter, "The bridge will reopen in May."',
        '"The bridge will reopen in May," according to Jane Porter.',
        '"The bridge will reopen in May," Jane Porter, the city engineer, said on Monday.',
        '"The bridge will reopen in May," Jane Porter wrote in a letter to residents.',
    ],
)
def test_cue_patterns_before_and_after_the_quote(body: str):
    assert speakers(body) == [("The bridge will reopen in May" + ("," if '," ' in body else "."), "Jane Porter")]


def test_colon_at_the_end_of_the_previous_paragraph():
    body = "Later that day, Omar Haddad explained the plan:\n\n“We will open the border at dawn.”"
    assert speakers(body) == [("We will open the border at dawn.", "Omar Haddad")]


def test_pronoun_resolves_to_the_person_last_named():
    body = (
        '"We are ready," Foreign Minister Lena Vogt told reporters.\n\n'
        '"And we will not wait," she said.'
    )
    assert [s for _, s in speakers(body)] == ["Lena Vogt", "Lena Vogt"]


def test_pronoun_skips_places_and_organisations():
    body = (
        '"We are ready," Lena Vogt told reporters after talks with the European Union in Brussels.\n\n'
        '"And we will not wait," she said.'
    )
    assert [s for _, s in speakers(body)] == ["Lena Vogt", "Lena Vogt"]


def test_later_surname_resolves_to_the_full_name():
    body = (
        '"Prices will rise," Andrew Tabler, an economist at the institute, told CNN.\n\n'
        'Wages lag behind.\n\n'
        '"Nobody is ready for it," Tabler said.\n\n'
        '"Not even the bank," Mr. Tabler added.'
    )
    assert [s for _, s in speakers(body)] == ["Andrew Tabler"] * 3


def test_title_and_role_are_kept_apart_from_the_name():
    body = (
        '"We hope they leave," Secretary of State Hillary Clinton said. '
        '"We want him out," State Department spokeswoman Victoria Nuland said. '
        '"Be clear," Deputy State Department spokesman Mark Toner told reporters.'
    )
    got = [(q.speaker, q.role) for q in find_quotes(body)]
    assert got == [
        ("Hillary Clinton", "Secretary of State"),
        ("Victoria Nuland", "State Department spokeswoman"),
        ("Mark Toner", "Deputy State Department spokesman"),
    ]


def test_role_before_name_in_a_capitalised_run():
    body = '"It is over," Ohio Gov. John Kasich said. "We move on," Democrat Bernie Sanders said.'
    got = [(q.speaker, q.role) for q in find_quotes(body)]
    assert got == [("John Kasich", "Ohio Gov."), ("Bernie Sanders", "Democrat")]


def test_descriptive_speaker_when_no_name_is_given():
    body = "All that the official spokesperson in Caracas could confirm was that the letter touched on “the ties between the two presidents.”"
    ((_, speaker),) = speakers(body)
    assert speaker is not None and "spokesperson" in speaker


def test_interrupted_quote_keeps_its_speaker():
    body = (
        '"A number of countries have offered" asylum to the king, State Department spokeswoman '
        'Victoria Nuland said last month. "We want him out of there so we can move on."'
    )
    assert [s for _, s in speakers(body)] == ["Victoria Nuland", "Victoria Nuland"]


def test_partial_quote_after_a_participle_belongs_to_the_sentence_subject():
    body = (
        "“His mood is grim,” Fyodor Lukyanov, editor of a foreign affairs journal, said in an "
        "interview, adding that only an “extremely bold” offer could change that."
    )
    assert [s for _, s in speakers(body)] == ["Fyodor Lukyanov", "Fyodor Lukyanov"]


def test_introduced_by_description_then_named():
    body = (
        "A political analyst with contacts at the ministry said that “people sent by the leadership” met him.\n\n"
        "“His mood is grim,” Fyodor Lukyanov, editor of a foreign affairs journal, said."
    )
    assert [s for _, s in speakers(body)] == ["Fyodor Lukyanov", "Fyodor Lukyanov"]


def test_multi_paragraph_quote_shares_its_speaker():
    body = (
        "“The water came up through the floor first,” Maria Grant said. “Then the power went out.\n\n"
        "“By morning the street was a river.”"
    )
    assert [s for _, s in speakers(body)] == ["Maria Grant"] * 3


def test_bare_quote_paragraph_continues_the_previous_speaker():
    body = (
        "“We have never seen a flood like this,” Maria Grant told the council.\n\n"
        "“The whole street was under water.”"
    )
    assert [s for _, s in speakers(body)] == ["Maria Grant", "Maria Grant"]


def test_inverted_cue_after_an_opening_phrase():
    body = "Because of the storm, explained Rosenberg, “the vote will be delayed by a week.”"
    assert [s for _, s in speakers(body)] == ["Rosenberg"]


def test_scare_quote_gets_no_speaker():
    body = "The so-called “free army” held the town. Residents said the “peace” did not last."
    got = dict(speakers(body))
    assert got["free army"] is None


def test_titles_get_no_speaker():
    body = (
        "She wrote about it in her memoir “Tough Choices.” He appeared on NBC's “Meet the Press” "
        "and later on “Saturday Night Live” to promote the book."
    )
    assert all(s is None for _, s in speakers(body))


def test_a_quote_inside_a_new_clause_is_not_given_the_wrong_speaker():
    body = 'Mr. Kelly said the state had become "winnable" for Mrs. Clinton, but said Democrats could lose it.'
    assert speakers(body) == [("winnable", "Kelly")]


def test_first_person_narrator_is_not_a_speaker():
    body = '"Okay," I said.'
    assert speakers(body) == [("Okay,", None)]


def test_infinitive_is_not_a_cue_but_a_name_ending_in_to_is_fine():
    body = '"It was the best deal," Mark-Viverito said. The film, "Citizen Carly," in which she sits in a chair to explain it.'
    got = speakers(body)
    assert got[0] == ("It was the best deal,", "Mark-Viverito")
    assert got[1][1] is None


def test_relative_clause_before_the_verb_is_its_own_clause():
    body = "Mark Cross has two options: Vote for Clinton, whom he called “the most divisive figure in years.”"
    assert speakers(body) == [("the most divisive figure in years.", "Mark Cross")]


def test_description_then_name_after_the_verb():
    body = "“We are treating it as one long Election Day,” said Rubio’s deputy campaign manager, Rich Beeson, who ran the count."
    assert [(q.speaker, q.role) for q in find_quotes(body)] == [("Rich Beeson", None)]


def test_british_style_honorific_and_possessive_full_name():
    body = (
        "Chancellor Gordon Brown's plan was published on Monday.\n\n"
        '"It is a prudent budget," Mr Brown told MPs.'
    )
    assert [(q.speaker, q.role) for q in find_quotes(body)] == [("Gordon Brown", "Chancellor")]


def test_peers_keep_their_title_and_sir_resolves_to_the_full_name():
    body = (
        '"The courts are not the place for this," Lord Falconer said.\n\n'
        'Metropolitan Police Commissioner Sir John Stevens said the evidence was "absolutely" inadmissible. '
        '"It is a different ball game," Sir John added.'
    )
    assert [q.speaker for q in find_quotes(body)] == ["Lord Falconer", "John Stevens", "John Stevens"]


def test_definite_description_refers_back_to_the_named_person():
    body = (
        '"We will hold the line," Chancellor Gordon Brown said.\n\n'
        'The chancellor also hailed "the longest period of growth".'
    )
    assert [q.speaker for q in find_quotes(body)] == ["Gordon Brown", "Gordon Brown"]


def test_sentence_adverbs_are_not_speakers():
    body = 'However, the report warned: "It remains to be seen whether Europe will recover."'
    assert [q.speaker for q in find_quotes(body)] == ["report"]


def test_cue_after_a_comma_then_its_subject():
    body = (
        'The men knew each other "casually" from the same mosque, said the bureau\'s director, '
        "James B. Comey, on Monday."
    )
    assert speakers(body) == [("casually", "James B. Comey")]


def test_verb_first_speaker_with_title_abbreviation():
    assert speakers('"We will win this," said Sen. Ted Cruz.') == [("We will win this,", "Ted Cruz")]


def test_short_term_loosely_tied_to_an_unnamed_group_is_a_scare_quote():
    body = 'U.S. officials said they have long been planning for "the day after Assad" in the region.'
    assert speakers(body) == [("the day after Assad", None)]
