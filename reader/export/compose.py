"""Article -> the HTML a printed page is set from (title, metadata, body, appendix, comments).

Kept Qt-free so what goes on paper can be tested as text; ``reader.export.layout``
feeds it to QTextDocument. All article text goes through ``reader.render``'s
escaping, so nothing in an article becomes live markup, and only http(s) URLs
become links (a ``javascript:`` URL in a saved page stays text).

QTextDocument understands a subset of CSS: sizes in px (the layout runs at
96 dpi, so 1px = 1/96 inch), margins, colours, fonts, ``line-height`` in %,
``page-break-before``. It ignores ``pt`` margins and borders on blocks, so
indentation is margins and rules are ``<hr>``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from reader.export.highlights import (
    HighlightLike,
    comment_highlights,
    highlighted_body_html,
    highlighted_paragraphs,
    note_numbers,
    notes_html,
)
from reader.model import Article, Comment, Quote
from reader.render import QUOTE_BG, body_html, escape, format_datetime

#: Colours and sizes of the printed page (96-dpi px). Screen and print share QUOTE_BG.
INK = "#1a1a1a"
MUTED = "#5f6368"
SPAM_INK = "#8a8a8a"
RULE = "#c8c8c8"
BODY_PX = 14.5  # ~10.9 pt: DejaVu Serif is wide, so a touch under 11 pt
COMMENT_INDENT_PX = 18
MAX_COMMENT_INDENT_DEPTH = 8  # deeper replies stay at this indent (with a depth mark)
#: QTextBlock.userState() of lines the page layout must keep with the next block.
KEEP_WITH_NEXT_STATE = 1
SAFE_LINK_SCHEMES = ("http://", "https://")

STYLESHEET = """
body {{ font-family: {serif}; font-size: {body_px}px; color: {ink}; }}
p {{ margin-top: 0px; margin-bottom: 9px; line-height: 140%; }}
h1 {{ font-family: {serif}; font-size: 27px; font-weight: bold; margin-top: 0px; margin-bottom: 10px; line-height: 118%; }}
h2 {{ font-family: {sans}; font-size: 16px; font-weight: bold; margin-top: 22px; margin-bottom: 8px; color: {ink}; }}
table.meta {{ font-family: {sans}; font-size: 11.5px; color: {muted}; margin-bottom: 4px; }}
td.label {{ color: {muted}; font-weight: bold; padding-right: 10px; }}
td.value {{ color: {ink}; }}
a {{ color: #1f4e8c; text-decoration: none; }}
span.quote {{ background-color: {quote_bg}; }}
span.unattributed {{ background-color: {quote_bg}; }}
p.aq {{ margin-bottom: 6px; line-height: 135%; }}
span.aqnum {{ font-family: {sans}; color: {muted}; font-size: 11.5px; }}
span.speaker {{ font-family: {sans}; font-size: 12px; color: {ink}; }}
span.nospeaker {{ font-family: {sans}; font-size: 12px; color: {muted}; font-style: italic; }}
p.note {{ font-family: {sans}; font-size: 11.5px; color: {muted}; margin-bottom: 10px; }}
p.cmeta {{ font-family: {sans}; font-size: 11.5px; color: {muted}; margin-top: 9px; margin-bottom: 3px; }}
span.cauthor {{ color: {ink}; font-weight: bold; }}
span.spamtag {{ color: #a33a3a; font-weight: bold; }}
p.ctext {{ font-size: 13.5px; margin-bottom: 4px; line-height: 135%; }}
p.spam {{ color: {spam}; }}
h1.toc {{ margin-bottom: 16px; }}
td.tocnum {{ font-family: {sans}; color: {muted}; font-size: 12px; padding-right: 8px; }}
td.toctitle {{ padding-bottom: 7px; }}
td.tocpage {{ font-family: {sans}; font-size: 12px; padding-left: 12px; }}
span.tocmeta {{ font-family: {sans}; font-size: 11px; color: {muted}; }}
"""


@dataclass(frozen=True)
class ExportOptions:
    """How to export: what goes into the document besides the title, metadata and body, and the paper.

    One object for every way out: the PDF export (``reader.export.pdf.export_pdf`` and
    ``export_each``), the comparison export (``page_size`` only: a comparison always shows its
    passages and quotes) and printing (the printer's own paper instead of ``page_size``).
    """

    comments: bool = False
    include_spam: bool = False  # keep comments marked as spam (with ``comments``)
    quotes: bool = True  # highlight quotes in the body
    quote_appendix: bool = True  # list the quotes and their speakers at the end
    page_size: str | None = None  # "a4", "letter", or None for the locale's (Letter in the US, else A4)


def stylesheet(serif: str, sans: str) -> str:
    """The document stylesheet with the font families found on this system."""
    return STYLESHEET.format(
        serif=serif,
        sans=sans,
        body_px=BODY_PX,
        ink=INK,
        muted=MUTED,
        spam=SPAM_INK,
        quote_bg=QUOTE_BG,
    )


def display_title(article: Article) -> str:
    return article.title.strip() or "Untitled article"


def _link(url: str) -> str:
    shown = escape(url)
    if url.lower().startswith(SAFE_LINK_SCHEMES) and not re.search(r"\s", url):
        return f'<a href="{shown}">{shown}</a>'
    return shown


_ANCHOR = re.compile(r'<a name="[^"]*"></a>')


def print_body_html(article: Article, *, quotes: bool) -> str:
    """The on-screen body HTML without its scroll anchors.

    Paper has nowhere to scroll to, and QTextDocument gives an empty anchor
    to the next character, which splits the first word of every quote into
    its own text run (some extractors then read "t he").
    """
    return _ANCHOR.sub("", body_html(article, quotes=quotes))


def source_file_name(source: str | None) -> str:
    """The file's name only: a shared PDF must not print the user's folders
    ("/home/jane/Saved/x.html" -> "x.html"; Windows paths too)."""
    return re.split(r"[\\/]", source.rstrip("/\\"))[-1] if source else ""


def metadata_rows(article: Article, source_path: str | None) -> list[tuple[str, str]]:
    """(label, HTML value) rows of the metadata block, in reading order; empty fields left out."""
    rows: list[tuple[str, str]] = []
    if article.site:
        rows.append(("Site", escape(article.site)))
    if article.authors:
        rows.append(("By" if len(article.authors) == 1 else "Authors", escape(", ".join(article.authors))))
    if article.published:
        rows.append(("Published", escape(format_datetime(article.published))))
    if article.tags:
        rows.append(("Tags", escape(", ".join(article.tags))))
    source = source_file_name(source_path if source_path is not None else article.source)
    if source:
        rows.append(("Source file", escape(source)))
    if article.url:
        rows.append(("URL", _link(article.url)))
    return rows


def _text_paragraphs(text: str, cls: str) -> str:
    paras = [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]
    return "".join(f'<p class="{cls}">{escape(p).replace(chr(10), "<br>")}</p>' for p in paras)


def quote_appendix_html(quotes: Sequence[Quote]) -> str:
    """The numbered list of quotes with their speakers, in body order."""
    if not quotes:
        return ""
    out = ['<h2>Quotes</h2>']
    for n, q in enumerate(sorted(quotes, key=lambda q: (q.start, q.end)), 1):
        if q.speaker:
            who = escape(q.speaker) + (f", {escape(q.role)}" if q.role else "")
            attribution = f'<span class="speaker">— {who}</span>'
        else:
            attribution = '<span class="nospeaker">— no speaker</span>'
        text = escape(" ".join(q.text.split()))
        out.append(f'<p class="aq"><span class="aqnum">{n}.</span>&nbsp;“{text}” {attribution}</p>')
    return "".join(out)


def visible_comments(article: Article, include_spam: bool) -> list[tuple[int, Comment]]:
    """(depth, comment) in thread order; spam left out unless asked for (replies to it stay)."""
    return [(d, c) for d, c in article.iter_comments() if include_spam or not c.spam]


def comments_html(article: Article, include_spam: bool,
                  annotations: Sequence[HighlightLike] = ()) -> str:
    texts = [c.text for _d, c in article.iter_comments()]
    marks = comment_highlights(annotations, texts) if annotations else {}
    numbers = note_numbers(article, annotations) if marks else {}
    index = {id(c): i for i, (_d, c) in enumerate(article.iter_comments())}
    shown = visible_comments(article, include_spam)
    total = article.comment_count()
    spam_hidden = total - len(shown)
    out = ["<h2>Comments</h2>"]
    notes: list[str] = []
    count = f"{len(shown)} comment{'s' if len(shown) != 1 else ''}"
    if article.comments_claimed and article.comments_claimed > total:
        count += f" (the page claimed {article.comments_claimed}; {total} were saved)"
    notes.append(count)
    if spam_hidden:
        notes.append(f"{spam_hidden} marked as spam left out")
    out.append(f'<p class="note">{escape("; ".join(notes))}.</p>')
    for depth, c in shown:
        indent = min(depth, MAX_COMMENT_INDENT_DEPTH) * COMMENT_INDENT_PX
        style = f' style="margin-left: {indent}px;"' if indent else ""
        # The block state marks the author line for the page layout, which keeps it with the comment.
        margin = f" margin-left: {indent}px;" if indent else ""
        meta_style = f' style="-qt-user-state: {KEEP_WITH_NEXT_STATE};{margin}"'
        meta = [f'<span class="cauthor">{escape(c.author or "Anonymous")}</span>']
        if c.published:
            meta.append(escape(format_datetime(c.published)))
        if depth > MAX_COMMENT_INDENT_DEPTH:
            meta.append(f"reply level {depth}")
        if c.spam:
            meta.append('<span class="spamtag">spam</span>')
        out.append(f'<p class="cmeta"{meta_style}>{" · ".join(meta)}</p>')
        cls = "ctext spam" if c.spam else "ctext"
        mine = marks.get(index[id(c)], [])
        if mine:
            body = highlighted_paragraphs(c.text, mine, cls, numbers, extra=style)
        else:
            body = _text_paragraphs(c.text, cls) or f'<p class="{cls}">&nbsp;</p>'
            if indent:
                body = body.replace(f'<p class="{cls}">', f'<p class="{cls}"{style}>')
        out.append(body)
    return "".join(out)


def article_html(article: Article, options: ExportOptions, *, source_path: str | None = None,
                 annotations: Sequence[HighlightLike] = ()) -> str:
    """One article as a complete HTML fragment for QTextDocument; ``annotations`` (the
    reader's highlights) are drawn in their colours, their notes numbered at the end."""
    parts = [f"<h1>{escape(display_title(article))}</h1>"]
    rows = metadata_rows(article, source_path)
    if rows:
        cells = "".join(
            f'<tr><td class="label">{label}</td><td class="value">{value}</td></tr>' for label, value in rows
        )
        parts.append(f'<table class="meta" cellspacing="0" cellpadding="1">{cells}</table>')
    parts.append(f'<hr style="background-color: {RULE}; margin-top: 8px; margin-bottom: 14px;">')
    if annotations:
        parts.append(highlighted_body_html(article, annotations, quotes=options.quotes))
    else:
        parts.append(print_body_html(article, quotes=options.quotes))
    if annotations:
        parts.append(notes_html(article, annotations))
    if options.quote_appendix and article.quotes:
        parts.append(quote_appendix_html(article.quotes))
    if options.comments and article.comments:
        parts.append(comments_html(article, options.include_spam, annotations))
    return "".join(parts)


@dataclass(frozen=True)
class TocEntry:
    title: str
    meta: str  # "site · date"
    page: int


def toc_html(entries: Iterable[TocEntry], *, first: int = 1, heading: bool = True) -> str:
    """The contents (or one page of it): numbered titles with site/date and the page they start on."""
    rows = []
    for n, e in enumerate(entries, first):
        meta = f'<br><span class="tocmeta">{escape(e.meta)}</span>' if e.meta else ""
        rows.append(
            f'<tr><td class="tocnum" valign="top">{n}.</td>'
            f'<td class="toctitle" width="100%">{escape(e.title)}{meta}</td>'
            f'<td class="tocpage" align="right" valign="top">{e.page}</td></tr>'
        )
    title = '<h1 class="toc">Contents</h1>' if heading else ""
    return f'{title}<table class="toc" width="100%" cellspacing="0" cellpadding="0">{"".join(rows)}</table>'


def toc_meta(article: Article) -> str:
    bits = [b for b in (article.site, format_datetime(article.published)) if b]
    return " · ".join(bits)
