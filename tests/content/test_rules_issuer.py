"""The issuer and accrediting body of course.yaml: checked at their lines, nothing made up."""

from __future__ import annotations

from pathlib import Path

from course_engine.content import Accreditation, Issuer, check_content
from course_engine.content import messages as m

from .conftest import edit, error, errors_of

COURSE = "modules/demo/course.yaml"
SIGNATORY = "    title: Programme Lead\n"


def add_to_certificate(root: Path, yaml: str) -> None:
    """Append lines to the demo course's ``certificate:`` mapping (after the signatory)."""
    edit(root, COURSE, SIGNATORY, SIGNATORY + yaml)


def test_a_course_without_an_issuer_has_none(root: Path) -> None:
    catalog, errors = check_content(root)
    assert errors == [] and catalog is not None
    settings = catalog.courses["demo"].certificate
    assert settings is not None and settings.issuer is None and settings.accreditation is None


def test_a_full_issuer_and_accreditation_are_read(root: Path) -> None:
    add_to_certificate(
        root,
        (
            "  issuer:\n"
            "    name: Example Health Institute\n"
            "    url: https://health.example.org\n"
            "    email: ce@health.example.org\n"
            "    logo: https://health.example.org/logo.png\n"
            "  accreditation:\n"
            "    body: State Board of Nursing\n"
            "    provider_number: CEP-1234\n"
            "    statement: Approved for 1.5 contact hours.\n"
        ),
    )
    catalog, errors = check_content(root)
    assert errors == [] and catalog is not None
    settings = catalog.courses["demo"].certificate
    assert settings is not None
    assert settings.issuer == Issuer(
        "Example Health Institute",
        "https://health.example.org",
        "ce@health.example.org",
        "https://health.example.org/logo.png",
    )
    assert settings.accreditation == Accreditation(
        "State Board of Nursing", None, "CEP-1234", "Approved for 1.5 contact hours."
    )


def test_an_issuer_needs_a_name(root: Path) -> None:
    add_to_certificate(root, "  issuer:\n    url: https://health.example.org\n")
    assert errors_of(root) == [error(COURSE, 25, m.MISSING_KEY.format(key="name"))]


def test_issuer_url_and_email_are_checked_at_their_lines(root: Path) -> None:
    add_to_certificate(
        root,
        ("  issuer:\n    name: Example\n    url: health.example.org\n    email: not-an-email\n"),
    )
    assert errors_of(root) == [
        error(COURSE, 26, m.BAD_URL.format(key="url", value="health.example.org")),
        error(COURSE, 27, m.BAD_EMAIL.format(key="email", value="not-an-email")),
    ]


def test_a_javascript_address_is_not_a_url(root: Path) -> None:
    add_to_certificate(root, "  issuer:\n    name: Example\n    logo: javascript:alert(1)\n")
    assert errors_of(root) == [
        error(COURSE, 26, m.BAD_URL.format(key="logo", value="javascript:alert(1)"))
    ]


def test_unknown_issuer_keys_are_reported_with_a_suggestion(root: Path) -> None:
    add_to_certificate(root, "  issuer:\n    name: Example\n    emial: a@b.org\n")
    message = m.UNKNOWN_KEY_SUGGEST.format(key="emial", suggestion="email")
    assert errors_of(root) == [error(COURSE, 26, message)]


def test_an_accreditation_needs_a_body_and_an_issuer(root: Path) -> None:
    add_to_certificate(root, "  accreditation:\n    provider_number: '12'\n")
    assert errors_of(root) == [
        error(COURSE, 25, m.MISSING_KEY.format(key="body")),
    ]
    edit(root, COURSE, "    provider_number: '12'\n", "    body: A Board\n")
    message = m.NEEDS_SETTING.format(key="accreditation", needs="certificate: issuer")
    assert errors_of(root) == [error(COURSE, 24, message)]
