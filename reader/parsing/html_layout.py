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
from typing import Any

from lxml import etree
from lxml.etree import _Element

#: trafilatura elements that make a table cell a layout box rather than a data cell.
BLOCK_IN_CELL = frozenset(("p", "head", "list", "quote", "table", "code", "div"))
#: A cell holding this many words is running text, not a data cell.
LAYOUT_CELL_WORDS = 60


def _is_layout_cell(cell: _Element) -> bool:
    return any(ch.tag in BLOCK_IN_CELL for ch in cell) or (
        len(" ".join(cell.itertext()).split()) >= LAYOUT_CELL_WORDS
    )


def main_text(doc: Any) -> str:
    """trafilatura's main text (one line per block), with layout tables opened up."""
    body = getattr(doc, "body", None)
    if body is None or not any(_is_layout_cell(cell) for cell in body.iter("cell")):
        return doc.text or ""
    from trafilatura.xml import xmltotxt

    try:
        return xmltotxt(_open_layout_tables(deepcopy(body)), False) or doc.text or ""
    except RecursionError:  # tables nested thousands deep: keep trafilatura's own rendering
        return doc.text or ""


def _open_layout_tables(body: _Element) -> _Element:
    """Replace each layout table (innermost first) by its cells' contents, in order.

    On such a page the other tables are mostly menus: a row of three or more
    cells of a few words each, with no figures, goes.
    """
    # Tables, and what trafilatura leaves of an outer table: an element holding rows.
    tables = [el for el in body.iter() if el.tag == "table" or any(ch.tag == "row" for ch in el)]
    for table in reversed(tables):
        cells = [c for row in table for c in (row if row.tag == "row" else (row,))]
        parent = table.getparent()
        if parent is None:
            if table is body and any(_is_layout_cell(c) for c in cells):
                _open_in_place(table, cells)
            continue
        if not any(_is_layout_cell(c) for c in cells):
            _drop_menu_rows(table)
            if not len(table):
                parent.remove(table)
            continue
        blocks = _cell_blocks(cells)
        at = parent.index(table)
        tail = table.tail
        parent.remove(table)
        for k, el in enumerate(blocks):
            parent.insert(at + k, el)
        if tail and tail.strip() and blocks:
            blocks[-1].tail = (blocks[-1].tail or "") + tail
    return body


def _cell_blocks(cells: list[_Element]) -> list[_Element]:
    """The cells' contents as blocks, in order; side columns of links left out."""
    blocks = []
    for cell in cells:
        if _is_menu_cell(cell):
            continue
        if not any(ch.tag in BLOCK_IN_CELL for ch in cell):
            # Running text with inline markup and line breaks: one paragraph of it.
            p = etree.Element("p")
            p.text = cell.text
            p.extend(cell)
            blocks.append(p)
            continue
        if cell.text and cell.text.strip():
            p = etree.Element("p")
            p.text = cell.text
            blocks.append(p)
        blocks.extend(cell)
    return blocks


def _open_in_place(root: _Element, cells: list[_Element]) -> None:
    """The main text is itself a table's rows: its children become the cells' blocks."""
    blocks = _cell_blocks(cells)
    for child in list(root):
        root.remove(child)
    root.text = None
    root.extend(blocks)


#: Menus: a row of at least MENU_ROW_CELLS cells, or a column of at least MENU_COLUMN_LINES
#: lines, each label at most MENU_CELL_WORDS words with no figures and no sentence marks.
MENU_ROW_CELLS = 3
MENU_COLUMN_LINES = 2
MENU_CELL_WORDS = 3


def _menu_labels(texts: list[str], least: int) -> bool:
    labels = [" ".join(t.split()) for t in texts]
    labels = [t for t in labels if t]
    return (
        len(labels) >= least
        and all(len(t.split()) <= MENU_CELL_WORDS for t in labels)
        and not any(ch.isdigit() or ch in ".!?" for t in labels for ch in t)
    )


def _is_menu_cell(cell: _Element) -> bool:
    """A side column of links: lines of a few words each."""
    return _menu_labels(list(cell.itertext()), MENU_COLUMN_LINES)


def _drop_menu_rows(table: _Element) -> None:
    for row in list(table):
        if row.tag == "row" and _menu_labels(["".join(c.itertext()) for c in row], MENU_ROW_CELLS):
            table.remove(row)
