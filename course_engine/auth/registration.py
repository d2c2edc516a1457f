"""Registration through a confirmation mail: the same page and the same work for every address.

The form's answers wait in a RegistrationRequest (the password already hashed) and the address
gets a link; the account is made when the link's page is confirmed. An address that already has
an account gets a mail to its owner instead ("someone tried to register: log in, or reset your
password"), and one that looks like a registered address (TR39 skeleton) gets a mail saying it
cannot be used. The registration page says "check your email" in all three cases, and the
request hashes one password and queues one mail in each, so neither the page nor its timing
tells a visitor whether an address has an account.
"""

from __future__ import annotations

import secrets
from datetime import timedelta

from flask import current_app, render_template
from sqlalchemy import delete, or_, select, update
from sqlalchemy.orm import Session

from course_engine import outbox
from course_engine.auth import accounts, emails, passwords
from course_engine.auth.reset import token_hash
from course_engine.models import RegistrationRequest, User
from course_engine.models.types import utcnow
from course_engine.urls import external_url

#: What ``request_registration`` did (for logs and tests; the visitor is told none of it).
NEW, TAKEN, LOOKALIKE = "new", "taken", "lookalike"


def request_registration(
    session: Session,
    *,
    email: str,
    password: str,
    profile: accounts.Profile,
    invite_code: str = "",
    next_url: str = "",
    mode: str = accounts.OPEN,
    allowed_domains: tuple[str, ...] = (),
) -> str:
    """Check the form, then queue the one mail this address gets; NEW, TAKEN or LOOKALIKE.

    Raises RegistrationError only for what the form itself got wrong (domain, invite code).
    """
    email = emails.normalize_email(email)
    invite_code = invite_code.strip()
    accounts.check_form(session, email, invite_code, mode, allowed_domains)
    forget_stale_requests(session)
    password_hash = passwords.hash_password(password)  # in every case: the same work
    owner = accounts.find_user_by_email(session, email)
    if owner is not None:
        _queue(session, owner.email, "registration_taken", user=owner)
        return TAKEN
    if accounts.find_lookalike(session, email) is not None:
        _queue(session, email, "registration_lookalike")
        return LOOKALIKE
    token = secrets.token_urlsafe(32)
    max_age = current_app.config["REGISTRATION_LINK_MAX_AGE"]
    session.add(
        RegistrationRequest(
            token_hash=token_hash(token),
            email=email,
            email_key=emails.email_key(email),
            password_hash=password_hash,
            full_name=profile.full_name.strip(),
            role=profile.role,
            organization_kind=profile.organization_kind,
            organization_name=profile.organization_name.strip(),
            state=profile.state,
            invite_code=invite_code[:64],
            next_url=next_url[:500],
            expires_at=utcnow() + timedelta(seconds=max_age),
        )
    )
    session.flush()
    link = external_url("auth.confirm_registration", token=token)
    _queue(session, email, "registration_confirm", link=link, hours=max(1, max_age // 3600))
    return NEW


def _queue(
    session: Session, to: str, kind: str, *, user: User | None = None, **values: object
) -> None:
    """Queue one of the three registration mails (text and HTML from auth/email/<kind>)."""
    site = current_app.config["SITE_NAME"]
    subjects = {
        "registration_confirm": f"Finish creating your {site} account",
        "registration_taken": f"Someone tried to register your address at {site}",
        "registration_lookalike": f"This address cannot be used at {site}",
    }
    context = {
        "user": user,
        "subject": subjects[kind],
        "site_url": external_url("learn.home"),
        "login_url": external_url("auth.login"),
        "reset_url": external_url("auth.reset_request"),
        "register_url": external_url("auth.register"),
        **values,
    }
    outbox.queue_mail(
        session,
        to=to,
        subject=subjects[kind],
        kind=kind,
        user=user,
        text=render_template(f"auth/email/{kind}.txt", **context),
        html=render_template(f"auth/email/{kind}.html", **context),
    )


def forget_stale_requests(session: Session) -> int:
    """Delete used and expired registrations (their names and password hashes); how many."""
    result = session.execute(
        delete(RegistrationRequest)
        .where(
            or_(
                RegistrationRequest.used_at.is_not(None), RegistrationRequest.expires_at <= utcnow()
            )
        )
        .execution_options(synchronize_session=False)
    )
    return int(result.rowcount or 0)  # type: ignore[attr-defined]


def find_request(session: Session, token: str) -> RegistrationRequest | None:
    """The waiting registration of this link if it is unused and unexpired, else None."""
    found = session.scalars(
        select(RegistrationRequest).where(RegistrationRequest.token_hash == token_hash(token))
    ).first()
    if found is None or found.used_at is not None or found.expires_at <= utcnow():
        return None
    return found


def confirm_registration(
    session: Session,
    token: str,
    *,
    mode: str = accounts.OPEN,
    allowed_domains: tuple[str, ...] = (),
) -> User | None:
    """Make the account of a confirmed link, once; None when the link is invalid or used.

    RegistrationError when the account can no longer be made as asked (the address was
    registered meanwhile, the invite ran out); the link is used up either way.
    """
    found = find_request(session, token)
    if found is None:
        return None
    # One conditional UPDATE: of two concurrent confirmations only one makes the account.
    result = session.execute(
        update(RegistrationRequest)
        .where(RegistrationRequest.id == found.id, RegistrationRequest.used_at.is_(None))
        .values(used_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:  # type: ignore[attr-defined]
        return None
    profile = accounts.Profile(
        full_name=found.full_name,
        role=found.role,
        organization_kind=found.organization_kind,
        organization_name=found.organization_name,
        state=found.state,
    )
    return accounts.register(
        session,
        email=found.email,
        password_hash=found.password_hash,
        profile=profile,
        invite_code=found.invite_code,
        mode=mode,
        allowed_domains=allowed_domains,
    )
