"""The migrations' revisions, read from their files: what the backups and the migrations runner both need.

Kept apart from ``migrate`` (which makes a backup before it upgrades) so that ``backups`` can check a
backup's revision without importing ``migrate``: no import circle.
"""

from __future__ import annotations

import re

from segib_desktop import paths

_REVISION = re.compile(r"^(down_revision|revision)\b[^=\n]*=\s*['\"]?([\w.-]+|None)", re.MULTILINE)


def known_revisions() -> tuple[str, set[str]]:
    """The head revision and every revision this program knows.

    Read from the migration files' ``revision =`` lines rather than through
    Alembic, whose import costs a tenth of a second at every start; a test
    checks that both agree. Our chain is linear (no branches, no merges).
    """
    revisions, parents = set(), set()
    for script in (paths.migrations_dir() / "versions").glob("*.py"):
        found = dict(m.groups() for m in _REVISION.finditer(script.read_text(encoding="utf-8")))
        if "revision" in found:
            revisions.add(found["revision"])
            parents.add(found.get("down_revision"))
    heads = revisions - parents
    if len(heads) != 1:
        raise RuntimeError(f"the migrations must form one chain; heads: {sorted(heads)}")
    return heads.pop(), revisions
