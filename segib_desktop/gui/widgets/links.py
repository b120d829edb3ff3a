"""Opening a file or an address that a record points to (evidence, file links, a document's file).

What may be opened is decided once, in the core (core/links.py: an allow-list of document types,
names judged as Windows reads them, a file on another computer only after asking). Here the answer
is carried out: a web or mail address by the system's browser or mail program, a file by the
system's viewer for its type (on Windows ``os.startfile`` on the very path that was judged).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QWidget

from segib_desktop.core import links
from segib_desktop.gui.widgets.dialogs import confirm, show_error
from segib_desktop.i18n import _


def open_link(parent: QWidget | None, link: str) -> bool:
    """Opens ``link`` with the system's viewer; says why in one sentence if it cannot."""
    target = links.classify(link)
    if not target.link:
        return False
    if target.kind == "refused":
        show_error(parent, _(links.NOT_A_DOCUMENT).format(link=target.link))
        return False
    if target.kind in ("web", "mail"):
        return _open_url(parent, QUrl(target.address), target.link)
    if target.remote:
        if not confirm(parent, _(links.REMOTE_QUESTION).format(link=target.link, host=target.host),
                       action=_("Open link")):  # the verb, not the status "Open"
            return False
    elif not Path(target.path).is_file():  # a remote file is not looked for: that alone contacts the host
        show_error(parent, _("The file {path} cannot be found. It may have been moved, or be on a drive "
                             "that is not connected.").format(path=target.link))
        return False
    if sys.platform == "win32":
        try:
            os.startfile(target.path)  # noqa: S606 (a document of an allowed type, judged above)
        except OSError:
            show_error(parent, _("No program on this computer could open {path}.").format(path=target.link))
            return False
        return True
    # "//host/share/x.pdf" makes file://host/share/x.pdf
    return _open_url(parent, QUrl.fromLocalFile(target.path.replace("\\", "/") if target.remote else target.path),
                     target.link)


def _open_url(parent: QWidget | None, url: QUrl, shown: str) -> bool:
    if not QDesktopServices.openUrl(url):
        show_error(parent, _("No program on this computer could open {path}.").format(path=shown))
        return False
    return True

