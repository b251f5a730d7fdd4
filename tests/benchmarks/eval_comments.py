"""Comment-parsing evaluation: Dragnet split and recall, the CNN seed, the SFU threads.

Run: ``python tests/benchmarks/eval_comments.py [--verbose] [--gui]``. Prints:

- Dragnet split accuracy. Each corrected text has a separator line
  (``^[!@#$%^&*() \\t]*COMMENTS\\s*$``) where its comments begin; the line is
  removed to get a realistic dump. A file is split right when the first
  non-blank line at or after ``locate_comments``' index is the first non-blank
  line after the separator. Starting earlier is also right when everything
  skipped over is a comment-section header, page furniture or blank (a header
  such as "12 Comments" belongs to the section). A file with nothing after
  the separator is right when no comment section is found.
- Comment-word recall: of the words after the separator, how many come back
  as comment text or author (multiset overlap). Signature lines (a date or
  clock time in a line of at most 12 words) are left out of the gold words:
  their content comes back as the comment's author and time fields instead.
  Precision (recovered words that are comment words) is printed beside it.
- False comment sections on comment-free articles (BBC News, PolNeAR texts):
  a section found there would cut the article short.
- False comment sections on ground-truth article bodies (Zyte ``articleBody``,
  Fundus summary + sub-headlines + paragraphs, one line per paragraph): these
  are articles without comments, with the headings, lists, datelines and
  tour-date tables that real pages have. The share of bodies given a section
  is the false-positive rate.
- Zyte full-page text dumps: where ``locate_comments`` cuts, how much of the
  ground-truth article body (word 4-grams) lies after the cut. A cut losing
  more than 5% of the article cuts the article's own content as comments.
- The CNN seed against ``gold/seeds.json``; the SFU threads as ``import`` +
  ``show`` give them (per thread file: comments at their depth, on their article).

- With ``--gui``: how long the thread view takes to show, fold and unfold
  threads of 200 and 2,000 comments (offscreen).

``score_dragnet`` is also used by ``tests/parsing/test_comments_corpus.py``.
"""

from __future__ import annotations

import json
import re
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from crossval import HALVES, NOTHING_FITTED, half_of  # noqa: E402
from scoring import leakage, split_dragnet  # noqa: E402

from reader.model import Comment  # noqa: E402
from reader.parsing.comment_lines import BLANK, FURNITURE, HEADER, classify_lines  # noqa: E402
from reader.parsing.comments import comments_from_text, locate_comments  # noqa: E402
from reader.parsing.text import parse_text  # noqa: E402

SEPARATOR = re.compile(r"^[!@#$%^&*() \t]*COMMENTS\s*$")
WORD = re.compile(r"\w+", re.UNICODE)
META = re.compile(r"\b(?:19|20)\d\d\b|\d{1,2}:\d\d|\b\d{1,2}/\d{1,2}/\d{2,4}\b")

HERE = Path(__file__).resolve()
SHARED = HERE.parents[2].parent / "shared"


def read_text(path: Path) -> str:
    data = path.read_bytes()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def split_gold(text: str) -> tuple[list[str], int | None]:
    """The dump without its separator, and the index of the first comment line (None: no comments)."""
    lines = text.split("\n")
    sep = next(i for i, line in enumerate(lines) if SEPARATOR.match(line))
    lines = lines[:sep] + lines[sep + 1 :]
    g = next((i for i in range(sep, len(lines)) if lines[i].strip()), None)
    return lines, g


def _words(text: str) -> list[str]:
    return [w.lower() for w in WORD.findall(text)]


def gold_words(lines: list[str]) -> Counter:
    c: Counter = Counter()
    for line in lines:
        ws = _words(line)
        if META.search(line) and len(ws) <= 12:
            continue
        c.update(ws)
    return c


def comment_words(comments: list[Comment]) -> Counter:
    c: Counter = Counter()
    for top in comments:
        for _depth, cm in top.walk():
            c.update(_words(cm.author or ""))
            c.update(_words(cm.text))
    return c


@dataclass
class FileScore:
    name: str
    gold: int | None
    predicted: int | None
    split_ok: bool
    gold_words: int
    recovered: int
    extracted: int
    #: Share of the gold comment words left in the body ``parse_text`` gives (eval_text's leak).
    left_in_body: float = 0.0
    #: 'LOOK' or 'BLIND' (crossval.half_of): errors are read on LOOK pages only.
    half: str = "LOOK"


