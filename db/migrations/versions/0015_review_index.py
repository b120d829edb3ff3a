"""An index for the home page's count of mandates to review, read at every start.

Migration 0011 gave mandates their review date, and the home page counts the open ones whose review date
has come or comes within 30 days (read.rules.to_review_sql): without an index that count read every open
mandate, 4 ms of the 12 ms of the home page's figures on 20,000 mandates, 57 ms on 200,000. With it, the
count reads the index alone (under a tenth of a millisecond at both sizes).

Revision ID: 0015
Revises: 0014
"""

from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_mandates_status_review_date", "mandates", ["status", "review_date"])


def downgrade() -> None:
    op.drop_index("ix_mandates_status_review_date", table_name="mandates")
