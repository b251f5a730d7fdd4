"""Evaluate the HTML and JSON parsers on the shared corpora and print the figures.

    python tests/benchmarks/eval_html.py [zyte] [fundus] [readability] [comments] [sfu] [l3s] [trafmeta] [dragnet] [-v]

With no section named, all run. Targets (issue 2 and 5):
  Zyte HTML body token F1 >= 0.95; Fundus titles exact >= 90 %, author F1 >= 0.90,
  dates right >= 80 %; trafilatura eval subset: >= 80 % of comment snippets land in
  the comments and not in the body; SFU threads reproduced exactly. L3S-GN1 (2008 news
  pages, human block labels; no target in the issues): body F1 against the full-text
  blocks, and how much of the user-comment blocks land in comments rather than the body.
"""

from __future__ import annotations

import html
import json
import re
import sys
import time
from pathlib import Path

import lxml.html

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from crossval import HALVES, half_of, site_of  # noqa: E402
from scoring import leakage, mean, normalise_title, split_dragnet, token_prf  # noqa: E402

from reader.errors import ReaderError  # noqa: E402
from reader.parsing.body_blocks import MODEL as SHIPPED_BODY_MODEL  # noqa: E402
from reader.parsing.comment_blocks import MODEL as SHIPPED_BLOCK_MODEL  # noqa: E402
from reader.parsing.decode import decode_text, normalise_newlines, read_bytes  # noqa: E402
from reader.parsing.html import load_tree, parse_html  # noqa: E402

CORPUS = HERE.parent.parent.parent / "shared" / "corpus"
VERBOSE = "-v" in sys.argv


#: Comment-block models fitted without each page's site ("corpus:key" -> model) while a
#: cross-validated pass runs; None: the shipped model.
BLOCK_MODELS: dict | None = None
#: The same for the body-furniture classifier (``train_body_blocks.cv_models``).
BODY_MODELS: dict | None = None


def use_block_model(corpus: str, key: str) -> None:
    """Parse the next page with the comment-block and body-furniture models fitted without
    its site (CV pass)."""
    from reader.parsing import body_blocks, comment_blocks

    if BLOCK_MODELS is None or BODY_MODELS is None:
        comment_blocks.MODEL = SHIPPED_BLOCK_MODEL
        body_blocks.MODEL = SHIPPED_BODY_MODEL
        return
    comment_blocks.MODEL = BLOCK_MODELS.get(f"{corpus}:{key}") or BLOCK_MODELS["site:" + site_of(corpus, key)]
    body_blocks.MODEL = BODY_MODELS.get(f"{corpus}:{key}") or BODY_MODELS["site:" + site_of(corpus, key)]


def page(path: Path) -> str:
    data, _name = read_bytes(path)
    text, _enc = decode_text(data, path=path)
    return normalise_newlines(text)


def _ws(s: str) -> str:
    return " ".join(s.split())


def eval_zyte(root: Path = CORPUS / "zyte-article-extraction-benchmark", step: int = 1) -> dict:
    gt = json.loads((root / "ground-truth.json").read_text(encoding="utf-8"))
    f1s, ps, rs, failed = [], [], [], 0
    t0 = time.perf_counter()
    files = sorted((root / "html").glob("*.html.gz"))[::step]
    for f in files:
        key = f.name.split(".")[0]
        use_block_model("zyte", key)
        try:
            body = parse_html(page(f), source=str(f)).body
        except ReaderError:
            body, failed = "", failed + 1
        s = token_prf(body, gt[key]["articleBody"])
        f1s.append(s.f1)
        ps.append(s.precision)
        rs.append(s.recall)
        if VERBOSE and s.f1 < 0.8:
            print(f"  zyte {key[:12]} F1 {s.f1:.2f} P {s.precision:.2f} R {s.recall:.2f}")
    return {
        "files": len(files),
        "f1": mean(f1s),
        "precision": mean(ps),
        "recall": mean(rs),
        "failed": failed,
        "seconds": time.perf_counter() - t0,
    }


def _date_right(got: str | None, want: str | None) -> bool:
    if not want:
        return got is None
    return bool(got) and got[:10] == want[:10]


