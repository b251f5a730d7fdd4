"""Install or remove the desktop launcher and icon for the current user (Linux).

The launcher is ``packaging/linux/article-reader.desktop`` with its ``Exec``
line pointed at the Python (or frozen app) that runs this command, so it works
from a virtual environment, a pipx install or a PyInstaller build alike.
Files go under ``$XDG_DATA_HOME`` (``~/.local/share``): nothing needs root.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

from reader.paths import resources_dir

DESKTOP_ID = "article-reader.desktop"
METAINFO_ID = "io.github.article_reader.ArticleReader.metainfo.xml"
ICON_NAME = "article-reader"
ICON_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


def linux_packaging_dir() -> Path:
    """``packaging/linux``: bundled in the wheel as resources/linux, or the source tree's."""
    bundled = resources_dir() / "linux"
    if bundled.is_dir():
        return bundled
    return resources_dir().parent / "packaging" / "linux"


def data_home() -> Path:
    return Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")


def launch_command() -> list[str]:
    if getattr(sys, "frozen", False):
        return [sys.executable]
    return [sys.executable, "-m", "reader"]


@dataclass
class DesktopInstall:
    written: list[Path] = field(default_factory=list)
    removed: list[Path] = field(default_factory=list)


def _targets() -> dict[str, Path]:
    home = data_home()
    t = {
        "desktop": home / "applications" / DESKTOP_ID,
        "metainfo": home / "metainfo" / METAINFO_ID,
        "svg": home / "icons" / "hicolor" / "scalable" / "apps" / f"{ICON_NAME}.svg",
    }
    for s in ICON_SIZES:
        t[f"png{s}"] = home / "icons" / "hicolor" / f"{s}x{s}" / "apps" / f"{ICON_NAME}.png"
    return t


def desktop_entry_text(command: list[str] | None = None) -> str:
    template = (linux_packaging_dir() / DESKTOP_ID).read_text(encoding="utf-8")
    exec_line = " ".join(shlex.quote(c) for c in (command or launch_command())) + " %F"
    lines = []
    for line in template.splitlines():
        if line.startswith("Exec="):
            line = f"Exec={exec_line}"
        elif line.startswith("TryExec="):
            line = f"TryExec={(command or launch_command())[0]}"
        lines.append(line)
    return "\n".join(lines) + "\n"


def install() -> DesktopInstall:
    result = DesktopInstall()
    t = _targets()
    icons = resources_dir() / "icons"
    t["desktop"].parent.mkdir(parents=True, exist_ok=True)
    t["desktop"].write_text(desktop_entry_text(), encoding="utf-8")
    result.written.append(t["desktop"])
    copies = {"metainfo": linux_packaging_dir() / METAINFO_ID, "svg": icons / f"{ICON_NAME}.svg"}
    copies.update({f"png{s}": icons / f"{ICON_NAME}-{s}.png" for s in ICON_SIZES})
    for key, src in copies.items():
        dst = t[key]
        dst.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(src, dst)
        result.written.append(dst)
    _refresh_caches()
    return result


def uninstall() -> DesktopInstall:
    result = DesktopInstall()
    for path in _targets().values():
        if path.exists():
            path.unlink()
            result.removed.append(path)
    _refresh_caches()
    return result


def _refresh_caches() -> None:
    """Best effort: desktops also notice new files without these tools."""
    home = data_home()
    for cmd in (
        ["update-desktop-database", str(home / "applications")],
        ["gtk-update-icon-cache", "-q", "-t", str(home / "icons" / "hicolor")],
    ):
        if shutil.which(cmd[0]):
            subprocess.run(cmd, capture_output=True, check=False, timeout=30)
