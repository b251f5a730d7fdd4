"""The article list's grouping by story (the Qt-free part): order, headings, lone articles."""

from __future__ import annotations

from pathlib import Path

from reader.library.story_reads import group_by_story
from tests.stories.fixtures import write_articles


def test_a_story_comes_together_where_its_first_article_was():
    # list order 1..6; story 10 holds 2, 4 and 6; story 20 holds 5 only (others filtered out)
    keys, sizes = group_by_story([1, 2, 3, 4, 5, 6], {2: 10, 4: 10, 6: 10, 5: 20})
    assert keys == [1, -10, 2, 4, 6, 3, 5]
    assert sizes == {10: 3}


def test_shared_stories_maps_only_stories_of_two_or_more(tmp_path: Path):
    from reader.library import Library

    files = write_articles(tmp_path / "in")
    with Library.open(tmp_path / "lib", create=True) as lib:
        lib.import_paths([str(p) for p in files.values()])
        by_title = {lib.get(a).title: a for a in lib.article_ids()}
        shared = lib.shared_stories()
    rhine = [by_title[t] for t in by_title if "Tesla" not in t]
    assert set(shared) == set(rhine) and len(set(shared.values())) == 1