def _author_f1(got: list[str], want: list[str]) -> float:
    g = {a.casefold() for a in got}
    w = {a.casefold() for a in want}
    if not g and not w:
        return 1.0
    common = len(g & w)
    if not common:
        return 0.0
    p, r = common / len(g), common / len(w)
    return 2 * p * r / (p + r)


#: Words of a byline that are not part of a name ("By A and B").
BYLINE_FILLER = frozenset(("by", "von", "par", "and", "und", "et", "written", "posted", "from"))


def byline_f1(got: list[str], want: str) -> float:
    """Word F1 between the names found and the gold byline (filler words left out)."""
    w = " ".join(t for t in re.findall(r"\w+", want.casefold()) if t not in BYLINE_FILLER)
    g = " ".join(t for t in re.findall(r"\w+", " ".join(got).casefold()) if t not in BYLINE_FILLER)
    return token_prf(g, w).f1


def eval_fundus(root: Path = CORPUS / "fundus-parser-testdata-en") -> dict:
    index = json.loads((root / "index.json").read_text(encoding="utf-8"))
    title_exact = title_folded = dates = dates_instant = 0
    author_f1s: list[float] = []
    body_f1s: list[float] = []
    n = 0
    for name, info in sorted(index.items()):
        want = json.loads((root / info["ground_truth"]).read_text(encoding="utf-8"))[info["version_key"]]
        gold_body = fundus_body(want)
        use_block_model("fundus", name)
        try:
            art = parse_html(page(root / name), source=name)
        except ReaderError as exc:
            print(f"  fundus {name}: {exc.reason}")
            n += 1
            body_f1s.append(0.0)
            continue
        n += 1
        body_f1s.append(token_prf(art.body, gold_body).f1)
        t_ok = _ws(art.title) == _ws(want.get("title") or "")
        title_exact += t_ok
        title_folded += normalise_title(art.title) == normalise_title(want.get("title") or "")
        d_ok = _date_right(art.published, want.get("publishing_date"))
        dates += d_ok
        dates_instant += _same_instant(art.published, want.get("publishing_date"))
        if want.get("authors"):
            author_f1s.append(_author_f1(art.authors, want["authors"]))
        if VERBOSE and not (t_ok and d_ok and _author_f1(art.authors, want.get("authors") or []) == 1):
            print(f"  {name}\n    T {art.title!r}\n      {want.get('title')!r}")
            print(f"    A {art.authors} / {want.get('authors')}\n    D {art.published} / {want.get('publishing_date')}")
    return {
        "pages": n,
        "titles_exact": title_exact / n,
        "titles_quote_folded": title_folded / n,
        "author_f1": mean(author_f1s),
        "dates_same_day": dates / n,
        "dates_same_instant": dates_instant / n,
        "body_f1": mean(body_f1s),
    }


def fundus_body(want: dict) -> str:
    """A Fundus ground truth's article text: the summary, then each section's headline and
    paragraphs (the title is not part of the body)."""
    body = want.get("body") or {}
    paras = list(body.get("summary") or [])
    for section in body.get("sections") or []:
        paras += list(section.get("headline") or []) + list(section.get("paragraphs") or [])
    return "\n\n".join(paras)


def _same_instant(got: str | None, want: str | None) -> bool:
    from datetime import datetime

    if not got or not want:
        return False
    try:
        a, b = datetime.fromisoformat(got), datetime.fromisoformat(want)
    except ValueError:
        return False
    if (a.tzinfo is None) != (b.tzinfo is None):
        return a.replace(tzinfo=None) == b.replace(tzinfo=None, microsecond=0)
    return a == b.replace(microsecond=0)


