"""Certificates in Spanish: the verification JSON's attestation and the PDF (pdftotext)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from course_engine.models import Certificate, User
from tests.support.pdf import pdf_text

SPANISH = "es-MX,es;q=0.9"


def test_the_verify_json_attests_in_the_language_asked_for(
    client: FlaskClient, make_certificate: Callable[..., Certificate]
):
    certificate = make_certificate(full_name="Lucía Gómez")
    url = f"/verify/{certificate.verification_code}.json"

    spanish = client.get(url, headers={"Accept-Language": SPANISH}).get_json()
    english = client.get(url, headers={"Accept-Language": "en"}).get_json()

    assert spanish["language"] == "es" and english["language"] == "en"
    assert spanish["attestation"].startswith("Lucía Gómez completó el curso ")
    assert " el 3 de marzo de 2026:" in spanish["attestation"]
    assert "un curso con una duración estimada de 2 horas." in spanish["attestation"]
    assert spanish["attestation"].endswith("Está vigente.")
    assert "on March 3, 2026," in english["attestation"]
    assert spanish["completed_on"] == english["completed_on"] == "2026-03-03"  # data stays data


def test_a_spanish_learner_downloads_the_certificate_in_spanish(
    client: FlaskClient,
    learner: User,
    make_certificate: Callable[..., Certificate],
    db: Session,
    tmp_path: Path,
):
    certificate = make_certificate(email="titular@example.org", full_name="Marta Ibáñez")
    certificate.user_id = learner.id
    db.flush()
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = SPANISH

    response = client.get(f"/certificates/{certificate.id}.pdf")

    assert response.status_code == 200
    (tmp_path / "es.pdf").write_bytes(response.data)
    text = " ".join(pdf_text(tmp_path / "es.pdf").split())
    assert "Certificado de finalización" in text
    assert "Se certifica que Marta Ibáñez" in text
    assert "Escuelas y centros de salud, juntos" in text
    assert "Completado el 3 de marzo de 2026" in text
    assert "Ofrecido por la entidad que ofrece este curso" in text
    assert "March" not in text and "Certificate of Completion" not in text
    english = client.get(f"/certificates/{certificate.id}.pdf", headers={"Accept-Language": "en"})
    (tmp_path / "en.pdf").write_bytes(english.data)
    assert "Completed on March 3, 2026" in " ".join(pdf_text(tmp_path / "en.pdf").split())
