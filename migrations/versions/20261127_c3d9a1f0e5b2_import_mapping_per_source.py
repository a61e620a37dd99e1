"""Column mapping saved per source (issue 12): the header each export kind's files use for each column

Revision ID: c3d9a1f0e5b2
Revises: b7e1c0a4d2f1
Create Date: 2026-11-27 05:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c3d9a1f0e5b2'
down_revision = 'b7e1c0a4d2f1'
branch_labels = None
depends_on = None


def upgrade():
    # Reviewed: one new table, nothing else touched.
    op.create_table(
        'import_mapping',
        sa.Column('kind', sa.String(length=20), nullable=False),
        sa.Column('headers', sa.JSON(), nullable=False),
        sa.Column('actor_name', sa.String(length=120), nullable=False),
        sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('kind'),
    )


def downgrade():
    op.drop_table('import_mapping')
