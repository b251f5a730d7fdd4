"""Reader comments that no comment markup names: a classifier over the page's text blocks.

The structural finder (``html_comments``) needs a class or id that says
"comment"; many sites' threads have none it knows (``div.entry`` boxes,
``<dl>`` lists, tables). Here every text block of the page (a block element's
own text) is described by named features (``FEATURES``: its length, link
density, position against the main text, whether an ancestor is named like a
comment area or like page furniture, how often its box repeats among its
siblings, signature and timestamp lines, "Reply" and vote markers near it,
how conversational it reads) and a logistic regression over them
(``comment_block_weights.COMMENT_BLOCK_WEIGHTS``, fitted across sites by
``tests/benchmarks/train_comment_blocks.py``) gives the chance that the block
is part of a reader comment. Blocks outside the article's main text that
score above the fitted threshold, forming a section of at least two blocks,
become the thread: one comment per repeated box (or per signature line),
its author and time read from a signature line ("Paula said,", "Doug on
Aug 9, 10:14 AM said:").

A dot product per block: a few milliseconds per page.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field

from lxml.html import HtmlElement

from reader.model import Comment
from reader.parsing.comment_block_weights import COMMENT_BLOCK_THRESHOLD, COMMENT_BLOCK_WEIGHTS
from reader.parsing.dates import parse_datetime
from reader.parsing.html_comments import COMMENT_FURNITURE

#: Elements whose own text is one block.
BLOCK_TAGS = frozenset((
    "p", "div", "li", "td", "th", "dd", "dt", "blockquote", "h1", "h2", "h3", "h4", "h5", "h6",
    "pre", "article", "section", "header", "footer", "aside", "table", "tr", "ul", "ol", "dl",
    "form", "main", "nav", "body", "center", "address", "figure", "figcaption",
))
SKIP_TAGS = frozenset(("script", "style", "noscript", "button", "textarea", "select", "svg", "iframe", "head", "option"))
HEADING_TAGS = frozenset(("h1", "h2", "h3", "h4", "h5", "h6"))
#: Class or id words of a comment area (any language the corpora show).
COMMENT_AREA = re.compile(
    r"comment|kommentar|reply|replies|respon|discuss|disqus|talkback|reaction|leserbrief|remark|"
    r"commentaire|comentario|feedback|guestbook",
    re.IGNORECASE,
)
#: Class or id words of page furniture.
FURNITURE_AREA = re.compile(
    r"nav|menu|footer|sidebar|widget|related|share|social|breadcrumb|promo|advert|banner|"
    r"newsletter|subscribe|trending|popular|masthead|toolbar|cookie",
    re.IGNORECASE,
)
#: Class or id words of the article's own box.
ARTICLE_AREA = re.compile(r"article|entry-content|post-content|story|main-content|post-body|artikel", re.IGNORECASE)
#: Say-words that end a commenter's signature line ("Paula said,", "Jane says:").
SAYS = re.compile(
    r"\b(?:says|said|wrote|writes|sagt|schreibt|meint|dice|dit|escribió|schrieb)\s*[:,.]?\s*$", re.IGNORECASE
)
#: A date or clock time in a line ("November 13, 2012 at 8:26 am", "12.3.2012", "3 hours ago").
TIMESTAMP = re.compile(
    r"\b(?:19|20)\d\d\b|\b\d{1,2}:\d\d\b|\b\d{1,2}[./]\d{1,2}[./]\d{2,4}\b|"
    r"\b\d+\s+(?:seconds?|minutes?|mins?|hours?|hrs?|days?|weeks?|months?|years?)\s+ago\b|"
    r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d{1,2}\b",
    re.IGNORECASE,
)
#: Controls of a comment box.
REPLY_MARKER = re.compile(
    r"^\W*(?:reply|antworten|répondre|responder|report(?: abuse)?|melden|like|permalink|quote|"
    r"flag|edit|reply to this|report this comment)\W*$",
    re.IGNORECASE,
)
VOTES = re.compile(r"\b\d+\s+(?:points?|votes?|likes?|people like this)\b|\b(?:like|dislike)\s*\(\d+\)|^[+-]?\d+$", re.I)
CONVERSATIONAL = re.compile(r"\b(?:i|i'm|i've|my|me|you|your|thanks|thank|great|agree|lol|ich|du|je|vous)\b", re.I)
WORD = re.compile(r"\w+", re.UNICODE)
#: How many ancestors up the repeated-box count looks.
REPEAT_LEVELS = 6
#: Pages with more blocks than this are not searched (a page of 20,000 table cells).
MAX_BLOCKS = 6000
#: A section needs this many blocks and words.
MIN_SECTION_BLOCKS = 2
MIN_SECTION_WORDS = 12
#: A form of at most this many words is a form to fill in (the comment form's labels and
#: notices); larger ones wrap a whole page (ASP.NET pages sit in one <form>).
FORM_WORDS = 250


@dataclass
class Block:
    """One block element's own text, with what the features need."""

    el: HtmlElement
    text: str
    words: int
    link_chars: int
    comment_area: bool
    furniture_area: bool
    article_area: bool
    repeat: int = 0
    box: HtmlElement | None = None
    features: dict[str, float] = field(default_factory=dict)
    in_form: bool = False


