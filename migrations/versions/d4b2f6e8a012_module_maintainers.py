"""module maintainers: only they (and admins) change, publish, archive or export a module

Existing modules get their creator as maintainer where the change log recorded one
(action 'module.create'); modules imported from the content folder have none and stay
admin-only until an admin names maintainers.

Revision ID: d4b2f6e8a012
Revises: c3a1e5d7f901
Create Date: 2026-12-07 15:00:00

"""
from alembic import op
import sqlalchemy as sa


revision = 'd4b2f6e8a012'
down_revision = 'c3a1e5d7f901'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('module_maintainers',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('module_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['module_id'], ['modules.id'], name=op.f('fk_module_maintainers_module_id_modules')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_module_maintainers_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_module_maintainers')),
    sa.UniqueConstraint('module_id', 'user_id', name=op.f('uq_module_maintainers_module_id_user_id'))
    )
    with op.batch_alter_table('module_maintainers', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_module_maintainers_module_id'), ['module_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_module_maintainers_user_id'), ['user_id'], unique=False)
    op.execute(
        "INSERT INTO module_maintainers (module_id, user_id) "
        "SELECT DISTINCT module_id, user_id FROM authoring_changes WHERE action = 'module.create'"
    )


def downgrade():
    with op.batch_alter_table('module_maintainers', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_module_maintainers_user_id'))
        batch_op.drop_index(batch_op.f('ix_module_maintainers_module_id'))
    op.drop_table('module_maintainers')
