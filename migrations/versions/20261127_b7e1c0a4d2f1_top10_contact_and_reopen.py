"""Top 10: contact data on damage reports and cases, and the count of repeats after closing

Revision ID: b7e1c0a4d2f1
Revises: 0c0bed1b9196
Create Date: 2026-11-27 02:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b7e1c0a4d2f1'
down_revision = '0c0bed1b9196'
branch_labels = None
depends_on = None

CONTACT = (("phone", 80), ("address", 300), ("zone", 120), ("contact_person", 160))


def upgrade():
    # Reviewed: plain column additions with server defaults, so existing rows read "" / 0 (SQLite and PostgreSQL).
    for table in ("top10_damage_report", "top10_case"):
        with op.batch_alter_table(table) as batch:
            for name, length in CONTACT:
                batch.add_column(sa.Column(name, sa.String(length=length), nullable=False, server_default=""))
    with op.batch_alter_table("top10_case") as batch:
        batch.add_column(sa.Column("reopened", sa.Integer(), nullable=False, server_default="0"))


def downgrade():
    with op.batch_alter_table("top10_case") as batch:
        batch.drop_column("reopened")
    for table in ("top10_case", "top10_damage_report"):
        with op.batch_alter_table(table) as batch:
            for name, _length in reversed(CONTACT):
                batch.drop_column(name)
