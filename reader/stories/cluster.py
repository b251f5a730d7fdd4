"""Incremental story clustering in memory: the library's decision, without SQLite.

``Clusterer.add`` does for one signature what ``reader.library.stories.assign``
does inside the library (same look-up keys, same candidate limit and date
window, same score and threshold), so parameters can be fitted and evaluated
on a labelled set quickly (``tests/benchmarks/eval_stories.py``).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping

from reader.stories.decide import choose_story, join_threshold, same_event_score
from reader.stories.features import Signature
from reader.stories.params import PARAMS


class Clusterer:
    def __init__(self, params: Mapping[str, object] = PARAMS) -> None:
        self.params = params
        self.sigs: list[Signature] = []
        self.story: list[int] = []
        self._keys: dict[str, list[int]] = {}
        self.members: dict[int, list[int]] = {}

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
        stories = {
            self.story[i] for i in self.candidates(sig, keys)
            if same_event_score(sig, self.sigs[i], self.params)
            >= join_threshold(sig, self.sigs[i], self.params)
        }
        cap = int(self.params["story_members"])  # type: ignore[call-overload]
        linked = {st: [self.sigs[j] for j in self.members[st][-cap:]] for st in stories}
        chosen, _score = choose_story(sig, linked, self.params)
        n = len(self.sigs)
        self.sigs.append(sig)
        story = chosen if chosen is not None else n
        self.story.append(story)
        self.members.setdefault(story, []).append(n)
        for k in keys:
            self._keys.setdefault(k, []).append(n)
        return story


def cluster(sigs: list[Signature], params: Mapping[str, object] = PARAMS) -> list[int]:
    """Story number of each signature, added in the order given."""
    c = Clusterer(params)
    return [c.add(s) for s in sigs]
