"""An administrator, as a new user would: find a learner, fix their certificate name, revoke
and reissue; every administration page passes axe-core and reflows at 320 px."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import expect
from sqlalchemy.orm import Session

from course_engine import exports
from course_engine.admin.organization_operations import create_invite
from course_engine.database import engine_of
from course_engine.models import AccessRole, Certificate, User
from tests.admin.conftest import certify
from tests.browser.conftest import LiveServer, log_in
from tests.factories import (
    create_cohort,
    create_failed_score,
    create_organization,
    create_user,
)

pytestmark = pytest.mark.browser

ADMIN_PAGES = [
    "/admin/",
    "/admin/learners/",
    "/admin/organizations/",
    "/admin/organizations/new",
    "/admin/cohorts/",
    "/admin/cohorts/new",
    "/admin/invites/",
    "/admin/invites/new",
    "/admin/audit/",
    "/admin/content/",
    "/admin/mail/",
]


def certified_learner(server: LiveServer) -> tuple[str, str]:
    """A learner with a valid certificate, committed to the live database: (name, serial)."""
    name = f"Jon Smiht {uuid.uuid4().hex[:6]}"
    course = server.app.extensions["content"].catalog.course("heart-collaboration")
    with Session(engine_of(server.app)) as session:
        user = create_user(session, email=f"{uuid.uuid4().hex[:8]}@example.org", full_name=name)
        serial = certify(session, user, course).serial
        session.commit()
    return name, serial


def test_admin_finds_a_learner_fixes_the_name_revokes_and_reissues(
    live_server: LiveServer,
    page: Any,
    axe_check: Callable[[Any], None],
    live_learner: Callable[..., str],
) -> None:
    name, first_serial = certified_learner(live_server)
    log_in(page, live_server, live_learner(access_role=AccessRole.ADMIN))

    page.get_by_role("link", name="Administration").click()
    page.get_by_role("link", name="Learners").click()
    page.get_by_label("Name or email").fill(name)
    page.get_by_role("button", name="Search").click()
    axe_check(page)
    page.get_by_role("link", name=name).click()
    axe_check(page)
    assert first_serial in page.content()

    page.get_by_role("link", name="Correct the certificate name").click()
    axe_check(page)
    fixed = name.replace("Smiht", "Smith")
    page.get_by_label("Full name").fill(fixed)
    page.get_by_role("button", name="Save the name").click()
    expect(page.locator("body")).to_contain_text("1 certificate(s) reissued")
    rows = page.locator("table").first
    assert "Superseded" in rows.inner_text() and fixed in rows.inner_text()

    page.get_by_role("link", name="Revoke…").click()
    axe_check(page)
    page.get_by_label("Reason for revoking").fill("Completed under another account")
    page.get_by_role("button", name="Revoke the certificate").click()
    expect(page.locator("body")).to_contain_text("is revoked")
    axe_check(page)

    # a revoked certificate cannot be reissued: the name fix needs a valid one, so reissue
    # is offered only for valid certificates
    assert page.get_by_role("button", name="Reissue in the current name").count() == 0

    page.goto(live_server("/admin/audit/"))
    text = page.content()
    for action in ("user.name_corrected", "certificate.reissued", "certificate.revoked"):
        assert action in text


def test_admin_reissues_a_valid_certificate_from_the_learner_page(
    live_server: LiveServer, page: Any, live_learner: Callable[..., str]
) -> None:
    name, serial = certified_learner(live_server)
    log_in(page, live_server, live_learner(access_role=AccessRole.ADMIN))
    page.goto(live_server(f"/admin/learners/?q={name.replace(' ', '+')}"))
    page.get_by_role("link", name=name).click()
    page.get_by_role("button", name="Reissue in the current name").click()
    expect(page.locator("body")).to_contain_text(f"Certificate {serial} was replaced by")


REPORT_PAGES = [
    "/admin/reports/",
    "/admin/reports/completions?course=heart-collaboration",
    "/admin/reports/courses/heart-collaboration/dashboard",
    "/admin/reports/courses/heart-collaboration/knowledge",
    "/admin/reports/courses/heart-collaboration/quizzes/posttest/items",
    "/admin/reports/courses/heart-collaboration/quizzes/community-resilience-check/items",
    "/admin/reports/courses/heart-collaboration/evaluation",
]
#: Blueprints whose every page the administrator's tour must visit.
BACK_OFFICE = ("admin", "reports", "course_reports")
#: Back-office GET routes that answer JSON or a file, not a page for axe.
NOT_PAGES = {"admin_exports.job_status", "admin_exports.download"}


def test_administration_pages_pass_axe_and_reflow_at_320px(
    live_server: LiveServer,
    page: Any,
    axe_check: Callable[[Any], None],
    live_learner: Callable[..., str],
) -> None:
    name, serial = certified_learner(live_server)
    admin_email = live_learner(access_role=AccessRole.ADMIN)
    log_in(page, live_server, admin_email)
    with Session(engine_of(live_server.app)) as session:
        learner = session.query(User).filter_by(full_name=name).one()
        certificate = session.query(Certificate).filter_by(serial=serial).one()
        organization = create_organization(session)
        cohort = create_cohort(session, organization=organization)
        admin = session.query(User).filter_by(email=admin_email).one()
        create_failed_score(session, learner)  # a row in the failed scores table
        job = exports.request_export(
            session, admin, exports.CERTIFICATES_ZIP, course="heart-collaboration"
        )
        invite = create_invite(
            session,
            admin,
            organization=organization,
            cohort=None,
            code="",
            max_uses=None,
            expires_at=None,
        )
        session.commit()
        base = f"/admin/learners/{learner.id}"
        learner_pages = [
            base,
            f"{base}/name",
            f"{base}/delete",
            f"{base}/certificates/{certificate.id}/revoke",
            f"/admin/organizations/{organization.id}/edit",
            f"/admin/cohorts/{cohort.id}/edit",
            "/admin/exports/",
            f"/admin/exports/{job.id}",
            f"/admin/invites/{invite.id}/email",
            "/admin/lti/",
        ]
    paths = [*ADMIN_PAGES, *learner_pages, *REPORT_PAGES]
    for path in paths:
        page.set_viewport_size({"width": 320, "height": 640})
        page.goto(live_server(path))
        assert page.title() and "Error" not in page.title(), path
        axe_check(page)
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), (
            f"{path} scrolls sideways at 320 px"
        )
    adapter = live_server.app.url_map.bind("localhost")
    visited = {adapter.match(path.split("?")[0])[0] for path in paths}
    pages = {
        rule.endpoint
        for rule in live_server.app.url_map.iter_rules()
        if "GET" in rule.methods and rule.endpoint.split(".")[0].startswith(BACK_OFFICE)
    }
    assert pages - visited - NOT_PAGES == set()
