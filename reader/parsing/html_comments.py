"""Reader comments from the page structure, with their nesting.

trafilatura finds comment *text* but flattens it. Comment systems mark each
comment with a recognisable class or id (WordPress ``li.comment#comment-12``,
Disqus ``.post``, ``.kommentar-item`` ...), and express replies by nesting one
comment element inside another (``ol.children``, ``div.replies``, or plain
``div`` depth). So:

1. candidates: elements whose class or id names a single comment
   (``COMMENT_ITEM_CLASS``, ``COMMENT_ITEM_ID``);
2. a candidate directly wrapped by another candidate with nothing list-like in
   between is the same comment's inner box (``div#div-comment-12`` inside
   ``li#comment-12``), not a reply: it is folded into its wrapper;
3. each remaining item's parent is its nearest item ancestor;
4. author, time and text are read from the item's own part of the tree (its
   subtree minus nested replies), by the class names in ``AUTHOR_CLASS``,
   ``DATE_CLASS`` and ``TEXT_CLASS``.

Everything is iterative: a 10,000-deep thread does not hit the recursion limit.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from copy import deepcopy

from lxml.html import HtmlElement

from reader.model import Comment
from reader.parsing.comment_signatures import beside, signature_in
from reader.parsing.dates import parse_datetime
from reader.parsing.htmltext import visible_text

#: A class token naming one comment (not a list, a form, a count or a part of one).
COMMENT_ITEM_CLASS = re.compile(
    r"^(?:[a-z0-9]+[-_]?)?(?:comment|kommentar|leserbrief|reaction|comentario|commentaire|"
    r"discussion-post|user-comment)"
    r"(?:[-_]?(?:item|entry|card|single|main-level|container|article|wrapper|box|published|default|\d+))?$",
    re.IGNORECASE,
)
COMMENT_ITEM_ID = re.compile(
    r"^(?:li-|div-)?(?:comment|kommentar|reply)[-_]?\d{2,}$|^c\d{6,}$",
    re.IGNORECASE,
)
#: Tokens that look like comment classes but name something else.
NOT_ITEM_TOKEN = re.compile(
    r"(?:list|form|respond|count|link|button|btn|author|meta|avatar|date|time|text|content|body|"
    r"nav|pagination|title|header|footer|reply-title|icon|number|tab|toggle|policy|rules|login|"
    r"feed|widget|section|area|closed|status|share|rss|holder|comments)$",
    re.IGNORECASE,
)
#: Class tokens of containers holding replies (their presence between two comment
#: elements makes the inner one a reply, not a part).
REPLY_CONTAINER = re.compile(
    r"children|replies|reply-?list|answers|sub-?comments|thread|responses|nested|child", re.IGNORECASE
)
AUTHOR_CLASS = re.compile(
    r"(?:^|[-_ ])(?:author|fn|user(?:name)?|nick(?:name)?|name|commenter|poster|by|autor|sender|"
    r"byline)(?:$|[-_ ])",
    re.IGNORECASE,
)
DATE_CLASS = re.compile(r"date|time|published|posted|datum|when|ago", re.IGNORECASE)
TEXT_CLASS = re.compile(
    r"(?:^|[-_ ])(?:content|text|body|message|entry|copy|story|inner|txt)(?:$|[-_ ])", re.IGNORECASE
)
#: Parts of a comment box that are controls, not text.
CONTROL_CLASS = re.compile(
    r"reply|respond|vote|like|share|report|flag|rating|avatar|action|toolbar|button|edit|"
    r"permalink|awaiting", re.IGNORECASE
)
#: Trailing words after a commenter's name ("Jane says:").
SAYS = re.compile(
    r"\s*(?:says|said|wrote|writes|sagt|schreibt|meint|dice|dit|a dit|escribió|schrieb)\s*(?::|\.{2,4}|\u2026)?\s*$",
    re.IGNORECASE,
)
#: Lines in a comment box that are its controls or the form, not what the reader wrote.
COMMENT_FURNITURE = re.compile(
    r"^(?:reply|antworten|répondre|responder|rispondi|report|melden|like|share|permalink|"
    r"leave a (?:reply|comment)|\d+ (?:comments?|kommentare?|replies|antworten|likes?)|"
    r"(?:log|sign) in to (?:reply|comment).*|cancel reply|submit|am|um|on|at|says:?|sagt:?|"
    r"(?:post|add|write|leave) (?:a |your )?(?:comment|reply|response)s?|comments?(?: \(\d+\))?|"
    r"(?:\w+ ){0,2}\w+:|"
    r"your email address will not be published.*|required fields are marked.*)$",
    re.IGNORECASE,
)
SKIP_TAGS = frozenset(("script", "style", "noscript", "form", "button", "textarea", "select", "svg", "iframe"))
BLOCK_TAGS = frozenset(("p", "div", "li", "blockquote", "br", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "tr"))
MIN_TEXT = 2
MAX_ITEMS = 20000


def _tokens(el: HtmlElement) -> list[str]:
    return (el.get("class") or "").split()


def _is_candidate(el: HtmlElement) -> bool:
    if el.tag in SKIP_TAGS or el.tag in ("html", "body", "a", "span", "p", "time"):
        return False
    ident = el.get("id") or ""
    if ident and COMMENT_ITEM_ID.match(ident):
        return True
    for tok in _tokens(el):
        if COMMENT_ITEM_CLASS.match(tok) and not NOT_ITEM_TOKEN.search(tok):
            return True
    return False


def _iter_elements(root: HtmlElement) -> Iterator[HtmlElement]:
    for el in root.iter():
        if isinstance(el.tag, str):
            yield el


_ID_NUMBER = re.compile(r"\d{2,}")


def _item_tokens(el: HtmlElement) -> set[str]:
    return {t for t in _tokens(el) if COMMENT_ITEM_CLASS.match(t) and not NOT_ITEM_TOKEN.search(t)}


def _is_reply(inner: HtmlElement, outer: HtmlElement) -> bool:
    """Whether a comment element directly inside another is a reply, not the same comment's
    inner box: the two are numbered apart (``#comment-433`` holding ``#comment-437``; one
    number, ``#li-comment-12`` holding ``#comment-12``, is one comment), or, unnumbered, the
    inner one is the same kind of element as the outer (``div.comment`` in ``div.comment``),
    where an inner box is another kind (``div.comment-entry`` in ``li.comment``)."""
    a: list[str] = _ID_NUMBER.findall(inner.get("id") or "")
    b: list[str] = _ID_NUMBER.findall(outer.get("id") or "")
    if a and b:
        return a[-1] != b[-1]
    same_tag: bool = inner.tag == outer.tag
    return same_tag and not _item_tokens(inner).isdisjoint(_item_tokens(outer))


def find_comment_items(tree: HtmlElement) -> tuple[list[HtmlElement], dict[HtmlElement, HtmlElement | None]]:
    """Comment elements in document order, and each one's parent comment (or None)."""
    # A comment never holds the page's headline: an element that does is the article.
    headline_holders = {a for h in tree.iter("h1") for a in h.iterancestors()}
    candidates = [el for el in _iter_elements(tree) if _is_candidate(el) and el not in headline_holders]
    if not candidates or len(candidates) > MAX_ITEMS:
        return [], {}
    cand_set = set(candidates)
    items: list[HtmlElement] = []
    parent_of: dict[HtmlElement, HtmlElement | None] = {}
    # Nearest candidate ancestor of each candidate, and whether a list/reply
    # container lies between them.
    item_of: dict[HtmlElement, HtmlElement] = {}  # folded inner box -> its item
    for el in candidates:
        anc = el.getparent()
        between_list = False
        sibling_items = 0
        while anc is not None and anc not in cand_set:
            if anc.tag in ("ul", "ol") or any(REPLY_CONTAINER.search(t) for t in _tokens(anc)):
                between_list = True
            anc = anc.getparent()
        if anc is None:
            items.append(el)
            parent_of[el] = None
            continue
        outer = item_of.get(anc, anc)
        parent = el.getparent()
        if parent is not None:
            sibling_items = sum(1 for s in parent if s is not el and s in cand_set)
        if not between_list and sibling_items == 0 and not _is_reply(el, outer):
            item_of[el] = outer  # the same comment's inner box
            continue
        items.append(el)
        parent_of[el] = outer
    return items, parent_of


def _own_elements(item: HtmlElement, nested: set[HtmlElement]) -> Iterator[HtmlElement]:
    """The item's subtree minus nested comment items and skipped tags."""
    stack = [item]
    while stack:
        el = stack.pop()
        yield el
        for child in reversed(el):
            if not isinstance(child.tag, str):
                continue
            if child in nested or child.tag in SKIP_TAGS:
                continue
            stack.append(child)


def _text_of(root: HtmlElement, nested: set[HtmlElement], exclude: set[HtmlElement]) -> str:
    """Visible text of ``root`` without nested items, excluded parts or controls; paragraphs kept."""
    def skip(child: HtmlElement) -> bool:
        return child in nested or child in exclude or child.tag in SKIP_TAGS or (
            any(CONTROL_CLASS.search(t) for t in _tokens(child)) and len(child.text_content()) < 60
        )

    text = visible_text(root, blocks=BLOCK_TAGS, skip=skip, separator="\n")
    paras = [" ".join(p.split()) for p in re.split(r"\n\s*", text)]
    return "\n\n".join(p for p in paras if p)


def _author_of(own: list[HtmlElement]) -> tuple[str | None, HtmlElement | None]:
    """The commenter's name from an element named like an author inside the comment's box. The
    box itself does not count: its classes often name who wrote it ("comment-author-admin",
    "authored-by-None"), and its text is the whole comment."""
    for el in own[1:]:
        if el.tag in ("time", "img"):
            continue
        toks = " ".join(_tokens(el)) + " " + (el.get("itemprop") or "")
        if el.tag == "cite" or AUTHOR_CLASS.search(toks):
            if "avatar" in toks.lower() or "url" in toks.lower() and not el.text_content().strip():
                continue
            text = " ".join(el.text_content().split())
            text = SAYS.sub("", text).strip(" :-\u2013\u2014,")
            if 1 < len(text) <= 80:
                return text, el
            name, _date, prefixed = _signature_split(text)
            if 1 < len(name) <= (MAX_LINKED_NAME if prefixed else 80):
                return name, el
    return None, None


#: "Comment by" / "Pingback by" opening a WordPress signature ("Pingback by <linking post's
#: title> — November 7, 2012 @ 12:22"): a pingback's "author" is a post title, up to this long.
SIGNATURE_BY = re.compile(r"^(?:comment|pingback|trackback|posted|written|kommentar)\s+(?:by|von)\s+", re.I)
MAX_LINKED_NAME = 120
_MONTH = (
    r"(?:jan|feb|m[aä]r|apr|ma[iy]|jun|jul|aug|sep|o[ck]t|nov|de[cz]|janvier|février|mars|avril|juin|juillet|"
    r"août|septembre|octobre|novembre|décembre)[a-zäé]*\.?"
)
#: Where a signature's date begins after the name: a separator, then a day, year or month.
SIGNATURE_DATE_SEP = re.compile(
    r"(?:\s+(?:[\u2014\u2013|-]|on|at|am|um|le|el)\s+|,\s+|\s+)(?=\d|" + _MONTH + r"(?:\s|$))", re.IGNORECASE
)
#: Words of a printed date and what follows it in a signature ("at", "pm", "Reply").
DATE_WORD = re.compile(
    r"^(?:[\d:./,@-]+(?:st|nd|rd|th|h)?|" + _MONTH + r"|[a-z]{3}day|a\.?m\.?|p\.?m\.?|at|um|à|a las|on|le|"
    r"[A-Z]{2,4}|uhr|reply|antworten|répondre|permalink|up|actions|#)[,.]?$",
    re.IGNORECASE,
)
#: Words after the date that are not part of it (controls such as "Reply"): at most this many.
SIGNATURE_TAIL_WORDS = 1


def _signature_split(text: str) -> tuple[str, str | None, bool]:
    """A signature line's name, date and whether a "Comment by" opened it: "Comment by Mirko
    Lange — 17.07.2011 @ 13:04" -> ("Mirko Lange", "2011-07-17T13:04", True). The name comes
    first; the rest must read as a date (and a control such as "Reply"); the date is None when
    it cannot be read."""
    m = SIGNATURE_BY.match(text)
    rest = text[m.end():] if m else text
    for sep in SIGNATURE_DATE_SEP.finditer(rest):
        name, tail = rest[: sep.start()].strip(" :,"), rest[sep.end():]
        if not name:
            continue
        if sum(1 for w in tail.split() if not DATE_WORD.match(w)) > SIGNATURE_TAIL_WORDS:
            continue
        if len(tail.split()) >= 2:  # a lone number is part of the name ("Agent 007")
            return SAYS.sub("", name).strip(" :,"), parse_datetime(tail), m is not None
    return rest, None, m is not None


def _date_of(own: list[HtmlElement]) -> tuple[str | None, HtmlElement | None]:
    for el in own:
        if el.tag == "time":
            iso = parse_datetime(el.get("datetime") or "") or parse_datetime(el.text_content())
            if iso:
                return iso, el
    for el in own:
        toks = " ".join(_tokens(el))
        if toks and DATE_CLASS.search(toks):
            text = " ".join(el.text_content().split())
            if len(text) <= 120:
                iso = parse_datetime(el.get("title") or "") or parse_datetime(text)
                if iso:
                    return iso, el
    return None, None


def _text_element(own: list[HtmlElement], item: HtmlElement, author_el: HtmlElement | None) -> HtmlElement | None:
    best, best_len = None, 0
    for el in own:
        if el is item:
            continue
        toks = " ".join(_tokens(el)) + " " + (el.get("itemprop") or "")
        if not TEXT_CLASS.search(toks) or AUTHOR_CLASS.search(toks):
            continue
        if author_el is not None and (author_el is el or el in author_el.iterancestors()):
            continue
        length = len(el.text_content())
        if length > best_len:
            best, best_len = el, length
    return best


def _clean_lines(text: str) -> str:
    return "\n\n".join(p for p in text.split("\n\n") if p.strip() and not COMMENT_FURNITURE.match(p.strip()))


def _inside(el: HtmlElement, parts: set[HtmlElement]) -> bool:
    """Whether ``el`` is one of ``parts`` (the author and date elements) or lies inside one."""
    return el in parts or any(a in parts for a in el.iterancestors())


def comment_from_item(item: HtmlElement, nested: set[HtmlElement]) -> Comment | None:
    own = list(_own_elements(item, nested))
    author, author_el = _author_of(own)
    published, date_el = _date_of(own)
    if published is None and author_el is not None:
        published = _signature_split(" ".join(author_el.text_content().split()))[1]
    sig_el = None
    if author is None:  # a signature line in the box's footer ("Posted by: Red | DATE")
        author, signed, sig_el = signature_in(own)
        published = published or signed
    text_el = _text_element(own, item, author_el)
    exclude = {e for e in (author_el, date_el, sig_el) if e is not None}
    whole = _text_of(item, nested, exclude)
    text = _text_of(text_el, nested, exclude) if text_el is not None else ""
    if len(_clean_lines(text)) < 0.3 * len(_clean_lines(whole)):
        # The "text" box was a label or a control; read the comment's paragraphs instead.
        ps = [e for e in own if e.tag == "p" and not _inside(e, exclude)]
        text = "\n\n".join(t for t in (_text_of(p, nested, exclude) for p in ps) if t) if ps else ""
        if len(_clean_lines(text)) < 0.3 * len(_clean_lines(whole)):
            text = whole
    text = _clean_lines(text)
    if author:
        # The author line is sometimes inside the text box.
        lines = text.split("\n\n")
        if lines and SAYS.sub("", lines[0]).strip(" :") == author:
            text = "\n\n".join(lines[1:])
    if len(text.strip()) < MIN_TEXT:
        return None
    return Comment(author=author, published=published, text=text.strip())


#: Headings that announce the thread ("3 thoughts on ...", "12 Comments").
COUNT_HEADING_CLASS = re.compile(r"comments?[-_]?(?:title|count|number|heading|header)|reply-title|responses", re.I)


def claimed_count(tree: HtmlElement) -> int | None:
    """The number of comments the page announces, from the thread's heading."""
    from reader.parsing.comments import comment_count_claimed

    for el in _iter_elements(tree):
        if el.tag in SKIP_TAGS:
            continue
        ident = " ".join(_tokens(el)) + " " + (el.get("id") or "")
        if COUNT_HEADING_CLASS.search(ident):
            text = " ".join(el.text_content().split())
            if len(text) <= 200:
                n = comment_count_claimed(text)
                if n is not None:
                    return n
    return None


#: Tags of a comment's header box whose text and footer follow as its siblings
#: (Blogger's ``<dt class="comment-author">`` then ``<dd class="comment-body">``).
SPLIT_HEADER_TAGS = frozenset(("dt",))
#: Most siblings read as the rest of a split comment.
MAX_SPLIT_PARTS = 6


def _with_split_parts(item: HtmlElement, items: set[HtmlElement]) -> HtmlElement:
    """A comment whose box holds only its header, joined with the parts that follow it.

    Some layouts give a comment no box of its own: the author line is one
    element and the text and time are the next siblings, up to the next
    comment's header. Those siblings are read with it (copied into one box;
    the page is not changed). Any other item is returned as it is.
    """
    if item.tag not in SPLIT_HEADER_TAGS:
        return item
    parts: list[HtmlElement] = []
    for sib in item.itersiblings():
        if not isinstance(sib.tag, str):
            continue
        if sib in items or sib.tag in SPLIT_HEADER_TAGS or len(parts) >= MAX_SPLIT_PARTS:
            break
        parts.append(sib)
    if not parts:
        return item
    box = item.makeelement("div", {})
    for el in (item, *parts):
        copy = deepcopy(el)
        copy.tail = None
        box.append(copy)
    return box


def _sign_from_header_boxes(items: list[HtmlElement], made: dict[HtmlElement, Comment | None]) -> None:
    """A box holding only a comment's signature (``<dt class="comment">`` with the author and
    time) followed by a box holding only its text (``<dd class="comment">``): one comment, the
    text box signed with the header's name and time."""
    for item in items:
        if made[item] is not None:
            continue
        nxt = item.getnext()
        comment = made.get(nxt) if nxt is not None else None
        if comment is None or comment.author:
            continue
        own = list(_own_elements(item, set(items)))
        author, _el = _author_of(own)
        if author:
            comment.author, comment.published = author, comment.published or _date_of(own)[0]


def comments_from_tree(tree: HtmlElement) -> list[Comment]:
    """The page's comment thread, nested, or [] when the page shows none."""
    items, parent_of = find_comment_items(tree)
    if not items:
        return []
    item_set = set(items)
    made: dict[HtmlElement, Comment | None] = {}
    for item in items:
        made[item] = comment_from_item(_with_split_parts(item, item_set), item_set)
    _sign_from_header_boxes(items, made)
    # Unsigned boxes: a signature line standing beside them, on the side the thread uses.
    signed = beside(items, {i for i, c in made.items() if c is not None and c.author is None})
    roots: list[Comment] = []
    for item in items:
        comment = made[item]
        if comment is None:
            continue
        if item in signed:
            comment.author, comment.published = signed[item][0], comment.published or signed[item][1]
        parent = parent_of.get(item)
        # Attach to the nearest ancestor that produced a comment.
        while parent is not None and made.get(parent) is None:
            parent = parent_of.get(parent)
        if parent is None:
            roots.append(comment)
        else:
            made[parent].replies.append(comment)  # type: ignore[union-attr]
    return roots
