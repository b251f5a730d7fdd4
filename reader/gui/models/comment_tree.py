"""A tree model over one article's comment thread.

The model owns what the thread view shows: which comments are visible
(spam is folded away unless asked for, never deleted: the real replies of a
hidden spam comment move up to take its place), which comments are folded
to one line ("Smokey — 3 hidden replies"), and the stable path of each
comment in the article's thread ("0/2/1") under which the view remembers
its folds per article.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt

from reader.model import Comment
from reader.render import format_datetime

CommentRole = Qt.ItemDataRole.UserRole + 1
DepthRole = Qt.ItemDataRole.UserRole + 2
FoldedRole = Qt.ItemDataRole.UserRole + 3
HiddenRepliesRole = Qt.ItemDataRole.UserRole + 4
PathRole = Qt.ItemDataRole.UserRole + 5
HeaderRole = Qt.ItemDataRole.UserRole + 6
SpamRole = Qt.ItemDataRole.UserRole + 7

_Index = QModelIndex | QPersistentModelIndex


@dataclass(eq=False)
class _Node:
    comment: Comment | None
    parent: _Node | None
    path: str = ""
    row: int = 0
    depth: int = -1
    children: list[_Node] = field(default_factory=list)
    folded: bool = False
    header: str = ""  # "Author · 2012-12-11 10:21", computed once

    def descendants(self) -> int:
        n = 0
        stack = list(self.children)
        while stack:
            node = stack.pop()
            n += 1
            stack.extend(node.children)
        return n


def hidden_replies_text(n: int) -> str:
    return f"{n} hidden repl{'y' if n == 1 else 'ies'}"


class CommentTreeModel(QAbstractItemModel):
    """Comments as a tree: one column, replies as children."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._root = _Node(comment=None, parent=None)
        self._comments: list[Comment] = []
        self._show_spam = False
        self._spam_hidden = 0
        self._spam_total = 0
        self._by_path: dict[str, _Node] = {}

    # --- content -----------------------------------------------------------

    def set_comments(self, comments: list[Comment], *, show_spam: bool | None = None) -> None:
        """Show a new thread (folds are cleared; the view restores them)."""
        self.beginResetModel()
        self._comments = list(comments)
        if show_spam is not None:
            self._show_spam = show_spam
        self._rebuild()
        self.endResetModel()

    def set_show_spam(self, show: bool) -> None:
        if show == self._show_spam:
            return
        folded = self.folded_paths()
        self.beginResetModel()
        self._show_spam = show
        self._rebuild()
        for path in folded:
            node = self._by_path.get(path)
            if node is not None:
                node.folded = True
        self.endResetModel()

    @property
    def show_spam(self) -> bool:
        return self._show_spam

    @property
    def spam_total(self) -> int:
        """Spam comments in the thread, shown or not."""
        return self._spam_total

    @property
    def spam_hidden(self) -> int:
        return self._spam_hidden

    def comment_total(self) -> int:
        return sum(1 for top in self._comments for _ in top.walk())

    def _rebuild(self) -> None:
        self._root = _Node(comment=None, parent=None)
        self._by_path = {}
        self._spam_hidden = 0
        self._spam_total = 0
        # Depth first with an explicit stack, so a 10,000-level thread cannot recurse too deep.
        stack: list[tuple[Comment, _Node, str]] = [
            (c, self._root, str(i)) for i, c in reversed(list(enumerate(self._comments)))
        ]
        while stack:
            c, parent_node, path = stack.pop()
            if c.spam:
                self._spam_total += 1
            if c.spam and not self._show_spam:
                self._spam_hidden += 1
                # its replies take its place, so no real comment is hidden with it
                stack.extend((r, parent_node, f"{path}/{j}") for j, r in reversed(list(enumerate(c.replies))))
                continue
            node = _Node(
                comment=c,
                parent=parent_node,
                path=path,
                row=len(parent_node.children),
                depth=parent_node.depth + 1,
            )
            node.header = self.header_text(node)
            parent_node.children.append(node)
            self._by_path[path] = node
            stack.extend((r, node, f"{path}/{j}") for j, r in reversed(list(enumerate(c.replies))))

    # --- folds and paths -----------------------------------------------------

    def node(self, index: _Index) -> _Node:
        if index.isValid():
            node = index.internalPointer()
            if isinstance(node, _Node):
                return node
        return self._root

    def set_folded(self, index: _Index, folded: bool) -> None:
        node = self.node(index)
        if node is self._root or node.folded == folded:
            return
        node.folded = folded
        idx = self.index(node.row, 0, self._index_of(node.parent))
        self.dataChanged.emit(idx, idx, [Qt.ItemDataRole.DisplayRole, FoldedRole])

    def set_folded_many(self, indexes: list[QModelIndex], folded: bool) -> None:
        """Fold or unfold many comments with one layout change (one per comment is slow)."""
        nodes = [n for n in (self.node(i) for i in indexes) if n is not self._root and n.folded != folded]
        if not nodes:
            return
        self.layoutAboutToBeChanged.emit()
        for node in nodes:
            node.folded = folded
        self.layoutChanged.emit()

    def unfold_all(self) -> None:
        self.set_folded_many([self._index_of(n) for n in self._by_path.values() if n.folded], False)

    def is_folded(self, index: _Index) -> bool:
        return self.node(index).folded

    def folded_paths(self) -> list[str]:
        return [p for p, n in self._by_path.items() if n.folded]

    def path_of(self, index: _Index) -> str:
        return self.node(index).path

    def index_for_path(self, path: str) -> QModelIndex:
        node = self._by_path.get(path)
        return self._index_of(node) if node is not None else QModelIndex()

    def _index_of(self, node: _Node | None) -> QModelIndex:
        if node is None or node is self._root:
            return QModelIndex()
        return self.createIndex(node.row, 0, node)

    # --- Qt model interface ------------------------------------------------

    def index(self, row: int, column: int, parent: _Index = QModelIndex()) -> QModelIndex:
        if column != 0 or row < 0:
            return QModelIndex()
        if parent.isValid() and parent.column() != 0:
            return QModelIndex()
        pnode = self.node(parent)
        if row >= len(pnode.children):
            return QModelIndex()
        return self.createIndex(row, 0, pnode.children[row])

    def parent(self, index: _Index = QModelIndex()) -> QModelIndex:  # type: ignore[override]
        if not index.isValid():
            return QModelIndex()
        node = self.node(index)
        return self._index_of(node.parent)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:
        if parent.isValid() and parent.column() != 0:
            return 0
        return len(self.node(parent).children)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:
        return 1

    def hasChildren(self, parent: _Index = QModelIndex()) -> bool:
        return self.rowCount(parent) > 0

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if section == 0 and orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return "Comment"
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        node = self.node(index)
        c = node.comment
        if c is None:
            return None
        if role == HeaderRole:
            return node.header
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            if node.folded:
                n = node.descendants()
                return f"{c.author or 'Anonymous'} — {hidden_replies_text(n) if n else 'comment folded'}"
            return f"{node.header}\n{c.text}"
        if role == Qt.ItemDataRole.ToolTipRole:
            if c.spam and c.spam_reasons:
                return "Marked as spam: " + "; ".join(c.spam_reasons)
            return None
        if role == CommentRole:
            return c
        if role == DepthRole:
            return node.depth
        if role == FoldedRole:
            return node.folded
        if role == HiddenRepliesRole:
            return node.descendants()
        if role == PathRole:
            return node.path
        if role == SpamRole:
            return c.spam
        return None

    @staticmethod
    def header_text(node: _Node) -> str:
        c = node.comment
        if c is None:
            return ""
        parts = [c.author or "Anonymous"]
        when = format_datetime(c.published, short=True)
        if when:
            parts.append(when)
        head = " · ".join(parts)
        if c.spam:
            head = "[spam] " + head
        return head
