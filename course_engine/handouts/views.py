"""Public views of a course's handouts: the list, each printable page, and each PDF."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, render_template, request
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from werkzeug.wrappers import Response

from course_engine import live_content
from course_engine.admin.access import can_preview_drafts
from course_engine.content import Course
from course_engine.content.objects import HANDOUT_KINDS, Handout
from course_engine.handouts.pdf import handout_pdf

blueprint = Blueprint("handouts", __name__)

#: Headings of the list of handouts, by kind.
KIND_HEADINGS = {
    "tip-sheet": _l("Tip sheets"),
    "glossary": _l("Glossary"),
    "guide": _l("Guides"),
    "worksheet": _l("Worksheets"),
    "template": _l("Fill-in templates"),
    "references": _l("References"),
}


@blueprint.get("/courses/<slug>/handouts/")
def index(slug: str) -> str:
    """Every handout of a course, grouped by kind, each as a page and a PDF."""
    course = _course(slug)
    groups = [
        (KIND_HEADINGS[kind], [h for h in course.handouts if h.kind == kind])
        for kind in HANDOUT_KINDS
    ]
    return render_template("handouts/index.html", course=course, groups=[g for g in groups if g[1]])


@blueprint.get("/courses/<slug>/handouts/<handout_id>")
def page(slug: str, handout_id: str) -> str:
    """One handout as a printable page (the print stylesheet leaves out the site's frame)."""
    course = _course(slug)
    return render_template(
        "handouts/handout.html", course=course, handout=_handout(course, handout_id)
    )


@blueprint.get("/courses/<slug>/handouts/<handout_id>.pdf")
def pdf(slug: str, handout_id: str) -> Response:
    """One handout as a PDF download, drawn from the same text as its page."""
    course = _course(slug)
    handout = _handout(course, handout_id)
    site_url = current_app.config.get("BASE_URL") or request.url_root
    body = handout_pdf(handout, course.title, site_url)
    response = Response(body, mimetype="application/pdf")
    filename = f"{course.slug}-{handout.id}.pdf"
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _course(slug: str) -> Course:
    return live_content.course_or_404(slug, include_drafts=can_preview_drafts(current_user))


def _handout(course: Course, handout_id: str) -> Handout:
    handout = course.handout(handout_id)
    if handout is None:
        abort(404)
    return handout
