"""Recording administrative actions in the audit log."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from course_engine.models import AuditEntry, User


def record(
    session: Session,
    actor: User | None,
    action: str,
    target_type: str = "",
    target_id: int | None = None,
    **details: Any,
) -> AuditEntry:
    """Add an audit entry (flushes; the caller commits it with the action itself)."""
    entry = AuditEntry(
        actor_id=actor.id if actor else None,
        actor_label=actor.email if actor else "system",
        action=action,
        target_type=target_type,
        target_id=target_id,
        details=details,
    )
    session.add(entry)
    session.flush()
    return entry
