"""stored question results: each graded result says whether it was answered, and keeps the
wrong answer, so item analysis never reads quiz_attempts.answers (which deletion clears)

Revision ID: 7b2e4d9c1a36
Revises: 4f0a9c2e7b15
Create Date: 2026-12-02 13:50:00.000000

Attempts whose answers were already cleared (deleted learners) cannot say what was answered:
a question counts as answered when it earned points, the most that is known.
"""
import sqlalchemy as sa
from alembic import op


revision = '7b2e4d9c1a36'
down_revision = '4f0a9c2e7b15'
branch_labels = None
depends_on = None

attempts = sa.table(
    'quiz_attempts',
    sa.column('id', sa.Integer),
    sa.column('answers', sa.JSON),
    sa.column('results', sa.JSON),
)


def backfilled(answers: dict | None, results: dict) -> dict:
    """The results with ``answered`` and ``wrong_answer`` added from the answers."""
    filled = {}
    for question_id, result in results.items():
        result = dict(result)
        if answers is None:
            result.setdefault('answered', float(result.get('points') or 0) > 0)
        else:
            answer = answers.get(question_id)
            result['answered'] = answer is not None
            if answer is not None and not result.get('correct'):
                result['wrong_answer'] = answer
        filled[question_id] = result
    return filled


def upgrade() -> None:
    connection = op.get_bind()
    rows = connection.execute(
        sa.select(attempts.c.id, attempts.c.answers, attempts.c.results)
        .where(attempts.c.results.is_not(None))
    ).all()
    for id_, answers, results in rows:
        if results:
            connection.execute(
                attempts.update().where(attempts.c.id == id_)
                .values(results=backfilled(answers, results))
            )


def downgrade() -> None:
    connection = op.get_bind()
    rows = connection.execute(
        sa.select(attempts.c.id, attempts.c.results).where(attempts.c.results.is_not(None))
    ).all()
    for id_, results in rows:
        if results:
            plain = {
                key: {name: value for name, value in result.items()
                      if name not in ('answered', 'wrong_answer')}
                for key, result in results.items()
            }
            connection.execute(attempts.update().where(attempts.c.id == id_).values(results=plain))
