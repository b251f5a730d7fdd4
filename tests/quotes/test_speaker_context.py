"""Speakers a reader finds outside the quote's own sentence (issue 15): roles
named earlier ("the spokeswoman"), pronouns in a later paragraph, speakers
named in the sentence after the quote, reports inside reports."""

from __future__ import annotations

import pytest

from reader.quotes import find_quotes
from reader.quotes.pronouns import OTHER, SPEAKER, SUBJECT, name_gender, subject_like


def speakers(body: str) -> list[str | None]:
    return [q.speaker for q in find_quotes(body)]


# -- roles ---------------------------------------------------------------------


def test_role_from_an_appositive_names_the_speaker():
    body = (
        "Jane Harlow, a spokeswoman for the agency, declined to give figures.\n\n"
        '"We will appeal the ruling," the spokeswoman said.'
    )
    assert speakers(body) == ["Jane Harlow"]


def test_role_in_lower_case_before_the_name():
    body = (
        "The plan was drafted by campaign spokesman Brian Fallon last week.\n\n"
        "Voters were not told.\n\n"
        '"We will publish it soon," the spokesman said.'
    )
    assert speakers(body) == ["Brian Fallon"]


def test_role_needs_every_word_unless_the_person_was_named_last():
    # Tom Reyes is a five-time champion, not the two-time one; Mary Quill was named last.
    body = (
        "Tom Reyes, a five-time champion, retired in May. Mary Quill has not ruled out a return.\n\n"
        '"It is a definite possibility," said the two-time champion.'
    )
    assert speakers(body) != ["Tom Reyes"]


# -- pronouns --------------------------------------------------------------------


def test_pronoun_continues_the_speaker_of_the_sentence_before_not_the_last_name():
    body = (
        "Agency spokesman Tom Reyes said Mayor Dan Hill had kept in touch with voters all year.\n\n"
        '"He will be back in the spring," he said.'
    )
    assert speakers(body) == ["Tom Reyes"]


def test_she_skips_a_man_named_since():
    body = 'Mary Quill attacked Mr. Dan Hill on Monday.\n\n"He is not fit for the job," she said.'
    assert speakers(body) == ["Mary Quill"]


def test_pronoun_two_paragraphs_on_takes_the_subject_not_a_name_after_a_preposition():
    body = (
        '"Taxes will rise," Mary Quill said on Friday.\n\n'
        "Asked about Dan Hill, Quill pointed to his record in the city.\n\n"
        "The hall was full.\n\n"
        '"It speaks for itself," she said.'
    )
    assert speakers(body) == ["Mary Quill", "Mary Quill"]


def test_a_family_name_does_not_pass_one_persons_gender_to_another():
    body = (
        '"We are tired," Sharon Osbourne said.\n\n'
        "Ozzy Osbourne said he had had enough of filming.\n\n"
        '"I have been filming all day," he said.'
    )
    assert speakers(body) == ["Sharon Osbourne", "Ozzy Osbourne"]


@pytest.mark.parametrize(
    ("name", "gender"),
    [
        ("Mrs. Clinton", "f"),
        ("Mr. Trump", "m"),
        ("Mary Quill", "f"),
        ("John Quill", "m"),
        ("Clinton", ""),
        ("Sen. Mary Quill", "f"),
    ],
)
def test_name_gender(name: str, gender: str):
    assert name_gender(name) == gender


@pytest.mark.parametrize(
    ("text", "name", "stands"),
    [
        ("Tom Reyes said it was late.", "Tom Reyes", SPEAKER),
        ("Tom Reyes, the mayor, argued that it was late.", "Tom Reyes", SPEAKER),
        ("Tom Reyes visited the plant.", "Tom Reyes", SUBJECT),
        ("They asked about Tom Reyes on Monday.", "Tom Reyes", OTHER),
        ("Tom Reyes's plan failed.", "Tom Reyes", OTHER),
        ("She lost her daughter Ann Reyes during the storm.", "Ann Reyes", OTHER),
    ],
)
def test_subject_like(text: str, name: str, stands: int):
    start = text.index(name)
    assert subject_like(text, start, start + len(name)) == stands


# -- the speaker named in the sentence after the quote ---------------------------


@pytest.mark.parametrize(
    "after",
    [
        "Those were the words of Tom Reyes, the governor.",
        "So said Tom Reyes, the governor, on Monday.",
        "The remark came from Tom Reyes.",
        "Tom Reyes made the promise at a rally in Ohio.",
        "That is what Tom Reyes told the crowd on Monday.",
    ],
)
def test_speaker_named_in_the_next_sentence(after: str):
    body = f'Mary Quill spoke first.\n\n"We will win this state." {after}'
    assert speakers(body) == ["Tom Reyes"]


def test_a_plain_report_in_the_next_sentence_may_be_someone_elses_turn():
    body = 'Mary Quill spoke first.\n\n"We will win this state." Tom Reyes said the polls showed otherwise.'
    assert speakers(body) == [None]


# -- reports inside reports, asides, possessives ----------------------------------


def test_nested_report_names_the_inner_speaker_without_the_outer_as_role():
    quotes = find_quotes('Mary Quill said Tom Reyes told her, "We will win this state."')
    assert [(q.speaker, q.role) for q in quotes] == [("Tom Reyes", None)]


def test_nested_report_without_an_inner_speech_verb_is_the_outer_speakers():
    assert speakers('Mary Quill said the police had said the road was "closed for good".') == ["Mary Quill"]


def test_an_opening_aside_is_not_the_speaker():
    assert speakers('Asked about the ruling, the agency\'s spokeswoman said: "We will appeal."') == [
        "agency's spokeswoman"
    ]


def test_a_possessive_before_the_name_is_not_a_pronoun_speaker():
    body = 'The actress died on Friday. Her agent Barry Brown said: "She was too weak for another operation."'
    quotes = find_quotes(body)
    assert [(q.speaker, q.role) for q in quotes] == [("Barry Brown", "agent")]


def test_a_capitalised_pronoun_after_a_finished_quote_starts_a_new_sentence():
    body = (
        "In June, Tom Reyes wrote to Mary Quill, telling her, “you are an all-star player!” "
        "She replied that it was an honour."
    )
    assert speakers(body) == ["Tom Reyes"]
