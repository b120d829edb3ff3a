"""What the PyInstaller bundle keeps of what PyInstaller's hooks collect (used by build.spec).

PyInstaller's Qt hooks collect every plugin of a category (the virtual-keyboard
input plugin alone drags in QtQuick and QML; the pdf image plugin, QtPdf), all of
Qt's translations and the libraries those pull in. ``excludes=`` only drops
Python modules, so build.spec passes ``a.binaries`` and ``a.datas`` through
``keep()``. The rule is an allow-list for Qt (a module the program starts to
use must be added here, and the bundle's self-test shows it) and a
deny-list for the rest.

Destination names look like ``PySide6/Qt/lib/libQt6Core.so.6`` (Linux),
``PySide6/Qt6Core.dll`` (Windows), ``PySide6/Qt/lib/QtCore.framework/...``
(macOS), ``PySide6/Qt/plugins/platforms/libqxcb.so`` or ``PySide6/plugins/...``.
"""

from __future__ import annotations

import re
import struct
import subprocess
from pathlib import Path

# Qt libraries the program links: widgets, the briefing preview (QtPdf, which needs QtNetwork), the
# home page's charts (QtCharts, which needs OpenGL and OpenGLWidgets), printing, SVG icons; DBus is linked
# by QtGui on Linux and XcbQpa is the xcb platform plugin's library.
QT_LIBRARIES = frozenset({
    "Core", "Gui", "Widgets", "DBus", "XcbQpa", "Network", "OpenGL", "OpenGLWidgets",
    "Pdf", "PdfWidgets", "Charts", "PrintSupport", "Svg", "SvgWidgets",
})
# PySide6's Python modules for them (PySide6/QtPdf.abi3.so, PySide6/QtPdf.pyd).
PYSIDE_MODULES = frozenset({"Core", "Gui", "Widgets", "DBus", "Network", "OpenGL", "OpenGLWidgets",
                            "Pdf", "PdfWidgets", "Charts", "PrintSupport", "Svg", "SvgWidgets"})
# Qt plugins, per folder: None keeps the whole folder, a set keeps those plugins only; a folder not
# listed here is left out (sql drivers, TLS, network information, multimedia, wayland, QML tooling, ...).
QT_PLUGINS: dict[str, frozenset[str] | None] = {
    # xcb for X11 (and XWayland), offscreen for the self-test and CI, the native ones on Windows/macOS.
    "platforms": frozenset({"qxcb", "qoffscreen", "qwindows", "qdirect2d", "qcocoa"}),
    "platformthemes": None,  # native file dialogs and colours (GTK, XDG portal)
    # Dead keys and compose sequences (typing "á", "ç"); not the virtual keyboard (QtQuick + QML).
    "platforminputcontexts": frozenset({"composeplatforminputcontextplugin", "ibusplatforminputcontextplugin"}),
    "imageformats": frozenset({"qsvg", "qico", "qicns"}),  # PNG is built into QtGui
    "iconengines": frozenset({"qsvgicon"}),
    "styles": None,  # the native Windows style lives here since Qt 6.7
    "printsupport": None,  # CUPS on Linux
    "xcbglintegrations": None,
}
# Other files left out: Qt's helper programs, software OpenGL and the shader compiler for QtQuick on
# Windows, FFmpeg (QtMultimedia), Pillow's optional image formats. OpenSSL stays: Python's ssl, which psycopg
# imports, links it (Qt's TLS plugins, which would load it too, are left out with their folder).
DROPPED_NAMES = re.compile(r"^(opengl32sw\.dll|d3dcompiler_\d+\.dll|(lib)?(av|sw)(codec|format|util|resample|scale)"
                           r"[-.].*|QtWebEngineProcess.*"
                           # Pillow's AVIF, WebP and Tk support (reportlab reads PNG and JPEG images only)
                           r"|_(avif|webp|imagingtk)\..*|(lib)?(avif|webp|webpmux|webpdemux|sharpyuv)-[0-9a-f]{8}\..*)$",
                           re.IGNORECASE)