def eval_readability(root: Path = CORPUS / "mozilla-readability-test-pages") -> dict:
    titles = bylines = byline_n = n = refused_ok = refused_bad = not_readerable = flagged = 0
    dates = dates_n = 0
    author_f1s: list[float] = []
    body_f1s: list[float] = []
    for d in sorted(p for p in root.iterdir() if (p / "expected-metadata.json").is_file()):
        meta = json.loads((d / "expected-metadata.json").read_text(encoding="utf-8"))
        readerable = meta.get("readerable", True)
        use_block_model("readability", d.name)
        try:
            art = parse_html(page(d / "source.html.gz"), source=d.name)
        except ReaderError:
            if readerable is False:
                refused_ok += 1
                not_readerable += 1
            else:
                refused_bad += 1
                n += 1
                if VERBOSE:
                    print(f"  readability {d.name}: refused")
            continue
        if readerable is False:
            not_readerable += 1
            flagged += any("may not be an article" in w for w in art.warnings)
            continue
        n += 1
        if (d / "expected.html.gz").is_file():
            # Readability's own extraction of the page: its text is the body gold.
            gold = lxml.html.fromstring(page(d / "expected.html.gz")).text_content()
            body_f1s.append(token_prf(art.body, gold).f1)
            if VERBOSE and body_f1s[-1] < 0.7:
                print(f"  readability {d.name}: body F1 {body_f1s[-1]:.2f}")
        if normalise_title(art.title) == normalise_title(meta.get("title") or ""):
            titles += 1
        elif VERBOSE:
            print(f"  readability {d.name}: T {art.title!r} / {meta.get('title')!r}")
        if meta.get("publishedTime"):
            dates_n += 1
            if _date_right(art.published, meta["publishedTime"]):
                dates += 1
            elif VERBOSE:
                print(f"  readability {d.name}: D {art.published!r} / {meta['publishedTime']!r}")
        if meta.get("byline"):
            byline_n += 1
            author_f1s.append(byline_f1(art.authors, meta["byline"]))
            want = _ws(meta["byline"]).casefold()
            if art.authors and all(a.casefold() in want for a in art.authors):
                bylines += 1
            elif VERBOSE:
                print(f"  readability {d.name}: A {art.authors} / {meta['byline']!r}")
    return {
        "articles": n,
        "body_f1": mean(body_f1s),
        "titles_exact_quote_folded": titles / max(n, 1),
        "bylines_named": bylines / max(byline_n, 1),
        "author_f1": mean(author_f1s),
        "dates_given": dates_n,
        "dates_same_day": dates / max(dates_n, 1),
        "articles_refused": refused_bad,
        "non_articles_refused": f"{refused_ok}/{not_readerable}",
        "non_articles_flagged": f"{flagged}/{not_readerable}",
    }


def eval_comments(root: Path = CORPUS / "trafilatura-eval-subset", step: int = 1) -> dict:
    entries = json.loads((root / "evaldata.json").read_text(encoding="utf-8"))
    total = in_comments = in_body = pages = with_author = threads = present = present_ok = 0
    for _url, e in sorted(entries.items(), key=lambda kv: kv[1]["file"])[::step]:
        f = root / "html" / (e["file"] + ".gz")
        if not f.is_file():
            continue
        pages += 1
        text = page(f)
        # Many saved pages lack their comments (loaded by JavaScript): count those apart.
        visible = _ws(load_tree(text, source=f.name).text_content())
        use_block_model("trafilatura", e["file"])
        try:
            art = parse_html(text, source=f.name)
            body = _ws(art.body)
            ctext = _ws(" ".join(c.text for _d, c in art.iter_comments()))
            with_author += any(c.author for _d, c in art.iter_comments())
            threads += any(d > 0 for d, _c in art.iter_comments())
        except ReaderError:
            body = ctext = ""
        miss = []
        for snip in e.get("comments") or []:
            s = _ws(snip)
            total += 1
            ok = s in ctext and s not in body
            in_comments += ok
            in_body += s in body
            if s in visible:
                present += 1
                present_ok += ok
            if not ok:
                miss.append(s[:50])
        if VERBOSE and miss:
            print(f"  comments {e['file'][:30]}: missed {miss}")
    return {
        "pages": pages,
        "snippets": total,
        "in_comments_not_body": in_comments / max(total, 1),
        "snippets_saved_in_page": present,
        "of_those_in_comments_not_body": present_ok / max(present, 1),
        "leaked_into_body": in_body / max(total, 1),
        "pages_with_comment_authors": with_author,
        "pages_with_nested_replies": threads,
    }


