"""help contacts: who answers questions for each agency (or the whole province)

Revision ID: 5f55bffcba5c
Revises: d0e1bb9f8e18
Create Date: 2026-12-07 17:40:00

"""
from alembic import op
import sqlalchemy as sa


revision = '5f55bffcba5c'
down_revision = "d0e1bb9f8e18"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('help_contacts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=True),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('phone', sa.String(length=40), nullable=False),
    sa.Column('whatsapp', sa.String(length=40), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('hours', sa.String(length=200), nullable=False),
    sa.Column('reply_time', sa.String(length=200), nullable=False),
    sa.ForeignKeyConstraint(['unit_id'], ['units.id'], name=op.f('fk_help_contacts_unit_id_units')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_help_contacts'))
    )
    with op.batch_alter_table('help_contacts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_help_contacts_unit_id'), ['unit_id'], unique=False)


def downgrade():
    with op.batch_alter_table('help_contacts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_help_contacts_unit_id'))
    op.drop_table('help_contacts')
