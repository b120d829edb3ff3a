"""Cooperation programmes: members, milestones, indicators.

Revision ID: 0005
Revises: 0004
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "programmes",
        sa.Column("code", sa.String(length=30), nullable=False),
        sa.Column("name_es", sa.String(length=250), nullable=False),
        sa.Column("name_pt", sa.String(length=250), nullable=False),
        sa.Column("approved_summit_id", sa.Integer(), nullable=True),
        sa.Column("approved_on", sa.Date(), nullable=True),
        sa.Column("secretariat", sa.String(length=250), nullable=False),
        sa.Column("objectives_es", sa.Text(), nullable=False),
        sa.Column("objectives_pt", sa.Text(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uid", sa.String(length=36), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["approved_summit_id"],
            ["summits.id"],
            name=op.f("fk_programmes_approved_summit_id_summits"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_programmes")),
        sa.UniqueConstraint("code", name=op.f("uq_programmes_code")),
        sa.UniqueConstraint("uid", name=op.f("uq_programmes_uid")),
    )
    op.create_table(
        "indicator_values",
        sa.Column("programme_id", sa.Integer(), nullable=False),
        sa.Column("country_id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column(
            "indicator",
            sa.Enum(
                "banks",
                "posts",
                "donors",
                "litres_collected",
                "litres_distributed",
                "newborns",
                name="indicator",
                native_enum=False,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("value", sa.Double(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uid", sa.String(length=36), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["country_id"],
            ["countries.id"],
            name=op.f("fk_indicator_values_country_id_countries"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["programme_id"],
            ["programmes.id"],
            name=op.f("fk_indicator_values_programme_id_programmes"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_indicator_values")),
        sa.UniqueConstraint(
            "programme_id", "country_id", "year", "indicator", name=op.f("uq_indicator_values_programme_id")
        ),
        sa.UniqueConstraint("uid", name=op.f("uq_indicator_values_uid")),
    )
    with op.batch_alter_table("indicator_values", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_indicator_values_country_id"), ["country_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_indicator_values_programme_id"), ["programme_id"], unique=False)

    op.create_table(
        "programme_members",
        sa.Column("programme_id", sa.Integer(), nullable=False),
        sa.Column("country_id", sa.Integer(), nullable=False),
        sa.Column("joined_on", sa.Date(), nullable=True),
        sa.Column("left_on", sa.Date(), nullable=True),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uid", sa.String(length=36), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["country_id"],
            ["countries.id"],
            name=op.f("fk_programme_members_country_id_countries"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["programme_id"],
            ["programmes.id"],
            name=op.f("fk_programme_members_programme_id_programmes"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_programme_members")),
        sa.UniqueConstraint("programme_id", "country_id", name=op.f("uq_programme_members_programme_id")),
        sa.UniqueConstraint("uid", name=op.f("uq_programme_members_uid")),
    )
    with op.batch_alter_table("programme_members", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_programme_members_country_id"), ["country_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_programme_members_programme_id"), ["programme_id"], unique=False)

    op.create_table(
        "milestones",
        sa.Column("programme_id", sa.Integer(), nullable=False),
        sa.Column("country_id", sa.Integer(), nullable=True),
        sa.Column(
            "category",
            sa.Enum(
                "bank_opened",
                "post_opened",
                "training",
                "certification",
                "congress",
                "agreement",
                "report",
                "other",
                name="milestonecategory",
                native_enum=False,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("planned_start", sa.Date(), nullable=True),
        sa.Column("planned_end", sa.Date(), nullable=True),
        sa.Column("actual_start", sa.Date(), nullable=True),
        sa.Column("actual_end", sa.Date(), nullable=True),
        sa.Column(
            "status",
            sa.Enum(
                "planned",
                "in_progress",
                "achieved",
                "cancelled",
                name="milestonestatus",
                native_enum=False,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("progress", sa.Integer(), nullable=False),
        sa.Column("responsible", sa.String(length=150), nullable=False),
        sa.Column("mandate_id", sa.Integer(), nullable=True),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uid", sa.String(length=36), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["country_id"],
            ["countries.id"],
            name=op.f("fk_milestones_country_id_countries"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["mandate_id"],
            ["mandates.id"],
            name=op.f("fk_milestones_mandate_id_mandates"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["programme_id"],
            ["programmes.id"],
            name=op.f("fk_milestones_programme_id_programmes"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_milestones")),
        sa.UniqueConstraint("uid", name=op.f("uq_milestones_uid")),
    )
    with op.batch_alter_table("milestones", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_milestones_country_id"), ["country_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_milestones_mandate_id"), ["mandate_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_milestones_planned_end"), ["planned_end"], unique=False)
        batch_op.create_index(batch_op.f("ix_milestones_programme_id"), ["programme_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("milestones", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_milestones_programme_id"))
        batch_op.drop_index(batch_op.f("ix_milestones_planned_end"))
        batch_op.drop_index(batch_op.f("ix_milestones_mandate_id"))
        batch_op.drop_index(batch_op.f("ix_milestones_country_id"))

    op.drop_table("milestones")
    with op.batch_alter_table("programme_members", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_programme_members_programme_id"))
        batch_op.drop_index(batch_op.f("ix_programme_members_country_id"))

    op.drop_table("programme_members")
    with op.batch_alter_table("indicator_values", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_indicator_values_programme_id"))
        batch_op.drop_index(batch_op.f("ix_indicator_values_country_id"))

    op.drop_table("indicator_values")
    op.drop_table("programmes")
