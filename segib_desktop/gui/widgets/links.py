"""Opening a file or an address that a record points to (evidence, file links, a document's file).

Links come from users and from imported files: a program (.exe, .bat, a script) is never launched
from here, and only web, mail and file addresses are handed to the system.
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QWidget

from segib_desktop.gui.widgets.dialogs import show_error
from segib_desktop.i18n import _

SCHEMES = {"http", "https", "mailto", "file"}
_ADDRESS = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]+:")
PROGRAMS = {".exe", ".com", ".bat", ".cmd", ".msi", ".msp", ".scr", ".pif", ".cpl", ".lnk", ".reg", ".hta",
            ".ps1", ".psm1", ".vbs", ".vbe", ".js", ".jse", ".wsf", ".wsh", ".jar", ".py", ".pyw", ".sh",
            ".command", ".app", ".appimage", ".run", ".desktop"}


def url_for(link: str) -> QUrl | None:
    """The URL to open, or None if the link names a program or an unexpected kind of address."""
    target = link.strip()
    if not target:
        return None
    # "https://…", "mailto:…", "javascript:…" are addresses; "C:/…" (a drive letter) and "/…" are files.
    url = QUrl(target) if _ADDRESS.match(target) else QUrl.fromLocalFile(str(Path(target).expanduser()))
    if url.scheme().lower() not in SCHEMES:
        return None
    if url.isLocalFile() and Path(url.toLocalFile()).suffix.lower() in PROGRAMS:
        return None
    return url


def open_link(parent: QWidget | None, link: str) -> bool:
    """Opens ``link`` with the system's viewer; says why in one sentence if it cannot."""
    target = link.strip()
    if not target:
        return False
    url = url_for(target)
    if url is None:
        show_error(parent, _("{link} is not a document or a web address. SEGIB Desktop does not open "
                             "programs; open it yourself if you trust it.").format(link=target))
        return False
    if url.isLocalFile() and not Path(url.toLocalFile()).exists():
        show_error(parent, _("The file {path} cannot be found. It may have been moved, or be on a drive "
                             "that is not connected.").format(path=target))
        return False
    if not system_open(url):
        show_error(parent, _("No program on this computer could open {path}.").format(path=target))
        return False
    return True


def system_open(url: QUrl) -> bool:
    """Hands a checked address to the system. On Windows a file goes to os.startfile (the shell's "open",
    as a double-click), its path in Windows' form: backslashes, a share as \\\\server\\share\\…"""
    if sys.platform == "win32" and url.isLocalFile():
        try:
            os.startfile(os.path.normpath(url.toLocalFile()))
        except OSError:
            return False
        return True
    return QDesktopServices.openUrl(url)
