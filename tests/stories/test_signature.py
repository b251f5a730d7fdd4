"""Story signatures: the sketch (version 2) hashes each run of five words' hashes, the same
on every Python; version 1 signatures are still read."""

import random
import zlib

from reader.model import Article, Quote
from reader.stories import sketch as sketch_module
from reader.stories.features import (
    SIGNATURE_VERSION,
    Signature,
    _Memo,
    content_words,
    plain_words,
    resemblance_of_sets,
    resembles,
    signature,
    signature_of,
)
from reader.stories.sketch import SHINGLE, SKETCH_SIZE, sketch_of_hashes, word_hash


def _slow_sketch(text: str) -> list[int]:
    """The sketch from the text's whitespace-separated tokens: each token's plain words
    hashed together (tokens without words left out), each run of five hashed as a tuple."""
    hashes = []
    for token in text.split():
        words = plain_words(token)
        if words:
            hashes.append(zlib.crc32(" ".join(words).encode("utf-8")) or 1)
    runs = {sketch_module._tuple_hash(hashes[i:i + SHINGLE])
            for i in range(max(1, len(hashes) - SHINGLE + 1))} if hashes else set()
    return [h >> 32 for h in sorted(runs)[:SKETCH_SIZE]]


def test_the_run_hash_is_pythons_tuple_hash_here_and_the_same_without_it() -> None:
    rnd = random.Random(7)
    for size in (0, 1, 2, 5, 9):
        for _ in range(200):
            t = tuple(rnd.randrange(2**32) for _ in range(size))
            assert sketch_module._tuple_hash(t) == hash(t)
    assert sketch_module._RUN_HASH is hash  # (64-bit CPython: the C loop)


def test_sketch_hashes_each_five_word_run_in_ascii_and_accented_text() -> None:
    ascii_text = "The minister said the plan would cost 4.5bn over ten years. " * 12
    accented = "Le café coûte £3 à Zürich, dit Ms Ångström aujourd’hui (“ΟΔΟΣ”) — " * 12
    varied = " ".join(f"word{i % 97} w{i}" for i in range(400))
    for text in (ascii_text, accented, ascii_text[:50] + accented[:400], varied):
        assert signature_of("", text, None).sketch == _slow_sketch(text)
    assert len(_slow_sketch(varied)) == SKETCH_SIZE


def test_words_equal_in_case_and_apostrophe_hash_alike() -> None:
    assert signature_of("", "The Minister’s “plan” — said", None).sketch == signature_of(
        "", "the minister's “plan” said", None).sketch
    assert signature_of("", "one two three four five six", None).sketch != signature_of(
        "", "one two three four five seven", None).sketch


def test_short_texts_hash_their_words_together() -> None:
    assert sketch_of_hashes([word_hash("two"), word_hash("words")]) == _slow_sketch("two words")
    assert len(sketch_of_hashes([1, 2])) == 1
    assert sketch_of_hashes([]) == [] == signature_of("", " -- ", None).sketch
    assert word_hash("") == 0 and word_hash("a") != 0


def test_words_are_those_of_the_whole_text_whatever_the_whitespace() -> None:
    body = ("ΟΔΟΣ’s co-operation cost 4.5bn\u2003dollars\x1cΣΑΣ. (Dr) O’Neil's\tplan—“quoted” "
            "ΚΑΛΟΣ.ΟΔΟΣ said ministers,\nthe Prime\u00a0Minister's aides  told Reuters. ") * 3
    sig = signature_of("", body, None)
    assert sig.words == sum(1 for t in body.split() if plain_words(t)) > 40
    assert sig.sketch == _slow_sketch(body)
    assert set(sig.terms) == set(content_words(body))


def test_version_2_holds_no_quote_shingles() -> None:
    body = 'The minister said so. "We will not back down," he said. ' * 10
    article = Article(source="a.txt", format="text", body=body,
                      quotes=[Quote(text="We will not back down", speaker="the minister", start=23, end=44)])
    sig = signature(article)
    assert sig.version == SIGNATURE_VERSION == 2
    assert sig.quotes == []
    assert "q" not in sig.to_json() and sig.to_json()["s"] == 2
    assert Signature.from_json(sig.to_json()) == sig


def test_version_1_signatures_are_read_as_version_1() -> None:
    old = {"d": 17000, "t": ["plan"], "v": {"plan": 2.0}, "n": ["merkel"], "m": [3, 9],
           "q": [5, 7], "w": 12}
    sig = Signature.from_json(old)
    assert sig.version == 1 and sig.quotes == [5, 7] and sig.sketch == [3, 9]
    assert sig.to_json() == old


def test_a_full_memo_keeps_the_first_half_of_its_keys() -> None:
    """A memo that fills up lets the later half of its keys go (computed again when next
    wanted) and keeps the first (a text's common words are met first)."""
    calls: list[int] = []
    memo: _Memo[int, int] = _Memo(lambda k: calls.append(k) or k * k, size=4)
    assert list(map(memo.__getitem__, [1, 2, 3, 4, 1, 5, 1, 2, 3, 4])) == [1, 4, 9, 16, 1, 25, 1, 4,
                                                                         9, 16]
    assert calls == [1, 2, 3, 4, 5, 3, 4]
    assert list(memo) == [1, 2, 4]


def test_the_copy_check_answers_as_the_full_resemblance_does() -> None:
    """``resembles`` skips the union's sort when its bounds decide; the answer must not move."""
    rnd = random.Random(3)
    for _ in range(20_000):
        common = rnd.sample(range(10**6), rnd.choice([0, 3, 30, 64]))
        a = set(common[:rnd.randint(0, len(common))]) | set(rnd.sample(range(10**6), rnd.randint(0, 40)))
        b = set(common[rnd.randint(0, len(common)):]) | set(rnd.sample(range(10**6), rnd.randint(0, 40)))
        sa, sb = frozenset(sorted(a)[:64]), frozenset(sorted(b)[:64])
        for threshold in (0.0, 0.3, 0.6, 1.0):
            assert resembles(sa, sb, threshold) == (resemblance_of_sets(sa, sb) >= threshold)
