"""The ``article-reader`` command line: a public, stable interface.

Scripts and acceptance checks drive the product through it, so command names,
options and JSON shapes only ever grow. Commands are declared once in
``COMMANDS``; each lives in its own module under ``reader.cli`` and is
imported only when run, so ``article-reader parse`` never loads Qt or Whoosh.

With no command, the desktop window opens (on ``--library DIR`` if given).
"""

from __future__ import annotations

import argparse
import difflib
import errno
import importlib
import os
import sys
from collections.abc import Sequence
from dataclasses import dataclass

from reader import APP_NAME
from reader.cli.common import path_given


@dataclass(frozen=True)
class Command:
    name: str
    module: str  # reader.cli.<module> defines add_arguments(parser) and run(args) -> int
    help: str
    entry: str = "run"  # the function in the module that runs the command


COMMANDS: tuple[Command, ...] = (
    Command("parse", "parse_cmd", "parse files and print the clean articles (reads no library)"),
    Command("import", "import_cmd", "import files and folders into the library"),
    Command("search", "search_cmd", "search the library"),
    Command("show", "show_cmd", "show one article of the library"),
    Command("list", "list_cmd", "list the articles in the library"),
    Command("delete", "delete_cmd", "delete articles from the library"),
    Command("reindex", "reindex_cmd", "rebuild the search index from the stored articles"),
    Command("check", "check_cmd", "check the library and repair its search index"),
    Command("speakers", "speakers_cmd", "list who is quoted in the library, or one speaker's quotes"),
    Command("stories", "stories_cmd", "list the stories: articles from several outlets on one event"),
    Command("story", "story_cmd", "show one story: its articles, copies and first report"),
    Command("compare", "compare_cmd", "compare two articles: shared passages, omissions, quotes"),
    Command("export", "export_cmd", "export articles to PDF (one file, or one per article)"),
    Command("annotate", "annotate_cmd", "highlight a passage of an article, with a note"),
    Command("annotations", "annotations_cmd", "list or export highlights and notes"),
    Command("label", "label_cmd", "add or remove your own labels on an article"),
    Command("mark", "mark_cmd", "mark articles read or unread, starred or not"),
    Command("collection", "collection_cmd", "named collections of articles: list, add, remove"),
    Command("backup", "backup_cmd", "write the whole library (articles and your marks) to one file"),
    Command("restore", "backup_cmd", "bring a backup file into the library, without duplicates",
            "run_restore"),
    Command("install-desktop", "desktop_cmd", "add the launcher and icon to your desktop menu",
            "run_install"),
    Command("uninstall-desktop", "desktop_cmd", "remove the launcher and icon", "run_uninstall"),
)


