"""ticket (day, queue_id, status) index: today's tickets of a queue without walking the history (issue 13)

Revision ID: a7c41e9d2b63
Revises: 5e2a9c7b3f10
Create Date: 2026-11-28 07:00:00.000000

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = 'a7c41e9d2b63'
down_revision = '5e2a9c7b3f10'
branch_labels = None
depends_on = None


def upgrade():
    # Reviewed: an index only; building it reads the ticket table once (seconds for a year of tickets).
    with op.batch_alter_table('ticket', schema=None) as batch_op:
        batch_op.create_index('ix_ticket_day_queue', ['day', 'queue_id', 'status'], unique=False)


def downgrade():
    with op.batch_alter_table('ticket', schema=None) as batch_op:
        batch_op.drop_index('ix_ticket_day_queue')
