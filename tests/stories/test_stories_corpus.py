"""Stories on the labelled Giveme5W1H events, imported through the real library (skipped
without the shared corpus): the B-cubed figures stay above their floors."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from reader.library import Library

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
from eval_stories import bcubed  # noqa: E402


def test_giveme5w1h_events_become_stories(corpus_dir: Path, tmp_path: Path) -> None:
    folder = corpus_dir / "giveme5w1h-news-cluster"
    truth = json.loads((folder / "clusters.json").read_text(encoding="utf-8"))
    event_of = {f: ev for ev, d in truth.items() for f in d["files"]}
    with Library.open(tmp_path / "lib") as lib:
        report = lib.import_paths([folder / "articles"])
        assert not report.failed
        ids = lib.article_ids()
        assert len(ids) == 256
        name_of = {aid: Path(lib.get(aid).source).name for aid in ids}
        # news-please keys are read: every article has a title, a date and a site.
        rows = lib.rows(ids)
        assert all(r.title and r.published and r.site for r in rows)
        pred = [lib.story_of(aid) or 0 for aid in ids]
        gold = [event_of[name_of[aid]] for aid in ids]
        p, r, f1, _n = bcubed(pred, gold)
        assert p >= 0.93 and r >= 0.82 and f1 >= 0.88, (p, r, f1)
        stories = lib.list_stories(min_size=2)
        assert 30 <= len(stories) <= 60
        for s in stories:
            assert s.first is not None and s.last is not None and s.first <= s.last
            assert s.title
