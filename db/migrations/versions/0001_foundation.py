"""Countries, bodies, contacts, summits, settings and the audit trail.

Revision ID: 0001
Revises: None
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("user", sa.String(length=150), nullable=False),
        sa.Column("table_name", sa.String(length=60), nullable=False),
        sa.Column("record_id", sa.Integer(), nullable=True),
        sa.Column("record_uid", sa.String(length=36), nullable=False),
        sa.Column("action", sa.String(length=10), nullable=False),
        sa.Column("changes", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_log")),
    )
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_audit_log_at"), ["at"], unique=False)
        batch_op.create_index(batch_op.f("ix_audit_log_record_uid"), ["record_uid"], unique=False)

    op.create_table(
        "bodies",
        sa.Column("acronym", sa.String(length=30), nullable=False),
        sa.Column("name_es", sa.String(length=250), nullable=False),
        sa.Column("name_pt", sa.String(length=250), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "ibero_american",
                "international",
                "observer",
                "national",
                "other",
                name="bodykind",
                native_enum=False,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("seat", sa.String(length=120), nullable=False),
        sa.Column("website", sa.String(length=250), nullable=False),
        sa.Column("founded", sa.Integer(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uid", sa.String(length=36), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_bodies")),
        sa.UniqueConstraint("acronym", name=op.f("uq_bodies_acronym")),
        sa.UniqueConstraint("uid", name=op.f("uq_bodies_uid")),
    )
    op.create_table(
        "countries",
        sa.Column("iso2", sa.String(length=2), nullable=False),
        sa.Column("iso3", sa.String(length=3), nullable=False),
        sa.Column("name_es", sa.String(length=120), nullable=False),
        sa.Column("name_pt", sa.String(length=120), nullable=False),
        sa.Column("member_since", sa.Integer(), nullable=True),
        sa.Column("region", sa.String(length=60), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uid", sa.String(length=36), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_countries")),
        sa.UniqueConstraint("iso2", name=op.f("uq_countries_iso2")),
        sa.UniqueConstraint("uid", name=op.f("uq_countries_uid")),
    )
    op.create_table(
        "settings",
        sa.Column("key", sa.String(length=100), nullable=False),
        sa.Column("value", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_settings")),
    )
    op.create_table(
        "contacts",
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("role", sa.String(length=200), nullable=False),
        sa.Column("body_id", sa.Integer(), nullable=True),
        sa.Column("country_id", sa.Integer(), nullable=True),
        sa.Column("email", sa.String(length=200), nullable=False),
        sa.Column("phone", sa.String(length=60), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uid", sa.String(length=36), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["body_id"], ["bodies.id"], name=op.f("fk_contacts_body_id_bodies"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["country_id"],
            ["countries.id"],
            name=op.f("fk_contacts_country_id_countries"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_contacts")),
        sa.UniqueConstraint("uid", name=op.f("uq_contacts_uid")),
    )
    with op.batch_alter_table("contacts", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_contacts_body_id"), ["body_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_contacts_country_id"), ["country_id"], unique=False)

    op.create_table(
        "summits",
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=True),
        sa.Column("end_date", sa.Date(), nullable=True),
        sa.Column("city", sa.String(length=120), nullable=False),
        sa.Column("host_country_id", sa.Integer(), nullable=True),
        sa.Column("theme_es", sa.Text(), nullable=False),
        sa.Column("theme_pt", sa.Text(), nullable=False),
        sa.Column(
            "status",
            sa.Enum("planned", "held", "postponed", name="summitstatus", native_enum=False, length=32),
            nullable=False,
        ),
        sa.Column("spt_country_id", sa.Integer(), nullable=True),
        sa.Column("spt_start", sa.Date(), nullable=True),
        sa.Column("spt_end", sa.Date(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uid", sa.String(length=36), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["host_country_id"],
            ["countries.id"],
            name=op.f("fk_summits_host_country_id_countries"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["spt_country_id"],
            ["countries.id"],
            name=op.f("fk_summits_spt_country_id_countries"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_summits")),
        sa.UniqueConstraint("number", name=op.f("uq_summits_number")),
        sa.UniqueConstraint("uid", name=op.f("uq_summits_uid")),
    )
    with op.batch_alter_table("summits", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_summits_host_country_id"), ["host_country_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_summits_spt_country_id"), ["spt_country_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("summits", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_summits_spt_country_id"))
        batch_op.drop_index(batch_op.f("ix_summits_host_country_id"))

    op.drop_table("summits")
    with op.batch_alter_table("contacts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_contacts_country_id"))
        batch_op.drop_index(batch_op.f("ix_contacts_body_id"))

    op.drop_table("contacts")
    op.drop_table("settings")
    op.drop_table("countries")
    op.drop_table("bodies")
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_audit_log_record_uid"))
        batch_op.drop_index(batch_op.f("ix_audit_log_at"))

    op.drop_table("audit_log")
