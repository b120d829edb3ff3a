"""English names for countries and bodies; progress entries the program writes stored as codes.

- ``countries.name_en`` and ``bodies.name_en``: the English interface showed them in Spanish. The
  reference records get their English names from db/reference/*.csv; a name left empty reads as the
  Spanish one.
- ``mandate_progress.code`` and ``.params``: the entries the program writes (a status changed in the
  form, a responsible area changed for many mandates) were saved as text in the language the screen
  had ("Estado cambiado en la ficha del mandato."); they are now a code and its parameters, translated
  when shown. Existing entries with those texts, in any of the program's languages, are converted;
  what the officer added below the program's line stays as text.

Revision ID: 0010
Revises: 0008
"""

import csv
import json
import re

import sqlalchemy as sa
from alembic import op

from segib_desktop import paths

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

STATUS_FROM_FORM = "status_from_form"
# The texts that entry had, as written by earlier versions in English, Spanish and Portuguese.
STATUS_FROM_FORM_TEXTS = ("Status changed in the mandate's form.", "Estado cambiado en la ficha del mandato.",
                          "Status alterado na ficha do mandato.")


AREA_CHANGED = "area_changed"
# The area-change line as earlier versions wrote it, in English, Spanish and Portuguese, and "no area".
AREA_CHANGED_TEXTS = (("Responsible area changed from {old} to {new}.", "(none)"),
                      ("Área responsable cambiada de {old} a {new}.", "(ninguna)"),
                      ("Área responsável alterada de {old} para {new}.", "(nenhuma)"))


def _area_patterns():
    for template, none in AREA_CHANGED_TEXTS:
        pattern = re.escape(template).replace(r"\{old\}", "(?P<old>.*?)").replace(r"\{new\}", "(?P<new>.*?)")
        yield re.compile(f"^{pattern}$"), none


def _reference(name: str, key: str) -> dict[str, str]:
    with (paths.reference_dir() / name).open(encoding="utf-8", newline="") as fh:
        return {row[key]: row["name_en"] for row in csv.DictReader(fh)}


def upgrade() -> None:
    op.add_column("countries", sa.Column("name_en", sa.String(length=120), nullable=False, server_default=""))
    op.add_column("bodies", sa.Column("name_en", sa.String(length=250), nullable=False, server_default=""))
    op.add_column("mandate_progress", sa.Column("code", sa.String(length=40), nullable=False, server_default=""))
    op.add_column("mandate_progress", sa.Column("params", sa.Text(), nullable=False, server_default=""))
    conn = op.get_bind()
    for table, key, names in (("countries", "iso2", _reference("countries.csv", "iso2")),
                              ("bodies", "acronym", _reference("bodies.csv", "acronym"))):
        conn.execute(sa.text(f"UPDATE {table} SET name_en = :name WHERE {key} = :key"),
                     [{"name": name, "key": key_value} for key_value, name in names.items()])
    conn.execute(sa.text("UPDATE mandate_progress SET code = :code, text = '' WHERE text IN :texts")
                 .bindparams(sa.bindparam("texts", expanding=True)),
                 {"code": STATUS_FROM_FORM, "texts": list(STATUS_FROM_FORM_TEXTS)})
    patterns = list(_area_patterns())
    converted = []
    for entry_id, text in conn.execute(sa.text("SELECT id, text FROM mandate_progress WHERE code = '' AND "
                                               "(text LIKE 'Responsible area %' OR text LIKE 'Área respons%')")):
        first, _newline, rest = text.partition("\n")
        for pattern, none in patterns:
            found = pattern.match(first)
            if found:
                params = {key: "" if value == none else value for key, value in found.groupdict().items()}
                converted.append({"id": entry_id, "code": AREA_CHANGED, "text": rest,
                                  "params": json.dumps(params, ensure_ascii=False, sort_keys=True)})
                break
    if converted:
        conn.execute(sa.text("UPDATE mandate_progress SET code = :code, params = :params, text = :text "
                             "WHERE id = :id"), converted)


def downgrade() -> None:
    conn = op.get_bind()
    template, none = AREA_CHANGED_TEXTS[1]  # back to text, in Spanish
    for entry_id, text, params in conn.execute(sa.text("SELECT id, text, params FROM mandate_progress "
                                                       "WHERE code = :code"), {"code": AREA_CHANGED}).all():
        values = {key: value or none for key, value in json.loads(params or "{}").items()}
        line = template.format(**{"old": none, "new": none} | values)
        conn.execute(sa.text("UPDATE mandate_progress SET text = :text WHERE id = :id"),
                     {"text": "\n".join(filter(None, [line, text])), "id": entry_id})
    conn.execute(sa.text("UPDATE mandate_progress SET text = :text WHERE code = :code"),
                 {"text": STATUS_FROM_FORM_TEXTS[1], "code": STATUS_FROM_FORM})
    with op.batch_alter_table("mandate_progress") as batch:
        batch.drop_column("params")
        batch.drop_column("code")
    with op.batch_alter_table("bodies") as batch:
        batch.drop_column("name_en")
    with op.batch_alter_table("countries") as batch:
        batch.drop_column("name_en")
