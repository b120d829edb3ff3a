"""Mandates, their addressees and their progress log.

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "areas",
        sa.Column("name", sa.String(length=150), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uid", sa.String(length=36), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_areas")),
        sa.UniqueConstraint("name", name=op.f("uq_areas_name")),
        sa.UniqueConstraint("uid", name=op.f("uq_areas_uid")),
    )
    op.create_table(
        "mandates",
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("point", sa.String(length=30), nullable=False),
        sa.Column("code", sa.String(length=60), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("area_id", sa.Integer(), nullable=True),
        sa.Column("officer", sa.String(length=150), nullable=False),
        sa.Column("due_date", sa.Date(), nullable=True),
        sa.Column(
            "recurrence",
            sa.Enum("one_off", "annual", "each_cycle", name="recurrence", native_enum=False, length=32),
            nullable=False,
        ),
        sa.Column(
            "priority",
            sa.Enum("high", "medium", "low", name="priority", native_enum=False, length=32),
            nullable=False,
        ),
        sa.Column(
            "status",
            sa.Enum(
                "not_started",
                "in_progress",
                "fulfilled",
                "ongoing",
                "superseded",
                "not_applicable",
                name="mandatestatus",
                native_enum=False,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("tags", sa.String(length=300), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uid", sa.String(length=36), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["area_id"], ["areas.id"], name=op.f("fk_mandates_area_id_areas"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["documents.id"],
            name=op.f("fk_mandates_document_id_documents"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mandates")),
        sa.UniqueConstraint("uid", name=op.f("uq_mandates_uid")),
    )
    with op.batch_alter_table("mandates", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_mandates_area_id"), ["area_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_mandates_code"), ["code"], unique=False)
        batch_op.create_index(batch_op.f("ix_mandates_document_id"), ["document_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_mandates_due_date"), ["due_date"], unique=False)
        batch_op.create_index(batch_op.f("ix_mandates_status"), ["status"], unique=False)

    op.create_table(
        "mandate_areas",
        sa.Column("mandate_id", sa.Integer(), nullable=False),
        sa.Column("area_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["area_id"], ["areas.id"], name=op.f("fk_mandate_areas_area_id_areas"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["mandate_id"],
            ["mandates.id"],
            name=op.f("fk_mandate_areas_mandate_id_mandates"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("mandate_id", "area_id", name=op.f("pk_mandate_areas")),
    )
    op.create_table(
        "mandate_bodies",
        sa.Column("mandate_id", sa.Integer(), nullable=False),
        sa.Column("body_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["body_id"], ["bodies.id"], name=op.f("fk_mandate_bodies_body_id_bodies"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["mandate_id"],
            ["mandates.id"],
            name=op.f("fk_mandate_bodies_mandate_id_mandates"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("mandate_id", "body_id", name=op.f("pk_mandate_bodies")),
    )
    op.create_table(
        "mandate_countries",
        sa.Column("mandate_id", sa.Integer(), nullable=False),
        sa.Column("country_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["country_id"],
            ["countries.id"],
            name=op.f("fk_mandate_countries_country_id_countries"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["mandate_id"],
            ["mandates.id"],
            name=op.f("fk_mandate_countries_mandate_id_mandates"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("mandate_id", "country_id", name=op.f("pk_mandate_countries")),
    )
    op.create_table(
        "mandate_progress",
        sa.Column("mandate_id", sa.Integer(), nullable=False),
        sa.Column("entry_date", sa.Date(), nullable=False),
        sa.Column("author", sa.String(length=150), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column(
            "new_status",
            sa.Enum(
                "not_started",
                "in_progress",
                "fulfilled",
                "ongoing",
                "superseded",
                "not_applicable",
                name="mandatestatus",
                native_enum=False,
                length=32,
            ),
            nullable=True,
        ),
        sa.Column("evidence", sa.Text(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uid", sa.String(length=36), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["mandate_id"],
            ["mandates.id"],
            name=op.f("fk_mandate_progress_mandate_id_mandates"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mandate_progress")),
        sa.UniqueConstraint("uid", name=op.f("uq_mandate_progress_uid")),
    )
    with op.batch_alter_table("mandate_progress", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_mandate_progress_mandate_id"), ["mandate_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("mandate_progress", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_mandate_progress_mandate_id"))

    op.drop_table("mandate_progress")
    op.drop_table("mandate_countries")
    op.drop_table("mandate_bodies")
    op.drop_table("mandate_areas")
    with op.batch_alter_table("mandates", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_mandates_status"))
        batch_op.drop_index(batch_op.f("ix_mandates_due_date"))
        batch_op.drop_index(batch_op.f("ix_mandates_document_id"))
        batch_op.drop_index(batch_op.f("ix_mandates_code"))
        batch_op.drop_index(batch_op.f("ix_mandates_area_id"))

    op.drop_table("mandates")
    op.drop_table("areas")
