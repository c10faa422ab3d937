"""Credit for real study: each lesson's computed minutes, time on task per enrolment

Existing lessons get their minutes from their stored blocks by the same rule new lessons are
built with. Existing enrolments get no study time (NULL: unknown, never flagged as too fast);
enrolments from now on start at 0.

Revision ID: d0e1bb9f8e18
Revises: 37f40988b6a0
Create Date: 2026-12-07 17:40:00

"""

import sqlalchemy as sa
from alembic import op

from lms.learning.duration import lesson_minutes

revision = "d0e1bb9f8e18"
down_revision = "37f40988b6a0"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("lessons") as batch:
        batch.add_column(
            sa.Column("study_minutes", sa.Integer(), server_default="0", nullable=False)
        )
    with op.batch_alter_table("enrollments") as batch:
        batch.add_column(sa.Column("study_seconds", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("page_opened_at", sa.DateTime(), nullable=True))
    lessons = sa.table(
        "lessons",
        sa.column("id", sa.Integer),
        sa.column("blocks", sa.JSON),
        sa.column("study_minutes", sa.Integer),
    )
    connection = op.get_bind()
    rows = connection.execute(sa.select(lessons.c.id, lessons.c.blocks)).all()
    for lesson_id, blocks in rows:
        connection.execute(
            lessons.update()
            .where(lessons.c.id == lesson_id)
            .values(study_minutes=lesson_minutes(blocks or []))
        )


def downgrade():
    with op.batch_alter_table("enrollments") as batch:
        batch.drop_column("page_opened_at")
        batch.drop_column("study_seconds")
    with op.batch_alter_table("lessons") as batch:
        batch.drop_column("study_minutes")
