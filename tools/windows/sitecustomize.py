"""Build prefix only (copied into the Windows Python under build/windows/, never into the bundle).

Wine 8.0's kernel32 has no CopyFile2, which Python 3.12's shutil.copy2 calls on Windows (PyInstaller
copies every collected file with it): without it, shutil falls back to its portable copy. Real Windows
has CopyFile2; the program itself does not use shutil.copy2.
"""

import _winapi

if hasattr(_winapi, "CopyFile2"):
    del _winapi.CopyFile2