# Linux: libraries that every desktop system has and that must match the system's own configuration,
# drivers or desktop (fontconfig's files, GLib's modules, the GTK theme plugin's GTK, the C++ runtime that
# graphics drivers load). The PySide6 wheel takes them from the system too; PyInstaller would copy the
# build machine's. Kept: Python's own libraries, Qt's, ICU, and the xcb helpers (libxcb-cursor and
# friends) that Qt's xcb plugin needs and that desktops often lack (see docs/packaging.md).
SYSTEM_LIBRARIES = re.compile(r"^(" + "|".join(re.escape(name) for name in (
    "libstdc++", "libgcc_s",
    "libxcb", "libX11", "libX11-xcb", "libXau", "libXdmcp", "libXext", "libXrender", "libXi", "libXfixes",
    "libXcursor", "libXrandr", "libXinerama", "libXcomposite", "libXdamage", "libbsd", "libmd",
    "libfontconfig", "libfreetype", "libpng16", "libharfbuzz", "libgraphite2", "libbrotlicommon",
    "libbrotlidec", "libexpat",
    "libglib-2.0", "libgio-2.0", "libgobject-2.0", "libgmodule-2.0", "libgthread-2.0", "libpcre2-8",
    "libmount", "libblkid", "libselinux",
    "libdbus-1", "libsystemd", "libgcrypt", "libgpg-error", "liblz4", "libcap",
    "libgtk-3", "libgdk-3", "libatk-1.0", "libatk-bridge-2.0", "libatspi", "libcairo", "libcairo-gobject",
    "libpango-1.0", "libpangocairo-1.0", "libpangoft2-1.0", "libgdk_pixbuf-2.0", "libpixman-1", "libfribidi",
    "libthai", "libdatrie", "libepoxy", "libwayland-client", "libwayland-cursor", "libwayland-egl",
    # The CUPS client and its TLS stack (printing goes through the system's CUPS, whose version it must match).
    "libcups", "libavahi-client", "libavahi-common", "libgnutls", "libnettle", "libhogweed", "libgmp",
    "libidn2", "libunistring", "libp11-kit", "libtasn1",
)) + r")\.so(\.\d+)*$")
# The locale data that Babel needs for dates and numbers in Spanish, Portuguese and English; ICU's locale data
# is cut to the same languages (trim_icu_data).
LANGUAGES = frozenset({"root", "es", "pt", "en"})

_QT_LIB = re.compile(r"^(?:lib)?Qt6(\w+?)(?:[-_][\w-]+)?(?:\.so(?:\.\d+)*|\.dll|\.dylib|\.prl)?$")
_QT_FRAMEWORK = re.compile(r"(?:^|/)Qt(\w+)\.framework(?:/|$)")
_PYSIDE_MODULE = re.compile(r"^PySide6/Qt(\w+)\.(?:abi3\.so|pyd|pyi)$")
_PLUGIN_STEM = re.compile(r"^(?:lib)?(.+?)(?:\.so|\.dll|\.dylib)$")


def _posix(dest: str) -> str:
    return dest.replace("\\", "/")


def qt_library(dest: str) -> str | None:
    """The Qt module a Qt library belongs to ('Quick' for libQt6Quick.so.6), or None."""
    dest = _posix(dest)
    framework = _QT_FRAMEWORK.search(dest)
    if framework:
        return framework.group(1)
    match = _QT_LIB.match(dest.rsplit("/", 1)[-1])
    return match.group(1) if match else None


