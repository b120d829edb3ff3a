"""The reference data shipped in db/reference/: countries, bodies, summits, programmes.

Loaded when a database is created. Each record has the same UUID in every
database (derived from its natural key) and is inserted only if missing: loading
again never duplicates and never overwrites what a user edited.
"""

from __future__ import annotations

import csv
import datetime as dt
import json

from sqlalchemy import Connection, insert, select

from segib_desktop import paths
from segib_desktop.core.models import (
    Body,
    BodyKind,
    Country,
    Programme,
    ProgrammeMember,
    Summit,
    SummitStatus,
    reference_uid,
)


def _rows(name: str) -> list[dict[str, str]]:
    with (paths.reference_dir() / name).open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _insert_missing(conn: Connection, model, key: str, rows: list[dict]) -> int:
    existing = set(conn.scalars(select(getattr(model, key))))
    missing = [row for row in rows if row[key] not in existing]
    if missing:
        conn.execute(insert(model), missing)
    return len(missing)


def load(conn: Connection, today: dt.date | None = None) -> int:
    """Inserts the reference records that are missing; returns how many were added."""
    today = today or dt.date.today()
    added = _insert_missing(conn, Country, "iso2", [
        {"uid": reference_uid("country", r["iso2"]), "iso2": r["iso2"], "iso3": r["iso3"],
         "name_es": r["name_es"], "name_pt": r["name_pt"], "name_en": r["name_en"], "member_since": int(r["member_since"]),
         "region": r["region"]}
        for r in _rows("countries.csv")])
    added += _insert_missing(conn, Body, "acronym", [
        {"uid": reference_uid("body", r["acronym"]), "acronym": r["acronym"], "name_es": r["name_es"],
         "name_pt": r["name_pt"], "name_en": r["name_en"], "kind": BodyKind.IBERO_AMERICAN, "seat": r["seat"],
         "founded": int(r["founded"]) if r["founded"] else None}
        for r in _rows("bodies.csv")])

    country_ids = dict(conn.execute(select(Country.iso2, Country.id)).all())
    summits, previous_end = [], None
    for r in sorted(_rows("summits.csv"), key=lambda r: int(r["number"])):
        start, end = dt.date.fromisoformat(r["start_date"]), dt.date.fromisoformat(r["end_date"])
        host = country_ids.get(r["country_iso2"])
        summits.append({
            "uid": reference_uid("summit", int(r["number"])), "number": int(r["number"]),
            "start_date": start, "end_date": end, "city": r["city"], "host_country_id": host,
            "theme_es": r["theme_es"], "status": SummitStatus.HELD if end < today else SummitStatus.PLANNED,
            # The host chairs the cycle that leads to its summit, from the previous summit on.
            "spt_country_id": host, "spt_start": previous_end, "spt_end": end,
        })
        previous_end = end
    added += _insert_missing(conn, Summit, "number", summits)

    summit_ids = dict(conn.execute(select(Summit.number, Summit.id)).all())
    with (paths.reference_dir() / "programmes.json").open(encoding="utf-8") as fh:
        programmes = json.load(fh)
    added += _insert_missing(conn, Programme, "code", [
        {"uid": reference_uid("programme", p["code"]), "code": p["code"], "name_es": p["name_es"],
         "name_pt": p["name_pt"], "approved_summit_id": summit_ids.get(p["approved_summit"]),
         "approved_on": dt.date.fromisoformat(p["approved_on"]), "secretariat": p["secretariat"],
         "objectives_es": p["objectives_es"], "objectives_pt": p["objectives_pt"]}
        for p in programmes])
    for p in programmes:
        programme_id = conn.scalar(select(Programme.id).where(Programme.code == p["code"]))
        members = set(conn.scalars(select(ProgrammeMember.country_id)
                                   .where(ProgrammeMember.programme_id == programme_id)))
        rows = [{"uid": reference_uid("member", f"{p['code']}:{iso}"), "programme_id": programme_id,
                 "country_id": country_ids[iso]} for iso in p["members"] if country_ids[iso] not in members]
        if rows:
            conn.execute(insert(ProgrammeMember), rows)
            added += len(rows)
    return added
