"""While SEGIB Desktop runs, a named mutex says so to its installer and uninstaller (Windows only).

Windows lets no one overwrite or delete an executable or a DLL that a running process has loaded: an
upgrade or an uninstall while the program is open would leave its ``.exe``, ``python312.dll``, Qt's
DLLs and the ``.pyd`` files as they were, a half-replaced program. So both programs (the window and
``segib-desktop-cli.exe``, every command) hold the mutex ``MUTEX_NAME`` from their start, and
``tools/windows/installer.nsi`` looks for it (``OpenMutexW``) before it touches a file: it asks the user
to close SEGIB Desktop, or, silent, ends with a non-zero exit status. Windows closes the handle when the
process ends, however it ends, so a crash never leaves the mutex behind (as with core/lock.py's lock).
Elsewhere (Linux, macOS) nothing is done: no installer there replaces a running program's files.
"""

from __future__ import annotations

import logging
import sys

log = logging.getLogger(__name__)

# The same name is written in tools/windows/installer.nsi. "Local\": the user's session, where the
# per-user installer runs; the program needs no right to create it there.
MUTEX_NAME = "Local\\SEGIBDesktopRunning"
SYNCHRONIZE = 0x00100000  # the least access OpenMutexW can ask for

_held: dict[str, int] = {}  # name -> handle, kept open until the process ends


def _kernel32():
    import ctypes
    from ctypes import wintypes

    kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)
    kernel32.CreateMutexW.restype = wintypes.HANDLE
    kernel32.CreateMutexW.argtypes = (wintypes.LPVOID, wintypes.BOOL, wintypes.LPCWSTR)
    kernel32.OpenMutexW.restype = wintypes.HANDLE
    kernel32.OpenMutexW.argtypes = (wintypes.DWORD, wintypes.BOOL, wintypes.LPCWSTR)
    kernel32.CloseHandle.argtypes = (wintypes.HANDLE,)
    return kernel32


def hold(name: str = MUTEX_NAME) -> None:
    """Says that this process runs, until it ends (once per process; another copy adds its own handle).
    Never stops the program: without the mutex it runs as before, and the log says why."""
    if sys.platform != "win32" or name in _held:
        return
    import ctypes

    handle = _kernel32().CreateMutexW(None, False, name)
    if not handle:
        log.warning("cannot create the mutex %s (Windows error %d): an installer would not see this program",
                    name, ctypes.get_last_error())
        return
    _held[name] = handle


def is_held(name: str = MUTEX_NAME) -> bool:
    """True if a process (this one or another) holds ``name``: what the installer asks. Always False
    outside Windows."""
    if sys.platform != "win32":
        return False
    kernel32 = _kernel32()
    handle = kernel32.OpenMutexW(SYNCHRONIZE, False, name)
    if not handle:
        return False
    kernel32.CloseHandle(handle)
    return True
