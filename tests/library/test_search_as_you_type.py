"""The library side of search as you type: the title fast path, and searches that can be stopped.

A real library on disk (text notes imported like a user's), the real index and executor.
"""

from __future__ import annotations

import threading

import pytest

from reader.library import Library, SearchCancelled

TOPICS = {
    "Harbour": "the harbour master counted the boats that came in before the storm",
    "Harbinger": "a harbinger of the long winter arrived with the first geese",
    "Lighthouse": "the lighthouse keeper wrote his report about the storm over the harbour",
    "Garden": "the garden club met to plant tulips along the harbour road",
}


@pytest.fixture(scope="module")
def notes_library(tmp_path_factory: pytest.TempPathFactory):
    base = tmp_path_factory.mktemp("typed")
    folder = base / "notes"
    folder.mkdir()
    n = 0
    for word, text in TOPICS.items():
        for i in range(6):
            (folder / f"{word.lower()}{i}.txt").write_text(
                f"{word} news number {i}\n\nOn day {i} {text}. Nothing else happened in town.\n",
                encoding="utf-8",
            )
            n += 1
    lib = Library.open(base / "library", create=True)
    report = lib.import_paths([str(folder)])
    assert len(report.imported) == n
    yield lib
    lib.close()


def titles(results) -> list[str]:
    return [h.title for h in results.hits]


def test_a_word_being_typed_answers_from_titles_starting_with_it(notes_library: Library):
    quick = notes_library.search_titles_as_typed("harb")
    assert quick is not None
    assert sorted(t.split()[0] for t in titles(quick)) == ["Harbinger"] * 6 + ["Harbour"] * 6
    assert quick.hint  # the window says these are titles only, more is coming
    # The full query is today's: "harb" is not a word of any article.
    assert notes_library.search("harb").hits == []


def test_finished_words_must_be_in_the_title_and_the_last_one_is_a_prefix(notes_library: Library):
    quick = notes_library.search_titles_as_typed("harbour new")
    assert quick is not None
    assert sorted(titles(quick)) == sorted(f"Harbour news number {i}" for i in range(6))
    explicit = notes_library.search_titles_as_typed("light*")
    assert explicit is not None and len(explicit.hits) == 6
    assert all(h.snippet == "" for h in explicit.hits)  # cheap: the full results bring the snippets
    full = notes_library.search("light*").hits
    assert full and all('<b class="match">light' in h.snippet.lower() for h in full)


@pytest.mark.parametrize("text", ["harbour ", '"harbour ne', "title:harb", "harbour OR gard", "ha", "-harb", ""])
def test_text_that_is_not_a_word_being_typed_goes_straight_to_the_full_query(notes_library: Library, text):
    assert notes_library.search_titles_as_typed(text) is None


class TripAfter(threading.Event):
    """A cancel event that reports itself set from its ``after``-th check on (counts the checks)."""

    def __init__(self, after: int | None) -> None:
        super().__init__()
        self.after = after
        self.checks = 0

    def is_set(self) -> bool:
        self.checks += 1
        return self.after is not None and self.checks >= self.after


def test_a_cancelled_search_stops_inside_the_scoring_and_the_next_one_is_unchanged(notes_library: Library):
    query = "harbour storm boats"
    before = [(h.id, h.score) for h in notes_library.search(query).hits]
    assert before
    counting = TripAfter(None)
    assert [(h.id, h.score) for h in notes_library.search(query, cancel=counting).hits] == before
    # Checked for every sub-query and posting block, not once at the start.
    assert counting.checks > 10
    for after in (1, counting.checks // 2, counting.checks - 1):
        with pytest.raises(SearchCancelled):
            notes_library.search(query, cancel=TripAfter(after))
    already = threading.Event()
    already.set()
    with pytest.raises(SearchCancelled):
        notes_library.search_titles_as_typed("harb", cancel=already)
    # Nothing is left half-done: the same query gives the same answer.
    assert [(h.id, h.score) for h in notes_library.search(query).hits] == before



def test_the_same_query_again_is_answered_from_the_last_top_k_until_the_library_changes(tmp_path, monkeypatch):
    """"harb*" after "harb" is the same title query: its ranking is not computed twice. An import
    (a new searcher) or another page size computes it again, with the new articles; the full query
    is always ranked."""
    from reader.library.executor import QueryExecutor

    ranked: list[int] = []
    real_top = QueryExecutor.top

    def counting_top(self, q, limit, only_ids=None, cancel=None):
        ranked.append(limit)
        return real_top(self, q, limit, only_ids, cancel)

    monkeypatch.setattr(QueryExecutor, "top", counting_top)
    folder = tmp_path / "notes"
    folder.mkdir()
    for i in range(4):
        (folder / f"h{i}.txt").write_text(f"Harbour news number {i}\n\nThe boats came in.\n", encoding="utf-8")
    lib = Library.open(tmp_path / "library", create=True)
    try:
        lib.import_paths([str(folder)])
        first = lib.search_titles_as_typed("harb")
        assert first is not None and len(first.hits) == 4 and len(ranked) == 1
        again = lib.search_titles_as_typed("harb*")
        assert again is not None and len(ranked) == 1  # answered without ranking again
        assert [(h.id, h.score) for h in again.hits] == [(h.id, h.score) for h in first.hits]
        assert again.query == "harb*" and first.query == "harb"
        assert lib.search_titles_as_typed("harb", limit=2) is not None and len(ranked) == 2  # another page size
        lib.search("harbour")
        lib.search("harbour")
        assert len(ranked) == 4
        (folder / "late.txt").write_text("Harbinger of spring\n\nGeese came back.\n", encoding="utf-8")
        lib.import_paths([str(folder / "late.txt")])
        after = lib.search_titles_as_typed("harb")
        assert after is not None and len(ranked) == 5
        assert sorted(h.title.split()[0] for h in after.hits) == ["Harbinger"] + ["Harbour"] * 4
    finally:
        lib.close()
