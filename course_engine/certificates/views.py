"""Public verification of certificates, and the learner's PDF download."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from flask import Blueprint, Response, abort, current_app, jsonify, render_template, request
from flask_login import current_user, login_required

from course_engine.certificates.document import pdf_filename
from course_engine.certificates.pdf import long_date
from course_engine.certificates.render import render_certificate, verification_url
from course_engine.certificates.util import certificate_by_code, find_certificate
from course_engine.extensions import db, limiter
from course_engine.models import Certificate, CertificateState, CertificateStatus
from course_engine.models.types import utcnow

blueprint = Blueprint("certificates", __name__)


def verify_rate_limit() -> str:
    """The limit from config VERIFY_RATE_LIMIT, read per request."""
    return current_app.config["VERIFY_RATE_LIMIT"]


def public_record(certificate: Certificate) -> dict[str, Any]:
    """What anyone holding the code may know: the certificate's state and facts, nothing else."""
    state = certificate.state(utcnow().date())
    record: dict[str, Any] = {
        "status": state.value,
        "learner_name": certificate.learner_name,
        "course_title": certificate.course_title,
        "course_version": certificate.course_version,
        "hours": certificate.hours,
        "completed_on": certificate.completed_at.date().isoformat(),
        "serial": certificate.serial,
        "expires_on": certificate.expires_on.isoformat() if certificate.expires_on else None,
    }
    if state == CertificateState.REVOKED:
        assert certificate.revoked_at is not None
        record["revoked_on"] = certificate.revoked_at.date().isoformat()
        record["revoke_reason"] = certificate.revoke_reason
    if state == CertificateState.SUPERSEDED and certificate.superseded_by is not None:
        record["superseded_by"] = {
            "serial": certificate.superseded_by.serial,
            "verification_url": verification_url(certificate.superseded_by),
        }
    return record


@blueprint.after_request
def not_for_search_engines(response: Response) -> Response:
    """Verification pages name people: keep them out of search results."""
    response.headers.setdefault("X-Robots-Tag", "noindex, nofollow")
    return response


@blueprint.get("/verify")
@limiter.limit(verify_rate_limit)
def lookup() -> str:
    """A form where an employer types a serial or code; shows the certificate found, if any."""
    query = request.args.get("q", "").strip()[:200]
    certificate = find_certificate(db.session, query) if query else None
    return render_template(
        "certificates/lookup.html", query=query, certificate=certificate,
        record=public_record(certificate) if certificate else None,
    )


@blueprint.get("/verify/<code>")
@limiter.limit(verify_rate_limit)
def verify(code: str) -> str:
    """The public verification page of one certificate (no login)."""
    certificate = certificate_by_code(db.session, code)
    if certificate is None:
        abort(404)
    return render_template(
        "certificates/verify.html", certificate=certificate, record=public_record(certificate)
    )


@blueprint.get("/verify/<code>.json")
@limiter.limit(verify_rate_limit)
def verify_json(code: str) -> tuple[Response, int] | Response:
    """The verification page's facts as JSON."""
    certificate = certificate_by_code(db.session, code)
    if certificate is None:
        return jsonify(error="no certificate with this code"), 404
    return jsonify(public_record(certificate))


@blueprint.get("/certificates/<int:certificate_id>.pdf")
@login_required
def download(certificate_id: int) -> Response:
    """The learner's own valid certificate as a PDF (anyone else's, revoked or superseded: 404)."""
    certificate = db.session.get(Certificate, certificate_id)
    if certificate is None or certificate.user_id != current_user.id:
        abort(404)
    if certificate.status != CertificateStatus.VALID:
        abort(404)
    response = Response(render_certificate(certificate), mimetype="application/pdf")
    response.headers["Content-Disposition"] = f'attachment; filename="{pdf_filename(certificate)}"'
    response.headers["Cache-Control"] = "private, no-store"
    return response


@blueprint.app_template_filter("long_date")
def long_date_filter(value: Any) -> str:
    """March 3, 2026 from a date, datetime or ISO date string."""
    if isinstance(value, str):
        value = date.fromisoformat(value)
    if isinstance(value, datetime):
        value = value.date()
    return long_date(value)
