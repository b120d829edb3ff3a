"""What kind of drive a file is on, and what the file system says of it.

A network drive gets SQLite's rollback journal, not WAL.

SQLite's write-ahead log shares an index in memory (the ``-shm`` file) between the programs that open
the database; on a network file system (a Windows share ``\\\\server\\share``, a mapped drive ``N:``,
NFS or SMB on Linux) that memory is not shared between machines, and SQLite's documentation says WAL
does not work there. The rollback journal (``journal_mode=DELETE``) works on any drive, a little slower.
"""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Callable
from pathlib import Path

from segib_desktop.errors import HELD_WINERRORS

DRIVE_REMOTE = 4  # GetDriveTypeW's answer for a network drive
# Linux file systems on which other machines may open the same file.
NETWORK_FS = {"nfs", "nfs4", "cifs", "smb3", "smbfs", "ncpfs", "afs", "9p", "ceph", "glusterfs", "lustre",
              "fuse.sshfs", "fuse.glusterfs", "fuse.cephfs", "davfs", "fuse.davfs2"}


def on_network_drive(path: Path) -> bool:
    """True if ``path`` (a file, existing or not) is on a network drive; False when it cannot be told."""
    try:
        if sys.platform == "win32":
            return windows_network(os.path.abspath(path), _drive_type)
        if sys.platform.startswith("linux"):
            with open("/proc/self/mounts", encoding="utf-8", errors="replace") as mounts:
                return linux_network(os.path.realpath(path), mounts.read())
    except OSError:
        pass
    return False


def windows_network(path: str, drive_type: Callable[[str], int]) -> bool:
    """A UNC path (``\\\\server\\share\\…``, also as ``\\\\?\\UNC\\…``), or a drive letter that Windows
    says is a network drive (a mapped drive)."""
    path = path.replace("/", "\\")
    if path[:8].upper() == "\\\\?\\UNC\\":
        return True
    if path.startswith(("\\\\?\\", "\\\\.\\")):
        path = path[4:]
    elif path.startswith("\\\\"):
        return True
    if len(path) >= 2 and path[1] == ":":
        return drive_type(path[:2] + "\\") == DRIVE_REMOTE
    return False


def _drive_type(root: str) -> int:
    import ctypes

    return ctypes.windll.kernel32.GetDriveTypeW(root)


def linux_network(path: str, mounts: str) -> bool:
    """The file system of the longest mount point holding ``path``, from /proc/self/mounts."""
    best, fs_type = "", ""
    for line in mounts.splitlines():
        fields = line.split()
        if len(fields) < 3:
            continue
        point = fields[1].replace("\\040", " ")
        inside = path == point or path.startswith(point.rstrip("/") + "/")
        if inside and len(point) >= len(best):
            best, fs_type = point, fields[2]
    return fs_type in NETWORK_FS


def disk_is_full(path: Path, margin: int = 64 * 1024) -> bool:
    """True if the file system holding ``path`` has (almost) no free space left."""
    try:
        return shutil.disk_usage(Path(path).parent).free < margin
    except OSError:
        return False


def held_by_another_program(path: Path | str | None, exc: BaseException | None = None) -> bool:
    """True if another program holds the file open without sharing it (Windows only: a backup agent, an
    antivirus scan, OneDrive): said as such, not as "read-only". ``exc``: the error met, if it tells (the
    os module's Windows calls give their code); else Windows is asked, opening the file as any reader would
    (SQLite and Python's open() say only that it could not be opened)."""
    if sys.platform != "win32" or path is None:
        return False
    if exc is not None and getattr(exc, "winerror", None) is not None:
        return exc.winerror in HELD_WINERRORS
    import ctypes
    from ctypes import wintypes

    kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)
    kernel32.CreateFileW.restype = wintypes.HANDLE
    kernel32.CreateFileW.argtypes = [wintypes.LPCWSTR, wintypes.DWORD, wintypes.DWORD, wintypes.LPVOID,
                                     wintypes.DWORD, wintypes.DWORD, wintypes.HANDLE]
    # GENERIC_READ, sharing read, write and delete, OPEN_EXISTING: refused only by a holder that shares nothing
    handle = kernel32.CreateFileW(str(path), 0x80000000, 0x7, None, 3, 0, None)
    if handle is None or handle == wintypes.HANDLE(-1).value:
        return ctypes.get_last_error() in HELD_WINERRORS
    kernel32.CloseHandle(handle)
    return False
