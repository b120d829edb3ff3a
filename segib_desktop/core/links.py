"""What a link in a record may open: the one rule, with no Qt (the window's link opener applies it).

Links come from users and from imported files, so they are judged as hostile: a file is opened only
if its type is on the list of documents below (an allow-list: a type that is not on it, a program, a
shortcut, a disk image, a file with no extension, is never handed to the system). The name is judged
as Windows reads it: trailing dots and spaces dropped, an NTFS stream (``evil.exe::$DATA``) cut off.
A file on another computer (``file://host/…``, ``\\\\host\\share\\…``, ``//host/…``) is opened only
after the user says yes: opening it makes this computer contact that one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from segib_desktop.i18n import N_

# The document types a link may open: PDF, Word, Excel, PowerPoint, OpenDocument, RTF, text, CSV,
# images, e-mail messages. Not the macro-enabled Office types (.docm, .xlsm, .pptm), not SVG or HTML
# (they run scripts in a browser).
DOCUMENTS = frozenset({
    ".pdf",
    ".doc", ".docx", ".xls", ".xlsx", ".ppt", ".pptx", ".pps", ".ppsx",
    ".odt", ".ods", ".odp", ".odg",
    ".rtf", ".txt", ".csv",
    ".png", ".jpg", ".jpeg", ".gif", ".bmp", ".tif", ".tiff", ".webp",
    ".eml", ".msg",
})
WEB = frozenset({"http", "https"})

NOT_A_DOCUMENT = N_("{link} is not a document or a web address. SEGIB Desktop opens only documents (PDF, "
                    "Word, Excel, PowerPoint, OpenDocument, RTF, text, CSV, images, e-mails) and never "
                    "programs; open it yourself if you trust it.")
REMOTE_QUESTION = N_("{link} is on another computer ({host}). Opening it makes this computer connect to "
                     "that one. Open it only if you know and trust that computer. Open it?")

_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]+):")
_DRIVE = re.compile(r"^[A-Za-z]:")


@dataclass(frozen=True)
class Target:
    """What a link points to. ``kind``: web, mail, file, or refused (``path`` is then empty)."""

    kind: str
    link: str
    address: str = ""  # web and mail: the address to open
    path: str = ""  # file: the path as judged (normalised name), the one to open
    host: str = ""  # file on another computer: its name

    @property
    def remote(self) -> bool:
        return bool(self.host)


def normalised_name(name: str) -> str:
    """A file name as Windows opens it: an NTFS stream (``:…``) cut off, trailing dots and spaces dropped."""
    return name.split(":", 1)[0].rstrip(". ")


def is_document(path: str) -> bool:
    """Whether the last part of ``path`` (either slash) names an allowed document type."""
    name = normalised_name(re.split(r"[\\/]", path)[-1])
    suffix = Path(name).suffix.lower() if "." in name.lstrip(".") else ""
    return suffix in DOCUMENTS


def classify(link: str) -> Target:
    """Judges a link: where it points and whether it may be opened."""
    text = link.strip()
    refused = Target("refused", text)
    if not text or any(ord(c) < 32 or c == "\x7f" for c in text):
        return refused
    if text.startswith(("\\\\", "//")):  # \\host\share\… or //host/share/…
        if text[2:4] in ("?\\", ".\\", "?/", "./"):  # Windows device paths (\\?\, \\.\): never
            return refused
        host = re.split(r"[\\/]", text[2:], maxsplit=1)[0]
        return _file(text, text, host) if host else refused
    scheme = _SCHEME.match(text)
    if scheme and not _DRIVE.match(text):  # "C:/…" is a drive, not a scheme
        name = scheme[1].lower()
        if name in WEB:
            return Target("web", text, address=text) if urlsplit(text).netloc else refused
        if name == "mailto":
            return Target("mail", text, address=text)
        if name == "file":
            parts = urlsplit(text)
            host = parts.netloc if parts.netloc.lower() not in ("", "localhost") else ""
            path = unquote(parts.path)
            if re.match(r"^/[A-Za-z]:", path):  # file:///C:/…
                path = path[1:]
            if host:
                return _file(text, f"//{host}{path}", host)
            return _file(text, path, "")
        return refused
    return _file(text, str(Path(text).expanduser()), "")


def _file(link: str, path: str, host: str) -> Target:
    parts = re.split(r"([\\/])", path)
    if not parts[-1] or not is_document(parts[-1]):
        return Target("refused", link)
    parts[-1] = normalised_name(parts[-1])
    return Target("file", link, path="".join(parts), host=host)