def _l3s_labels(annotated: str) -> dict[str, str]:
    """Text per label of an L3S-GN1 annotated page (x-nc-sel1 headline, 2 full text, 5 comments).

    Labelled spans nest; each piece of text counts once, for its innermost
    labelled span. Text inside ``x-nc-invisible`` elements is left out.
    """
    tree = load_tree(annotated, source="annotated.html")
    out: dict[str, list[str]] = {}
    label_of: dict = {}
    for el in tree.iter():
        if not isinstance(el.tag, str):
            continue
        parent = el.getparent()
        inherited = label_of.get(parent)
        cls = el.get("class") or ""
        m = re.search(r"x-nc-sel(\d)", cls) if el.tag == "span" else None
        label = "invisible" if "x-nc-invisible" in cls else (m.group(1) if m else inherited)
        if inherited == "invisible":
            label = "invisible"
        label_of[el] = label
        if el.tag in ("script", "style"):
            label_of[el] = label = "invisible"
        if el.text and label:
            out.setdefault(label, []).append(el.text)
    for el in tree.iter():
        if isinstance(el.tag, str) and el.tail:
            label = label_of.get(el.getparent())
            if label:
                out.setdefault(label, []).append(el.tail)
    return {k: " ".join(v) for k, v in out.items()}


def l3s_headlines(annotated: str) -> list[str]:
    """Acceptable titles of an L3S-GN1 page: every labelled headline block, and all of them joined."""
    tree = load_tree(annotated, source="annotated.html")
    spans = [_ws(el.text_content()) for el in tree.xpath("//span[contains(@class, 'x-nc-sel1')]")]
    spans = [s for s in spans if s]
    joined = _ws(_l3s_labels(annotated).get("1", ""))
    return list(dict.fromkeys(([joined] if joined else []) + spans))


class SplitScores:
    """Body F1, comment recall/precision and comment leakage over pages with gold for both."""

    def __init__(self) -> None:
        self.f1s: list[float] = []
        self.leaks: list[float] = []
        self.recall: list[float] = []
        self.precision: list[float] = []
        self.found = 0

    def body(self, body: str, gold_body: str) -> float:
        self.f1s.append(token_prf(body, gold_body).f1)
        return self.f1s[-1]

    def comments(self, body: str, ctext: str, gold_body: str, gold_comments: str) -> float:
        """Score one page's comment split; returns its comment-word recall."""
        self.leaks.append(leakage(body, gold_body, gold_comments))
        self.found += bool(ctext)
        prf = token_prf(ctext, gold_comments)
        self.recall.append(prf.recall)
        if ctext:
            self.precision.append(prf.precision)
        return prf.recall

    def figures(self) -> dict:
        return {
            "body_f1": mean(self.f1s),
            "comment_word_recall": mean(self.recall),
            "comment_word_precision": mean(self.precision),
            "comment_leak_into_body": mean(self.leaks),
        }


def eval_l3s(root: Path = CORPUS / "l3s-gn1-news") -> dict:
    """2008 news pages with human block labels: body vs full text, comments vs user-comment blocks."""
    rows = [line.split("\t") for line in (root / "pages.tsv").read_text(encoding="utf-8").splitlines()[1:]]
    scores = SplitScores()
    pages = with_comments = false_sections = refused = titles = titled = titles_any = 0
    for uuid, has_comments, *_ in rows:
        orig = root / "original" / f"{uuid}.html.gz"
        ann = root / "annotated" / f"{uuid}.html.gz"
        if not (orig.is_file() and ann.is_file()):
            continue
        pages += 1
        labels = _l3s_labels(page(ann))
        gold_body, gold_comments = labels.get("2", ""), labels.get("5", "")
        gold_title = _ws(labels.get("1", ""))
        use_block_model("l3s", uuid)
        try:
            art = parse_html(page(orig), source=orig.name)
            body = art.body
            if gold_title:
                titled += 1
                titles += normalise_title(art.title) == normalise_title(gold_title)
                titles_any += any(normalise_title(art.title) == normalise_title(h) for h in l3s_headlines(page(ann)))
                if VERBOSE and normalise_title(art.title) != normalise_title(gold_title):
                    print(f"  l3s {uuid[:8]} T {art.title!r} / {gold_title!r}")
            ctext = " ".join(c.text for _d, c in art.iter_comments())
        except ReaderError:
            body = ctext = ""
            refused += 1
        f1 = scores.body(body, gold_body)
        if has_comments == "yes":
            with_comments += 1
            scores.comments(body, ctext, gold_body, gold_comments)
        else:
            false_sections += bool(ctext)
        if VERBOSE and f1 < 0.7:
            print(f"  l3s {uuid[:8]} body F1 {f1:.2f}")
    return {
        "pages": pages,
        "titles_exact": titles / max(titled, 1),
        "titles_any_headline": titles_any / max(titled, 1),
        "refused": refused,
        "pages_with_comments": with_comments,
        "comment_sections_found": scores.found,
        "false_comment_sections": false_sections,
        **scores.figures(),
    }


