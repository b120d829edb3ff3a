"""Countries and bodies: the small lookups every screen needs (names in the reader's language)."""

from __future__ import annotations

from typing import NamedTuple

from sqlalchemy import select

from segib_desktop.core.db import Database
from segib_desktop.core.models import Body, Country
from segib_desktop.core.read import expr
from segib_desktop.i18n import fold


class CountryChoice(NamedTuple):
    id: int
    iso2: str
    name: str


class BodyChoice(NamedTuple):
    id: int
    acronym: str
    name: str


def countries(db: Database, lang: str) -> list[CountryChoice]:
    """Sorted by name (as a reader sorts: without case or accents)."""
    with db.session() as s:
        rows = s.execute(select(Country.id, Country.iso2, expr.localised(lang, Country))).all()
    return sorted((CountryChoice(*r) for r in rows), key=lambda r: fold(r.name))


def bodies(db: Database, lang: str) -> list[BodyChoice]:
    """Sorted by acronym."""
    with db.session() as s:
        rows = s.execute(select(Body.id, Body.acronym, expr.localised(lang, Body)).order_by(Body.acronym)).all()
    return [BodyChoice(*r) for r in rows]