def _ident(el: HtmlElement) -> str:
    return f"{el.get('class') or ''} {el.get('id') or ''}"


def _inline_text(el: HtmlElement) -> tuple[str, int]:
    """Text of an inline element's subtree and how much of it is link text."""
    parts: list[str] = []
    links = 0
    for sub in el.iter():
        if not isinstance(sub.tag, str) or sub.tag in SKIP_TAGS:
            continue
        t = sub.text or ""
        parts.append(t)
        if sub.tag == "a" or any(a.tag == "a" for a in sub.iterancestors()) and sub is not el:
            links += len(t)
        if sub is not el and sub.tail:
            parts.append(sub.tail)
    if el.tag == "a":
        links = sum(map(len, parts))
    return "".join(parts), links


def _wraps_blocks(el: HtmlElement) -> bool:
    """An inline element holding block elements (``<span>`` or ``<font>`` round whole
    paragraphs, common in old templates): its blocks are blocks of their own, not one line."""
    return next(el.iterdescendants(*BLOCK_TAGS), None) is not None


def page_blocks(tree: HtmlElement) -> list[Block]:
    """The page's text blocks in document order (iterative walk: deep pages do not recurse)."""
    out: list[Block] = []
    body = tree.find(".//body")
    root = body if body is not None else tree
    stack: list[tuple[HtmlElement, bool, bool, bool, bool]] = [(root, False, False, False, False)]
    while stack:
        el, c_area, f_area, a_area, in_form = stack.pop()
        ident = _ident(el)
        if ident.strip():
            c_area = c_area or bool(COMMENT_AREA.search(ident))
            f_area = f_area or bool(FURNITURE_AREA.search(ident))
            a_area = a_area or bool(ARTICLE_AREA.search(ident))
        if el.tag == "form" and not in_form:
            in_form = len(el.text_content().split()) <= FORM_WORDS
        parts = [el.text or ""]
        links = len(el.text or "") if el.tag == "a" else 0
        children = []
        for child in el:
            if not isinstance(child.tag, str) or child.tag in SKIP_TAGS:
                parts.append(child.tail or "")
                continue
            if child.tag in BLOCK_TAGS or (len(child) and _wraps_blocks(child)):
                children.append(child)
            else:
                text, lk = _inline_text(child)
                parts.append(text)
                links += lk
                parts.append(child.tail or "")
        text = " ".join("".join(parts).split())
        if text:
            out.append(Block(el, text, len(WORD.findall(text)), links, c_area, f_area, a_area, in_form=in_form))
            if len(out) > MAX_BLOCKS:
                return []
        for child in reversed(children):
            stack.append((child, c_area, f_area, a_area, in_form))
    return out


def _signature(el: HtmlElement) -> tuple[str, str]:
    return el.tag, el.get("class") or ""


def _repeat(block: Block) -> None:
    """The block's repeated box: the nearest element (itself or an ancestor) with siblings of
    the same tag and class, and how many there are."""
    el: HtmlElement | None = block.el
    for _ in range(REPEAT_LEVELS):
        if el is None or el.tag in ("body", "html"):
            break
        parent = el.getparent()
        if parent is None:
            break
        sig = _signature(el)
        same = sum(1 for s in parent if isinstance(s.tag, str) and _signature(s) == sig)
        if same >= 2:
            block.repeat, block.box = same, el
            return
        el = parent


