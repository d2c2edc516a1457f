"""journal entries: learners' private answers to reflection prompts

Revision ID: 3c8d5e1f9a27
Revises: 3c8e1f5a9d20
Create Date: 2026-12-02 14:10:00.000000
"""
import sqlalchemy as sa
from alembic import op


revision = '3c8d5e1f9a27'
down_revision = '3c8e1f5a9d20'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'journal_entries',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('enrolment_id', sa.Integer(), nullable=False),
        sa.Column('module_id', sa.String(length=100), nullable=False),
        sa.Column('page', sa.Integer(), nullable=False),
        sa.Column('prompt', sa.Integer(), nullable=False),
        sa.Column('text', sa.Text(), nullable=False),
        sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ['enrolment_id'], ['enrolments.id'],
            name=op.f('fk_journal_entries_enrolment_id_enrolments'), ondelete='CASCADE',
        ),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_journal_entries')),
        sa.UniqueConstraint(
            'enrolment_id', 'module_id', 'page', 'prompt',
            name=op.f('uq_journal_entries_enrolment_id'),
        ),
    )
    op.create_index(op.f('ix_journal_entries_enrolment_id'), 'journal_entries', ['enrolment_id'])


def downgrade() -> None:
    op.drop_index('ix_journal_entries_enrolment_id', table_name='journal_entries')
    op.drop_table('journal_entries')
