"""Every administration route, for every kind of visitor: the access matrix.

The route list comes from the application's URL map, so a new administration route without an
entry here makes ``test_every_administration_route_is_in_the_matrix`` fail.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from course_engine.models import Certificate, InviteCode
from tests.admin.conftest import LoginAs, People, post
from tests.factories import (
    create_cohort,
    create_export_job,
    create_failed_mail,
    create_failed_score,
    create_invite_code,
)

#: The blueprints of the administration part (course_engine.admin).
ADMIN_BLUEPRINTS = {
    "admin",
    "admin_learners",
    "admin_certificates",
    "admin_organizations",
    "admin_cohorts",
    "admin_invites",
    "admin_audit",
    "admin_content",
    "admin_mail",
    "admin_lti",
    "admin_exports",
}

ADMIN = {"admin"}
STAFF = {"admin", "org_admin"}  # org admins: of the member's organization only
BACK_OFFICE = {"admin", "org_admin", "author"}
AUTHORS = {"admin", "author"}
PERSONAS = ["anonymous", "learner", "author", "other_org_admin", "org_admin", "admin"]


@dataclass(frozen=True)
class Route:
    """How to call one route and who may: ``scoped`` routes concern the member's account."""

    method: str
    url: Callable[[People, dict[str, int]], str]
    allowed: set[str]
    scoped: bool = False
    data: tuple[tuple[str, str], ...] = ()


def member(path: str = "") -> Callable[[People, dict[str, int]], str]:
    """A URL under the member's learner page."""
    return lambda p, ids: f"/admin/learners/{p.member.id}{path}"


def certificate(action: str) -> Callable[[People, dict[str, int]], str]:
    """A URL acting on the member's certificate."""
    return lambda p, ids: (
        f"/admin/learners/{p.member.id}/certificates/{ids['certificate']}/{action}"
    )


def fixed(url: str) -> Callable[[People, dict[str, int]], str]:
    """A URL without ids."""
    return lambda p, ids: url


MATRIX: dict[str, Route] = {
    "admin.index": Route("GET", fixed("/admin/"), BACK_OFFICE),
    "admin_learners.search": Route("GET", fixed("/admin/learners/"), STAFF),
    "admin_learners.learner": Route("GET", member(), STAFF, scoped=True),
    "admin_learners.correct_name": Route("GET", member("/name"), STAFF, scoped=True),
    "admin_learners.change_role": Route(
        "POST", member("/role"), ADMIN, scoped=True, data=(("access_role", "author"),)
    ),
    "admin_learners.change_placement": Route(
        "POST",
        member("/placement"),
        ADMIN,
        scoped=True,
        data=(("organization", ""), ("cohort", "")),
    ),
    "admin_learners.deactivate": Route("POST", member("/deactivate"), STAFF, scoped=True),
    "admin_learners.reactivate": Route("POST", member("/reactivate"), STAFF, scoped=True),
    "admin_learners.send_password_reset": Route(
        "POST", member("/password-reset"), STAFF, scoped=True
    ),
    "admin_learners.delete": Route("GET", member("/delete"), ADMIN, scoped=True),
    "admin_certificates.revoke": Route("GET", certificate("revoke"), ADMIN, scoped=True),
    "admin_certificates.reissue": Route("POST", certificate("reissue"), STAFF, scoped=True),
    "admin_organizations.index": Route("GET", fixed("/admin/organizations/"), ADMIN),
    "admin_organizations.create": Route("GET", fixed("/admin/organizations/new"), ADMIN),
    "admin_organizations.edit": Route(
        "GET", lambda p, ids: f"/admin/organizations/{p.org.id}/edit", ADMIN
    ),
    "admin_cohorts.index": Route("GET", fixed("/admin/cohorts/"), ADMIN),
    "admin_cohorts.create": Route("GET", fixed("/admin/cohorts/new"), ADMIN),
    "admin_cohorts.edit": Route(
        "GET", lambda p, ids: f"/admin/cohorts/{ids['cohort']}/edit", ADMIN
    ),
    "admin_invites.index": Route("GET", fixed("/admin/invites/"), ADMIN),
    "admin_invites.create": Route("GET", fixed("/admin/invites/new"), ADMIN),
    "admin_invites.expire": Route(
        "POST", lambda p, ids: f"/admin/invites/{ids['invite']}/expire", ADMIN
    ),
    "admin_invites.email": Route(
        "GET", lambda p, ids: f"/admin/invites/{ids['invite']}/email", ADMIN
    ),
    "admin_audit.index": Route("GET", fixed("/admin/audit/"), ADMIN),
    "admin_mail.failed": Route("GET", fixed("/admin/mail/"), ADMIN),
    "admin_exports.index": Route("GET", fixed("/admin/exports/"), STAFF),
    "admin_exports.certificates_zip": Route(
        "POST",
        fixed("/admin/exports/certificates"),
        STAFF,
        data=(("course", "heart-collaboration"),),
    ),
    "admin_exports.transcripts_zip": Route(
        "POST",
        fixed("/admin/exports/transcripts"),
        STAFF,
        data=(("course", "heart-collaboration"),),
    ),
    # Each persona's own job (another's is 404: tests/jobs/test_exports.py).
    "admin_exports.job": Route("GET", lambda p, ids: f"/admin/exports/{ids['job']}", STAFF),
    "admin_exports.job_status": Route(
        "GET", lambda p, ids: f"/admin/exports/{ids['job']}.json", STAFF
    ),
    "admin_exports.download": Route(
        "GET", lambda p, ids: f"/admin/exports/{ids['job']}/download", STAFF
    ),
    "admin_mail.retry": Route("POST", lambda p, ids: f"/admin/mail/{ids['mail']}/retry", ADMIN),
    "admin_lti.index": Route("GET", fixed("/admin/lti/"), ADMIN),
    "admin_lti.retry": Route(
        "POST", lambda p, ids: f"/admin/lti/scores/{ids['score']}/retry", ADMIN
    ),
    "admin_content.status": Route("GET", fixed("/admin/content/"), AUTHORS),
    "admin_content.reload": Route("POST", fixed("/admin/content/reload"), AUTHORS),
}