def _box_features(blocks: list[Block], sig: list[bool], marker: list[bool]) -> list[tuple[float, float, float]]:
    """Per block: (its box holds several blocks, share of the box's look-alike siblings holding
    a signature line, its box holds a reply/vote marker)."""
    members: dict[HtmlElement, list[int]] = {}
    for i, b in enumerate(blocks):
        if b.box is not None:
            members.setdefault(b.box, []).append(i)
    signed_box = {box: any(sig[i] for i in idx) for box, idx in members.items()}
    marked_box = {box: any(marker[i] for i in idx) for box, idx in members.items()}
    # Keys hold the parent elements themselves: lxml keeps one proxy per node while it is referenced.
    family: dict[tuple[HtmlElement | None, tuple[str, str]], list[bool]] = {}
    for box in members:
        family.setdefault((box.getparent(), _signature(box)), []).append(signed_box[box])
    out = []
    for b in blocks:
        if b.box is None:
            out.append((0.0, 0.0, 0.0))
            continue
        fam = family[(b.box.getparent(), _signature(b.box))]
        multi = len(members[b.box]) >= 2
        out.append((float(multi), sum(fam) / len(fam) if multi else 0.0, float(marked_box[b.box] and multi)))
    return out


def _is_signature(text: str, words: int) -> bool:
    return words <= 16 and (bool(SAYS.search(text)) or bool(TIMESTAMP.search(text)))


def _key(text: str) -> str:
    return " ".join(WORD.findall(text.casefold()))


def describe(blocks: list[Block], body: str) -> None:
    """Fill each block's named features (``FEATURES``) against the article's main text."""
    body_key = _key(body)
    in_body = [bool(b.words) and len(_key(b.text)) >= 12 and _key(b.text) in body_key for b in blocks]
    first = next((i for i, x in enumerate(in_body) if x), len(blocks))
    last = max((i for i, x in enumerate(in_body) if x), default=-1)
    n = max(1, len(blocks))
    sig = [_is_signature(b.text, b.words) for b in blocks]
    marker = [bool(REPLY_MARKER.match(b.text)) or bool(VOTES.search(b.text)) and b.words <= 6 for b in blocks]
    for b in blocks:
        _repeat(b)
    boxes = _box_features(blocks, sig, marker)
    for i, b in enumerate(blocks):
        words = WORD.findall(b.text)
        conv = sum(1 for w in words if CONVERSATIONAL.fullmatch(w)) / max(1, len(words))
        near = range(max(0, i - 2), min(len(blocks), i + 3))
        b.features = {
            "bias": 1.0,
            "log_words": math.log1p(b.words),
            "short": float(b.words <= 3),
            "long": float(b.words >= 40),
            "link_density": min(1.0, b.link_chars / max(1, len(b.text))),
            "position": i / n,
            "in_body": float(in_body[i]),
            "after_body": float(i > last >= 0),
            "before_body": float(i < first),
            "no_body_found": float(last < 0),
            "comment_area": float(b.comment_area),
            "furniture_area": float(b.furniture_area),
            "article_area": float(b.article_area),
            "log_repeat": math.log1p(b.repeat),
            "repeat_ge3": float(b.repeat >= 3),
            "signature": float(sig[i]),
            "says": float(bool(SAYS.search(b.text)) and b.words <= 16),
            "signature_near": float(any(sig[j] for j in near if j != i)),
            "reply_marker_near": float(any(marker[j] for j in near)),
            "is_marker": float(marker[i]),
            "conversational": conv,
            "has_url": float("http" in b.text or "www." in b.text),
            "heading": float(b.el.tag in HEADING_TAGS),
            "list_item": float(b.el.tag in ("li", "dd", "dt")),
            "comment_area_near": float(any(blocks[j].comment_area for j in near if j != i)),
            "box_multi": boxes[i][0],
            "boxes_signed": boxes[i][1],
            "box_marked": boxes[i][2],
            "in_form": float(b.in_form),
        }


#: The named features, in the order the weights file lists them.
FEATURES = (
    "bias", "log_words", "short", "long", "link_density", "position", "in_body", "after_body",
    "before_body", "no_body_found", "comment_area", "furniture_area", "article_area", "log_repeat",
    "repeat_ge3", "signature", "says", "signature_near", "reply_marker_near", "is_marker",
    "conversational", "has_url", "heading", "list_item", "comment_area_near", "box_multi",
    "boxes_signed", "box_marked", "in_form",
)


def probability(features: Mapping[str, float], weights: Mapping[str, float]) -> float:
    z = sum(weights.get(k, 0.0) * v for k, v in features.items())
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


#: "written by NAME" in a signature line: what precedes it is the comment's title.
WRITTEN_BY = re.compile(
    r"(?:^|\s)(?:written|posted|submitted|comment(?:ed)?|geschrieben|verfasst)?\s*(?:by|von|par|por)\s+(?=\S)",
    re.IGNORECASE,
)


