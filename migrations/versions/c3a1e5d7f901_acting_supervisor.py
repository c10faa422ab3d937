"""acting supervisor (Plt. atasan) of an employee whose supervisor post is vacant

Revision ID: c3a1e5d7f901
Revises: 7c3e9f21ab54
Create Date: 2026-12-07 14:40:00

"""
from alembic import op
import sqlalchemy as sa


revision = 'c3a1e5d7f901'
down_revision = "7c3e9f21ab54"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('acting_supervisor_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_users_acting_supervisor_id'), ['acting_supervisor_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_users_acting_supervisor_id_users'), 'users', ['acting_supervisor_id'], ['id'])


def downgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_users_acting_supervisor_id_users'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_users_acting_supervisor_id'))
        batch_op.drop_column('acting_supervisor_id')
