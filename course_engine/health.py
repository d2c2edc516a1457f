"""``/healthz`` for load balancers: the database answers and course content is loaded."""

from __future__ import annotations

from flask import Blueprint, jsonify
from flask.typing import ResponseReturnValue
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from course_engine import catalog
from course_engine.extensions import db

blueprint = Blueprint("health", __name__)


@blueprint.get("/healthz")
def healthz() -> ResponseReturnValue:
    """200 with details when healthy; 503 saying what is wrong otherwise."""
    checks: dict[str, str] = {}
    try:
        db.session.execute(text("SELECT 1"))
        checks["database"] = "ok"
    except SQLAlchemyError as error:
        checks["database"] = f"unreachable: {type(error).__name__}"
    loaded = catalog.catalog()
    checks["content"] = "ok" if loaded is not None else "not loaded"
    healthy = all(value == "ok" for value in checks.values())
    body = {"status": "ok" if healthy else "unhealthy", **checks}
    if loaded is not None:
        body["content_hash"] = loaded.content_hash
        body["content_loaded_at"] = loaded.loaded_at.isoformat()
    response = jsonify(body)
    response.headers["Cache-Control"] = "no-store"
    return response, 200 if healthy else 503