def _author_and_time(text: str) -> tuple[str | None, str | None, str]:
    """A signature line's commenter, time and the title written before "by":
    "Doug on Aug 9, 10:14 AM said:" -> ("Doug", ..., ""), "Great news written by Pete, October
    24, 2012" -> ("Pete", "2012-10-24", "Great news")."""
    line = SAYS.sub("", text).strip(" :,-|")
    title = ""
    by = WRITTEN_BY.search(line)
    if by is not None:
        title, line = line[: by.start()].strip(" .:,-|\u2026"), line[by.end():]
    # The time is read after "by": a title before it ("A123 is away ...") is no part of it.
    published = parse_datetime(line if title else text, require_year=False)
    name = re.split(r"\s+(?:on|at|am|um|le|el|-|\u2013|\||@)\s+|,\s*|\s*\|\s*", line, maxsplit=1)[0].strip(" :,")
    if not name or TIMESTAMP.search(name) or len(name.split()) > 5 or len(name) > 60:
        name = ""
    return name or None, published, title if title and name else ""


@dataclass
class Model:
    """Weights and the probability a block needs to count as comment text."""

    weights: Mapping[str, float]
    threshold: float


#: The model the parser uses (the evaluations swap in one fitted without the page's site).
MODEL = Model(COMMENT_BLOCK_WEIGHTS, COMMENT_BLOCK_THRESHOLD)


def _with_box_signatures(blocks: list[Block], decided: list[bool]) -> list[bool]:
    """A signature line ("Paula said,", "written by Eco-Vet, October 29, 2012") in the repeated
    box of a chosen block is that comment's signature: chosen with it, whatever its own score."""
    boxes = {b.box for b, yes in zip(blocks, decided) if yes and b.box is not None}
    return [
        yes or (bool(b.features["signature"]) and (b.box in boxes or _signs_next(blocks, decided, i)))
        for i, (b, yes) in enumerate(zip(blocks, decided))
    ]


def _signs_next(blocks: list[Block], decided: list[bool], i: int) -> bool:
    """A signature line outside any repeated box (a box whose class differs from its
    neighbours', "entry1" among "entry2") right before a chosen comment text: its signature."""
    if blocks[i].box is not None or i + 1 >= len(blocks):
        return False
    after = blocks[i + 1]
    return decided[i + 1] and after.box is None and not after.features["signature"]


def comment_blocks(
    tree: HtmlElement, body: str, model: Model | None = None, blocks: list[Block] | None = None
) -> list[Block]:
    """The blocks outside the main text that the model reads as comment text (``blocks``: the
    page's blocks when the caller has them already)."""
    model = model or MODEL
    blocks = page_blocks(tree) if blocks is None else blocks
    if not blocks:
        return []
    describe(blocks, body)
    outside = [b for b in blocks if not b.features["in_body"]]
    probs = [probability(b.features, model.weights) for b in outside]
    decided = _with_box_signatures(outside, [p >= model.threshold for p in probs])
    chosen = [b for b, yes in zip(outside, decided) if yes]
    if len(chosen) < MIN_SECTION_BLOCKS or sum(b.words for b in chosen) < MIN_SECTION_WORDS:
        return []
    return chosen


def _groups(chosen: list[Block]) -> Iterator[list[Block]]:
    """Consecutive chosen blocks of one comment: same repeated box, or a signature line starts one."""
    group: list[Block] = []
    for b in chosen:
        if group:
            same_box = b.box is not None and b.box is group[0].box
            starts = b.features["signature"] and not group[-1].features["signature"] and b.box is None
            if not same_box and (b.box is not None or group[0].box is not None or starts):
                yield group
                group = []
        group.append(b)
    if group:
        yield group


def _is_furniture(block: Block) -> bool:
    """A heading ("4 Responses"), a control ("Reply") or a form line, not what a reader wrote."""
    return bool(block.features["is_marker"] or block.features["heading"] or COMMENT_FURNITURE.match(block.text))


def comments_from_blocks(
    tree: HtmlElement, body: str, model: Model | None = None, blocks: list[Block] | None = None
) -> list[Comment]:
    """The page's comments by the block classifier (flat), or [] when it finds no section."""
    out: list[Comment] = []
    for group in _groups(comment_blocks(tree, body, model, blocks)):
        author = published = None
        texts = [b.text for b in group if not _is_furniture(b)]
        if len(group) > 1 and group[0].features["signature"]:
            author, published, title = _author_and_time(group[0].text)
            texts = texts[1:] if texts and texts[0] == group[0].text else texts
            texts = [title, *texts] if title else texts
        text = "\n\n".join(texts).strip()
        if text:
            out.append(Comment(author=author, published=published, text=text))
    return out
