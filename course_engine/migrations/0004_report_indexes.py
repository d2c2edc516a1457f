"""report indexes: enrolments by course and enrolment, completion or activity date

The completion report and course dashboards always filter on the course, then on a date
range (enrolled or completed), the status (completed_at, last_active_at) and order by the
enrolment date. Learner filters (organization, cohort, role, state) already have indexes on
users, and the per-enrolment aggregates use the unique indexes of page_visits,
module_completions and quiz_attempts.

Revision ID: 9d3c51a7e2b4
Revises: 312c7a00a0ab
Create Date: 2026-11-28 16:10:00.000000
"""
from alembic import op


revision = '9d3c51a7e2b4'
down_revision = '312c7a00a0ab'
branch_labels = None
depends_on = None

INDEXES = {
    'ix_enrolments_course_enrolled_at': ['course_slug', 'enrolled_at'],
    'ix_enrolments_course_completed_at': ['course_slug', 'completed_at'],
    'ix_enrolments_course_last_active_at': ['course_slug', 'last_active_at'],
}


def upgrade() -> None:
    for name, columns in INDEXES.items():
        op.create_index(name, 'enrolments', columns, unique=False)


def downgrade() -> None:
    for name in INDEXES:
        op.drop_index(name, table_name='enrolments')
