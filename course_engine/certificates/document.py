"""A stored certificate as a PDF file, one at a time or many in a ZIP."""

from __future__ import annotations

import zipfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import BinaryIO

from course_engine.certificates.design import design_for
from course_engine.certificates.pdf import Facts, long_date, render_pdf
from course_engine.content import CertificateTemplate
from course_engine.models import Certificate


def facts_of(certificate: Certificate, url: str) -> Facts:
    """What the PDF prints, all taken from the record (never from the live user or course)."""
    return Facts(
        name=certificate.learner_name,
        course=certificate.course_title,
        version=certificate.course_version,
        hours=f"{certificate.hours:g}",
        date=long_date(certificate.completed_at.date()),
        expires=long_date(certificate.expires_on) if certificate.expires_on else "",
        serial=certificate.serial,
        url=url,
        signatory_name=certificate.signatory_name or "",
        signatory_title=certificate.signatory_title or "",
    )


def certificate_pdf(
    certificate: Certificate, template: CertificateTemplate, folder: Path, url: str
) -> bytes:
    """The PDF of ``certificate``: byte-identical for the same record, template and URL."""
    design = design_for(template, folder)
    return render_pdf(design, facts_of(certificate, url), certificate.issued_at)


def pdf_filename(certificate: Certificate) -> str:
    """certificate-HEART-2026-000123.pdf"""
    return f"certificate-{certificate.serial}.pdf"


def write_zip(
    target: str | Path | BinaryIO, certificates: Iterable[Certificate],
    render: Callable[[Certificate], bytes],
) -> int:
    """Write one PDF per certificate into a ZIP (stored: PDFs are compressed); return the count."""
    count = 0
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_STORED) as archive:
        for certificate in certificates:
            issued = certificate.issued_at
            info = zipfile.ZipInfo(
                pdf_filename(certificate),
                date_time=(issued.year, issued.month, issued.day, issued.hour, issued.minute,
                           issued.second),
            )
            archive.writestr(info, render(certificate))
            count += 1
    return count
