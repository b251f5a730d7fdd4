"""Story signatures: the fast shingle hashing gives the hashes of the shingles themselves."""

import zlib

from reader.stories.features import SHINGLE, SKETCH_SIZE, plain_words, sketch


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
