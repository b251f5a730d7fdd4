"""Generate the app icon's PNG sizes, .ico (Windows) and .icns (macOS) from the SVG source.

    python packaging/make_icons.py

Uses Qt's SVG renderer (QtSvg ships with PySide6) for the pixels; the .ico and
.icns containers are written here directly, holding PNG-compressed entries (the
simplest form both formats allow), so no extra tool is needed. The outputs are
committed; run this after editing resources/icons/article-reader.svg.
"""

from __future__ import annotations

import os
import struct
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt  # noqa: E402
from PySide6.QtGui import QGuiApplication, QImage, QPainter  # noqa: E402
from PySide6.QtSvg import QSvgRenderer  # noqa: E402

ICONS = Path(__file__).resolve().parent.parent / "resources" / "icons"
SVG = ICONS / "article-reader.svg"
PNG_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
#: icns element types holding PNG data, by pixel size.
ICNS_TYPES = {16: b"icp4", 32: b"icp5", 64: b"icp6", 128: b"ic07", 256: b"ic08", 512: b"ic09"}


def render(renderer: QSvgRenderer, size: int) -> QImage:
    img = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    img.fill(Qt.GlobalColor.transparent)
    p = QPainter(img)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(p)
    p.end()
    return img


def png_bytes(img: QImage) -> bytes:
    ba = QByteArray()
    buf = QBuffer(ba)
    buf.open(QIODevice.OpenModeFlag.WriteOnly)
    img.save(buf, "PNG")
    buf.close()
    return bytes(ba.data())


def write_ico(images: dict[int, bytes], out: Path) -> None:
    """ICO with PNG-compressed entries (Windows Vista and later read these)."""
    sizes = sorted(images)
    header = struct.pack("<HHH", 0, 1, len(sizes))
    offset = 6 + 16 * len(sizes)
    entries, blobs = b"", b""
    for s in sizes:
        data = images[s]
        dim = 0 if s >= 256 else s
        entries += struct.pack("<BBBBHHII", dim, dim, 0, 0, 1, 32, len(data), offset)
        blobs += data
        offset += len(data)
    out.write_bytes(header + entries + blobs)


def write_icns(images: dict[int, bytes], out: Path) -> None:
    body = b""
    for s, kind in ICNS_TYPES.items():
        if s in images:
            body += kind + struct.pack(">I", 8 + len(images[s])) + images[s]
    out.write_bytes(b"icns" + struct.pack(">I", 8 + len(body)) + body)


def main() -> int:
    app = QGuiApplication.instance() or QGuiApplication(sys.argv)  # noqa: F841
    renderer = QSvgRenderer(str(SVG))
    if not renderer.isValid():
        print(f"cannot read {SVG}", file=sys.stderr)
        return 1
    pngs: dict[int, bytes] = {}
    for s in sorted(set(PNG_SIZES) | set(ICO_SIZES)):
        data = png_bytes(render(renderer, s))
        pngs[s] = data
        if s in PNG_SIZES:
            (ICONS / f"article-reader-{s}.png").write_bytes(data)
    write_ico({s: pngs[s] for s in ICO_SIZES}, ICONS / "article-reader.ico")
    write_icns({s: pngs[s] for s in ICNS_TYPES if s in pngs}, ICONS / "article-reader.icns")
    print(f"wrote {len(PNG_SIZES)} PNGs, article-reader.ico and article-reader.icns to {ICONS}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
