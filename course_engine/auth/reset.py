"""Password reset links: single-use, expiring, and only their SHA-256 is stored."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from flask import current_app, render_template
from flask_babel import force_locale, gettext
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from course_engine import outbox
from course_engine.auth.accounts import set_password
from course_engine.i18n import mail_language
from course_engine.models import PasswordResetToken, User
from course_engine.models.types import utcnow
from course_engine.urls import external_url


def token_hash(token: str) -> str:
    """The stored form of a token: hex SHA-256."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def create_reset_token(session: Session, user: User) -> str:
    """Store a new reset link for ``user`` and return its secret token (shown once)."""
    token = secrets.token_urlsafe(32)
    max_age = current_app.config["PASSWORD_RESET_MAX_AGE"]
    session.add(
        PasswordResetToken(
            user_id=user.id,
            token_hash=token_hash(token),
            expires_at=utcnow() + timedelta(seconds=max_age),
        )
    )
    session.flush()
    return token


def find_reset_token(session: Session, token: str) -> PasswordResetToken | None:
    """The stored link for ``token`` if it is unused, unexpired and its account active."""
    found = session.scalars(
        select(PasswordResetToken).where(PasswordResetToken.token_hash == token_hash(token))
    ).first()
    if found is None or found.used_at is not None or found.expires_at <= utcnow():
        return None
    user = session.get(User, found.user_id)
    return found if user is not None and user.is_active else None


def reset_password(session: Session, token: str, new_password: str) -> User | None:
    """Use the link once to set a new password; None when it is invalid or already used."""
    found = find_reset_token(session, token)
    if found is None:
        return None
    # Mark it used in one conditional UPDATE: of two concurrent uses only one wins.
    result = session.execute(
        update(PasswordResetToken)
        .where(PasswordResetToken.id == found.id, PasswordResetToken.used_at.is_(None))
        .values(used_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:  # type: ignore[attr-defined]
        return None
    session.refresh(found)
    user = session.get(User, found.user_id)
    assert user is not None
    set_password(session, user, new_password)  # also voids the user's other links
    return user


def send_password_reset(session: Session, user: User) -> None:
    """Create a reset link for ``user`` and queue the email (a worker sends it after commit)."""
    token = create_reset_token(session, user)
    link = external_url("auth.reset_password", token=token)
    site_url = external_url("learn.home")
    minutes = current_app.config["PASSWORD_RESET_MAX_AGE"] // 60
    with force_locale(mail_language(user)):
        subject = gettext("Reset your password for %(site)s", site=current_app.config["SITE_NAME"])
        context = {
            "user": user,
            "link": link,
            "minutes": minutes,
            "subject": subject,
            "site_url": site_url,
        }
        text = render_template("auth/email/reset_password.txt", **context)
        html = render_template("auth/email/reset_password.html", **context)
    outbox.queue_mail(
        session,
        to=user.email,
        subject=subject,
        kind="password_reset",
        user=user,
        text=text,
        html=html,
    )


def send_no_account_notice(session: Session, email: str) -> None:
    """Queue the mail a reset request for an address without an active account gets.

    The request then does the work a known address's does (render, queue, commit, enqueue),
    so its timing does not tell that no account exists; the mailbox's owner learns why no
    link came.
    """
    subject = f"Password reset requested at {current_app.config['SITE_NAME']}"
    context = {
        "subject": subject,
        "site_url": external_url("learn.home"),
        "register_url": external_url("auth.register"),
    }
    outbox.queue_mail(
        session,
        to=email,
        subject=subject,
        kind="password_reset_no_account",
        text=render_template("auth/email/reset_no_account.txt", **context),
        html=render_template("auth/email/reset_no_account.html", **context),
    )
