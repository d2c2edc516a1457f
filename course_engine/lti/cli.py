"""The ``flask lti`` commands: the tool's keys, and registering an LMS platform."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import AppGroup
from sqlalchemy import select

from course_engine.extensions import db
from course_engine.lti import keys
from course_engine.models import Cohort, LtiPlatform, Organization

commands = AppGroup("lti", help="LTI 1.3: the tool's keys and the registered LMS platforms.")


@commands.command("create-key")
def create_key_command() -> None:
    """Make a new tool key (it signs from now on; older keys stay in the key set)."""
    key = keys.create_key(keys.key_folder(current_app))
    click.echo(f"New LTI tool key {key.public_jwk['kid']} ({key.name}.pem).")


@commands.command("add-platform")
@click.option("--name", required=True, help="What administrators call it.")
@click.option("--issuer", required=True, help="The platform's issuer (iss).")
@click.option("--client-id", required=True, help="The client id the platform gave the tool.")
@click.option("--deployment-id", "deployment_ids", multiple=True, required=True)
@click.option("--auth-login-url", required=True, help="The platform's OIDC authorization URL.")
@click.option("--auth-token-url", required=True, help="The platform's OAuth2 token URL.")
@click.option("--key-set-url", required=True, help="The platform's public JWKS URL.")
@click.option("--organization", default="", help="Organization launched learners join.")
@click.option("--cohort", default="", help="Cohort launched learners join.")
def add_platform(
    name: str,
    issuer: str,
    client_id: str,
    deployment_ids: tuple[str, ...],
    auth_login_url: str,
    auth_token_url: str,
    key_set_url: str,
    organization: str,
    cohort: str,
) -> None:
    """Register an LMS (Canvas, Schoology, Moodle, ...) that may launch the course."""
    platform = LtiPlatform(
        name=name,
        issuer=issuer,
        client_id=client_id,
        deployment_ids=list(deployment_ids),
        auth_login_url=auth_login_url,
        auth_token_url=auth_token_url,
        key_set_url=key_set_url,
        organization_id=_id_of(Organization, organization),
        cohort_id=_id_of(Cohort, cohort),
    )
    db.session.add(platform)
    db.session.commit()
    click.echo(f"Registered {name} ({issuer}, client {client_id}).")


def _id_of(model: type[Organization] | type[Cohort], name: str) -> int | None:
    """The id of the organization or cohort called ``name`` (none for ""); fail if unknown."""
    if not name:
        return None
    found: int | None = db.session.scalars(select(model.id).where(model.name == name)).first()
    if found is None:
        raise click.ClickException(f"No {model.__name__.lower()} is called {name!r}.")
    return found
