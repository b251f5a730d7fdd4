"""Every user action, declared once: menus, shortcuts, the help dialog all come from here.

A row says what the action is called, where it lives in the menus, which keys
trigger it (standard keys first, so platforms keep their conventions) and the
name of the window method that handles it (napari's ``qactions``,
qutebrowser's ``bindings.default``). Nothing else in the GUI creates a
QAction with a shortcut.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QMenu, QMenuBar

SK = QKeySequence.StandardKey
Key = SK | str


@dataclass(frozen=True)
class ActionSpec:
    id: str
    text: str  # with & mnemonic
    menu: str  # top-level menu title (with &)
    handler: str  # method name on the window
    shortcuts: tuple[Key, ...] = ()
    tip: str = ""
    checkable: bool = False
    group: str | None = None  # exclusive group (theme)
    separator_before: bool = False


FILE, EDIT, VIEW, GO, MARKS, HELP = "&File", "&Edit", "&View", "&Go", "&Marks", "&Help"
MENUS = (FILE, EDIT, VIEW, GO, MARKS, HELP)

ACTIONS: tuple[ActionSpec, ...] = (
    # File
    ActionSpec("import_files", "&Import Files…", FILE, "import_files", (SK.Open,), "Add article files to the library"),
    ActionSpec("import_folder", "Import &Folder…", FILE, "import_folder", ("Ctrl+Shift+O",), "Add every article file in a folder"),
    ActionSpec("waiting_comments", "Comments &Waiting for Their Article…", FILE, "show_waiting_comments", (), "Comment files imported before their article, and the article each one waits for"),
    ActionSpec("export_pdf", "&Export to PDF…", FILE, "export_pdf", ("Ctrl+E",), "Save the selected article as a PDF", separator_before=True),
    ActionSpec("print", "&Print…", FILE, "print_article", (SK.Print,), "Print the selected article (with preview)"),
    ActionSpec("export_comparison", "Export &Comparison to PDF…", FILE, "export_comparison", ("Ctrl+Shift+E",), "Save the side-by-side comparison as a PDF"),
    ActionSpec("quit", "&Quit", FILE, "close", (SK.Quit, "Ctrl+Q"), "Close the window", separator_before=True),
    # Edit
    ActionSpec("find", "&Find…", EDIT, "focus_search", (SK.Find, "/"), "Search the library"),
    ActionSpec("find_next", "Find &Next", EDIT, "next_match", (SK.FindNext, "F3", "Ctrl+G"), "Next match in the article"),
    ActionSpec("find_previous", "Find &Previous", EDIT, "previous_match", (SK.FindPrevious, "Shift+F3", "Ctrl+Shift+G"), "Previous match in the article"),
    ActionSpec("clear_search", "C&lear Search", EDIT, "clear_search", ("Esc",), "Clear the search and show every article"),
    ActionSpec("copy", "&Copy", EDIT, "copy_text", (SK.Copy,), "Copy the selected text", separator_before=True),
    # View
    ActionSpec("zoom_in", "Zoom &In", VIEW, "zoom_in", (SK.ZoomIn, "Ctrl+="), "Larger article text"),
    ActionSpec("zoom_out", "Zoom &Out", VIEW, "zoom_out", (SK.ZoomOut, "Ctrl+-"), "Smaller article text"),
    ActionSpec("zoom_reset", "&Reset Zoom", VIEW, "zoom_reset", ("Ctrl+0",), "Default article text size"),
    ActionSpec("theme_system", "Theme: &System", VIEW, "theme_system", (), "Follow the system's light or dark setting", True, "theme", True),
    ActionSpec("theme_light", "Theme: &Light", VIEW, "theme_light", (), "Light theme", True, "theme"),
    ActionSpec("theme_dark", "Theme: &Dark", VIEW, "theme_dark", (), "Dark theme", True, "theme"),
    ActionSpec("toggle_side_panel", "&Article List", VIEW, "toggle_side_panel", ("F9",), "Show or hide the article list", True, None, True),
    ActionSpec("toggle_quotes", "&Quotes Panel", VIEW, "toggle_quotes", ("F7",), "Show or hide the quotes of this article", True),
    ActionSpec("toggle_speakers", "S&peakers", VIEW, "toggle_speakers", ("F8",), "Every speaker in the library and their quotes", True),
    ActionSpec("toggle_annotations", "A&nnotations Panel", VIEW, "toggle_annotations", ("F2",), "Show or hide the highlights and notes of this article", True),
    ActionSpec("all_annotations", "All Annotations…", VIEW, "show_all_annotations", ("Ctrl+Shift+A",), "Every highlight and note in the library, filterable"),
    ActionSpec("toggle_comments", "&Comments", VIEW, "toggle_comments", ("Ctrl+Shift+C",), "Show or hide the reader comments", True),
    ActionSpec("comments_folded", "New Threads Start &Folded", VIEW, "set_comments_folded", (), "Fold the replies of a comment thread opened for the first time", True),
    ActionSpec("toggle_stories", "S&tories", VIEW, "toggle_stories", ("F4",), "Stories: articles about the same event, with who published when", True, None, True),
    ActionSpec("toggle_timeline", "Ti&meline", VIEW, "toggle_timeline", ("Ctrl+Shift+T",), "Who published when, for the articles listed", True),
    ActionSpec("group_by_story", "&Group Articles by Story", VIEW, "set_group_by_story", ("Ctrl+Shift+R",), "List the articles of each story together under a heading", True),
    ActionSpec("compare", "Compare Co&verage", VIEW, "compare_coverage", ("Ctrl+D",), "Compare the two selected articles, or this one with the rest of its story"),
    ActionSpec("comment_section_folded", "New Comment S&ections Start Folded", VIEW, "set_comment_section_folded", (), "Fold the whole comment section of an article opened for the first time", True),
    # Go
    ActionSpec("next_article", "&Next Article", GO, "next_article", ("J", "Ctrl+Down"), "Next article in the list"),
    ActionSpec("previous_article", "&Previous Article", GO, "previous_article", ("K", "Ctrl+Up"), "Previous article in the list"),
    ActionSpec("focus_list", "Article &List", GO, "focus_list", ("Ctrl+1",), "Move the keyboard focus to the article list", separator_before=True),
    ActionSpec("focus_text", "Article &Text", GO, "focus_text", ("Ctrl+2",), "Move the keyboard focus to the article text"),
    ActionSpec("focus_comments", "&Comments", GO, "focus_comments", ("Ctrl+3",), "Move the keyboard focus to the comments"),
    ActionSpec("next_difference", "Next &Difference", GO, "next_difference", ("F6",), "Next place where the compared articles differ", separator_before=True),
    ActionSpec("previous_difference", "Previous Di&fference", GO, "previous_difference", ("Shift+F6",), "Previous place where the compared articles differ"),
    ActionSpec("next_comment", "Next C&omment", GO, "next_comment", (), "Next reader comment (N when no text is selected)", separator_before=True),
    ActionSpec("previous_comment", "Previous Co&mment", GO, "previous_comment", ("P",), "Previous reader comment"),
    ActionSpec("next_thread", "Next T&hread", GO, "next_thread", ("]",), "Next top-level comment"),
    ActionSpec("previous_thread", "Previous Th&read", GO, "previous_thread", ("[",), "Previous top-level comment"),
    # Marks (reader.gui.marks_controller)
    ActionSpec("highlight", "&Highlight Selection", MARKS, "highlight", ("H",), "Highlight the selected passage in the current colour"),
    ActionSpec("note", "Add or Edit &Note…", MARKS, "edit_note", ("N",), "Note on the selected passage or the highlight under the cursor (else: next comment)"),
    ActionSpec("remove_highlight", "&Remove Highlight", MARKS, "remove_highlight", (), "Remove the highlight under the cursor (Delete in the Annotations panel)"),
    ActionSpec("color_yellow", "Colour: &Yellow", MARKS, "color_yellow", ("1",), "Highlight in yellow", True, "hl_color", True),
    ActionSpec("color_green", "Colour: &Green", MARKS, "color_green", ("2",), "Highlight in green", True, "hl_color"),
    ActionSpec("color_blue", "Colour: &Blue", MARKS, "color_blue", ("3",), "Highlight in blue", True, "hl_color"),
    ActionSpec("color_pink", "Colour: &Pink", MARKS, "color_pink", ("4",), "Highlight in pink", True, "hl_color"),
    ActionSpec("color_purple", "Colour: Purpl&e", MARKS, "color_purple", ("5",), "Highlight in purple", True, "hl_color"),
    ActionSpec("star", "&Star", MARKS, "toggle_star", ("S",), "Star or unstar the open article", True, None, True),
    ActionSpec("toggle_read", "Mark Read / &Unread", MARKS, "toggle_read", ("U",), "Articles become read after 3 seconds open"),
    ActionSpec("labels", "&Labels…", MARKS, "edit_labels", ("L",), "Your own labels for the open article"),
    ActionSpec("add_to_collection", "Add to &Collection…", MARKS, "add_to_collection", (), "Put the open article in a named collection", separator_before=True),
    ActionSpec("remove_from_collection", "Remove from Collec&tion…", MARKS, "remove_from_collection", (), "Take the open article out of a collection"),
    # Help
    ActionSpec("shortcuts", "&Keyboard Shortcuts", HELP, "show_shortcuts", (SK.HelpContents, "F1", "?"), "Every shortcut"),
    ActionSpec("about", "&About Article Reader", HELP, "show_about", (), "Version, license and data folder"),
)


def _sequences(spec: ActionSpec) -> list[QKeySequence]:
    seqs: list[QKeySequence] = []
    for k in spec.shortcuts:
        found = QKeySequence.keyBindings(k) if isinstance(k, SK) else [QKeySequence(k)]
        for s in found:
            if not s.isEmpty() and all(s != have for have in seqs):
                seqs.append(s)
    return seqs


_PLAIN_KEYS = re.compile(r"F\d+|Esc|Del|Ins|Space|Tab|Backspace|Return|Enter|Home|End|PgUp|PgDown|Up|Down|Left|Right")


def _typeable(seq: QKeySequence) -> bool:
    """False for dedicated hardware keys ("Open", "Zoom In") that standard bindings add."""
    text = seq.toString(QKeySequence.SequenceFormat.PortableText)
    return len(text) == 1 or ("+" in text[:-1]) or bool(_PLAIN_KEYS.fullmatch(text))


def shortcut_text(spec: ActionSpec) -> str:
    """"Ctrl+F, /" as the help dialog and README show it (hardware keys left out)."""
    return ", ".join(
        s.toString(QKeySequence.SequenceFormat.NativeText) for s in _sequences(spec) if _typeable(s)
    )


def build_actions(owner: QObject, resolve: Callable[[str], Callable[..., object]]) -> dict[str, QAction]:
    """One QAction per row, triggered -> ``resolve(spec.handler)``."""
    actions: dict[str, QAction] = {}
    groups: dict[str, QActionGroup] = {}
    for spec in ACTIONS:
        act = QAction(spec.text, owner)
        act.setObjectName(spec.id)
        seqs = _sequences(spec)
        if seqs:
            act.setShortcuts(seqs)
            act.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        tip = spec.tip
        if seqs:
            tip = f"{tip} ({shortcut_text(spec)})" if tip else shortcut_text(spec)
        act.setStatusTip(spec.tip)
        act.setToolTip(tip)
        act.setCheckable(spec.checkable)
        if spec.group:
            groups.setdefault(spec.group, QActionGroup(owner)).addAction(act)
        handler = resolve(spec.handler)
        if spec.checkable and not spec.group:
            act.toggled.connect(handler)
        else:
            act.triggered.connect(lambda _checked=False, h=handler: h())
        actions[spec.id] = act
    return actions


def build_menus(menubar: QMenuBar, actions: dict[str, QAction]) -> dict[str, QMenu]:
    menus = {title: menubar.addMenu(title) for title in MENUS}
    for spec in ACTIONS:
        menu = menus[spec.menu]
        if spec.separator_before:
            menu.addSeparator()
        menu.addAction(actions[spec.id])
    return menus
