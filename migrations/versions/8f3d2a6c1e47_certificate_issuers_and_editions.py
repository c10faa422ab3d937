"""certificate issuers (signatory, emblem), signatory on certificates, re-issued editions

A certificate may now be re-issued for the same enrolment under a new number (edition 2, 3 …);
the old one stays, revoked. Existing certificates become edition 1 and carry no signatory.

Revision ID: 8f3d2a6c1e47
Revises: d4b2f6e8a012
Create Date: 2026-12-07 17:45:00

"""
from alembic import op
import sqlalchemy as sa


revision = '8f3d2a6c1e47'
down_revision = 'd4b2f6e8a012'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('certificate_emblems',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('data', sa.LargeBinary(), nullable=False),
    sa.Column('content_type', sa.String(length=20), nullable=False),
    sa.Column('uploaded_at', sa.DateTime(), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.Column('uploaded_by', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['uploaded_by'], ['users.id'], name=op.f('fk_certificate_emblems_uploaded_by_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_certificate_emblems'))
    )
    op.create_table('certificate_issuers',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('signatory_name', sa.String(length=200), nullable=False),
    sa.Column('signatory_nip', sa.String(length=18), nullable=False),
    sa.Column('signatory_position', sa.String(length=200), nullable=False),
    sa.Column('emblem_id', sa.Integer(), nullable=True),
    sa.Column('updated_at', sa.DateTime(), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.ForeignKeyConstraint(['emblem_id'], ['certificate_emblems.id'], name=op.f('fk_certificate_issuers_emblem_id_certificate_emblems')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_certificate_issuers')),
    sa.UniqueConstraint('name', name=op.f('uq_certificate_issuers_name'))
    )
    with op.batch_alter_table('certificates', schema=None) as batch_op:
        batch_op.add_column(sa.Column('edition', sa.Integer(), server_default='1', nullable=False))
        batch_op.add_column(sa.Column('signatory_name', sa.String(length=200), server_default='', nullable=False))
        batch_op.add_column(sa.Column('signatory_nip', sa.String(length=18), server_default='', nullable=False))
        batch_op.add_column(sa.Column('signatory_position', sa.String(length=200), server_default='', nullable=False))
        batch_op.add_column(sa.Column('emblem_id', sa.Integer(), nullable=True))
        batch_op.drop_constraint(batch_op.f('uq_certificates_enrollment_id'), type_='unique')
        batch_op.create_unique_constraint(batch_op.f('uq_certificates_enrollment_id_edition'), ['enrollment_id', 'edition'])
        batch_op.create_index(batch_op.f('ix_certificates_enrollment_id'), ['enrollment_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_certificates_emblem_id_certificate_emblems'), 'certificate_emblems', ['emblem_id'], ['id'])


def downgrade():
    # Refuses (unique violation) while a re-issued edition exists: it cannot be folded back.
    with op.batch_alter_table('certificates', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_certificates_emblem_id_certificate_emblems'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_certificates_enrollment_id'))
        batch_op.drop_constraint(batch_op.f('uq_certificates_enrollment_id_edition'), type_='unique')
        batch_op.create_unique_constraint(batch_op.f('uq_certificates_enrollment_id'), ['enrollment_id'])
        batch_op.drop_column('emblem_id')
        batch_op.drop_column('signatory_position')
        batch_op.drop_column('signatory_nip')
        batch_op.drop_column('signatory_name')
        batch_op.drop_column('edition')
    op.drop_table('certificate_issuers')
    op.drop_table('certificate_emblems')
