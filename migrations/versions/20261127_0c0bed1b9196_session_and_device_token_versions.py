"""session and device token versions

Revision ID: 0c0bed1b9196
Revises: 0b1e72c7d989
Create Date: 2026-11-27 02:10:57.704997

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0c0bed1b9196'
down_revision = '0b1e72c7d989'
branch_labels = None
depends_on = None


def upgrade():
    # Reviewed: two counters, 1 for existing rows. Sessions from before this migration carry no version and
    # end once (staff sign in again; devices open their start URL again).
    with op.batch_alter_table('device', schema=None) as batch_op:
        batch_op.add_column(sa.Column('token_version', sa.Integer(), server_default='1', nullable=False))

    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.add_column(sa.Column('session_version', sa.Integer(), server_default='1', nullable=False))


def downgrade():
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.drop_column('session_version')

    with op.batch_alter_table('device', schema=None) as batch_op:
        batch_op.drop_column('token_version')
