"""Whether the database file a program has open is still the one at its path.

A file deleted while open (a clean-up or synchronisation program, a folder moved, a profile reset) keeps
taking the open connections' writes, which nobody will see again; the next connection made a new, empty
database there, on which every save failed. Another file put in its place (a synchronised copy renamed over
it) is not the database that was opened either. Both are said (``errors.DatabaseVanished``) before anything
more is written. Windows refuses to delete or rename over a database that is open, so there this is rare.
"""

from __future__ import annotations

import os
from pathlib import Path

from segib_desktop.core.fsinfo import on_network_drive

Identity = tuple[int, int]


def identity(path: Path) -> Identity | None:
    """The file at ``path`` as the file system numbers it (device, file number); None if there is none."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_dev, st.st_ino


def vanished(path: Path, opened: Identity | None) -> bool:
    """True if the file that was at ``path`` when it was opened (``opened``, its ``identity``) is no longer
    there: removed (its folder still there: a drive not connected is said as such by the caller), or another
    file in its place. A network drive's file numbers may change under a file that stays (some shares number
    files afresh), and a file system without them (0) cannot tell: there only a removal is seen."""
    if opened is None:
        return False
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return os.path.isdir(os.path.dirname(os.path.abspath(path)))
    except OSError:
        return False
    if st.st_ino == 0 or (st.st_dev, st.st_ino) == opened:
        return False
    return not on_network_drive(path)
