"""first post-test score on enrolments (N-Gain uses the first post-test)

Revision ID: 4e1a7c2b9d10
Revises: 5c1e7f0a9b21
Create Date: 2026-12-07 14:20:00

"""
import sqlalchemy as sa
from alembic import op

revision = "4e1a7c2b9d10"
down_revision = "5c1e7f0a9b21"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("enrollments", schema=None) as batch_op:
        batch_op.add_column(sa.Column("first_posttest_score", sa.Float(), nullable=True))
    # Existing enrolments: the score of their first submitted post-test attempt.
    op.execute(
        """
        UPDATE enrollments SET first_posttest_score = (
            SELECT a.score FROM attempts a
            WHERE a.enrollment_id = enrollments.id AND a.test = 'post' AND a.state = 'submitted'
            ORDER BY a.number LIMIT 1
        )
        """
    )


def downgrade():
    with op.batch_alter_table("enrollments", schema=None) as batch_op:
        batch_op.drop_column("first_posttest_score")
