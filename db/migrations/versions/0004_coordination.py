"""Coordination activities with bodies and their action items.

Revision ID: 0004
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "activities",
        sa.Column(
            "kind",
            sa.Enum(
                "meeting",
                "letter",
                "agreement",
                "joint_action",
                "call",
                "other",
                name="activitykind",
                native_enum=False,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("subject", sa.String(length=300), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("outcome", sa.Text(), nullable=False),
        sa.Column("files", sa.Text(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uid", sa.String(length=36), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_activities")),
        sa.UniqueConstraint("uid", name=op.f("uq_activities_uid")),
    )
    with op.batch_alter_table("activities", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_activities_date"), ["date"], unique=False)

    op.create_table(
        "action_items",
        sa.Column("activity_id", sa.Integer(), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("owner", sa.String(length=150), nullable=False),
        sa.Column("due_date", sa.Date(), nullable=True),
        sa.Column(
            "status",
            sa.Enum("open", "done", "cancelled", name="actionstatus", native_enum=False, length=32),
            nullable=False,
        ),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uid", sa.String(length=36), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["activity_id"],
            ["activities.id"],
            name=op.f("fk_action_items_activity_id_activities"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_action_items")),
        sa.UniqueConstraint("uid", name=op.f("uq_action_items_uid")),
    )
    with op.batch_alter_table("action_items", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_action_items_activity_id"), ["activity_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_action_items_due_date"), ["due_date"], unique=False)

    op.create_table(
        "activity_bodies",
        sa.Column("activity_id", sa.Integer(), nullable=False),
        sa.Column("body_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["activity_id"],
            ["activities.id"],
            name=op.f("fk_activity_bodies_activity_id_activities"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["body_id"], ["bodies.id"], name=op.f("fk_activity_bodies_body_id_bodies"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("activity_id", "body_id", name=op.f("pk_activity_bodies")),
    )
    op.create_index(op.f("ix_activity_bodies_body_id"), "activity_bodies", ["body_id"], unique=False)
    op.create_table(
        "activity_contacts",
        sa.Column("activity_id", sa.Integer(), nullable=False),
        sa.Column("contact_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["activity_id"],
            ["activities.id"],
            name=op.f("fk_activity_contacts_activity_id_activities"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["contact_id"],
            ["contacts.id"],
            name=op.f("fk_activity_contacts_contact_id_contacts"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("activity_id", "contact_id", name=op.f("pk_activity_contacts")),
    )
    op.create_index(op.f("ix_activity_contacts_contact_id"), "activity_contacts", ["contact_id"], unique=False)
    op.create_table(
        "activity_summits",
        sa.Column("activity_id", sa.Integer(), nullable=False),
        sa.Column("summit_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["activity_id"],
            ["activities.id"],
            name=op.f("fk_activity_summits_activity_id_activities"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["summit_id"],
            ["summits.id"],
            name=op.f("fk_activity_summits_summit_id_summits"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("activity_id", "summit_id", name=op.f("pk_activity_summits")),
    )
    op.create_index(op.f("ix_activity_summits_summit_id"), "activity_summits", ["summit_id"], unique=False)
    op.create_table(
        "activity_meetings",
        sa.Column("activity_id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["activity_id"],
            ["activities.id"],
            name=op.f("fk_activity_meetings_activity_id_activities"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["meeting_id"],
            ["meetings.id"],
            name=op.f("fk_activity_meetings_meeting_id_meetings"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("activity_id", "meeting_id", name=op.f("pk_activity_meetings")),
    )
    op.create_index(op.f("ix_activity_meetings_meeting_id"), "activity_meetings", ["meeting_id"], unique=False)
    op.create_table(
        "activity_mandates",
        sa.Column("activity_id", sa.Integer(), nullable=False),
        sa.Column("mandate_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["activity_id"],
            ["activities.id"],
            name=op.f("fk_activity_mandates_activity_id_activities"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["mandate_id"],
            ["mandates.id"],
            name=op.f("fk_activity_mandates_mandate_id_mandates"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("activity_id", "mandate_id", name=op.f("pk_activity_mandates")),
    )
    op.create_index(op.f("ix_activity_mandates_mandate_id"), "activity_mandates", ["mandate_id"], unique=False)


def downgrade() -> None:
    op.drop_table("activity_mandates")
    op.drop_table("activity_meetings")
    op.drop_table("activity_summits")
    op.drop_table("activity_contacts")
    op.drop_table("activity_bodies")
    with op.batch_alter_table("action_items", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_action_items_due_date"))
        batch_op.drop_index(batch_op.f("ix_action_items_activity_id"))

    op.drop_table("action_items")
    with op.batch_alter_table("activities", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_activities_date"))

    op.drop_table("activities")
