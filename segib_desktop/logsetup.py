"""Logging to a file in the user's log folder, rotated at start."""

from __future__ import annotations

import logging
import os
from pathlib import Path

from segib_desktop import paths

LOG_FILE = "segib-desktop.log"
MAX_BYTES = 1_000_000  # a log larger than this at start becomes segib-desktop.log.1
KEEP = 5  # older logs kept: .log.1 (the newest) to .log.5


class PrivateFileHandler(logging.FileHandler):
    """A log file readable by its owner only, like the database beside it (names of officers and
    records appear in it)."""

    def _open(self):
        fd = os.open(self.baseFilename, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        return open(fd, self.mode, encoding=self.encoding, errors=self.errors)  # noqa: SIM115


def rotate(path: Path, max_bytes: int = MAX_BYTES, keep: int = KEEP) -> None:
    """At start, not at every record as logging.handlers' RotatingFileHandler does: that module's
    import (sockets, pickle, queues) costs the first screen 5 ms, and a session writes little."""
    try:
        if path.stat().st_size < max_bytes:
            return
    except FileNotFoundError:
        return
    for n in range(keep - 1, 0, -1):
        older = path.with_name(f"{path.name}.{n}")
        if older.exists():
            older.replace(path.with_name(f"{path.name}.{n + 1}"))
    path.replace(path.with_name(f"{path.name}.1"))


def setup(log_dir: Path, level: int = logging.INFO) -> Path:
    root = logging.getLogger()
    root.setLevel(level)
    paths.private_mkdir(log_dir)
    path = log_dir / LOG_FILE
    if not any(isinstance(h, PrivateFileHandler) for h in root.handlers):
        rotate(path)
        handler = PrivateFileHandler(path, encoding="utf-8")
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        root.addHandler(handler)
    return path
