"""A story signature as compact bytes, the form the library stores and the import ships.

Before, a signature went from the parser worker to the writer, and into
``story_signatures``, as JSON (``Signature.to_json``): encoding it cost the worker
~50 us, and the writer parsed it again, for the new article and for every
candidate its bounded cache no longer held (~75 us with its 60 weights read as
decimal text, 2.1 kB a row). Packed, the same values take ~15 us to make and
~35 us to read back, in 1.4 kB:

- a header (``_HEAD``): a mark byte (``MARK``, never ``{``, so no JSON text starts so),
  the signature version, the day (``NO_DAY``: undated), the body's word count and how
  many title words, names, terms and sketch hashes follow;
- the terms' weights as 8-byte floats (the same numbers), the sketch as 4-byte ints
  (a version 2 sketch hash is a 64-bit hash's top 32 bits, signed);
- the title words, names and terms, in their order, joined by NUL, in UTF-8.

A signature this form cannot hold exactly (version 1, which has quote shingles; a NUL
inside a word; a count past the header's fields) stays JSON: ``stored_form`` says
which, and ``from_stored`` reads either, so a library's JSON rows (written before
this form) read as they always did. Qt-free; imports no library code.
"""

from __future__ import annotations

import json
import struct
from array import array

from reader.stories.features import Signature

#: First byte of a packed signature.
MARK = 0xA5
#: mark, version, day, words, then the counts of title words, names, terms, sketch hashes.
_HEAD = struct.Struct("<BBiIHHHH")
#: The day of an undated signature.
NO_DAY = -(2**31)
_COUNT_MAX = 0xFFFF
_INT_MIN, _INT_MAX = -(2**31), 2**31 - 1
_FLOAT = {float}
_SEP = "\x00"
#: ``json.dumps(value, ensure_ascii=False)``, without making an encoder for each call.
_json_text = json.JSONEncoder(ensure_ascii=False).encode


def pack(sig: Signature) -> bytes | None:
    """``sig`` as bytes; None when this form cannot hold it exactly (see the module text)."""
    words = [*sig.title, *sig.names, *sig.terms]
    text = _SEP.join(words)
    sketch = sig.sketch
    if (sig.version < 2 or sig.version > 0xFF or sig.quotes
            or (sig.day is not None and not NO_DAY < sig.day < 2**31)
            or not 0 <= sig.words < 2**32
            or max(len(sig.title), len(sig.names), len(sig.terms), len(sketch)) > _COUNT_MAX
            or (sketch and not (_INT_MIN <= min(sketch) and max(sketch) <= _INT_MAX))
            or not {*map(type, sig.terms.values())} <= _FLOAT
            or (words and text.count(_SEP) != len(words) - 1)):
        return None
    head = _HEAD.pack(MARK, sig.version, NO_DAY if sig.day is None else sig.day, sig.words,
                      len(sig.title), len(sig.names), len(sig.terms), len(sketch))
    return b"".join((head, array("d", sig.terms.values()).tobytes(),
                     array("i", sketch).tobytes(), text.encode("utf-8", "surrogatepass")))


def unpack(data: bytes) -> Signature:
    """The signature ``pack`` made ``data`` of."""
    mark, version, day, words, n_title, n_names, n_terms, n_sketch = _HEAD.unpack_from(data)
    if mark != MARK:
        raise ValueError(f"not a packed story signature (first byte {mark:#x})")
    at = _HEAD.size
    weights = array("d")
    weights.frombytes(data[at:at + 8 * n_terms])
    at += 8 * n_terms
    sketch = array("i")
    sketch.frombytes(data[at:at + 4 * n_sketch])
    at += 4 * n_sketch
    text = data[at:].decode("utf-8", "surrogatepass").split(_SEP) if n_title + n_names + n_terms else []
    if len(text) != n_title + n_names + n_terms or len(weights) != n_terms or len(sketch) != n_sketch:
        raise ValueError("a packed story signature cut short")
    names_end = n_title + n_names
    return Signature(day=None if day == NO_DAY else day, title=text[:n_title],
                     terms=dict(zip(text[names_end:], weights)), names=text[n_title:names_end],
                     sketch=sketch.tolist(), words=words, version=version)


def stored_form(sig: Signature) -> str | bytes:
    """What the library stores for ``sig``: packed when that holds it exactly, else JSON."""
    packed = pack(sig)
    return _json_text(sig.to_json()) if packed is None else packed


def from_stored(value: str | bytes) -> Signature:
    """The signature stored as ``value``: packed bytes, or JSON text (any version)."""
    if isinstance(value, bytes | bytearray | memoryview):
        return unpack(bytes(value))
    return Signature.from_json(json.loads(value))
