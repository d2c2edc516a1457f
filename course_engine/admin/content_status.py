"""Content status for authors: loaded courses, their hashes, the last reload's errors."""

from __future__ import annotations

from pathlib import Path

from flask import Blueprint, abort, current_app, flash, redirect, render_template, url_for
from werkzeug.wrappers import Response

from course_engine import audit, catalog
from course_engine.admin.access import AUTHORS, acting_user, roles_required
from course_engine.admin.forms import ConfirmForm
from course_engine.extensions import db

blueprint = Blueprint("admin_content", __name__, url_prefix="/admin/content")


@blueprint.get("/")
@roles_required(*AUTHORS)
def status() -> str:
    """What is loaded, when, and what the last reload found wrong."""
    store = catalog.store()
    return render_template(
        "admin/content.html", current=store.catalog, errors=store.errors,
        loaded_at=store.loaded_at, form=ConfirmForm(),
    )


@blueprint.post("/reload")
@roles_required(*AUTHORS)
def reload() -> Response:
    """Re-read the course files now, here and in every other running instance."""
    if not ConfirmForm().validate_on_submit():
        abort(400)
    catalog.request_reload(Path(current_app.instance_path))
    errors = catalog.reload_content()
    audit.record(db.session, acting_user(), "content.reloaded", "content", None,
                 errors=len(errors))
    db.session.commit()
    if errors:
        flash(f"The reload found {len(errors)} error(s): learners still see the previous "
              "content. Fix the files listed below and reload again.", "error")
    else:
        flash("Content reloaded without errors.", "success")
    return redirect(url_for(".status"))
