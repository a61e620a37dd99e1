"""print_job.device_id: the kiosk that asked for the printout hears when it is done (issue 13)

Revision ID: e4a7c2f9b1d5
Revises: d8e2b4c7f1a3
Create Date: 2026-11-28 15:40:00.000000

"""
import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = 'e4a7c2f9b1d5'
down_revision = 'd8e2b4c7f1a3'
branch_labels = None
depends_on = None


def upgrade():
    # Reviewed: a nullable column; jobs queued before it name no device (reception's, the admin's) and keep none.
    with op.batch_alter_table('print_job', schema=None) as batch_op:
        batch_op.add_column(sa.Column('device_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key('fk_print_job_device_id_device', 'device', ['device_id'], ['id'],
                                    ondelete='SET NULL')


def downgrade():
    with op.batch_alter_table('print_job', schema=None) as batch_op:
        batch_op.drop_constraint('fk_print_job_device_id_device', type_='foreignkey')
        batch_op.drop_column('device_id')