def _listish(value) -> list[str]:
    """evaldata.json keeps lists as Python reprs ("['a', 'b']")."""
    import ast

    if isinstance(value, list):
        return [str(v) for v in value]
    try:
        parsed = ast.literal_eval(value) if isinstance(value, str) and value.startswith("[") else value
    except (ValueError, SyntaxError):
        return []
    return [str(v) for v in parsed] if isinstance(parsed, list) else ([parsed] if parsed else [])


def eval_trafilatura_meta(root: Path = CORPUS / "trafilatura-eval-subset") -> dict:
    """Titles, authors, dates and body snippets ("with" must be in the body, "without" not)."""
    entries = json.loads((root / "evaldata.json").read_text(encoding="utf-8"))
    n = titles = authors_n = authors = dates_n = dates = with_n = with_ok = without_n = without_ok = refused = 0
    author_f1s: list[float] = []
    for _url, e in sorted(entries.items(), key=lambda kv: kv[1]["file"]):
        f = root / "html" / (e["file"] + ".gz")
        if not f.is_file():
            continue
        n += 1
        use_block_model("trafilatura", e["file"])
        try:
            art = parse_html(page(f), source=f.name)
        except ReaderError:
            refused += 1
            continue
        body = _ws(art.body)
        if e.get("title"):
            ok = normalise_title(art.title) == normalise_title(e["title"])
            titles += ok
            if VERBOSE and not ok:
                print(f"  traf {e['file'][:12]} T {art.title!r} / {e['title']!r}")
        if e.get("author"):
            authors_n += 1
            author_f1s.append(byline_f1(art.authors, " ".join(_listish(e["author"])) or str(e["author"])))
            want = _ws(e["author"]).casefold()
            ok = bool(art.authors) and all(a.casefold() in want or want in a.casefold() for a in art.authors)
            authors += ok
            if VERBOSE and not ok:
                print(f"  traf {e['file'][:12]} A {art.authors} / {e['author']!r}")
        if e.get("date"):
            dates_n += 1
            dates += _date_right(art.published, e["date"])
        for snip in _listish(e.get("with")):
            with_n += 1
            with_ok += _ws(snip) in body
        for snip in _listish(e.get("without")):
            without_n += 1
            without_ok += _ws(snip) not in body
    titled = sum(1 for e in entries.values() if e.get("title") and (root / "html" / (e["file"] + ".gz")).is_file())
    return {
        "pages": n,
        "refused": refused,
        "titles_exact": titles / max(titled, 1),
        "authors_right": authors / max(authors_n, 1),
        "author_f1": mean(author_f1s),
        "dates_same_day": dates / max(dates_n, 1),
        "body_has_with_snippets": with_ok / max(with_n, 1),
        "body_lacks_without_snippets": without_ok / max(without_n, 1),
    }


