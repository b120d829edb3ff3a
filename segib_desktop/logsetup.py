"""Logging to a rotating file in the user's log folder."""

from __future__ import annotations

import logging
import os
from pathlib import Path

LOG_FILE = "segib-desktop.log"


def setup(log_dir: Path, level: int = logging.INFO) -> Path:
    import logging.handlers  # here: the window imports this module for LOG_FILE while it starts

    class PrivateFileHandler(logging.handlers.RotatingFileHandler):
        """Rotating log files readable by their owner only, like the database beside them (names of
        officers and records appear in them)."""

        def _open(self):
            fd = os.open(self.baseFilename, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
            return open(fd, self.mode, encoding=self.encoding, errors=self.errors)  # noqa: SIM115

    log_dir.mkdir(parents=True, exist_ok=True)
    path = log_dir / LOG_FILE
    handler = PrivateFileHandler(path, maxBytes=1_000_000, backupCount=5, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.setLevel(level)
    if not any(isinstance(h, logging.handlers.RotatingFileHandler) for h in root.handlers):
        root.addHandler(handler)
    return path
