"""What every page is given: the open workspace, the language and a way to move around."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from PySide6.QtCore import QSettings

from segib_desktop.core.db import Database
from segib_desktop.core.workspace import Workspace


@dataclass
class AppContext:
    workspace: Workspace
    lang: str
    settings: QSettings
    # navigate(page_key, **options): shows a page, e.g. navigate("mandates", status="overdue").
    navigate: Callable[..., None] = field(default=lambda key, **options: None)

    @property
    def db(self) -> Database:
        return self.workspace.db
