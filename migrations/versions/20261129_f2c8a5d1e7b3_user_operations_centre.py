"""user.operations_centre: the Centro de Operaciones a Top 10 user works for (empty: every centre)

Revision ID: f2c8a5d1e7b3
Revises: e4a7c2f9b1d5
Create Date: 2026-11-29 10:00:00.000000

"""
import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = 'f2c8a5d1e7b3'
down_revision = 'e4a7c2f9b1d5'
branch_labels = None
depends_on = None


def upgrade():
    # Reviewed: existing users get "" (every centre), so every inbox stays as it was until an admin names a centre.
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.add_column(sa.Column('operations_centre', sa.String(length=120), server_default='', nullable=False))


def downgrade():
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.drop_column('operations_centre')
