"""Certificate fonts: any name the fonts cover prints; any other is refused where it is typed."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import select
from sqlalchemy.orm import Session

from course_engine.certificates import vector
from course_engine.certificates.document import certificate_pdf
from course_engine.certificates.fonts import face_of, missing_characters
from course_engine.certificates.pdf import CREDENTIAL_FILENAME
from course_engine.content import CertificateTemplate
from course_engine.content.certificate_file import BUNDLED_DIR
from course_engine.models import User
from tests.certificates.conftest import CERTIFICATES_DIR
from tests.certificates.test_pdf import URL, a_certificate
from tests.support.pdf import pdf_text

FONTS = [
    BUNDLED_DIR / "fonts" / name
    for name in ("DejaVuSerif.ttf", "DejaVuSerif-Bold.ttf", "DejaVuSerif-Italic.ttf")
]
ARABIC = "محمد عبد الله"
CHINESE = "王小明"


@pytest.mark.parametrize("name", ["Nguyễn Thị Minh Khai", "Ελένη", "Дмитрий", "Zoë Ångström"])
def test_names_the_fonts_cover_print_as_typed(
    name: str, template: CertificateTemplate, tmp_path: Path
) -> None:
    assert missing_characters(name, FONTS) == []
    path = tmp_path / "c.pdf"
    path.write_bytes(
        certificate_pdf(a_certificate(learner_name=name), template, CERTIFICATES_DIR, URL)
    )
    assert name in pdf_text(path)


def test_characters_no_font_has_are_found() -> None:
    assert missing_characters(f"Ada {CHINESE}", FONTS) == list(CHINESE)
    assert "م" in missing_characters(ARABIC, FONTS)


@pytest.mark.parametrize("name", [ARABIC, CHINESE])
def test_registration_refuses_a_name_the_certificates_cannot_print(
    name: str, auth: object, db: Session
) -> None:
    response = auth.register("glyphs@example.org", full_name=name)  # type: ignore[attr-defined]
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "Certificates cannot print these characters of your name" in page
    assert db.scalar(select(User).where(User.email_key == "glyphs@example.org")) is None


def test_the_signed_credential_is_attached_to_the_pdf(template: CertificateTemplate) -> None:
    credential = {"type": ["VerifiableCredential", "OpenBadgeCredential"], "name": "Zoë"}
    pdf = certificate_pdf(a_certificate(credential=credential), template, CERTIFICATES_DIR, URL)
    attachments = PdfReader(io.BytesIO(pdf)).attachments
    assert list(attachments) == [CREDENTIAL_FILENAME]
    assert json.loads(attachments[CREDENTIAL_FILENAME][0]) == credential


def test_each_font_file_is_read_once_per_process(template: CertificateTemplate) -> None:
    certificate_pdf(a_certificate(), template, CERTIFICATES_DIR, URL)
    reads = face_of.cache_info().misses
    for name in ("Ada Lovelace", "Дмитрий", "Nguyễn Thị Minh Khai"):
        certificate_pdf(a_certificate(learner_name=name), template, CERTIFICATES_DIR, URL)
    assert face_of.cache_info().misses == reads


def test_a_logo_drawn_from_the_cache_is_the_same_as_drawn_by_fpdf2(
    template: CertificateTemplate, monkeypatch: pytest.MonkeyPatch
) -> None:
    cached = certificate_pdf(a_certificate(), template, CERTIFICATES_DIR, URL)
    monkeypatch.setattr(vector, "svg_stamp", lambda *args: None)
    assert certificate_pdf(a_certificate(), template, CERTIFICATES_DIR, URL) == cached


def test_each_embedded_font_holds_only_the_glyphs_the_certificate_prints(
    template: CertificateTemplate,
) -> None:
    pdf = PdfReader(io.BytesIO(certificate_pdf(a_certificate(), template, CERTIFICATES_DIR, URL)))
    fonts = pdf.pages[0]["/Resources"]["/Font"]
    for font in fonts.values():
        descriptor = font.get_object()["/DescendantFonts"][0].get_object()["/FontDescriptor"]
        data = descriptor["/FontFile2"].get_object().get_data()
        assert len(data) < 60_000  # the whole DejaVu Serif is over 300 KB
