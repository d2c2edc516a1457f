"""The issuer on the certificate: stored at issue, shown on the PDF, the page and the JSON."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

from flask import Flask
from flask.testing import FlaskClient
from pypdf import PdfReader
from sqlalchemy.orm import Session

from course_engine.certificates.operations import reissue
from course_engine.certificates.render import render_certificate
from course_engine.content import Accreditation, Issuer
from course_engine.models import Certificate
from course_engine.template_helpers import format_hours
from tests.support.pdf import pdf_text as read_pdf_text

INSTITUTE = Issuer(
    "Example Health Institute", "https://health.example.org", "ce@health.example.org"
)
BOARD = Accreditation(
    "State Board of Nursing",
    "https://nursing.example.gov",
    "CEP-1234",
    "Approved for 2 contact hours of nursing continuing education.",
)


def pdf_text(pdf: bytes, tmp_path: Path) -> str:
    path = tmp_path / "certificate.pdf"
    path.write_bytes(pdf)
    return " ".join(read_pdf_text(path, "-raw").split())


def test_the_issuer_is_stored_when_the_certificate_is_issued(
    make_certificate: Callable[..., Certificate],
) -> None:
    certificate = make_certificate(issuer=INSTITUTE, accreditation=BOARD)
    assert certificate.issuer is not None
    assert certificate.issuer["name"] == "Example Health Institute"
    assert certificate.issuer["accreditation"]["provider_number"] == "CEP-1234"


def test_a_reissued_certificate_keeps_the_issuer_of_the_original(
    db: Session, make_certificate: Callable[..., Certificate]
) -> None:
    certificate = make_certificate(issuer=INSTITUTE, accreditation=BOARD)
    assert reissue(db, certificate, None).issuer == certificate.issuer


def test_the_verification_json_names_issuer_and_accreditation(
    client: FlaskClient, make_certificate: Callable[..., Certificate]
) -> None:
    certificate = make_certificate(issuer=INSTITUTE, accreditation=BOARD)
    data = client.get(f"/verify/{certificate.verification_code}.json").get_json()
    assert data["issuer"] == {
        "name": "Example Health Institute",
        "url": "https://health.example.org",
        "email": "ce@health.example.org",
        "logo": None,
        "accreditation": {
            "body": "State Board of Nursing",
            "url": "https://nursing.example.gov",
            "provider_number": "CEP-1234",
            "statement": "Approved for 2 contact hours of nursing continuing education.",
        },
    }
    assert data["attestation"].startswith(f"{certificate.learner_name} completed the course ")
    assert "offered by Example Health Institute" in data["attestation"]


def test_the_verification_page_says_who_issued_it_and_what_it_attests(
    client: FlaskClient, make_certificate: Callable[..., Certificate]
) -> None:
    certificate = make_certificate(full_name="Ada Lovelace", issuer=INSTITUTE, accreditation=BOARD)
    page = client.get(f"/verify/{certificate.verification_code}").get_data(as_text=True)
    assert "issued by Example Health Institute and is in good standing" in page
    link = '<a href="https://health.example.org" rel="noopener">Example Health Institute</a>'
    assert link in page
    assert "State Board of Nursing" in page and "(provider no. CEP-1234)" in page
    assert "Ada Lovelace completed the course Schools and Health Centers Together" in page
    assert f"for {format_hours(certificate.hours)} of continuing education" in page
    assert "It is valid through March 2, 2029. It is in good standing." in page


def test_without_an_issuer_nothing_is_made_up(
    app: Flask, client: FlaskClient, make_certificate: Callable[..., Certificate], tmp_path: Path
) -> None:
    certificate = make_certificate(issuer=None, accreditation=None)
    data = client.get(f"/verify/{certificate.verification_code}.json").get_json()
    assert data["issuer"] is None and "offered by" not in data["attestation"]
    page = client.get(f"/verify/{certificate.verification_code}").get_data(as_text=True)
    assert "The course names no issuing organization." in page
    assert "Issued by" not in page and "Accredited by" not in page
    with app.app_context():
        text = pdf_text(render_certificate(certificate), tmp_path)
    assert "Offered by" not in text and "Accredited" not in text
    flat = " ".join(text.split())
    assert f"estimated length: {certificate.hours:g} hours" in flat and "contact hour" not in flat
    assert "not a record of continuing-education credit" in data["attestation"]


def test_the_pdf_names_the_issuer_and_the_accreditation(
    app: Flask, make_certificate: Callable[..., Certificate], tmp_path: Path
) -> None:
    certificate = make_certificate(issuer=INSTITUTE, accreditation=BOARD)
    with app.app_context():
        pdf = render_certificate(certificate)
    text = pdf_text(pdf, tmp_path)
    assert "Offered by Example Health Institute" in text
    assert "Accredited by State Board of Nursing (provider no. CEP-1234)." in text
    flat = " ".join(text.split())
    assert f"has completed {certificate.hours:g} contact hours of continuing education" in flat
    assert "estimated length" not in flat
    metadata = PdfReader(io.BytesIO(pdf)).metadata
    assert metadata is not None
    assert metadata.author == "Example Health Institute"
    assert certificate.serial in (metadata.get("/Keywords") or "")


def test_the_bundled_course_names_its_issuer(
    client: FlaskClient, make_certificate: Callable[..., Certificate]
) -> None:
    certificate = make_certificate()
    data = client.get(f"/verify/{certificate.verification_code}.json").get_json()
    assert data["issuer"]["name"] == "the provider of this course"
    assert data["issuer"]["url"] is None and data["issuer"]["accreditation"] is None


def test_the_bundled_certificate_names_the_provider_and_a_role_but_no_person(
    app: Flask, make_certificate: Callable[..., Certificate], tmp_path: Path
) -> None:
    certificate = make_certificate()
    assert (certificate.signatory_name, certificate.signatory_title) == (None, "Course provider")
    with app.app_context():
        pdf = render_certificate(certificate)
    flat = " ".join(pdf_text(pdf, tmp_path).split())
    assert "Offered by the provider of this course" in flat and "Course provider" in flat
    assert f"estimated length: {certificate.hours:g} hours" in flat
    assert "contact hour" not in flat
    template = app.extensions["content"].catalog.templates[certificate.template]
    assert template.data["signature_image"] is None and template.data["layout"]["signature"] is None
