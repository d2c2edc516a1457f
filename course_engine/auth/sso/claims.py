"""From a checked id_token to VerifiedClaims: email only when verified, allow-lists applied."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from course_engine.auth.identities import SignInRefused, VerifiedClaims
from course_engine.auth.sso.providers import Provider
from course_engine.models import IdentityKind

NOT_ALLOWED = (
    "Accounts from {place} cannot sign in here. Sign in with your work account, or ask your "
    "administrator."
)


def _email_verified(provider: Provider, claims: Mapping[str, Any]) -> bool:
    """True when the provider vouches for the address (or is trusted to, by setting)."""
    verified = claims.get("email_verified")
    if isinstance(verified, str):  # some providers send "true"
        verified = verified.strip().lower() == "true"
    return verified is True or provider.trust_email


def verified_claims(provider: Provider, claims: Mapping[str, Any]) -> VerifiedClaims:
    """The person the id_token names; raise SignInRefused when a domain or tenant is not allowed."""
    email = str(claims.get("email") or "").strip()
    if "@" not in email or not _email_verified(provider, claims):
        email = ""
    hosted_domain = str(claims.get("hd") or "").strip().lower()
    tenant = str(claims.get("tid") or "").strip().lower()
    domain = hosted_domain or email.rpartition("@")[2].lower()
    if provider.allowed_domains and domain not in provider.allowed_domains:
        raise SignInRefused(NOT_ALLOWED.format(place=domain or "this provider"))
    if provider.allowed_tenants and tenant not in provider.allowed_tenants:
        raise SignInRefused(NOT_ALLOWED.format(place="this directory"))
    organization = next(
        (provider.organizations[key] for key in (tenant, domain) if key in provider.organizations),
        "",
    )
    return VerifiedClaims(
        kind=IdentityKind.OIDC,
        provider=provider.name,
        issuer=str(claims["iss"]),
        subject=str(claims["sub"]),
        email=email,
        name=str(claims.get("name") or "").strip(),
        organization_name=organization,
    )


def authoritative_for(provider: Provider, claims: VerifiedClaims) -> bool:
    """True when an administrator requires this provider for the address's domain."""
    domain = claims.email.rpartition("@")[2].lower()
    return bool(domain) and domain in provider.sso_required_domains