@dataclass
class DragnetScore:
    files: list[FileScore] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def split_accuracy(self) -> float:
        return sum(f.split_ok for f in self.files) / max(1, len(self.files))

    @property
    def recall(self) -> float:
        return sum(f.recovered for f in self.files) / max(1, sum(f.gold_words for f in self.files))

    @property
    def precision(self) -> float:
        return sum(f.recovered for f in self.files) / max(1, sum(f.extracted for f in self.files))

    @property
    def left_in_body(self) -> float:
        return sum(f.left_in_body for f in self.files) / max(1, len(self.files))

    def half(self, name: str) -> DragnetScore:
        return DragnetScore([f for f in self.files if f.half == name])


def split_ok(lines: list[str], gold: int | None, predicted: int | None) -> bool:
    skippable = (BLANK, HEADER, FURNITURE)
    if gold is None:
        return predicted is None or all(c.kind in skippable for c in classify_lines(lines[predicted:]))
    if predicted is None or predicted > gold:
        return False
    return all(c.kind in skippable for c in classify_lines(lines[predicted:gold]))


def score_file(path: Path) -> FileScore:
    lines, gold = split_gold(read_text(path))
    predicted = locate_comments(lines)
    gw = gold_words(lines[gold:]) if gold is not None else Counter()
    rec: Counter = Counter()
    if predicted is not None:
        rec = comment_words(comments_from_text(lines[predicted:]).comments)
    overlap = sum((gw & rec).values())
    dump, gold_article, gold_comments = split_dragnet(read_text(path)) or ("", "", "")
    left = leakage(parse_text(dump, source=path.name).body, gold_article, gold_comments)
    return FileScore(
        name=path.name,
        gold=gold,
        predicted=predicted,
        split_ok=split_ok(lines, gold, predicted),
        gold_words=sum(gw.values()),
        recovered=overlap,
        extracted=sum(rec.values()),
        left_in_body=left,
        half=half_of("dragnet", path.name.split(".")[0]),
    )


def score_dragnet(corpus: Path) -> DragnetScore:
    start = time.perf_counter()
    score = DragnetScore()
    for path in sorted((corpus / "dragnet-2012-comments" / "corrected").glob("*.txt")):
        score.files.append(score_file(path))
    score.seconds = time.perf_counter() - start
    return score


#: Corpora of plain-text articles with no comments: any section found there is a false one.
COMMENT_FREE = (("bbc-news-fulltext", "*/*.txt"), ("polnear-quote-attribution", "text/*.txt"))


def false_sections(corpus: Path, *, step: int = 1) -> tuple[int, int, list[str]]:
    """(articles, articles given a comment section, examples) over comment-free corpora."""
    total = found = 0
    examples: list[str] = []
    for folder, pattern in COMMENT_FREE:
        for path in sorted((corpus / folder).glob(pattern))[::step]:
            lines = read_text(path).split("\n")
            total += 1
            start = locate_comments(lines)
            if start is not None:
                found += 1
                examples.append(f"{folder}/{path.relative_to(corpus / folder)}: line {start} {lines[start][:60]!r}")
    return total, found, examples


def ground_truth_bodies(corpus: Path) -> list[tuple[str, str]]:
    """(name, body text) of the comment-free ground-truth articles of Zyte and Fundus."""
    out: list[tuple[str, str]] = []
    zyte = corpus / "zyte-article-extraction-benchmark" / "ground-truth.json"
    if zyte.is_file():
        for key, row in sorted(json.loads(zyte.read_text(encoding="utf-8")).items()):
            if row.get("articleBody"):
                out.append((f"zyte/{key[:16]}", row["articleBody"]))
    fundus = corpus / "fundus-parser-testdata-en"
    index = fundus / "index.json"
    if index.is_file():
        for page, ref in sorted(json.loads(index.read_text(encoding="utf-8")).items()):
            gt = json.loads((fundus / ref["ground_truth"]).read_text(encoding="utf-8"))[ref["version_key"]]
            body = gt.get("body") or {}
            paras = list(body.get("summary") or [])
            for sec in body.get("sections") or []:
                paras += list(sec.get("headline") or []) + list(sec.get("paragraphs") or [])
            if paras:
                out.append((f"fundus/{page}", "\n\n".join(paras)))
    return out


