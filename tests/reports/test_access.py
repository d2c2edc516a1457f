"""Who may open each report route: one parametrized matrix over roles and paths."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from course_engine.models import AccessRole, User
from tests.factories import create_user
from tests.reports.conftest import World
from tests.reports.helpers import BASE, COURSE, export, get

STAFF_PAGES = [
    f"{BASE}/",
    f"{BASE}/completions",
    f"{BASE}/completions?course={COURSE}&status=complete",
    f"{BASE}/courses/{COURSE}/dashboard",
    f"{BASE}/courses/{COURSE}/knowledge",
    f"{BASE}/courses/{COURSE}/quizzes/pretest/items",
    f"{BASE}/courses/{COURSE}/quizzes/posttest/items",
]
ADMIN_ONLY_PAGES = [f"{BASE}/courses/{COURSE}/evaluation"]
LoginAs = Callable[[FlaskClient, User], None]


@pytest.mark.parametrize("url", STAFF_PAGES + ADMIN_ONLY_PAGES)
def test_anonymous_visitors_are_sent_to_log_in(client: FlaskClient, world: World, url: str) -> None:
    response = get(client, url)
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_anonymous_exports_are_sent_to_log_in(client: FlaskClient, world: World, fmt: str) -> None:
    response = export(client, fmt, token_page="/login")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


@pytest.mark.parametrize("url", STAFF_PAGES + ADMIN_ONLY_PAGES + ["csv", "xlsx"])
@pytest.mark.parametrize("role", [AccessRole.LEARNER, AccessRole.AUTHOR])
def test_learners_and_authors_are_refused(
    client: FlaskClient, db: Session, world: World, login_as: LoginAs, url: str, role: AccessRole
) -> None:
    login_as(client, create_user(db, access_role=role))
    response = export(client, url) if url in ("csv", "xlsx") else get(client, url)
    assert response.status_code == 403


@pytest.mark.parametrize("url", STAFF_PAGES + ADMIN_ONLY_PAGES)
def test_admins_open_every_report(
    client: FlaskClient, world: World, login_as: LoginAs, url: str
) -> None:
    login_as(client, world.admin)
    response = get(client, url)
    assert response.status_code == 200
    assert "style=" not in response.get_data(as_text=True)


@pytest.mark.parametrize("url", STAFF_PAGES + ["csv", "xlsx"])
@pytest.mark.parametrize("who", ["admin", "org_admin"])
def test_staff_open_the_scoped_reports_and_exports(
    client: FlaskClient, world: World, login_as: LoginAs, url: str, who: str
) -> None:
    login_as(client, getattr(world, who))
    response = export(client, url) if url in ("csv", "xlsx") else get(client, url)
    assert response.status_code == 200


def test_org_admins_cannot_read_the_unscoped_evaluation(
    client: FlaskClient, world: World, login_as: LoginAs
) -> None:
    login_as(client, world.org_admin)
    assert get(client, ADMIN_ONLY_PAGES[0]).status_code == 403


def test_exports_need_a_csrf_token(client: FlaskClient, world: World, login_as: LoginAs) -> None:
    login_as(client, world.admin)
    response = client.post(f"{BASE}/completions.csv", data={"course": COURSE})
    assert response.status_code == 400


def test_exports_are_not_offered_by_get(
    client: FlaskClient, world: World, login_as: LoginAs
) -> None:
    login_as(client, world.admin)
    assert get(client, f"{BASE}/completions.csv?course={COURSE}").status_code == 405