def test_every_administration_route_is_in_the_matrix(app: Flask) -> None:
    endpoints = {
        rule.endpoint
        for rule in app.url_map.iter_rules()
        if rule.endpoint.partition(".")[0] in ADMIN_BLUEPRINTS
    }
    assert endpoints == set(MATRIX)


def expected(route: Route, persona: str) -> str:
    """What ``persona`` should get: login, forbidden, not_found or ok."""
    if persona == "anonymous":
        return "login"
    role = "org_admin" if persona == "other_org_admin" else persona
    if role not in route.allowed:
        return "forbidden"
    if persona == "other_org_admin" and route.scoped:
        return "not_found"
    return "ok"


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("endpoint", sorted(MATRIX))
def test_administration_route_access(
    endpoint: str,
    persona: str,
    app: Flask,
    client: FlaskClient,
    db: Session,
    people: People,
    certificate: Certificate,
    login_as: LoginAs,
    mail_outbox: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(app, "instance_path", str(tmp_path))  # "Reload now" writes a stamp
    invite: InviteCode = create_invite_code(db, organization=people.org)
    ids = {
        "certificate": certificate.id,
        "invite": invite.id,
        "cohort": create_cohort(db, organization=people.org).id,
        "mail": create_failed_mail(db, people.member).id,
        "score": create_failed_score(db, people.member).id,
        "job": create_export_job(db, getattr(people, persona, people.admin)).id,
    }
    if persona != "anonymous":
        login_as(client, getattr(people, persona))
    route = MATRIX[endpoint]
    url = route.url(people, ids)
    if route.method == "GET":
        response = client.get(url)
    else:
        token_page = "/login" if persona == "anonymous" else "/account"
        response = post(client, url, dict(route.data), token_from=token_page)

    outcome = expected(route, persona)
    if outcome == "login":
        assert response.status_code == 302
        assert response.headers["Location"].startswith("/login")
    elif outcome == "forbidden":
        assert response.status_code == 403
    elif outcome == "not_found":
        assert response.status_code == 404
    else:
        assert response.status_code in (200, 302), response.status_code
        assert "/login" not in response.headers.get("Location", "")