def keep(dest: str) -> bool:
    """Whether the bundle keeps the file that PyInstaller would put at ``dest``."""
    dest = _posix(dest)
    parts = dest.split("/")
    name = parts[-1]
    if DROPPED_NAMES.match(name) or SYSTEM_LIBRARIES.match(name):
        return False
    if parts[0] == "PySide6":
        inner = parts[2:] if len(parts) > 2 and parts[1] == "Qt" else parts[1:]
        if inner and inner[0] in ("qml", "translations", "libexec", "metatypes", "resources", "glue", "include",
                                  "typesystems", "doc"):
            # QML modules; Qt's catalogues (build.spec ships qtbase_es and qtbase_pt_BR itself);
            # QtWebEngine's helper and resources; the headers and bindings sources for developers.
            return False
        if parts[1] in ("lib", "scripts"):
            return False  # CMake files and the pyside6-deploy tooling
        if len(parts) == 2 and ("." not in name or name.endswith(".exe") or name.startswith("libpyside6qml")):
            return False  # Qt's developer tools (designer, uic, qmlls...) and PySide's QML support
        if inner and inner[0] == "plugins":
            return _keep_plugin(inner[1:])
        module = _PYSIDE_MODULE.match(dest)
        if module:
            return module.group(1) in PYSIDE_MODULES
    library = qt_library(dest)
    if library is not None:
        return library in QT_LIBRARIES
    if parts[0] == "babel" and len(parts) == 3 and parts[1] == "locale-data":
        return name.split(".")[0].split("_")[0] in LANGUAGES
    return True


def _keep_plugin(rest: list[str]) -> bool:
    if len(rest) < 2:
        return False
    folder, name = rest[0], rest[-1]
    if folder not in QT_PLUGINS:
        return False
    allowed = QT_PLUGINS[folder]
    if allowed is None:
        return True
    match = _PLUGIN_STEM.match(name)
    return bool(match) and match.group(1) in allowed


def filter_toc(toc: list[tuple]) -> tuple[list[tuple], list[tuple]]:
    """(kept, dropped) entries of a PyInstaller TOC, in their order."""
    kept, dropped = [], []
    for entry in toc:
        (kept if keep(entry[0]) else dropped).append(entry)
    return kept, dropped


def prune_orphans(binaries: list[tuple], needs) -> tuple[list[tuple], list[tuple]]:
    """(kept, dropped): drops the top-level libraries that no kept binary needs any more.

    PyInstaller copies the dependencies of every collected binary, including those of the plugins that
    ``keep()`` then leaves out (libjpeg for the jpeg plugin, say). ``needs(path)`` returns the names of the
    libraries a binary links directly (its ELF NEEDED entries); the closure is followed through the kept
    libraries only. Only plain libraries at the top of the bundle are candidates; Python's own library,
    which the bootloader loads, never is.
    """
    def candidate(entry) -> bool:
        dest = _posix(entry[0])
        return (entry[2] == "BINARY" and "/" not in dest and not dest.startswith(("libpython", "python"))
                and re.search(r"\.(so(\.\d+)*|dylib)$", dest) is not None)

    candidates = {_posix(entry[0]): entry for entry in binaries if candidate(entry)}
    needed: set[str] = set()
    todo = [entry[1] for entry in binaries if not candidate(entry)]
    while todo:
        for name in needs(todo.pop()):
            name = name.rsplit("/", 1)[-1]
            if name in candidates and name not in needed:
                needed.add(name)
                todo.append(candidates[name][1])
    kept, dropped = [], []
    for entry in binaries:
        (dropped if candidate(entry) and _posix(entry[0]) not in needed else kept).append(entry)
    return kept, dropped


# --- ICU's data (Linux): PySide6's libicudata.so.73 is 31 MB of the bundle.
# It is one ICU "common data" package (ToC of named items) in the library's symbol icudt<N>_dat. Qt uses ICU
# for collation, case mapping, time-zone names and text codecs in the program's languages; the package also
# holds every other language's names of languages, countries, currencies, units and time zones, its collation
# and number spell-out rules (18 MB), and the word-break dictionaries of Chinese, Japanese, Thai, Lao, Khmer
# and Burmese (3 MB, used by ICU's break iterators, which Qt does not use: it breaks text itself). Those are
# left out; a locale whose data is missing falls back to its parent, then to ICU's root, as ICU does for any
# locale it does not know. Codec tables, normalisation, properties and the rest stay whole.
_ICU_LOCALE = re.compile(r"^([a-z]{2,3})(_[A-Za-z0-9]+)*\.res$")


