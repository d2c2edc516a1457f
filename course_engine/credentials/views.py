"""The issuer's DID document, status lists, credential downloads and the credential checker."""

from __future__ import annotations

from flask import Blueprint, Response, abort, jsonify, render_template

from course_engine.certificates.queries import certificate_by_code
from course_engine.certificates.views import verify_rate_limit
from course_engine.credentials import issuer_keys
from course_engine.credentials.forms import CheckCredentialForm
from course_engine.credentials.verify import Verdict, check_text
from course_engine.extensions import db, limiter
from course_engine.models import StatusList

blueprint = Blueprint("credentials", __name__)


@blueprint.get("/.well-known/did.json")
@blueprint.get("/did.json")
def did_document() -> Response:
    """The issuer's DID document (did:web): every public key, current and retired."""
    response = jsonify(issuer_keys().did_document())
    response.headers["Access-Control-Allow-Origin"] = "*"
    return response


@blueprint.get("/credentials/status/<int:number>")
def status_list(number: int) -> Response:
    """A signed BitstringStatusListCredential (404 for a list no credential uses)."""
    row = db.session.get(StatusList, number)
    if row is None:
        abort(404)
    response = jsonify(row.credential)
    response.headers["Access-Control-Allow-Origin"] = "*"
    response.headers["Cache-Control"] = "public, max-age=300"
    return response


@blueprint.get("/verify/<code>/credential.json")
@limiter.limit(verify_rate_limit)
def download(code: str) -> Response:
    """The certificate's signed Open Badges credential, as a file."""
    certificate = certificate_by_code(db.session, code)
    if certificate is None or certificate.credential is None:
        abort(404)
    response = jsonify(certificate.credential)
    filename = f"credential-{certificate.serial}.json"
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.headers["X-Robots-Tag"] = "noindex, nofollow"
    return response


@blueprint.route("/verify/credential", methods=["GET", "POST"])
@limiter.limit(verify_rate_limit)
def check() -> str:
    """Paste or upload a credential; say whether it is valid, and why not."""
    form = CheckCredentialForm()
    verdict: Verdict | None = None
    if form.validate_on_submit():
        text = form.credential_text()
        if text is None:
            form.text.errors = ["Paste a credential or choose its file."]
        else:
            verdict = check_text(db.session, text, issuer_keys())
    return render_template("credentials/check.html", form=form, verdict=verdict)
