"""The PDF: Unicode names print, the QR code scans, long texts stay in their boxes, stable bytes."""

from __future__ import annotations

import io
import re
import subprocess
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from pypdf import PdfReader

from course_engine.certificates.design import build_design
from course_engine.certificates.document import certificate_pdf, facts_of
from course_engine.certificates.pdf import render_pdf
from course_engine.content import CertificateTemplate
from course_engine.models import Certificate
from tests.certificates.conftest import CERTIFICATES_DIR
from tests.support.pdf import pdf_text as read_pdf_text
from tests.support.pdf import scanned_qr_code

CODE = "Q2VydGlmaWNhdGUtdGVzdC1jb2Rl"
URL = f"https://learn.example.org/verify/{CODE}"
NAMES = ["Nguyễn Thị Minh Khai", "Zoë Ångström-Łukasiewicz", "Дмитрий", "Ελένη Παπαδοπούλου"]
LONG_NAME = (
    "Maria Guadalupe Fernández de la Concepción Rodríguez-Villanueva y Santos-Ortega "
    "Hohenzollern-Sigmaringen"
)
ONE_LONG_WORD = "Wolfeschlegelsteinhausenbergerdorffvoralternwarengewissenhaftschaferswessen"


def a_certificate(**kw: object) -> Certificate:
    """A certificate record as the database would hold it (not saved)."""
    values: dict[str, object] = {
        "id": 123,
        "serial": "HEART-2026-000123",
        "verification_code": CODE,
        "learner_name": NAMES[0],
        "course_title": "Schools and Health Centers Together",
        "course_version": "1",
        "hours": 2.0,
        "template": "default",
        "completed_at": datetime(2026, 3, 3, 14, 30, tzinfo=UTC),
        "expires_on": date(2029, 3, 2),
        "issued_at": datetime(2026, 3, 3, 14, 30, 5, tzinfo=UTC),
        "signatory_name": "Dr. Ada Example",
        "signatory_title": "Program Lead",
    }
    values.update(kw)
    return Certificate(**values)


def pdf_text(pdf: bytes, tmp_path: Path) -> str:
    path = tmp_path / "certificate.pdf"
    path.write_bytes(pdf)
    return read_pdf_text(path)


def words_with_boxes(pdf: bytes, tmp_path: Path) -> list[tuple[str, float, float, float, float]]:
    """Each word with its xMin, yMin, xMax, yMax in points (pdftotext -bbox)."""
    path = tmp_path / "boxes.pdf"
    path.write_bytes(pdf)
    html = subprocess.run(
        ["pdftotext", "-bbox", "-enc", "UTF-8", str(path), "-"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    pattern = re.compile(
        r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>'
    )
    return [(w, float(a), float(b), float(c), float(d)) for a, b, c, d, w in pattern.findall(html)]


@pytest.mark.parametrize("name", NAMES)
def test_the_pdf_prints_name_course_hours_and_serial(
    name: str, template: CertificateTemplate, tmp_path: Path
) -> None:
    pdf = certificate_pdf(a_certificate(learner_name=name), template, CERTIFICATES_DIR, URL)
    text = " ".join(pdf_text(pdf, tmp_path).split())
    assert name in text
    assert "Schools and Health Centers Together" in text
    assert "has completed the course (estimated length: 2 hours)" in text
    assert "contact hours" not in text  # no accrediting body: not continuing-education credit
    assert "HEART-2026-000123" in text
    assert "March 3, 2026" in text
    assert "Dr. Ada Example" in text


def test_the_qr_code_scans_to_the_verification_url(
    template: CertificateTemplate, tmp_path: Path
) -> None:
    (tmp_path / "c.pdf").write_bytes(
        certificate_pdf(a_certificate(), template, CERTIFICATES_DIR, URL)
    )
    assert scanned_qr_code(tmp_path / "c.pdf") == URL


def test_the_pdf_is_landscape_letter_with_document_info(template: CertificateTemplate) -> None:
    pdf = certificate_pdf(a_certificate(), template, CERTIFICATES_DIR, URL)
    reader = PdfReader(io.BytesIO(pdf))
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (792, 612)
    assert reader.metadata is not None and "Nguyễn Thị Minh Khai" in (reader.metadata.title or "")


def test_a4_and_portrait_are_a_template_setting() -> None:
    design = build_design({"page_size": "a4", "orientation": "portrait"}, CERTIFICATES_DIR)
    pdf = render_pdf(design, facts_of(a_certificate(), URL), datetime(2026, 3, 3, tzinfo=UTC))
    box = PdfReader(io.BytesIO(pdf)).pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)


@pytest.mark.parametrize("name", [LONG_NAME, ONE_LONG_WORD, "Ng " * 60])
def test_long_names_and_titles_stay_inside_their_boxes(
    name: str, template: CertificateTemplate, tmp_path: Path
) -> None:
    title = "A Very Long Course Title About Collaboration Between Schools and Health Centers " * 4
    pdf = certificate_pdf(
        a_certificate(learner_name=name, course_title=title), template, CERTIFICATES_DIR, URL
    )
    words = words_with_boxes(pdf, tmp_path)
    page_width = 792
    frame = 7 * 72 / 25.4  # the border inset, in points
    assert words
    for word, x_min, _, x_max, _ in words:
        assert x_min > frame and x_max < page_width - frame, word
    name_box = (0.14 * page_width - 1, 0.86 * page_width + 1)  # default layout: x 14%, w 72%
    name_words = [w for w in words if w[0] and w[0] in name]
    assert name_words
    for word, x_min, _, x_max, _ in name_words:
        assert name_box[0] <= x_min and x_max <= name_box[1], word


def test_the_pdf_is_byte_stable(template: CertificateTemplate) -> None:
    first = certificate_pdf(a_certificate(), template, CERTIFICATES_DIR, URL)
    second = certificate_pdf(a_certificate(), template, CERTIFICATES_DIR, URL)
    assert first == second
    assert b"D:20260303143005" in first  # creation date from the record, not the clock
    other = a_certificate(serial="HEART-2026-000124")
    assert certificate_pdf(other, template, CERTIFICATES_DIR, URL) != first


def test_a_certificate_without_expiry_or_signatory_leaves_those_lines_out(
    template: CertificateTemplate, tmp_path: Path
) -> None:
    certificate = a_certificate(expires_on=None, signatory_name=None, signatory_title=None)
    text = pdf_text(certificate_pdf(certificate, template, CERTIFICATES_DIR, URL), tmp_path)
    assert "Valid through" not in text and "{" not in text


def test_default_yaml_spells_out_the_built_in_defaults(template: CertificateTemplate) -> None:
    from_yaml = build_design(template.data, CERTIFICATES_DIR)
    built_in = build_design({}, CERTIFICATES_DIR)
    assert from_yaml.texts == built_in.texts
    assert (from_yaml.qr, from_yaml.border, from_yaml.fonts) == (
        built_in.qr,
        built_in.border,
        built_in.fonts,
    )
