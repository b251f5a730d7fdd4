"""``article-reader install-desktop`` / ``uninstall-desktop``: the Linux launcher and icon."""

from __future__ import annotations

import argparse

from reader.cli.common import error


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--quiet", action="store_true", help="print nothing")


def _report(verb: str, paths: list, quiet: bool) -> None:
    if quiet:
        return
    for path in paths:
        print(f"{verb} {path}")


def run_install(args: argparse.Namespace) -> int:
    from reader.desktop import install

    try:
        result = install()
    except OSError as exc:  # a data folder left to root by a sudo run, a read-only home
        error(f"{exc.filename or exc}: cannot be written ({exc.strerror}); check who owns that "
              "folder and its permissions")
        return 1
    _report("wrote", result.written, args.quiet)
    if not args.quiet:
        print("Article Reader is now in your applications menu.")
    return 0


def run_uninstall(args: argparse.Namespace) -> int:
    from reader.desktop import uninstall

    try:
        result = uninstall()
    except OSError as exc:
        error(f"{exc.filename or exc}: cannot be removed ({exc.strerror}); check who owns that "
              "folder and its permissions")
        return 1
    _report("removed", result.removed, args.quiet)
    if not args.quiet and not result.removed:
        print("nothing to remove: the launcher was not installed")
    return 0
