"""An officer's week: review dates, delivered reports, action items owned by contacts.

- ``mandates.review_date``: when the mandate is to be reviewed (optional);
- ``mandate_progress.delivered``: the entry records a delivered report, from which a
  recurring mandate's next due date is counted;
- ``action_items.owner_contact_id``: the owner when it is a contact, so that erasing the
  contact reaches the action items it owned. Existing owners whose text is exactly a
  contact's name are linked to that contact.
- programme members with no joined date take that of their adhesion milestone.

Only ``action_items`` is rebuilt (a batch migration: SQLite cannot add a foreign key to a
table); it has no child table, and the runner turns foreign keys off and checks them
before committing (PITFALLS). The two other columns are plain ``ADD COLUMN``s.

Revision ID: 0011
Revises: 0008
"""

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("mandates", sa.Column("review_date", sa.Date(), nullable=True))
    op.create_index(op.f("ix_mandates_review_date"), "mandates", ["review_date"], unique=False)
    op.add_column("mandate_progress", sa.Column("delivered", sa.Boolean(), server_default=sa.false(),
                                                nullable=False))
    with op.batch_alter_table("action_items", schema=None) as batch_op:
        batch_op.add_column(sa.Column("owner_contact_id", sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f("ix_action_items_owner_contact_id"), ["owner_contact_id"], unique=False)
        batch_op.create_foreign_key(batch_op.f("fk_action_items_owner_contact_id_contacts"), "contacts",
                                    ["owner_contact_id"], ["id"], ondelete="SET NULL")
    # A programme member's joined date, when empty, is that of its adhesion (services.programmes).
    op.execute("UPDATE programme_members SET joined_on = (SELECT min(coalesce(m.actual_end, m.actual_start)) "
               "FROM milestones m WHERE m.programme_id = programme_members.programme_id "
               "AND m.country_id = programme_members.country_id AND m.category = 'agreement' "
               "AND m.status = 'achieved') WHERE joined_on IS NULL")
    op.execute("UPDATE action_items SET owner_contact_id = (SELECT MIN(c.id) FROM contacts c "
               "WHERE c.name = action_items.owner) WHERE owner != ''")


def downgrade() -> None:
    with op.batch_alter_table("action_items", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_action_items_owner_contact_id_contacts"), type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_action_items_owner_contact_id"))
        batch_op.drop_column("owner_contact_id")
    with op.batch_alter_table("mandate_progress", schema=None) as batch_op:
        batch_op.drop_column("delivered")
    op.drop_index(op.f("ix_mandates_review_date"), table_name="mandates")
    with op.batch_alter_table("mandates", schema=None) as batch_op:
        batch_op.drop_column("review_date")
