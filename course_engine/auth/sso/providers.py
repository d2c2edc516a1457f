"""The OpenID providers configured in settings, registered with Authlib's Flask client.

``OIDC_PROVIDERS`` is a list of mappings (or, in the environment, the same list as JSON)::

    {"name": "google", "title": "Google", "issuer": "https://accounts.google.com",
     "client_id": "...", "client_secret": "...",
     "allowed_domains": ["district.org"],        # Google's hd claim (or the email's domain)
     "allowed_tenants": [],                      # Entra's tid claim
     "organizations": {"district.org": "Lincoln School District"},
     "sso_required_domains": ["district.org"],   # password sign-in refused for these
     "trust_email": false}                       # Entra: its email claim has no email_verified
"""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from authlib.integrations.flask_client import OAuth
from flask import Flask, current_app

log = logging.getLogger(__name__)

EXTENSION = "course_engine.oidc"
SCOPE = "openid email profile"


class ProviderSettingsError(RuntimeError):
    """OIDC_PROVIDERS is not a list of providers with a name, issuer and client id."""


@dataclass(frozen=True)
class Provider:
    """One OpenID provider learners may sign in with."""

    name: str
    title: str
    issuer: str
    client_id: str
    client_secret: str = ""
    allowed_domains: tuple[str, ...] = ()
    allowed_tenants: tuple[str, ...] = ()
    organizations: Mapping[str, str] = field(default_factory=dict)
    sso_required_domains: tuple[str, ...] = ()
    trust_email: bool = False

    @property
    def metadata_url(self) -> str:
        """The provider's discovery document."""
        return self.issuer.rstrip("/") + "/.well-known/openid-configuration"

    @property
    def origin(self) -> str:
        """scheme://host[:port] of the issuer (the login page lets forms go there)."""
        parts = urlsplit(self.issuer)
        return f"{parts.scheme}://{parts.netloc}"


def parse_providers(raw: Any) -> tuple[Provider, ...]:
    """Providers from the setting: a list of mappings, or that list as a JSON string."""
    if not raw:
        return ()
    if isinstance(raw, str):
        try:
            raw = json.loads(raw)
        except json.JSONDecodeError as error:
            raise ProviderSettingsError(f"OIDC_PROVIDERS is not valid JSON: {error}") from None
    if not isinstance(raw, list):
        raise ProviderSettingsError("OIDC_PROVIDERS must be a list of providers")
    providers = tuple(_provider(item) for item in raw)
    names = [p.name for p in providers]
    if len(set(names)) != len(names):
        raise ProviderSettingsError("OIDC_PROVIDERS has two providers with the same name")
    return providers


def _lower_all(values: Any) -> tuple[str, ...]:
    """A tuple of trimmed, lower-cased strings."""
    return tuple(str(v).strip().lower() for v in values or () if str(v).strip())


def _provider(item: Any) -> Provider:
    """One provider from its mapping; raise on missing essentials."""
    if not isinstance(item, Mapping):
        raise ProviderSettingsError("each OIDC provider must be a mapping")
    missing = [key for key in ("name", "issuer", "client_id") if not item.get(key)]
    if missing:
        raise ProviderSettingsError(f"OIDC provider {item!r} lacks {', '.join(missing)}")
    name = str(item["name"]).strip().lower()
    if not name.replace("-", "").isalnum():
        raise ProviderSettingsError(f"OIDC provider name {name!r}: letters, digits, dashes")
    return Provider(
        name=name,
        title=str(item.get("title") or name.title()),
        issuer=str(item["issuer"]).strip(),
        client_id=str(item["client_id"]),
        client_secret=str(item.get("client_secret") or ""),
        allowed_domains=_lower_all(item.get("allowed_domains")),
        allowed_tenants=_lower_all(item.get("allowed_tenants")),
        organizations={
            str(key).lower(): str(value) for key, value in (item.get("organizations") or {}).items()
        },
        sso_required_domains=_lower_all(item.get("sso_required_domains")),
        trust_email=bool(item.get("trust_email", False)),
    )


def init_app(app: Flask) -> None:
    """Read OIDC_PROVIDERS and register each with this app's own Authlib registry."""
    providers = parse_providers(app.config.get("OIDC_PROVIDERS"))
    oauth = OAuth(app)
    for provider in providers:
        oauth.register(
            name=provider.name,
            client_id=provider.client_id,
            client_secret=provider.client_secret or None,
            server_metadata_url=provider.metadata_url,
            client_kwargs={"scope": SCOPE, "code_challenge_method": "S256", "timeout": 10},
        )
    app.extensions[EXTENSION] = {"providers": {p.name: p for p in providers}, "oauth": oauth}


def providers() -> tuple[Provider, ...]:
    """Every configured provider, in settings order."""
    return tuple(current_app.extensions[EXTENSION]["providers"].values())


def provider(name: str) -> Provider | None:
    """The provider called ``name``, or None."""
    found: Provider | None = current_app.extensions[EXTENSION]["providers"].get(name)
    return found


def client(name: str) -> Any:
    """Authlib's client for the provider called ``name``."""
    return current_app.extensions[EXTENSION]["oauth"].create_client(name)


def sso_required_for(email: str) -> Provider | None:
    """The provider an administrator requires for this address's domain, or None."""
    domain = email.strip().rpartition("@")[2].lower()
    for candidate in providers():
        if domain and domain in candidate.sso_required_domains:
            return candidate
    return None
