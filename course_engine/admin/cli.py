"""The ``flask users`` commands: make the first administrator."""

from __future__ import annotations

import sys

import click
from flask.cli import AppGroup

from course_engine import audit
from course_engine.auth import passwords
from course_engine.auth.accounts import email_key, find_user_by_email
from course_engine.auth.emails import InvalidEmail, check_email
from course_engine.auth.forms import MAX_PASSWORD, MIN_PASSWORD
from course_engine.extensions import db
from course_engine.i18n import say
from course_engine.models import AccessRole, User

commands = AppGroup("users", help="Manage user accounts.")


@commands.command("create-admin")
@click.argument("email")
@click.option(
    "--name", default="Administrator", show_default=True, help="Full name, for a new account."
)
@click.option(
    "--password-stdin",
    is_flag=True,
    help="Read the new account's password from the first line of standard input.",
)
def create_admin(email: str, name: str, password_stdin: bool) -> None:
    """Make EMAIL an administrator, creating the account (asking for a password) if needed."""
    try:
        email = check_email(email)
    except InvalidEmail as error:
        raise click.BadParameter(str(error), param_hint="EMAIL") from None
    session = db.session
    user = find_user_by_email(session, email)
    if user is not None:
        if user.deleted_at is not None:
            raise click.ClickException(say("%(email)s belongs to a deleted account.", email=email))
        old = user.access_role
        user.access_role = AccessRole.ADMIN
        user.is_active = True
        audit.record(
            session,
            None,
            "user.role_changed",
            "user",
            user.id,
            old=old.value,
            new=AccessRole.ADMIN.value,
            via="command line",
        )
        session.commit()
        click.echo(
            say("%(email)s is now an administrator (was %(old)s).", email=user.email, old=old.value)
        )
        return
    password = _read_password(password_stdin)
    user = User(
        email=email,
        email_key=email_key(email),
        password_hash=passwords.hash_password(password),
        full_name=name.strip() or "Administrator",
        role="other",
        organization_kind="other",
        organization_name="",
        state="",
        access_role=AccessRole.ADMIN,
    )
    session.add(user)
    session.flush()
    audit.record(session, None, "user.created_admin", "user", user.id, via="command line")
    session.commit()
    click.echo(say("Administrator account %(email)s created.", email=user.email))


def _read_password(from_stdin: bool) -> str:
    """The new password: a hidden, confirmed prompt or one line of standard input."""
    if from_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    if not MIN_PASSWORD <= len(password) <= MAX_PASSWORD:
        raise click.ClickException(
            say(
                "The password needs between %(low)s and %(high)s characters.",
                low=MIN_PASSWORD,
                high=MAX_PASSWORD,
            )
        )
    return password
