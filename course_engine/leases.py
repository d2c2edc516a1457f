"""Rows a worker holds for a while: taken with one conditional UPDATE, found again when lost.

The mail outbox, export jobs and LTI scores share this: a row waits in one status; a worker
takes it by setting the holding status and ``claimed_until`` in one UPDATE that only matches
a waiting row or one whose holder's lease ran out, so two workers never take the same row,
and a row whose worker died is taken again once its lease is over.
Each model has ``id``, ``status`` and ``claimed_until`` columns.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from enum import Enum
from typing import Any, TypeVar

from sqlalchemy import ColumnElement, or_, select, update
from sqlalchemy.orm import InstrumentedAttribute, Session

Row = TypeVar("Row")


def claim(
    session: Session,
    model: type[Row],
    row_id: int,
    *,
    waiting: Enum,
    holding: Enum,
    now: datetime,
    lease: timedelta,
    **values: Any,
) -> Row | None:
    """Take row ``row_id`` until ``now + lease`` (setting ``values`` too); None if not free."""
    table: Any = model
    taken = session.execute(
        update(table)
        .where(table.id == row_id, free(table, waiting, holding, now))
        .values(status=holding, claimed_until=now + lease, **values)
        .execution_options(synchronize_session=False)
    )
    if taken.rowcount != 1:  # type: ignore[attr-defined]
        return None
    row = session.get(model, row_id)
    assert row is not None
    session.refresh(row)
    return row


def free(table: Any, waiting: Enum, holding: Enum, now: datetime) -> ColumnElement[bool]:
    """Waiting, or held by a worker whose lease ran out before ``now``."""
    return or_(
        table.status == waiting,
        (table.status == holding) & (table.claimed_until < now),
    )


def overdue_ids(
    session: Session,
    model: type[Any],
    *,
    waiting: Enum,
    holding: Enum,
    due: InstrumentedAttribute[Any],
    before: datetime,
    now: datetime,
    limit: int = 1000,
) -> list[int]:
    """Rows no worker has: waiting with ``due`` before ``before``, or held past their lease."""
    return list(
        session.scalars(
            select(model.id)
            .where(
                or_(
                    (model.status == waiting) & (due < before),
                    (model.status == holding) & (model.claimed_until < now),
                )
            )
            .order_by(model.id)
            .limit(limit)
        )
    )
