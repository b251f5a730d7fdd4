"""Story signatures: the fast shingle hashing gives the hashes of the shingles themselves."""

import random
import zlib

from reader.stories.features import (
    SHINGLE,
    SKETCH_SIZE,
    _Memo,
    content_words,
    plain_words,
    resemblance_of_sets,
    resembles,
    signature_of,
    sketch,
)


def _slow_sketch(words: list[str]) -> list[int]:
    shingles = {" ".join(words[i:i + SHINGLE]) for i in range(len(words) - SHINGLE + 1)}
    return sorted(zlib.crc32(s.encode("utf-8")) for s in shingles)[:SKETCH_SIZE]


def test_sketch_hashes_each_five_word_shingle_in_ascii_and_accented_text() -> None:
    ascii_words = plain_words("The minister said the plan would cost 4.5bn over ten years " * 12)
    accented = plain_words("Le café coûte £3 à Zürich, dit Ms Ångström aujourd’hui " * 12)
    for words in (ascii_words, accented, ascii_words[:7] + accented[:40]):
        assert sketch(words) == _slow_sketch(words)


def test_short_texts_hash_their_words_together() -> None:
    assert sketch(["two", "words"]) == [zlib.crc32(b"two words")]
    assert sketch([]) == []


def test_words_are_those_of_the_whole_text_whatever_the_whitespace() -> None:
    body = ("ΟΔΟΣ’s co-operation cost 4.5bn\u2003dollars\x1cΣΑΣ. (Dr) O’Neil's\tplan—“quoted” "
            "ΚΑΛΟΣ.ΟΔΟΣ said ministers,\nthe Prime\u00a0Minister's aides  told Reuters. ") * 3
    sig = signature_of("", body, None)
    words = plain_words(body)  # the regex over the whole text, lower-cased joined
    assert sig.words == len(words) > 40
    assert sig.sketch == _slow_sketch(words)
    assert set(sig.terms) == set(content_words(body))


def _slow_quote_hashes(quotes: list[str]) -> list[int]:
    hashes = set()
    for quote in quotes:
        words = plain_words(quote)
        hashes |= {zlib.crc32(" ".join(words[i:i + 3]).encode("utf-8"))
                   for i in range(len(words) - 2)}
    return sorted(hashes)[:200]


def test_quote_shingles_stay_inside_each_quote() -> None:
    quotes = ["We will not back down", "No", "", "Ça coûte £3, dit Ångström",
              "two words", "back down now, said the minister’s aide", "— — —",
              " ".join(f"w{i}" for i in range(300))]
    sig = signature_of("", "The minister said so. " * 10, None, quotes)
    assert sig.quotes == _slow_quote_hashes(quotes)
    assert len(sig.quotes) == 200
    assert signature_of("", "x", None, ["a b", "c"]).quotes == []


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
