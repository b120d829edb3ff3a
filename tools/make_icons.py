"""Renders resources/icons/segib-desktop.svg into the icon files the bundles need (run by hand).

segib-desktop.ico (Windows: 16 to 256 px) and segib-desktop.icns (macOS: 16 to 1024 px) are committed, so
that building the bundle needs neither this script nor a display. Run it again after changing the SVG:
    QT_QPA_PLATFORM=offscreen .venv/bin/python tools/make_icons.py
"""

from __future__ import annotations

import io
import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ICONS = Path(__file__).resolve().parent.parent / "resources" / "icons"
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
ICNS_SIZES = (16, 32, 64, 128, 256, 512, 1024)


def render(svg: Path, size: int):
    """The SVG drawn by Qt at ``size`` pixels, as a Pillow image."""
    from PIL import Image
    from PySide6.QtCore import QBuffer, QIODevice, Qt
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    QSvgRenderer(str(svg)).render(painter)
    painter.end()
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return Image.open(io.BytesIO(bytes(buffer.data()))).convert("RGBA")


def main() -> int:
    svg = ICONS / "segib-desktop.svg"
    big = render(svg, 1024)
    ico = [render(svg, s) for s in ICO_SIZES]
    ico[-1].save(ICONS / "segib-desktop.ico", format="ICO", sizes=[(s, s) for s in ICO_SIZES],
                 append_images=ico[:-1])
    big.save(ICONS / "segib-desktop.icns", format="ICNS",
             append_images=[render(svg, s) for s in ICNS_SIZES[:-1]])
    render(svg, 256).save(ICONS / "segib-desktop.png", format="PNG")
    for name in ("segib-desktop.ico", "segib-desktop.icns", "segib-desktop.png"):
        print(ICONS / name, (ICONS / name).stat().st_size)
    return 0


if __name__ == "__main__":
    sys.exit(main())