def false_positive_rate(corpus: Path) -> tuple[int, int, list[str]]:
    """(bodies, bodies given a comment section, examples) over ground-truth article bodies."""
    bodies = ground_truth_bodies(corpus)
    found = 0
    examples: list[str] = []
    for name, text in bodies:
        lines = text.replace("\r\n", "\n").split("\n")
        start = locate_comments(lines)
        if start is not None:
            found += 1
            cut = sum(len(ln.split()) for ln in lines[start:])
            total = sum(len(ln.split()) for ln in lines)
            examples.append(f"{name}: line {start} ({cut}/{total} words cut) {lines[start][:60]!r}")
    return len(bodies), found, examples


def _grams(text: str, n: int = 4) -> set[tuple[str, ...]]:
    w = _words(text)
    return {tuple(w[i : i + n]) for i in range(len(w) - n + 1)}


#: A cut that loses more than this share of the article's 4-grams cuts the article.
ARTICLE_LOSS = 0.05


def article_cuts(corpus: Path) -> tuple[int, int, list[str]]:
    """(dumps, dumps whose cut loses article text, examples) over Zyte full-page text dumps."""
    root = corpus / "zyte-article-extraction-benchmark"
    gt_path = root / "ground-truth.json"
    if not gt_path.is_file():
        return 0, 0, []
    gt = json.loads(gt_path.read_text(encoding="utf-8"))
    total = bad = 0
    examples: list[str] = []
    for path in sorted((root / "html-text").glob("*.txt")):
        gold = gt.get(path.stem, {}).get("articleBody")
        if not gold:
            continue
        total += 1
        lines = read_text(path).split("\n")
        start = locate_comments(lines)
        if start is None:
            continue
        gold_grams = _grams(gold)
        lost = len(gold_grams & _grams("\n".join(lines[start:]))) / max(1, len(gold_grams))
        if lost > ARTICLE_LOSS:
            bad += 1
            examples.append(f"{path.stem[:16]}: line {start} loses {lost:.0%} of the article {lines[start][:50]!r}")
    return total, bad, examples


def score_seed(shared: Path) -> list[str]:
    """Differences between the CNN seed's parsed comments and the gold (empty: exact)."""
    from reader.model import Article
    from reader.parsing.spam import flag_spam

    gold = json.loads((shared / "gold" / "seeds.json").read_text(encoding="utf-8"))
    name = "000_ea50a6bcb4b83b50.txt"
    g = gold[name]
    text = read_text(shared / "seeds" / name)
    lines = text.split("\n")
    idx = locate_comments(lines)
    problems: list[str] = []
    if idx is None:
        return ["no comment section found"]
    section = comments_from_text(lines[idx:])
    body = "\n".join(lines[:idx])
    article = Article(source=name, format="text", body=body, comments=section.comments)
    flag_spam(article)
    got = [c for _d, c in article.iter_comments()]
    if section.claimed != g["comments_claimed"]:
        problems.append(f"claimed {section.claimed} != {g['comments_claimed']}")
    if len(got) != len(g["comments"]):
        problems.append(f"{len(got)} comments != {len(g['comments'])}")
    for gc, pc in zip(g["comments"], got):
        if pc.author != gc["author"]:
            problems.append(f"author {pc.author!r} != {gc['author']!r}")
        if pc.published != gc["published"]:
            problems.append(f"time {pc.published!r} != {gc['published']!r} ({gc['author']})")
        if not pc.text.startswith(gc["starts_with"]):
            problems.append(f"text of {gc['author']} starts {pc.text[:30]!r}")
        if pc.spam != gc["spam"]:
            problems.append(f"spam {pc.spam} != {gc['spam']} ({gc['author']}: {pc.spam_reasons})")
    return problems


def score_sfu(corpus: Path) -> tuple[list[tuple[str, int, int, int, int]], int] | None:
    """The SFU threads as a user gets them: ``import`` the articles and both comment folders
    into a fresh library, then ``show --json`` every article (the scoring is the corpus
    test's, ``tests/containers/test_sfu_corpus.py``). Returns per thread file (name, comments,
    shown at their depth, shown on their article, at the depth that file alone gives) and how
    many comments were shown on an article whose threads do not hold them; None without the set."""
    import tempfile

    folder = corpus / "sfu-globe-and-mail-comments"
    if not (folder / "comments").is_dir():
        return None
    repo = Path(__file__).resolve().parents[2]
    if str(repo) not in sys.path:
        sys.path.insert(0, str(repo))
    from tests.containers.test_sfu_corpus import score

    with tempfile.TemporaryDirectory() as tmp:
        results, wrong, _output = score(folder, Path(tmp) / "lib")
    return results, wrong


