"""trafilatura's main text for pages laid out in tables (common before CSS).

trafilatura renders a table cell by cell on one line, which suits data tables
but turns a page laid out in a table into one endless paragraph, running the
article, its menus and its comment thread together. Here a table whose cells
hold paragraphs or headings is a layout table: its cells' contents become
ordinary blocks, and on such a page the menus (rows of short link labels, side
columns of links) are left out.
"""

from __future__ import annotations

from copy import deepcopy

from lxml import etree

#: trafilatura elements that make a table cell a layout box rather than a data cell.
BLOCK_IN_CELL = frozenset(("p", "head", "list", "quote", "table", "code", "div"))


def main_text(doc) -> str:
    """trafilatura's main text (one line per block), with layout tables opened up."""
    body = getattr(doc, "body", None)
    if body is None or not any(
        child.tag in BLOCK_IN_CELL for cell in body.iter("cell") for child in cell
    ):
        return doc.text or ""
    from trafilatura.xml import xmltotxt

    try:
        return xmltotxt(_open_layout_tables(deepcopy(body)), False) or doc.text or ""
    except RecursionError:  # tables nested thousands deep: keep trafilatura's own rendering
        return doc.text or ""


def _open_layout_tables(body):
    """Replace each layout table (innermost first) by its cells' contents, in order.

    On such a page the other tables are mostly menus: a row of three or more
    cells of a few words each, with no figures, goes.
    """
    for table in reversed(list(body.iter("table"))):
        cells = [c for row in table for c in (row if row.tag == "row" else (row,))]
        parent = table.getparent()
        if parent is None:
            continue
        if not any(ch.tag in BLOCK_IN_CELL for c in cells for ch in c):
            _drop_menu_rows(table)
            if not len(table):
                parent.remove(table)
            continue
        blocks = []
        for cell in cells:
            if _is_menu_cell(cell):
                continue
            if cell.text and cell.text.strip():
                p = etree.Element("p")
                p.text = cell.text
                blocks.append(p)
            blocks.extend(cell)
        at = parent.index(table)
        tail = table.tail
        parent.remove(table)
        for k, el in enumerate(blocks):
            parent.insert(at + k, el)
        if tail and tail.strip() and blocks:
            blocks[-1].tail = (blocks[-1].tail or "") + tail
    return body


#: A menu row: at least this many cells, each of at most MENU_CELL_WORDS words.
MENU_ROW_CELLS = 3
MENU_CELL_WORDS = 3


def _is_menu_cell(cell) -> bool:
    """A side column of links: two or more lines of a few words each, no figures."""
    lines = [" ".join(t.split()) for t in cell.itertext()]
    lines = [ln for ln in lines if ln]
    return (
        len(lines) >= 2
        and all(len(ln.split()) <= MENU_CELL_WORDS for ln in lines)
        and not any(ch.isdigit() or ch in ".!?" for ln in lines for ch in ln)
    )


def _drop_menu_rows(table) -> None:
    for row in list(table):
        texts = [" ".join("".join(c.itertext()).split()) for c in row] if row.tag == "row" else []
        words = [t.split() for t in texts if t]
        if (
            len(words) >= MENU_ROW_CELLS
            and all(len(w) <= MENU_CELL_WORDS for w in words)
            and not any(ch.isdigit() for t in texts for ch in t)
        ):
            table.remove(row)
