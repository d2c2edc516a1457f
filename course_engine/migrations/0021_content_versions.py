"""content versions on progress rows, content releases, page ids, stored pass scores, quiz sources per version

Revision ID: 7d2e4b9a1c35
Revises: 8d2c4e6f1a37
Create Date: 2026-12-03 06:40:00.000000
"""
from alembic import op
import sqlalchemy as sa


revision = '7d2e4b9a1c35'
down_revision = '8d2c4e6f1a37'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('content_releases',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('content_hash', sa.String(length=64), nullable=False),
    sa.Column('outline', sa.JSON(), nullable=False),
    sa.Column('released_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_content_releases')),
    sa.UniqueConstraint('content_hash', name=op.f('uq_content_releases_content_hash'))
    )
    with op.batch_alter_table('content_releases', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_content_releases_released_at'), ['released_at'], unique=False)

    op.create_table('quiz_versions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('course_slug', sa.String(length=100), nullable=False),
    sa.Column('quiz_id', sa.String(length=100), nullable=False),
    sa.Column('content_hash', sa.String(length=64), nullable=False),
    sa.Column('source', sa.String(length=300), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('recorded_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_quiz_versions')),
    sa.UniqueConstraint('course_slug', 'quiz_id', 'content_hash', name=op.f('uq_quiz_versions_course_slug'))
    )
    with op.batch_alter_table('enrolments', schema=None) as batch_op:
        batch_op.add_column(sa.Column('content_version', sa.String(length=80), nullable=True))
        batch_op.add_column(sa.Column('completed_version', sa.String(length=80), nullable=True))
        batch_op.add_column(sa.Column('last_page_id', sa.String(length=100), nullable=True))
    with op.batch_alter_table('page_visits', schema=None) as batch_op:
        batch_op.add_column(sa.Column('page_id', sa.String(length=100), nullable=True))
        batch_op.add_column(sa.Column('content_version', sa.String(length=80), nullable=True))
        batch_op.drop_constraint('uq_page_visits_enrolment_id', type_='unique')
        batch_op.create_unique_constraint(batch_op.f('uq_page_visits_enrolment_id'), ['enrolment_id', 'module_id', 'page_id'])
    with op.batch_alter_table('module_completions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('content_version', sa.String(length=80), nullable=True))
        batch_op.add_column(sa.Column('module_version', sa.String(length=40), nullable=True))
    with op.batch_alter_table('quiz_attempts', schema=None) as batch_op:
        batch_op.add_column(sa.Column('content_version', sa.String(length=80), nullable=True))
        batch_op.add_column(sa.Column('pass_score', sa.Float(), nullable=True))
    with op.batch_alter_table('certificates', schema=None) as batch_op:
        batch_op.add_column(sa.Column('content_version', sa.String(length=80), nullable=True))


def downgrade() -> None:
    # Plain DROP COLUMN (SQLite 3.35+): a batch copy would drop and recreate enrolments, and on
    # SQLite dropping a table deletes the rows of every table that cascades from it.
    op.drop_column('certificates', 'content_version')
    op.drop_column('quiz_attempts', 'pass_score')
    op.drop_column('quiz_attempts', 'content_version')
    op.drop_column('module_completions', 'module_version')
    op.drop_column('module_completions', 'content_version')
    with op.batch_alter_table('page_visits', schema=None) as batch_op:
        batch_op.drop_constraint('uq_page_visits_enrolment_id', type_='unique')
        batch_op.create_unique_constraint(batch_op.f('uq_page_visits_enrolment_id'), ['enrolment_id', 'module_id', 'page'])
        batch_op.drop_column('content_version')
        batch_op.drop_column('page_id')
    op.drop_column('enrolments', 'last_page_id')
    op.drop_column('enrolments', 'completed_version')
    op.drop_column('enrolments', 'content_version')
    op.drop_table('quiz_versions')
    with op.batch_alter_table('content_releases', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_content_releases_released_at'))
    op.drop_table('content_releases')