def bench_thread_view(sizes: tuple[int, ...] = (200, 2000)) -> list[str]:
    """Seconds the thread view takes to show, fold and unfold threads of these sizes (offscreen)."""
    import os
    import random
    import tempfile

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([])
    from reader.gui.widgets.comment_thread import CommentStateStore, CommentThreadView

    rnd = random.Random(1)
    words = ["the", "park", "river", "council", "soil", "yard", "trees", "families", "cost", "debate"]
    out = []
    for n in sizes:
        tops: list[Comment] = []
        for i in range(n):
            c = Comment(f"user{i}", "2012-12-11T10:21", " ".join(rnd.choice(words) for _ in range(rnd.randint(5, 120))))
            (rnd.choice(tops).replies if tops and rnd.random() < 0.4 else tops).append(c)
        with tempfile.TemporaryDirectory() as tmp:
            view = CommentThreadView(state_store=CommentStateStore(Path(tmp) / "state.json"))
            view.resize(700, 600)
            view.show()
            app.processEvents()
            timings = []
            for label, action in (
                ("show", lambda view=view, tops=tops: view.set_article(1, tops, None)),
                ("fold all", view.collapse_all),
                ("unfold all", view.expand_all),
            ):
                t = time.perf_counter()
                action()
                app.processEvents()
                timings.append(f"{label} {time.perf_counter() - t:.2f} s")
            view.close()
            view.deleteLater()
            app.processEvents()
        out.append(f"{n} comments: " + ", ".join(timings))
    return out


def main(argv: list[str]) -> int:
    verbose = "--verbose" in argv
    corpus = SHARED / "corpus"
    d = score_dragnet(corpus)
    print(f"Dragnet files: {len(d.files)}  ({d.seconds:.1f} s)")
    print(f"  split at the right place: {d.split_accuracy:.1%}  (target >= 90%)")
    print(f"  comment-word recall:      {d.recall:.1%}  (target >= 85%)")
    print(f"  comment-word precision:   {d.precision:.1%}")
    print(f"  comment words left in the body (parse_text, mean per file): {d.left_in_body:.3f}")
    print(f"  {NOTHING_FITTED}: the text comment finder is hand rules")
    for name in HALVES:
        h = d.half(name)
        print(f"  {name:5} half ({len(h.files)} files, crc32 of the site): split {h.split_accuracy:.1%}, "
              f"recall {h.recall:.3f}, precision {h.precision:.3f}, left in body {h.left_in_body:.3f}")
    if verbose:
        # Errors are read on the LOOK half only (blind-half protocol, crossval.HALVES).
        for f in d.half("LOOK").files:
            r = f.recovered / f.gold_words if f.gold_words else 1.0
            flag = "" if f.split_ok else "  SPLIT WRONG"
            print(f"    {f.name:28} gold={f.gold} pred={f.predicted} recall={r:.0%}{flag}")
    total, found, examples = false_sections(corpus)
    print(f"Comment-free articles (BBC, PolNeAR): {total}, given a comment section: {found}")
    for e in examples[:10]:
        print("   ", e)
    n, fp, fp_examples = false_positive_rate(corpus)
    print(f"Ground-truth article bodies (Zyte, Fundus): {n}, given a comment section: {fp} ({fp / max(1, n):.1%})")
    for e in fp_examples[: None if verbose else 10]:
        print("   ", e)
    n, bad, cut_examples = article_cuts(corpus)
    print(f"Zyte full-page dumps: {n}, cut inside the article (> {ARTICLE_LOSS:.0%} of it after the cut): {bad}")
    for e in cut_examples[: None if verbose else 10]:
        print("   ", e)
    problems = score_seed(SHARED)
    print("CNN seed:", "exact (6 comments, authors, times, spam flags, claimed 176)" if not problems else problems)
    sfu = score_sfu(corpus)
    if sfu is None:
        print("SFU threads: corpus not present")
    else:
        results, wrong = sfu
        print("SFU threads through import + show (target: >= 95% at their depth, none on a wrong article):")
        for name, n, ok, present, strict in results:
            if ok < 0:
                print(f"    {name}: {n} comments, waiting for their article")
            else:
                print(f"    {name}: {n} comments, at their depth {ok / n:.1%} (this file's own depth "
                      f"{strict / n:.1%}), on their article {present / n:.1%}")
        print(f"    comments on a wrong article: {wrong}")
    if "--gui" in argv:
        print("Thread view (offscreen):")
        for line in bench_thread_view():
            print("   ", line)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
