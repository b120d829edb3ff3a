"""English names for countries and bodies; progress entries the program writes stored as codes.

- ``countries.name_en`` and ``bodies.name_en``: the English interface showed them in Spanish. The
  reference records get their English names from db/reference/*.csv; a name left empty reads as the
  Spanish one.
- ``mandate_progress.code`` and ``.params``: the entry written when a mandate's status is changed in
  its form was saved as text in the language the screen had ("Estado cambiado en la ficha del
  mandato."); it is now saved as a code and translated when shown. Existing entries with that text,
  in any of the program's languages, become the code.

Revision ID: 0010
Revises: 0008
"""

import csv

import sqlalchemy as sa
from alembic import op

from segib_desktop import paths

revision = "0010"
down_revision = "0008"
branch_labels = None
depends_on = None

STATUS_FROM_FORM = "status_from_form"
# The texts that entry had, as written by earlier versions in English, Spanish and Portuguese.
STATUS_FROM_FORM_TEXTS = ("Status changed in the mandate's form.", "Estado cambiado en la ficha del mandato.",
                          "Status alterado na ficha do mandato.")


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


def downgrade() -> None:
    conn = op.get_bind()
    conn.execute(sa.text("UPDATE mandate_progress SET text = :text WHERE code = :code"),
                 {"text": STATUS_FROM_FORM_TEXTS[1], "code": STATUS_FROM_FORM})
    with op.batch_alter_table("mandate_progress") as batch:
        batch.drop_column("params")
        batch.drop_column("code")
    with op.batch_alter_table("bodies") as batch:
        batch.drop_column("name_en")
    with op.batch_alter_table("countries") as batch:
        batch.drop_column("name_en")
