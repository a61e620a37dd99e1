"""top10_action: step 15's «Requiere trabajo del técnico» recorded as itself, not as «monitoreo»

record_solution recorded the outcome «requiere_tecnico» as action `monitoreo`, so the case's history read «Solución
en curso: monitoreo» for a case sent to the operations centre. Those rows are the `monitoreo` ones whose case's next
action, recorded in the same step, is step 16's «informa_planilla» moving the case to `control_co` (a real
monitoring leaves it at `en_solucion`).

Revision ID: e3b7d1f5a9c2
Revises: d4f6a8c0e2b1
Create Date: 2026-11-30 15:00:00.000000

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = 'e3b7d1f5a9c2'
down_revision = 'd4f6a8c0e2b1'
branch_labels = None
depends_on = None


def upgrade():
    # Reviewed: data only; the next action of the same case is the step-16 row written with it (same time).
    op.execute("""
        UPDATE top10_action SET action = 'requiere_tecnico'
        WHERE action = 'monitoreo' AND EXISTS (
            SELECT 1 FROM top10_action AS planilla
            WHERE planilla.case_id = top10_action.case_id AND planilla.action = 'informa_planilla'
              AND planilla.at = top10_action.at AND planilla.to_status = 'control_co'
              AND planilla.id = (SELECT MIN(later.id) FROM top10_action AS later
                                 WHERE later.case_id = top10_action.case_id AND later.id > top10_action.id))
    """)


def downgrade():
    # The code before this revision knows no `requiere_tecnico` action: back to what it recorded.
    op.execute("UPDATE top10_action SET action = 'monitoreo' WHERE action = 'requiere_tecnico'")