def icu_item_kept(name: str) -> bool:
    """Whether the trimmed ICU package keeps an item ('icudt73l/coll/es.res' yes, 'icudt73l/coll/ja.res' no)."""
    base = name.rsplit("/", 1)[-1]
    if base.endswith(".dict"):
        return False
    locale = _ICU_LOCALE.match(base)
    return base == "res_index.res" or locale is None or locale.group(1) in LANGUAGES


def _icu_package(data: bytes) -> tuple[bytes, list[tuple[str, bytes]]]:
    """(header, [(name, item)...]) of an ICU common data package, little-endian ('CmnD' format)."""
    header_size = struct.unpack_from("<H", data, 0)[0]
    if data[2:4] != b"\xda\x27" or data[12:16] != b"CmnD" or data[8] != 0:
        raise ValueError("not a little-endian ICU common data package")
    toc = data[header_size:]
    count = struct.unpack_from("<I", toc, 0)[0]
    entries = [struct.unpack_from("<II", toc, 4 + 8 * i) for i in range(count)]
    items = []
    for i, (name_at, data_at) in enumerate(entries):
        end = entries[i + 1][1] if i + 1 < count else len(toc)
        items.append((toc[name_at:toc.index(b"\0", name_at)].decode("ascii"), toc[data_at:end]))
    return data[:header_size], items


def _icu_pack(header: bytes, items: list[tuple[str, bytes]]) -> bytes:
    """The package of ``items`` (kept in their sorted order: ICU looks names up by bisection), each aligned to 16."""
    pad = lambda size: b"\0" * (-(len(header) + size) % 16)  # noqa: E731 (aligned in the whole package)
    names = b"".join(name.encode("ascii") + b"\0" for name, _ in items)
    name_at = 4 + 8 * len(items)
    data_at = name_at + len(names) + len(pad(name_at + len(names)))
    entries, body = [], b""
    for name, item in items:
        entries.append(struct.pack("<II", name_at, data_at + len(body)))
        name_at += len(name) + 1
        body += item + pad(data_at + len(body) + len(item))
    toc = struct.pack("<I", len(items)) + b"".join(entries) + names
    return header + toc + pad(len(toc)) + body


def trim_icu_data(library: Path, out_dir: Path) -> Path:
    """A copy of ICU's data library (libicudata.so.N) in ``out_dir`` holding only the items ``icu_item_kept``
    keeps, built with binutils (as, ld: PyInstaller already needs objdump): same file name, soname and symbol."""
    symbols = subprocess.run(["objdump", "-T", str(library)], capture_output=True, text=True, check=True).stdout
    symbol = re.search(r"^([0-9a-f]+) g\s+DO \.rodata\s+([0-9a-f]+)\s+(icudt\d+_dat)$", symbols, re.MULTILINE)
    sections = subprocess.run(["objdump", "-h", str(library)], capture_output=True, text=True, check=True).stdout
    rodata = re.search(r"\.rodata\s+([0-9a-f]+)\s+([0-9a-f]+)\s+[0-9a-f]+\s+([0-9a-f]+)", sections)
    if not (symbol and rodata):
        raise ValueError(f"{library}: no ICU data symbol in .rodata")
    address, size, name = int(symbol.group(1), 16), int(symbol.group(2), 16), symbol.group(3)
    file_at = address - int(rodata.group(2), 16) + int(rodata.group(3), 16)
    header, items = _icu_package(library.read_bytes()[file_at:file_at + size])
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "icudata.dat").write_bytes(_icu_pack(header, [item for item in items if icu_item_kept(item[0])]))
    (out_dir / "icudata.s").write_text(
        f'.section .rodata\n.globl {name}\n.type {name}, @object\n.balign 16\n{name}:\n'
        f'.incbin "{out_dir / "icudata.dat"}"\n.size {name}, . - {name}\n'
        '.section .note.GNU-stack,"",@progbits\n', encoding="ascii")
    out = out_dir / library.name
    subprocess.run(["as", "-o", str(out_dir / "icudata.o"), str(out_dir / "icudata.s")], check=True)
    subprocess.run(["ld", "-shared", "-soname", library.name, "-o", str(out), str(out_dir / "icudata.o")], check=True)
    return out
