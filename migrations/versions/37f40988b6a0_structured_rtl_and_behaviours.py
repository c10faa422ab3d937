"""structured RTL (by when, success, people), its acknowledgement, module behaviours and
the supervisor's before/after behaviour ratings

Existing free-text RTLs keep their text as the "what I will change" part; their other parts
stay empty until the learner completes them.

Revision ID: 37f40988b6a0
Revises: 8f3d2a6c1e47
Create Date: 2026-12-07 17:40:00

"""
from alembic import op
import sqlalchemy as sa


revision = '37f40988b6a0'
down_revision = "8f3d2a6c1e47"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('reflections', schema=None) as batch_op:
        batch_op.add_column(sa.Column('plan_due', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('plan_success', sa.Text(), server_default='', nullable=False))
        batch_op.add_column(sa.Column('plan_people', sa.Text(), server_default='', nullable=False))
        batch_op.add_column(sa.Column('acknowledged_at', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('acknowledged_by_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_reflections_acknowledged_by_id_users'), 'users', ['acknowledged_by_id'], ['id'])
    with op.batch_alter_table('module_versions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('behaviours', sa.JSON(), server_default='[]', nullable=False))
    op.create_table(
        'behaviour_ratings',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('enrollment_id', sa.Integer(), nullable=False),
        sa.Column('position', sa.Integer(), nullable=False),
        sa.Column('stage', sa.String(length=6), nullable=False),
        sa.Column('rating', sa.Integer(), nullable=False),
        sa.Column('supervisor_id', sa.Integer(), nullable=False),
        sa.Column('rated_at', sa.DateTime(), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
        sa.CheckConstraint('rating BETWEEN 1 AND 4', name=op.f('ck_behaviour_ratings_scale')),
        sa.CheckConstraint("stage IN ('before', 'after')", name=op.f('ck_behaviour_ratings_stage')),
        sa.ForeignKeyConstraint(['enrollment_id'], ['enrollments.id'], name=op.f('fk_behaviour_ratings_enrollment_id_enrollments')),
        sa.ForeignKeyConstraint(['supervisor_id'], ['users.id'], name=op.f('fk_behaviour_ratings_supervisor_id_users')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_behaviour_ratings')),
        sa.UniqueConstraint('enrollment_id', 'position', 'stage', name=op.f('uq_behaviour_ratings_enrollment_id_position_stage')),
    )
    with op.batch_alter_table('behaviour_ratings', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_behaviour_ratings_enrollment_id'), ['enrollment_id'], unique=False)


def downgrade():
    with op.batch_alter_table('behaviour_ratings', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_behaviour_ratings_enrollment_id'))
    op.drop_table('behaviour_ratings')
    with op.batch_alter_table('module_versions', schema=None) as batch_op:
        batch_op.drop_column('behaviours')
    with op.batch_alter_table('reflections', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_reflections_acknowledged_by_id_users'), type_='foreignkey')
        batch_op.drop_column('acknowledged_by_id')
        batch_op.drop_column('acknowledged_at')
        batch_op.drop_column('plan_people')
        batch_op.drop_column('plan_success')
        batch_op.drop_column('plan_due')