class _VersionAction(argparse.Action):
    """argparse's ``action="version"``, with the version read only when it is asked for
    (reading it imports importlib.metadata: ~30 ms of every command's start-up)."""

    def __init__(self, option_strings: list[str], dest: str = argparse.SUPPRESS) -> None:
        super().__init__(option_strings, dest, nargs=0, default=argparse.SUPPRESS,
                         help="show program's version number and exit")

    def __call__(self, parser: argparse.ArgumentParser, _namespace: argparse.Namespace,
                 _values: object, _option_string: str | None = None) -> None:
        import reader

        print(f"{APP_NAME} {reader.__version__}")
        parser.exit()


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="article-reader",
        description=f"{APP_NAME}: read, search and compare saved news articles offline. "
        "With no command, opens the window.",
    )
    parser.add_argument("--version", action=_VersionAction)
    parser.add_argument(
        "--library",
        metavar="DIR",
        type=path_given,  # ("" fell back to the default library: a script's unset variable)
        help="library folder (default: $ARTICLE_READER_LIBRARY, else the user data folder)",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for cmd in COMMANDS:
        p = sub.add_parser(cmd.name, help=cmd.help, description=cmd.help)
        _module(cmd).add_arguments(p)
    return parser


#: Commands that build the library in worker processes: run with the window's heap settings.
HEAP_TUNED = frozenset(("import", "reindex"))
#: Options taking a value: ours, and Qt's own (``-platform offscreen``), which the window passes on.
_VALUE_OPTIONS = frozenset((
    "--library", "-platform", "-platformpluginpath", "-platformtheme", "-style", "-stylesheet",
    "-session", "-display", "-geometry", "-qwindowgeometry", "-qwindowicon", "-qwindowtitle",
    "-plugin", "-qmljsdebugger",
))


def _first_positional(argv: list[str]) -> str | None:
    skip = False
    for a in argv:
        if skip:
            skip = False
        elif a in _VALUE_OPTIONS:
            skip = True
        elif not a.startswith("-"):
            return a
    return None


def _looks_like_file(word: str) -> bool:
    """Could the word name a file to open ("Open with Article Reader") rather than a command?"""
    return os.path.exists(word) or "/" in word or os.sep in word or bool(os.path.splitext(word)[1])


def _unknown_command(word: str) -> int:
    names = [c.name for c in COMMANDS]
    close = difflib.get_close_matches(word, names, n=3, cutoff=0.6)
    hint = f" (did you mean {' or '.join(repr(c) for c in close)}?)" if close else ""
    print(f"article-reader: unknown command '{word}'{hint}\n"
          f"commands: {', '.join(names)}; run 'article-reader --help' for more; "
          "to open a file, give its path", file=sys.stderr)
    return 2


def _module(cmd: Command):
    return importlib.import_module(f"reader.cli.{cmd.module}")


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    # Files given without a command ("Open with Article Reader") go to the window;
    # a word that is neither a command nor a file is a mistyped command.
    first = _first_positional(argv)
    if first not in {c.name for c in COMMANDS} and not any(
        a in ("-h", "--help", "--version") for a in argv
    ):
        if first is not None and not _looks_like_file(first):
            return _unknown_command(first)
        return _run_gui(argv)
    parser = build_parser()
    args, extra = parser.parse_known_args(argv)
    if extra and not _excluded_words(args, extra):
        parser.error(f"unrecognized arguments: {' '.join(extra)}")
    if args.command is None:
        return _run_gui(argv)
    cmd = next(c for c in COMMANDS if c.name == args.command)
    _text_output_never_fails()
    if cmd.name in HEAP_TUNED:
        from reader import heap

        heap.tune()  # (long imports: the index worker's peak 228 -> 181 MB at 30,000 rows)
    try:
        return int(getattr(_module(cmd), cmd.entry)(args) or 0)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except OSError as exc:
        if exc.errno not in _DISK_FULL:
            raise
        # Never a bug: the output (``list --json > out.json``) or a file written found the disk full.
        print(f"article-reader: the disk is full ({exc.strerror}): free some space and run it again",
              file=sys.stderr)
        _quiet_stdout()
        return 1


#: A full disk or quota: the user can fix it, so it is a message, not a traceback.
_DISK_FULL = frozenset((errno.ENOSPC, errno.EDQUOT, errno.EFBIG))


def _quiet_stdout() -> None:
    """Send what is left of the output nowhere when it cannot be written, so that Python's own
    flush at exit does not print the same error again ("Exception ignored ...")."""
    try:
        sys.stdout.flush()
    except OSError:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)


def _no_display(qt_args: list[str]) -> bool:
    """On X11/Wayland systems: is there no display for the window (an SSH session, a server)?
    Qt then aborts (status 134, a core dump) saying that reinstalling may help."""
    if not sys.platform.startswith(("linux", "freebsd", "openbsd", "netbsd")):
        return False
    chosen = any(os.environ.get(v) for v in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"))
    return not chosen and "-platform" not in qt_args


def _text_output_never_fails() -> None:
    """A title in a script the output's encoding lacks (``list > out.txt`` on Windows, in
    cp1252) is printed with "?" rather than ending the command with UnicodeEncodeError."""
    from reader.cli.common import unicode_output

    reconfigure = getattr(sys.stdout, "reconfigure", None)
    if reconfigure is not None and not unicode_output():
        reconfigure(errors="replace")


def _excluded_words(args: argparse.Namespace, extra: list[str]) -> bool:
    """``search ceasefire -obama``: a leading minus excludes a word (the query language), so
    the words argparse took for unknown options are the query's (``--x`` stays an error)."""
    if args.command != "search" or any(word.startswith("--") for word in extra):
        return False
    args.query.extend(extra)
    return True


def _run_gui(argv: list[str]) -> int:
    gui_parser = argparse.ArgumentParser(prog="article-reader")
    gui_parser.add_argument("--library", metavar="DIR", type=path_given)
    gui_parser.add_argument("files", nargs="*", help="files to import and show")
    args, qt_args = gui_parser.parse_known_args(argv)
    if _no_display(qt_args):
        print("article-reader: no display to open the window on (DISPLAY is not set): run it in a "
              "desktop session, or use a command (import, search, show ...; "
              "see 'article-reader --help')", file=sys.stderr)
        return 2
    from reader.gui.app import run_app

    return run_app(library=args.library, files=args.files, qt_args=qt_args)


def main_gui() -> int:
    """Entry point for the gui-scripts launcher (no console on Windows)."""
    return main()
