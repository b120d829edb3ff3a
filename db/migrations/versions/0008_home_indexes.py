"""Indexes for the home page's figures, which are read at every start.

The counts of open and overdue mandates and action items, the mandates per summit
(through their documents) and the IberBLH milestones per country and status are
then read from these indexes alone: on 20,000 mandates, 27 ms become 6 ms.

Revision ID: 0008
Revises: 0007
"""

from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

INDEXES = {
    "ix_mandates_status_due_date": ("mandates", ["status", "due_date"]),
    "ix_mandates_document_id_status": ("mandates", ["document_id", "status"]),
    "ix_action_items_status_due_date": ("action_items", ["status", "due_date"]),
    "ix_milestones_chart": ("milestones", ["programme_id", "country_id", "status", "planned_end", "actual_end"]),
}


def upgrade() -> None:
    for name, (table, columns) in INDEXES.items():
        op.create_index(name, table, columns)


def downgrade() -> None:
    for name, (table, _columns) in INDEXES.items():
        op.drop_index(name, table_name=table)