def eval_dragnet_html(root: Path = CORPUS / "dragnet-2012-comments") -> dict:
    """The Dragnet pages as HTML: article text vs the gold's part before the comment marker,
    comment text vs the part after it."""
    scores = SplitScores()
    halves = {h: SplitScores() for h in HALVES}
    # The gold's signature lines ("November 13, 2012 at 8:26 am") come back as each comment's
    # time, not its words: recall without them too, as eval_comments.py counts the text dumps.
    unsigned: dict[str, list[float]] = {"all": [], **{h: [] for h in HALVES}}
    pages = refused = 0
    for gold_file in sorted((root / "corrected").glob("*.html.corrected.txt")):
        html_file = root / "html" / gold_file.name.replace(".corrected.txt", ".gz")
        if not html_file.is_file():
            continue
        split = split_dragnet(page(gold_file))
        if split is None:
            continue
        gold_article, gold_comments = split[1], split[2]
        pages += 1
        use_block_model("dragnet", gold_file.name.split(".")[0])
        try:
            art = parse_html(page(html_file), source=html_file.name)
            body = art.body
            # The gold keeps each commenter's name line with the text: count names too.
            ctext = " ".join(f"{c.author or ''} {c.text}" for _d, c in art.iter_comments())
        except ReaderError:
            body = ctext = ""
            refused += 1
        f1 = scores.body(body, gold_article)
        recall = scores.comments(body, ctext, gold_article, gold_comments)
        half = half_of("dragnet", gold_file.name.split(".")[0])
        for group in ("all", half):
            unsigned[group].append(token_prf(ctext, _without_signature_lines(gold_comments)).recall)
        halves[half].body(body, gold_article)
        halves[half].comments(body, ctext, gold_article, gold_comments)
        # Errors are read on the LOOK half only (blind-half protocol, crossval.HALVES).
        if VERBOSE and half == "LOOK" and (f1 < 0.7 or recall < 0.5):
            print(f"  dragnet {gold_file.name[:12]} body F1 {f1:.2f} comment recall {recall:.2f}")
    per_half = {
        f"{half.lower()}_{key}": value
        for half, hs in halves.items()
        for key, value in hs.figures().items()
        if key in ("body_f1", "comment_word_recall", "comment_leak_into_body")
    }
    return {
        "pages": pages,
        "refused": refused,
        "pages_with_comments_found": scores.found,
        **scores.figures(),
        "comment_word_recall_without_signature_lines": mean(unsigned["all"]),
        **per_half,
        **{f"{h.lower()}_recall_without_signature_lines": mean(unsigned[h]) for h in HALVES},
    }


#: A signature line of the Dragnet gold: a date or clock time in a line of at most 12 words.
_SIGNATURE_LINE = re.compile(r"\b(?:19|20)\d\d\b|\d{1,2}:\d\d|\b\d{1,2}/\d{1,2}/\d{2,4}\b")


def _without_signature_lines(text: str) -> str:
    return "\n".join(ln for ln in text.split("\n") if not (_SIGNATURE_LINE.search(ln) and len(re.findall(r"\w+", ln)) <= 12))


def eval_sfu(root: Path = CORPUS / "sfu-globe-and-mail-comments") -> dict:
    from reader.parsing.jsondump import comments_from_json, parse_json

    exact = files = 0
    for f in sorted((root / "comments").glob("*.json")) + sorted((root / "comment_reactions").glob("*.json")):
        files += 1
        raw = json.loads(f.read_text(encoding="utf-8"))
        got = comments_from_json(raw)
        want = _sfu_shape(raw)
        mine = [(d, c.author, _ws(c.text)) for top in got for d, c in top.walk()]
        if mine == want:
            exact += 1
        elif VERBOSE:
            print(f"  sfu {f.name}: {len(mine)} vs {len(want)}")
    articles = ok = 0
    for f in sorted((root / "articles").glob("*.json")):
        articles += 1
        try:
            arts = parse_json(f.read_text(encoding="utf-8"), source=f.name)
            ok += bool(arts and arts[0].title and arts[0].body and arts[0].published)
        except ReaderError:
            pass
    return {"threads_exact": f"{exact}/{files}", "articles_read": f"{ok}/{articles}"}


def _sfu_shape(raw: dict) -> list[tuple[int, str | None, str]]:
    """The reference walk of an SFU thread file, written independently of the parser."""
    (inner,) = raw.values() if len(raw) == 1 else (None,)
    if isinstance(inner, dict) and isinstance(inner.get("comments"), list):
        tops = inner["comments"]
    else:
        tops = list(raw.values())
    out = []
    stack = [(0, c) for c in reversed(tops)]
    while stack:
        d, c = stack.pop()
        author = (c.get("sender") or {}).get("name") if "sender" in c else c.get("author")
        text = html.unescape(re.sub(r"</?[a-zA-Z][^>]*>", " ", c.get("commentText") or c.get("text") or ""))
        out.append((d, author or None, _ws(text)))
        stack.extend((d + 1, r) for r in reversed(c.get("replies") or []))
    return out


