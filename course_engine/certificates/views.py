"""Public verification of certificates, and the learner's PDF download."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from flask import Blueprint, Response, abort, current_app, jsonify, render_template, request
from flask_babel import format_decimal, ngettext
from flask_babel import gettext as _
from flask_login import current_user, login_required

from course_engine.certificates.document import pdf_filename
from course_engine.certificates.pdf import long_date
from course_engine.certificates.queries import (
    certificate_by_code,
    find_certificate,
    initials,
    name_matches,
)
from course_engine.certificates.render import render_certificate, verification_url
from course_engine.extensions import db, limiter
from course_engine.i18n import current_language
from course_engine.models import Certificate, CertificateState, CertificateStatus
from course_engine.models.types import utcnow
from course_engine.texts import N_

blueprint = Blueprint("certificates", __name__)


def verify_rate_limit() -> str:
    """The limit from config VERIFY_RATE_LIMIT, read per request."""
    return str(current_app.config["VERIFY_RATE_LIMIT"])


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
        "issuer": issuer_of(certificate),
    }
    record["attestation"] = attestation(record, state)
    record["language"] = current_language()
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


def issuer_of(certificate: Certificate) -> dict[str, Any] | None:
    """The issuer as stored at issue, every key present (None: the course named none)."""
    if not certificate.issuer:
        return None
    stored = certificate.issuer
    accreditation = stored.get("accreditation")
    return {
        "name": stored["name"],
        "url": stored.get("url"),
        "email": stored.get("email"),
        "logo": stored.get("logo"),
        "accreditation": {
            "body": accreditation["body"],
            "url": accreditation.get("url"),
            "provider_number": accreditation.get("provider_number"),
            "statement": accreditation.get("statement"),
        }
        if accreditation
        else None,
    }


def attestation(record: dict[str, Any], state: CertificateState) -> str:
    """What the certificate attests, in one plain paragraph (in the request's language)."""
    hours = format_decimal(record["hours"])
    issuer = record["issuer"]
    values = {
        "name": record["learner_name"],
        "course": record["course_title"],
        "version": record["course_version"],
        "day": long_date_filter(record["completed_on"]),
        "hours": hours,
    }
    if issuer:
        text = _(
            "%(name)s completed the course %(course)s (version %(version)s), offered by "
            "%(issuer)s, on %(day)s,",
            issuer=issuer["name"],
            **values,
        )
    else:
        text = _(
            "%(name)s completed the course %(course)s (version %(version)s) on %(day)s,", **values
        )
    if issuer and issuer["accreditation"]:
        credit = ngettext(
            "for %(hours)s contact hour of continuing education.",
            "for %(hours)s contact hours of continuing education.",
            record["hours"],
            hours=hours,
        )
    else:
        credit = _(
            "a course with an estimated length of %(hours)s hours. It is a certificate of "
            "completion, not a record of continuing-education credit.",
            hours=hours,
        )
    text += " " + credit
    expires = record["expires_on"]
    if expires is None:
        text += " " + _("The certificate does not expire.")
    elif state == CertificateState.EXPIRED:
        text += " " + _(
            "It was valid through %(day)s and has expired.", day=long_date_filter(expires)
        )
    else:
        text += " " + _("It is valid through %(day)s.", day=long_date_filter(expires))
    return str(text + " " + _(STATUS_WORDS[state]))


#: The status sentence of the attestation.
STATUS_WORDS = {
    CertificateState.VALID: N_("It is in good standing."),
    CertificateState.EXPIRED: N_("It is no longer in good standing because it expired."),
    CertificateState.REVOKED: N_("It has been revoked and is no longer valid."),
    CertificateState.SUPERSEDED: N_("It has been replaced by a newer certificate."),
}


@blueprint.after_request
def not_for_search_engines(response: Response) -> Response:
    """Verification pages name people: keep them out of search results."""
    response.headers.setdefault("X-Robots-Tag", "noindex, nofollow")
    return response


@blueprint.get("/verify")
@limiter.limit(verify_rate_limit)
def lookup() -> str:
    """An employer types a serial or code (and the holder's last name); shows what was found.

    The unguessable code (or the pasted link) shows the full record. A serial alone shows only
    the holder's initials, the course and the status, so walking serials lists no one's name;
    a serial with the holder's last name shows the full record.
    """
    query = request.args.get("q", "").strip()[:200]
    name = request.args.get("name", "").strip()[:200]
    found = find_certificate(db.session, query) if query else None
    record = summary = None
    if found is not None:
        by_code = found.verification_code in query
        if by_code or (name and name_matches(found.learner_name, name)):
            record = public_record(found)
        else:
            summary = summary_record(found)
    return render_template(
        "certificates/lookup.html", query=query, name=name, record=record, summary=summary
    )


def summary_record(certificate: Certificate) -> dict[str, Any]:
    """What a serial alone reveals: the status, the holder's initials and the course."""
    return {
        "status": certificate.state(utcnow().date()).value,
        "initials": initials(certificate.learner_name),
        "course_title": certificate.course_title,
        "serial": certificate.serial,
    }


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
        return jsonify(error=_("no certificate with this code")), 404
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
    pdf = render_certificate(certificate, current_language())
    response = Response(pdf, mimetype="application/pdf")
    response.headers["Content-Disposition"] = f'attachment; filename="{pdf_filename(certificate)}"'
    response.headers["Cache-Control"] = "private, no-store"
    return response


@blueprint.app_template_filter("long_date")
def long_date_filter(value: Any) -> str:
    """March 3, 2026 (3 de marzo de 2026) from a date, datetime or ISO date string."""
    if isinstance(value, str):
        value = date.fromisoformat(value)
    if isinstance(value, datetime):
        value = value.date()
    return long_date(value, current_language())
