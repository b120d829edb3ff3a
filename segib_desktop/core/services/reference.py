"""Countries and bodies: the small lookups every screen needs."""

from __future__ import annotations

from sqlalchemy import select

from segib_desktop.core.db import Database
from segib_desktop.core.models import Body, Country


class LookupService:
    def __init__(self, db: Database):
        self.db = db

    def countries(self, lang: str) -> list[tuple[int, str, str]]:
        """(id, ISO code, name in ``lang``), sorted by name."""
        name = Country.name_pt if lang == "pt" else Country.name_es
        with self.db.session() as s:
            rows = s.execute(select(Country.id, Country.iso2, name)).all()
        return sorted((tuple(r) for r in rows), key=lambda r: r[2])

    def bodies(self, lang: str) -> list[tuple[int, str, str]]:
        """(id, acronym, name in ``lang``), sorted by acronym."""
        with self.db.session() as s:
            rows = s.execute(select(Body.id, Body.acronym, Body.name_es, Body.name_pt).order_by(Body.acronym)).all()
        return [(r.id, r.acronym, (r.name_pt or r.name_es) if lang == "pt" else r.name_es) for r in rows]
