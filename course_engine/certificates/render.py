"""A stored certificate in the running app: its template, verification link and PDF."""

from __future__ import annotations

from pathlib import Path

from flask import current_app

from course_engine import live_content
from course_engine.certificates.design import design_for
from course_engine.certificates.document import PdfJob, pdf_job, render_job
from course_engine.certificates.fonts import missing_characters
from course_engine.content import CertificateTemplate, Course
from course_engine.content.certificate_file import BUNDLED_DIR
from course_engine.models import Certificate
from course_engine.urls import external_url

#: Used when neither the course's template nor "default" can be found in the content.
FALLBACK_TEMPLATE = CertificateTemplate("default", "certificates/default.yaml", {})


def verification_url(certificate: Certificate) -> str:
    """The absolute public verification link, under BASE_URL whichever host served the PDF."""
    return external_url("certificates.verify", code=certificate.verification_code)


def template_of(certificate: Certificate) -> tuple[CertificateTemplate, Path]:
    """The certificate's template and the folder its files are relative to."""
    loaded = live_content.current_catalog()
    templates = loaded.templates if loaded else {}
    template = templates.get(certificate.template) or templates.get("default")
    if template is None:
        return FALLBACK_TEMPLATE, BUNDLED_DIR
    folder = Path(current_app.config["CONTENT_ROOT"]) / Path(template.source).parent
    return template, folder


def unprintable_characters(text: str) -> list[str]:
    """Characters of ``text`` that no font of any certificate template can print."""
    loaded = live_content.current_catalog()
    templates = list(loaded.templates.values()) if loaded else []
    folder = Path(current_app.config["CONTENT_ROOT"])
    designs = [design_for(t, folder / Path(t.source).parent) for t in templates] or [
        design_for(FALLBACK_TEMPLATE, BUNDLED_DIR)
    ]
    return sorted(
        {c for design in designs for c in missing_characters(text, design.fonts.values())},
        key=text.index,
    )


def render_certificate(certificate: Certificate, language: str = "en") -> bytes:
    """The certificate's PDF in ``language``, rendered now from the record."""
    return render_job(job_of(certificate, language))


def job_of(certificate: Certificate, language: str = "en") -> PdfJob:
    """What the certificate's PDF is drawn from, resolved in this app; in another language
    the template's translated wording and the course's translated title (same version)."""
    template, folder = template_of(certificate)
    title = issuer = None
    if language != "en":
        course = live_content.course_in(certificate.course_slug, language)
        if course is not None and course.version == certificate.course_version:
            title = course.title
            issuer = _translated_issuer(certificate, course, language)
    url = verification_url(certificate)
    return pdf_job(certificate, template, folder, url, language, title, issuer)


def _translated_issuer(certificate: Certificate, course: Course, language: str) -> str | None:
    """The issuer's name as the course's translation writes it, when the record names the same
    issuer as the original course does."""
    catalog = live_content.current_catalog()
    original = catalog.course(course.slug) if catalog else None
    stored = (certificate.issuer or {}).get("name")
    written = original.certificate.issuer if original and original.certificate else None
    shown = course.certificate.issuer if course.certificate else None
    if written is None or shown is None or stored != written.name or course.language != language:
        return None
    return shown.name
