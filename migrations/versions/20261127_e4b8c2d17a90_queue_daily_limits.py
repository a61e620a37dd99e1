"""queue daily limits: a daily quota, and the opening and closing times of each queue (issue 11)

Revision ID: e4b8c2d17a90
Revises: e4a7c2b9d1f3
Create Date: 2026-11-27 07:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'e4b8c2d17a90'
down_revision = 'e4a7c2b9d1f3'
branch_labels = None
depends_on = None


def upgrade():
    # Reviewed: three nullable columns; NULL is «no limit», so existing queues keep issuing as before.
    with op.batch_alter_table('queue', schema=None) as batch_op:
        batch_op.add_column(sa.Column('daily_quota', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('opens_at', sa.Time(), nullable=True))
        batch_op.add_column(sa.Column('closes_at', sa.Time(), nullable=True))


def downgrade():
    # Reviewed: dropping the limits only lifts them; no ticket data is lost.
    with op.batch_alter_table('queue', schema=None) as batch_op:
        batch_op.drop_column('closes_at')
        batch_op.drop_column('opens_at')
        batch_op.drop_column('daily_quota')
