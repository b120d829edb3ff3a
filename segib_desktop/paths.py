"""Where things live: the one place that knows the folders.

Resources and db/ sit at the root of a source checkout, beside the package when
installed, and under ``sys._MEIPASS`` in a PyInstaller bundle. User data goes to
the per-OS standard folder, or next to the executable in portable mode.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import NamedTuple

import platformdirs

from segib_desktop import APP_NAME

DB_FILENAME = "segib.sqlite3"


def _bundle_root() -> Path:
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen)
    package = Path(__file__).resolve().parent
    # Source checkout (or editable install): resources/ and db/ are siblings of the package.
    return package.parent


def resources_dir() -> Path:
    return _bundle_root() / "resources"


def db_dir() -> Path:
    return _bundle_root() / "db"


def migrations_dir() -> Path:
    return db_dir() / "migrations"


def reference_dir() -> Path:
    return db_dir() / "reference"


def _portable_dir() -> Path | None:
    """A file named ``portable`` beside the executable keeps data on the stick."""
    if not getattr(sys, "frozen", False):
        return None
    exe_dir = Path(sys.executable).resolve().parent
    if (exe_dir / "portable").exists():
        return exe_dir / "data"
    return None


class UserDirs(NamedTuple):
    data: Path
    logs: Path
    backups: Path
    config: Path

    @property
    def default_db(self) -> Path:
        return self.data / DB_FILENAME

    @property
    def settings_file(self) -> Path:
        """The window's preferences (an INI file, Qt's ``QSettings``): its language, its size."""
        return self.config / "settings.ini"

    def saved_language(self) -> str | None:
        """The language chosen in the window (Settings), read without Qt: the command line speaks it too."""
        import configparser

        parser = configparser.ConfigParser(interpolation=None)
        try:
            parser.read(self.settings_file, encoding="utf-8")
        except (OSError, configparser.Error, UnicodeDecodeError):
            return None  # preferences are a help, not a condition to run
        return parser.get("General", "language", fallback=None)

    def create(self) -> None:
        for folder in (self.data, self.logs, self.backups, self.config):
            private_mkdir(folder)
            if os.name == "posix":
                folder.chmod(0o700)


def private_mkdir(folder: Path) -> None:
    """Creates a folder and every missing parent readable by their owner only, whatever the umask (a
    umask never adds permissions); folders that exist are left as they are."""
    folder = Path(folder)
    missing = []
    while not folder.is_dir():
        missing.append(folder)
        if folder.parent == folder:
            break
        folder = folder.parent
    for each in reversed(missing):
        try:
            each.mkdir(mode=0o700)
        except FileExistsError:
            if not each.is_dir():
                raise


def user_dirs(base: Path | None = None) -> UserDirs:
    """The user's folders. ``base`` (or $SEGIB_DESKTOP_HOME) puts them all in one place."""
    base = base or (Path(os.environ["SEGIB_DESKTOP_HOME"]) if os.environ.get("SEGIB_DESKTOP_HOME") else None)
    base = base or _portable_dir()
    if base is not None:
        return UserDirs(base, base / "logs", base / "backups", base)
    return UserDirs(
        data=Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)),
        logs=Path(platformdirs.user_log_dir(APP_NAME, appauthor=False)),
        backups=Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)) / "backups",
        config=Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)),
    )
