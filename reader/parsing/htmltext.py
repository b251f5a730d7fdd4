"""Visible text of an lxml element tree, walked without recursion.

Saved pages and JSON dumps can nest markup thousands of levels deep (a reply
thread rendered as nested ``<div>``s), so the walk keeps its own stack instead
of recursing. Callers choose which tags break paragraphs and which subtrees to
leave out; a left-out element still contributes the text that follows it.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from lxml.html import HtmlElement


def visible_text(
    root: HtmlElement,
    *,
    blocks: Collection[str],
    skip: Callable[[HtmlElement], bool] | None = None,
    separator: str = "\n\n",
) -> str:
    """Text of ``root``'s subtree in document order, ``separator`` around block elements.

    Comments and processing instructions, and elements for which ``skip`` is
    true, contribute only their tail text.
    """
    parts: list[str] = []
    # Frames: (element, closing) or (literal tail text, None).
    stack: list[tuple[Any, bool | None]] = [(root, False)]
    while stack:
        el, closing = stack.pop()
        if closing is None:
            parts.append(el)
            continue
        if closing:
            if el.tag in blocks:
                parts.append(separator)
            if el is not root and el.tail:
                parts.append(el.tail)
            continue
        if el.tag in blocks:
            parts.append(separator)
        if el.text:
            parts.append(el.text)
        stack.append((el, True))
        for child in reversed(el):
            if not isinstance(child.tag, str) or (skip is not None and skip(child)):
                if child.tail:
                    stack.append((child.tail, None))
                continue
            stack.append((child, False))
    return "".join(parts)
