"""A stored certificate in the running app: its template, verification link and PDF."""

from __future__ import annotations

from pathlib import Path

from flask import current_app, has_request_context, url_for

from course_engine import catalog
from course_engine.certificates.design import BUNDLED_DIR
from course_engine.certificates.document import certificate_pdf
from course_engine.content import CertificateTemplate
from course_engine.models import Certificate

#: Used when neither the course's template nor "default" can be found in the content.
FALLBACK_TEMPLATE = CertificateTemplate("default", "certificates/default.yaml", {})
#: The verification route's path (the blueprint's rule), for links made outside a request.
VERIFY_PATH = "/verify/{code}"


def verification_url(certificate: Certificate) -> str:
    """The absolute public verification link.

    From CERTIFICATE_BASE_URL when set (so every PDF carries the same link whichever host
    served it), else from the current request's host, else http://localhost.
    """
    base = current_app.config.get("CERTIFICATE_BASE_URL")
    if not base and has_request_context():
        return url_for("certificates.verify", code=certificate.verification_code, _external=True)
    return (base or "http://localhost").rstrip("/") + VERIFY_PATH.format(
        code=certificate.verification_code
    )


def template_of(certificate: Certificate) -> tuple[CertificateTemplate, Path]:
    """The certificate's template and the folder its files are relative to."""
    loaded = catalog.catalog()
    templates = loaded.templates if loaded else {}
    template = templates.get(certificate.template) or templates.get("default")
    if template is None:
        return FALLBACK_TEMPLATE, BUNDLED_DIR
    folder = Path(current_app.config["CONTENT_ROOT"]) / Path(template.source).parent
    return template, folder


def render_certificate(certificate: Certificate) -> bytes:
    """The certificate's PDF, rendered now from the record."""
    template, folder = template_of(certificate)
    return certificate_pdf(certificate, template, folder, verification_url(certificate))
