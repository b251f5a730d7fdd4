"""The comment splitter (``reader.parsing.comments``) behind one small interface.

An error inside the splitter costs the comments (with a warning), never the
article: the cue tables still find where the section starts and the count it
claims, so the body stays clean.
"""

from __future__ import annotations

import re

from reader.model import Article, Comment
from reader.parsing import comments as splitter
from reader.parsing import cues
from reader.parsing.text_lines import norm_line


class CommentReader:
    """``reader.parsing.comments`` for one text dump, with its splits cached.

    After the first error in the splitter this reader stops asking it and
    falls back to the cue tables (``COMMENT_HEADER``, the claimed-count
    patterns) for the rest of the file.
    """

    def __init__(self, raw_lines: list[str], article: Article) -> None:
        self.raw_lines = raw_lines
        self.article = article
        self._sections: dict[int, list[Comment] | None] = {}
        self._broken = False

    def _failed(self, what: str, exc: Exception) -> None:
        msg = f"comment section not read ({what}: {type(exc).__name__})"
        if msg not in self.article.warnings:
            self.article.warnings.append(msg)
        self._broken = True

    def locate(self, lines: list[str]) -> int | None:
        if not self._broken:
            try:
                return splitter.locate_comments(lines)
            except Exception as exc:  # noqa: BLE001 - a bug there must not lose the article
                self._failed("locating", exc)
        return _fallback_locate_comments(lines)

    def comments(self, start: int, *, reference: str | None = None) -> list[Comment] | None:
        """The comments from line ``start`` on; None when they cannot be split.

        ``reference`` (the article's date) dates comments printed without a
        year; it is known only once the header is read, so a split made
        before is redone with it when the thread has undated comments.
        """
        if start in self._sections:
            cached = self._sections[start]
            if reference is None or not cached or all(c.published for c in cached):
                return cached
            del self._sections[start]
        found: list[Comment] | None = None
        if not self._broken:
            try:
                section = splitter.comments_from_text(self.raw_lines[start:], reference=reference)
                found = list(section.comments)
                if section.claimed is not None and self.article.comments_claimed is None:
                    self.article.comments_claimed = section.claimed
            except Exception as exc:  # noqa: BLE001
                self._failed("splitting", exc)
        self._sections[start] = found
        return found

    def claimed(self, text: str) -> int | None:
        if not self._broken:
            try:
                return splitter.comment_count_claimed(text)
            except Exception as exc:  # noqa: BLE001
                self._failed("counting", exc)
        return _fallback_claimed(text)


COMMENT_HEADER = re.compile("|".join(f"(?:{p.pattern})" for p in cues.COMMENT_SECTION_START), re.IGNORECASE)


def _fallback_locate_comments(lines: list[str]) -> int | None:
    for i, raw in enumerate(lines):
        line = norm_line(raw)
        if line and len(line) <= 120 and COMMENT_HEADER.match(line):
            return i
    return None


def _fallback_claimed(text: str) -> int | None:
    for raw in text.split("\n"):
        line = norm_line(raw)
        if len(line) > 80:
            continue
        for pat in cues.COMMENT_COUNT_PATTERNS:
            m = pat.match(line)
            if m:
                return int(m.group("n").replace(",", ""))
    return None
