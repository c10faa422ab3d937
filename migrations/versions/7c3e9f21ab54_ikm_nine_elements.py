"""IKM from the nine survey elements and respondents; waiting time with its n

Revision ID: 7c3e9f21ab54
Revises: 4e1a7c2b9d10
Create Date: 2026-12-07 14:35:00

Existing rows keep their monthly IKM as a legacy value (respondents NULL): nothing can recover
the element scores, so they are neither converted nor deleted, and the reports show them
without giving them weight.
"""
import sqlalchemy as sa
from alembic import op

revision = "7c3e9f21ab54"
down_revision = "4e1a7c2b9d10"
branch_labels = None
depends_on = None

ELEMENTS = [f"u{i}" for i in range(1, 10)]
NO_SURVEY = " AND ".join(f"{name} IS NULL" for name in ["respondents", *ELEMENTS])
SURVEY = " AND ".join(["respondents >= 1"] + [f"{n} >= 1 AND {n} <= 4" for n in ELEMENTS])


def upgrade():
    with op.batch_alter_table("service_indicators", schema=None) as batch_op:
        batch_op.add_column(sa.Column("waiting_n", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("respondents", sa.Integer(), nullable=True))
        for name in ELEMENTS:
            batch_op.add_column(sa.Column(name, sa.Float(), nullable=True))
        batch_op.create_check_constraint(
            op.f("ck_service_indicators_survey"), f"({NO_SURVEY}) OR ({SURVEY})"
        )
        batch_op.create_check_constraint(
            op.f("ck_service_indicators_waiting_n"),
            "waiting_n IS NULL OR (waiting_n >= 1 AND waiting_minutes IS NOT NULL)",
        )


def downgrade():
    with op.batch_alter_table("service_indicators", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_service_indicators_waiting_n"), type_="check")
        batch_op.drop_constraint(op.f("ck_service_indicators_survey"), type_="check")
        for name in reversed(ELEMENTS):
            batch_op.drop_column(name)
        batch_op.drop_column("respondents")
        batch_op.drop_column("waiting_n")
