"""Story signatures are what stories are decided on, and libraries keep them: a speed-up of
their computation must give the same signatures, value for value, as the code they were
stored by (``signature_golden.json``: version 2, made by the code that introduced it,
2026-12-07, from the texts below). A change of what they hold needs a new
``SIGNATURE_VERSION`` (older ones are computed again when read: ``story_cache.upgrade``).

``signature_golden_v1.json``: the version 1 signatures of the same texts (the code of
a4ad511); version 2 has the same title, terms and names (so a library's look-up keys,
made from them, stay right when its signatures are upgraded)."""

import json
from pathlib import Path

from reader.stories.features import signature_of
from tests.stories.fixtures import ARTICLES

GOLDEN = Path(__file__).with_name("signature_golden.json")
GOLDEN_V1 = Path(__file__).with_name("signature_golden_v1.json")

#: Tokens of every shape the signature splits: names after a sentence end and inside one,
#: possessives, plurals, hyphens, curly quotes, numbers with points, accents, Greek capitals,
#: brackets, a token of several words ("U.S.-based"), odd whitespace.
MIXED_TEXT = (
    "ΟΔΟΣ’s co-operation cost 4.5bn\u2003dollars\x1cΣΑΣ. (Dr) O’Neil's\tplan—“quoted” "
    "ΚΑΛΟΣ.ΟΔΟΣ said ministers,\nthe Prime\u00a0Minister's aides  told Reuters. "
    "The U.S.-based firms' shares rose 3.2% to $1,204.50 on Monday; Angela Merkel’s CDU "
    "(Christian Democratic Union) and the SPD said: “Talks are over.” Mr Schulz disagreed! "
    "Zürich-based Crédit Suisse, São Paulo's mayor and the IMF's Christine Lagarde met "
    "in Davos… Companies' earnings? Analysts’ forecasts were [mostly] unchanged.\n"
) * 3

TEXTS = [
    (rec["title"], rec["text"], rec["date_publish"], []) for rec in ARTICLES.values()
] + [
    ("Merkel’s CDU and the SPD: talks over, U.S. firms’ shares up", MIXED_TEXT, None,
     ["Talks are over.", "We will not back down", "Ça coûte £3, dit Ångström", "two words",
      "the U.S.-based firms' shares rose 3.2% to $1,204.50 on Monday"]),
    ("", "", None, []),
    ("Short", "Two words", "2020-02-29", ["a b c"]),
]


def test_signatures_are_the_ones_libraries_hold() -> None:
    # (Each text's fourth item, its quotes, made version 1's quote shingles; version 2 has none.)
    golden = json.loads(GOLDEN.read_text(encoding="utf-8"))
    got = [signature_of(*t[:3]).to_json() for t in TEXTS]
    assert len(got) == len(golden)
    for mine, stored in zip(got, golden, strict=True):
        assert json.dumps(mine) == json.dumps(stored)
    # A second time, every token now known to the per-token memos: the same again.
    assert [signature_of(*t[:3]).to_json() for t in TEXTS] == got


def test_version_2_keeps_the_day_title_terms_and_names_of_version_1() -> None:
    old = json.loads(GOLDEN_V1.read_text(encoding="utf-8"))
    got = [signature_of(*t[:3]).to_json() for t in TEXTS]
    for mine, stored in zip(got, old, strict=True):
        assert "s" not in stored and mine["s"] == 2
        for field in ("d", "t", "v", "n"):
            assert json.dumps(mine[field]) == json.dumps(stored[field])
