"""Parallel test forms per enrolment and a review policy per module version

Revision ID: 5c1e7f0a9b21
Revises: bf15056c57ee
Create Date: 2026-12-07 14:10:00

"""

import sqlalchemy as sa
from alembic import op

revision = "5c1e7f0a9b21"
down_revision = "bf15056c57ee"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("enrollments") as batch:
        batch.add_column(
            sa.Column("pretest_form", sa.String(length=1), server_default="A", nullable=False)
        )
    with op.batch_alter_table("module_versions") as batch:
        batch.add_column(
            sa.Column(
                "review_policy", sa.String(length=20), server_default="standar", nullable=False
            )
        )


def downgrade():
    with op.batch_alter_table("module_versions") as batch:
        batch.drop_column("review_policy")
    with op.batch_alter_table("enrollments") as batch:
        batch.drop_column("pretest_form")
