"""A stored certificate as a PDF file, one at a time or many in a ZIP."""

from __future__ import annotations

import contextlib
import json
import zipfile
from collections.abc import Callable, Iterable, Mapping
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, BinaryIO

from babel.numbers import format_decimal

from course_engine.certificates.design import Design, design_for
from course_engine.certificates.pdf import Facts, long_date, render_pdf
from course_engine.content import CertificateTemplate
from course_engine.models import Certificate


def facts_of(
    certificate: Certificate,
    url: str,
    language: str = "en",
    course_title: str | None = None,
    issuer_name: str | None = None,
) -> Facts:
    """What the PDF prints, all taken from the record (never from the live user or course);
    dates and numbers written for ``language``, the course's title as translated if given."""
    hours = format_decimal(certificate.hours, locale=language)
    accredited = bool((certificate.issuer or {}).get("accreditation"))
    return Facts(
        name=certificate.learner_name,
        course=course_title or certificate.course_title,
        version=certificate.course_version,
        hours=hours,
        date=long_date(certificate.completed_at.date(), language),
        expires=long_date(certificate.expires_on, language) if certificate.expires_on else "",
        serial=certificate.serial,
        url=url,
        signatory_name=certificate.signatory_name or "",
        signatory_title=certificate.signatory_title or "",
        issuer=issuer_name or (certificate.issuer or {}).get("name", ""),
        accreditation=accreditation_sentence(certificate.issuer),
        credit_hours=hours if accredited else "",
        estimated_hours="" if accredited else hours,
    )


def accreditation_sentence(issuer: Mapping[str, Any] | None) -> str:
    """Accredited by BODY (provider no. N). STATEMENT: empty when no accreditation is named."""
    accreditation = (issuer or {}).get("accreditation")
    if not accreditation:
        return ""
    number = accreditation.get("provider_number")
    sentence = f"Accredited by {accreditation['body']}"
    sentence += f" (provider no. {number})." if number else "."
    if accreditation.get("statement"):
        sentence += f" {accreditation['statement']}"
    return sentence


@dataclass(frozen=True)
class PdfJob:
    """Everything one certificate's PDF is drawn from (plain data, so another process can)."""

    filename: str
    design: Design
    facts: Facts
    created: datetime
    credential: bytes | None


def pdf_job(
    certificate: Certificate,
    template: CertificateTemplate,
    folder: Path,
    url: str,
    language: str = "en",
    course_title: str | None = None,
    issuer_name: str | None = None,
) -> PdfJob:
    """The PDF job of a stored certificate: its facts, design, date and signed credential."""
    credential = None
    if certificate.credential is not None:
        credential = json.dumps(certificate.credential, ensure_ascii=False, indent=2).encode()
    return PdfJob(
        pdf_filename(certificate),
        design_for(template, folder, language),
        facts_of(certificate, url, language, course_title, issuer_name),
        certificate.issued_at,
        credential,
    )


def render_job(job: PdfJob) -> bytes:
    """The PDF of a job."""
    return render_pdf(job.design, job.facts, job.created, job.credential)


def certificate_pdf(
    certificate: Certificate, template: CertificateTemplate, folder: Path, url: str
) -> bytes:
    """The PDF of ``certificate``: byte-identical for the same record, template and URL."""
    return render_job(pdf_job(certificate, template, folder, url))


def pdf_filename(certificate: Certificate) -> str:
    """certificate-HEART-2026-000123.pdf"""
    return f"certificate-{certificate.serial}.pdf"


def write_zip(
    target: str | Path | BinaryIO,
    jobs: Iterable[PdfJob],
    workers: int = 1,
    on_progress: Callable[[int], None] | None = None,
) -> int:
    """Write one PDF per job into a ZIP (stored: PDFs are compressed); return the count.

    With ``workers`` > 1 the PDFs are drawn by that many processes, in order.
    ``on_progress(count)`` is called after each PDF is written.
    """
    count = 0
    with contextlib.ExitStack() as stack:
        pdfs: Iterable[bytes]
        if workers > 1:
            pool = stack.enter_context(ProcessPoolExecutor(max_workers=workers))
            jobs = list(jobs)
            pdfs = pool.map(render_job, jobs, chunksize=max(1, min(32, len(jobs) // workers // 4)))
        else:
            jobs = list(jobs)
            pdfs = map(render_job, jobs)
        archive = stack.enter_context(zipfile.ZipFile(target, "w", compression=zipfile.ZIP_STORED))
        for job, pdf in zip(jobs, pdfs, strict=True):
            made = job.created
            info = zipfile.ZipInfo(
                job.filename,
                date_time=(made.year, made.month, made.day, made.hour, made.minute, made.second),
            )
            archive.writestr(info, pdf)
            count += 1
            if on_progress is not None:
                on_progress(count)
    return count
