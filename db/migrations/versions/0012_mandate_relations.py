"""Relations between mandates: renews, continues, overlaps, distinct (issue 23).

Revision ID: 0012
Revises: 0011
"""

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "mandate_relations",
        sa.Column("mandate_id", sa.Integer(), nullable=False),
        sa.Column("other_id", sa.Integer(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum("renews", "continues", "overlaps", "distinct", name="relationkind", native_enum=False,
                    length=32),
            nullable=False,
        ),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uid", sa.String(length=36), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["mandate_id"], ["mandates.id"],
                                name=op.f("fk_mandate_relations_mandate_id_mandates"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["other_id"], ["mandates.id"],
                                name=op.f("fk_mandate_relations_other_id_mandates"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mandate_relations")),
        sa.UniqueConstraint("mandate_id", "other_id", name=op.f("uq_mandate_relations_mandate_id")),
        sa.UniqueConstraint("uid", name=op.f("uq_mandate_relations_uid")),
    )
    op.create_index(op.f("ix_mandate_relations_mandate_id"), "mandate_relations", ["mandate_id"])
    op.create_index(op.f("ix_mandate_relations_other_id"), "mandate_relations", ["other_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_mandate_relations_other_id"), table_name="mandate_relations")
    op.drop_index(op.f("ix_mandate_relations_mandate_id"), table_name="mandate_relations")
    op.drop_table("mandate_relations")
