"""Story signatures packed as bytes (``reader.stories.packed``): the same values back, or JSON
when the packed form cannot hold them."""

from __future__ import annotations

import json

import pytest

from reader.stories.features import Signature, signature_of
from reader.stories.packed import MARK, from_stored, pack, stored_form, unpack

BODY = ("Angela Merkel met the French president in Paris on Tuesday to talk about the budget. "
        "The talks went on late into the night, officials said, and Merkel left at dawn. ") * 4


def _json(sig: Signature) -> str:
    return json.dumps(sig.to_json(), ensure_ascii=False)


@pytest.mark.parametrize("published", ["2024-03-05", None, "1901-01-01"])
def test_a_signature_comes_back_the_same(published: str | None) -> None:
    sig = signature_of("Merkel meets Macron over budget", BODY, published)
    data = stored_form(sig)
    assert isinstance(data, bytes) and data[0] == MARK and not data.startswith(b"{")
    back = from_stored(data)
    assert back == sig
    assert _json(back) == _json(sig)  # (same types too: the weights are floats)
    assert len(data) < len(_json(sig).encode("utf-8"))


def test_empty_and_odd_values_come_back() -> None:
    empty = Signature(day=None, title=[], terms={}, names=[], sketch=[], words=0)
    assert unpack(pack(empty) or b"") == empty
    odd = Signature(day=-719162, title=["", "naïve", "\ud800x"], terms={"\u4e2d\u6587": 1.732, "": 2.0},
                    names=["o'neill"], sketch=[-(2**31), 2**31 - 1, 0], words=2**32 - 1)
    data = pack(odd)
    assert data is not None and unpack(data) == odd


@pytest.mark.parametrize("sig", [
    Signature(day=1, title=["a"], terms={"a": 1.0}, names=[], sketch=[1], quotes=[5], words=3,
              version=1),  # version 1: quote shingles
    Signature(day=1, title=["a\x00b"], terms={"a": 1.0}, names=[], sketch=[1], words=3),
    Signature(day=1, title=["a"], terms={"a": 1}, names=[], sketch=[1], words=3),  # an int weight
    Signature(day=1, title=["a"], terms={"a": 1.0}, names=[], sketch=[2**31], words=3),
    Signature(day=2**31, title=["a"], terms={"a": 1.0}, names=[], sketch=[1], words=3),
])
def test_what_the_packed_form_cannot_hold_is_stored_as_json(sig: Signature) -> None:
    assert pack(sig) is None
    stored = stored_form(sig)
    assert isinstance(stored, str) and json.loads(stored) == sig.to_json()
    assert from_stored(stored) == sig


def test_json_of_either_version_is_read_as_before() -> None:
    old = {"d": 17000, "t": ["plan"], "v": {"plan": 2.0}, "n": ["merkel"], "m": [3, 9],
           "q": [5, 7], "w": 12}
    assert from_stored(json.dumps(old)) == Signature.from_json(old)
    sig = signature_of("Budget talks", BODY, "2024-03-05")
    assert from_stored(_json(sig)) == sig
    assert from_stored(memoryview(pack(sig) or b"")) == sig


def test_a_cut_or_foreign_blob_is_refused() -> None:
    data = pack(signature_of("Budget talks", BODY, "2024-03-05")) or b""
    with pytest.raises(ValueError):
        unpack(data[:30])
    with pytest.raises(ValueError):
        unpack(b"\x00" + data[1:])
