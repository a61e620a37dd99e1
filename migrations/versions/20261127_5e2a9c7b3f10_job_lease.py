"""job lease: scheduled jobs (print worker, folder import) run in exactly one process (issue 13)

Revision ID: 5e2a9c7b3f10
Revises: f1a7d3c9e2b4
Create Date: 2026-11-27 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '5e2a9c7b3f10'
down_revision = 'f1a7d3c9e2b4'
branch_labels = None
depends_on = None


def upgrade():
    # Reviewed: a new table; nothing to backfill (the first worker to start takes its lease).
    op.create_table('job_lease',
    sa.Column('name', sa.String(length=40), nullable=False),
    sa.Column('holder', sa.String(length=200), nullable=False),
    sa.Column('acquired_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('name', name=op.f('pk_job_lease'))
    )


def downgrade():
    # Reviewed: drops only who holds which job now; the next start takes the leases again.
    op.drop_table('job_lease')
