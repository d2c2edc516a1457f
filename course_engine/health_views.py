"""``/healthz`` for load balancers: ok or not to anyone, the details to localhost and admins."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from flask import Blueprint, current_app, jsonify, request
from flask.typing import ResponseReturnValue
from flask_login import current_user
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from course_engine import live_content, outbox
from course_engine.extensions import db, limiter, queue
from course_engine.models import AccessRole
from course_engine.models.types import utcnow

blueprint = Blueprint("health", __name__)

#: Addresses that see the details when the request did not come through a proxy.
LOCAL_ADDRESSES = {"127.0.0.1", "::1"}


@blueprint.get("/healthz")
def healthz() -> ResponseReturnValue:
    """200 when healthy, 503 otherwise; what is wrong only for localhost and administrators."""
    checks: dict[str, str] = {}
    try:
        db.session.execute(text("SELECT 1"))
        checks["database"] = "ok"
    except SQLAlchemyError as error:
        db.session.rollback()
        checks["database"] = f"unreachable: {type(error).__name__}"
    loaded = live_content.current_catalog()
    checks["content"] = "ok" if loaded is not None else "not loaded"
    healthy = all(value == "ok" for value in checks.values())
    body: dict[str, Any] = {"status": "ok" if healthy else "unhealthy"}
    if may_see_details():
        body.update(checks, rate_limits=rate_limit_state(), **queue_state())
        if loaded is not None:
            body["content_hash"] = loaded.content_hash
            body["content_loaded_at"] = loaded.loaded_at.isoformat()
    response = jsonify(body)
    response.headers["Cache-Control"] = "no-store"
    return response, 200 if healthy else 503


def may_see_details() -> bool:
    """Administrators, and requests from this machine that no proxy forwarded."""
    if request.remote_addr in LOCAL_ADDRESSES and "X-Forwarded-For" not in request.headers:
        return True
    try:
        return bool(current_user.is_authenticated and current_user.access_role == AccessRole.ADMIN)
    except SQLAlchemyError:  # the database is what is down
        db.session.rollback()
        return False


def rate_limit_state() -> str:
    """ "ok", or that the shared store is unreachable and counting is local for now."""
    if getattr(limiter, "_storage_dead", False):
        return "fallback: shared store unreachable, counting in this process only"
    return "ok"


def queue_state() -> dict[str, Any]:
    """The worker's last heartbeat and whether it is recent, and the queue's depth.

    A dead worker or an unreachable queue does not make /healthz fail: pages still answer and
    mail waits in the outbox, so the load balancer must keep the instance.
    """
    try:
        beat = queue.last_heartbeat()
        depth = queue.depth()
    except Exception as error:  # Redis down, SQLite file locked: report, never raise
        return {"worker": "unknown", "queue": f"unreachable: {type(error).__name__}"}
    max_age = timedelta(seconds=current_app.config["WORKER_HEARTBEAT_MAX_AGE"])
    alive = beat is not None and utcnow() - beat <= max_age
    try:
        failed: int | str = outbox.failed_count(db.session)
    except SQLAlchemyError:
        db.session.rollback()
        failed = "unknown"
    return {
        "worker": "ok" if alive else "not running",
        "worker_heartbeat": beat.isoformat() if beat else None,
        "queue": {**depth, "failed_mail": failed},
    }
