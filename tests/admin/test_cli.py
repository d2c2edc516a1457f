"""``flask users create-admin``: create the first administrator, or promote an account."""

from __future__ import annotations

from flask import Flask
from sqlalchemy import select
from sqlalchemy.orm import Session

from course_engine.auth import passwords
from course_engine.models import AccessRole, AuditEntry, User
from tests.admin.conftest import People


def _user(db: Session, email: str) -> User | None:
    db.expire_all()
    return db.scalars(select(User).where(User.email_key == email)).first()


def test_create_admin_creates_the_account_with_a_password_from_stdin(
    app: Flask, db: Session
) -> None:
    result = app.test_cli_runner().invoke(
        args=[
            "users",
            "create-admin",
            "Boss@Example.org",
            "--name",
            "Bea Boss",
            "--password-stdin",
        ],
        input="a long enough password\n",
    )
    assert result.exit_code == 0, result.output
    assert "Administrator account Boss@example.org created." in result.output  # domain normalized
    user = _user(db, "boss@example.org")
    assert user is not None and user.access_role == AccessRole.ADMIN
    assert user.full_name == "Bea Boss"
    assert passwords.verify_password(user.password_hash, "a long enough password")
    assert db.scalars(select(AuditEntry.action)).all() == ["user.created_admin"]


def test_create_admin_prompts_for_a_hidden_confirmed_password(app: Flask, db: Session) -> None:
    result = app.test_cli_runner().invoke(
        args=["users", "create-admin", "prompted@example.org"],
        input="a long enough password\na long enough password\n",
    )
    assert result.exit_code == 0, result.output
    assert "Repeat for confirmation" in result.output
    assert "a long enough password" not in result.output
    assert _user(db, "prompted@example.org") is not None


def test_create_admin_refuses_a_short_password(app: Flask, db: Session) -> None:
    result = app.test_cli_runner().invoke(
        args=["users", "create-admin", "short@example.org", "--password-stdin"], input="short\n"
    )
    assert result.exit_code == 1 and "between 10 and" in result.output
    assert _user(db, "short@example.org") is None


def test_create_admin_promotes_an_existing_account(app: Flask, db: Session, people: People) -> None:
    result = app.test_cli_runner().invoke(args=["users", "create-admin", "plain@example.org"])
    assert result.exit_code == 0, result.output
    assert "now an administrator (was learner)" in result.output
    user = _user(db, "plain@example.org")
    assert user is not None and user.access_role == AccessRole.ADMIN
    entry = db.scalars(select(AuditEntry)).one()
    assert (entry.action, entry.actor_label, entry.details["new"]) == (
        "user.role_changed",
        "system",
        "admin",
    )