SECTIONS = {
    "zyte": eval_zyte,
    "fundus": eval_fundus,
    "readability": eval_readability,
    "comments": eval_comments,
    "sfu": eval_sfu,
    "l3s": eval_l3s,
    "trafmeta": eval_trafilatura_meta,
    "dragnet": eval_dragnet_html,
}


#: Figures that depend on fitted weights: (section, figure) -> the corpus of the fitted
#: model's cross-validation (``train_titles.cv_figures``) whose CV value it is.
FITTED = {
    ("fundus", "titles_exact"): "fundus",
    ("readability", "titles_exact_quote_folded"): "readability",
    ("l3s", "titles_any_headline"): "l3s",
    ("trafmeta", "titles_exact"): "trafilatura",
}


#: Author figures chosen by the fitted author scorer: their CV value comes from
#: ``train_authors.cv_figures`` (each page's authors chosen by weights fitted without its site).
AUTHOR_FITTED = {
    ("fundus", "author_f1"): "fundus",
    ("readability", "author_f1"): "readability",
    ("trafmeta", "author_f1"): "trafilatura",
}


#: Sections whose comment split uses the fitted comment-block classifier: they run a
#: second, cross-validated pass (each page parsed with weights fitted without its site).
BLOCK_FITTED = ("comments", "l3s", "dragnet")
#: Sections whose body passes through the fitted body-furniture classifier: their body figures
#: come from the same kind of cross-validated pass.
BODY_FITTED = ("zyte", "fundus", "readability", "trafmeta", "l3s", "dragnet")
BODY_FIGURES = ("f1", "precision", "recall", "body_f1", "body_has_with_snippets", "body_lacks_without_snippets")


def cv_block_pass(name: str) -> dict:
    """The section's figures with every page parsed by the block model fitted without its site."""
    global BLOCK_MODELS, BODY_MODELS
    import train_body_blocks
    import train_comment_blocks

    BLOCK_MODELS = train_comment_blocks.cv_models()
    BODY_MODELS = train_body_blocks.cv_models()
    try:
        return SECTIONS[name]()
    finally:
        BLOCK_MODELS = BODY_MODELS = None
        use_block_model("", "")


def cv_lines(name: str, result: dict, cv_result: dict | None = None) -> list[str]:
    """Full vs CV-by-site lines for a section's accuracy figures (crossval.figure)."""
    from crossval import figure

    lines = []
    for key, value in result.items():
        if not isinstance(value, float) or key == "seconds":
            continue
        cv_ok = name in BLOCK_FITTED or key in BODY_FIGURES
        if cv_result is not None and cv_ok and isinstance(cv_result.get(key), float) and not key.startswith("titles"):
            lines.append(figure(key, value, cv_result[key]))
            continue
        if (name, key) in AUTHOR_FITTED:
            import train_authors

            lines.append(figure(key, value, train_authors.cv_figures().get(AUTHOR_FITTED[(name, key)])))
            continue
        if (name, key) in (("readability", "bylines_named"), ("trafmeta", "authors_right")):
            lines.append(f"   {key:34s} full {value:.3f} | uses the fitted author scorer (CV on the author_f1 line)")
            continue
        corpus = FITTED.get((name, key))
        if corpus is not None:
            import train_titles

            lines.append(figure(key, value, train_titles.cv_figures().get(corpus)))
        elif key.startswith("titles"):
            # Same scorer, other comparison: its CV is the title figure printed with one.
            lines.append(f"   {key:34s} full {value:.3f} | uses the fitted title scorer (CV on the title line above/below)")
        else:
            lines.append(figure(key, value))
    return lines


def main() -> None:
    names = [a for a in sys.argv[1:] if a in SECTIONS] or list(SECTIONS)
    for name in names:
        t0 = time.perf_counter()
        result = SECTIONS[name]()
        figures = ", ".join(f"{k} {v:.3f}" if isinstance(v, float) else f"{k} {v}" for k, v in result.items())
        print(f"{name}: {figures}  [{time.perf_counter() - t0:.1f} s]", flush=True)
        fitted = name in BLOCK_FITTED or name in BODY_FITTED
        cv_result = cv_block_pass(name) if fitted and "--no-cv" not in sys.argv else None
        for line in cv_lines(name, result, cv_result):
            print(line, flush=True)


if __name__ == "__main__":
    main()
