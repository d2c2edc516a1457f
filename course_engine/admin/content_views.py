"""Content status for authors: loaded courses, their hashes, the last reload's errors."""

from __future__ import annotations

from pathlib import Path

from flask import Blueprint, abort, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from course_engine import audit, live_content
from course_engine.admin.access import AUTHORS, acting_user, roles_required
from course_engine.admin.forms import ConfirmForm
from course_engine.content.outline import catalog_outline
from course_engine.extensions import db
from course_engine.progress.impact import STATES
from course_engine.progress.releases import impact_report, record_release

blueprint = Blueprint("admin_content", __name__, url_prefix="/admin/content")


@blueprint.get("/")
@roles_required(*AUTHORS)
def status() -> str:
    """What is loaded, when, what the last reload found wrong, and what the files on disk
    would change for learners (counts only) if they went live now."""
    store = live_content.store()
    disk, disk_errors = store.preview()
    report = None
    if disk is not None and store.catalog is not None:
        live = catalog_outline(store.catalog)
        report = impact_report(db.session, disk, live)
    return render_template(
        "admin/content.html",
        current=store.catalog,
        errors=store.errors,
        loaded_at=store.loaded_at,
        form=ConfirmForm(),
        report=report,
        disk_errors=disk_errors,
        states=STATES,
    )


@blueprint.post("/reload")
@roles_required(*AUTHORS)
def reload() -> Response:
    """Re-read the course files now, here and in every other running instance."""
    if not ConfirmForm().validate_on_submit():
        abort(400)
    live_content.request_reload(Path(current_app.instance_path))
    errors = live_content.reload_content()
    if not errors and (catalog := live_content.current_catalog()) is not None:
        record_release(db.session, catalog)
        db.session.commit()
        live_content.follow_all_renames(catalog)
    audit.record(db.session, acting_user(), "content.reloaded", "content", None, errors=len(errors))
    db.session.commit()
    if errors:
        flash(
            _(
                "The reload found %(count)s error(s): learners still see the previous "
                "content. Fix the files listed below and reload again.",
                count=len(errors),
            ),
            "error",
        )
    else:
        flash(_("Content reloaded without errors."), "success")
    return redirect(url_for(".status"))
