"""The audit log page: newest first, filtered by action, paginated; and the admin home page."""

from __future__ import annotations

from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from course_engine import audit
from tests.admin.conftest import LoginAs, People


def test_audit_log_lists_newest_first_and_filters_by_action(
    client: FlaskClient, db: Session, people: People, login_as: LoginAs
) -> None:
    audit.record(db, people.admin, "user.deactivated", "user", people.member.id)
    audit.record(db, people.admin, "invite.created", "invite", 7, code="OLDCODE")
    audit.record(
        db, people.admin, "user.role_changed", "user", people.member.id, old="learner", new="author"
    )
    login_as(client, people.admin)
    page = client.get("/admin/audit/").get_data(as_text=True)
    table = page[page.index("<table") :]
    assert (
        table.index("user.role_changed")
        < table.index("invite.created")
        < table.index("user.deactivated")
    )
    assert "admin@example.org" in page and "new: author" in page
    assert '<label for="action" class="usa-label">Action</label>' in page
    filtered = client.get("/admin/audit/?action=invite.created").get_data(as_text=True)
    assert "OLDCODE" in filtered and "new: author" not in filtered


def test_audit_log_is_paginated(
    client: FlaskClient, db: Session, people: People, login_as: LoginAs
) -> None:
    for number in range(30):
        audit.record(db, people.admin, "invite.expired", "invite", number, code=f"C{number:02d}")
    login_as(client, people.admin)
    first = client.get("/admin/audit/").get_data(as_text=True)
    assert "C29" in first and "C00" not in first and 'aria-label="Pages of the audit log"' in first
    second = client.get("/admin/audit/?page=2").get_data(as_text=True)
    assert "C00" in second and "C29" not in second


def test_home_page_and_navigation_offer_the_sections_of_each_role(
    client: FlaskClient, people: People, login_as: LoginAs
) -> None:
    login_as(client, people.admin)
    page = client.get("/admin/").get_data(as_text=True)
    for section in (
        "Learners",
        "Organizations",
        "Cohorts",
        "Invite codes",
        "Audit log",
        "Content status",
    ):
        assert section in page
    assert ">Administration</a>" in page and ">Content</a>" in page
    login_as(client, people.org_admin)
    page = client.get("/admin/").get_data(as_text=True)
    assert "Learners" in page and "Audit log" not in page and ">Content</a>" not in page
    login_as(client, people.author)
    page = client.get("/").get_data(as_text=True)
    assert ">Content</a>" in page and ">Administration</a>" not in page
    login_as(client, people.learner)
    page = client.get("/").get_data(as_text=True)
    assert ">Content</a>" not in page and ">Administration</a>" not in page
