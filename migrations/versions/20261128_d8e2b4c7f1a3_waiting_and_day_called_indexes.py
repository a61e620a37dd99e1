"""ix_ticket_waiting also holds target_desk_id and preferential; ix_ticket_day_called for the panels' last calls (issue 13)

Revision ID: d8e2b4c7f1a3
Revises: c3f9a1d6e8b2
Create Date: 2026-11-28 10:05:00.000000

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = 'd8e2b4c7f1a3'
down_revision = 'c3f9a1d6e8b2'
branch_labels = None
depends_on = None


def upgrade():
    # Reviewed: the index is rebuilt with two more columns; building it reads the ticket table once.
    with op.batch_alter_table('ticket', schema=None) as batch_op:
        batch_op.drop_index('ix_ticket_waiting')
        batch_op.create_index('ix_ticket_waiting', ['status', 'queue_id', 'arrival_at', 'target_desk_id',
                                                    'preferential'], unique=False)
        batch_op.create_index('ix_ticket_day_called', ['day', 'last_called_at'], unique=False)


def downgrade():
    with op.batch_alter_table('ticket', schema=None) as batch_op:
        batch_op.drop_index('ix_ticket_day_called')
        batch_op.drop_index('ix_ticket_waiting')
        batch_op.create_index('ix_ticket_waiting', ['status', 'queue_id', 'arrival_at'], unique=False)
