"""desk.state_since: since when a desk is open, paused or closed (the live monitor's «En pausa desde 10:32»)

No event recorded a pause or a sign-in: the monitor's «Tiempo» was empty for a paused or idle desk.

Revision ID: d4f6a8c0e2b1
Revises: c5e1a8d3f0b7
Create Date: 2026-11-30 12:00:00.000000

"""
import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = 'd4f6a8c0e2b1'
down_revision = 'c5e1a8d3f0b7'
branch_labels = None
depends_on = None


def upgrade():
    # Reviewed: NULL for existing desks (unknown); the next state change sets it.
    with op.batch_alter_table('desk', schema=None) as batch_op:
        batch_op.add_column(sa.Column('state_since', sa.DateTime(timezone=True), nullable=True))


def downgrade():
    with op.batch_alter_table('desk', schema=None) as batch_op:
        batch_op.drop_column('state_since')
