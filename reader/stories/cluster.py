"""Incremental story clustering in memory: the library's decision, without SQLite.

``Clusterer.add`` does for one signature what ``reader.library.stories.assign``
does inside the library (same look-up keys, same candidate limit and date
window, same score and threshold), so parameters can be fitted and evaluated
on a labelled set quickly (``tests/benchmarks/eval_stories.py``).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping

from reader.stories.decide import same_event_score
from reader.stories.features import Signature
from reader.stories.params import PARAMS


class Clusterer:
    def __init__(self, params: Mapping[str, object] = PARAMS) -> None:
        self.params = params
        self.sigs: list[Signature] = []
        self.story: list[int] = []
        self._keys: dict[str, list[int]] = {}

    def candidates(self, sig: Signature, keys: list[str]) -> list[int]:
        counts: Counter[int] = Counter()
        postings = int(self.params["key_postings"])  # type: ignore[call-overload]
        for k in keys:
            for i in self._keys.get(k, [])[-postings:]:
                counts[i] += 1
        limit = int(self.params["candidates"])  # type: ignore[call-overload]
        window = int(float(self.params["window_days"]))  # type: ignore[arg-type]
        ranked = sorted(counts.items(), key=lambda kv: (-kv[1], -kv[0]))[:limit * 4]
        out = []
        for i, _n in ranked:
            other = self.sigs[i].day
            if sig.day is None or other is None or abs(other - sig.day) <= window:
                out.append(i)
        return out[:limit]

    def add(self, sig: Signature) -> int:
        """Add one article; returns its story number."""
        keys = sig.keys()
        threshold = float(self.params["threshold"])  # type: ignore[arg-type]
        best: tuple[float, int] | None = None
        for i in self.candidates(sig, keys):
            s = same_event_score(sig, self.sigs[i], self.params)
            if s >= threshold and (best is None or (s, i) > best):
                best = (s, i)
        n = len(self.sigs)
        self.sigs.append(sig)
        self.story.append(self.story[best[1]] if best is not None else n)
        for k in keys:
            self._keys.setdefault(k, []).append(n)
        return self.story[-1]


def cluster(sigs: list[Signature], params: Mapping[str, object] = PARAMS) -> list[int]:
    """Story number of each signature, added in the order given."""
    c = Clusterer(params)
    return [c.add(s) for s in sigs]
