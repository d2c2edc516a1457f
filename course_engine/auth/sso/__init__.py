"""Sign-in with OpenID Connect providers (Google, Microsoft Entra, any certified provider)."""

from __future__ import annotations

from flask import Flask, Response, request

from course_engine.auth.sso import providers

#: Pages whose forms post to the start view, which redirects to a provider (CSP form-action).
PAGES_WITH_SSO_BUTTONS = {"auth.login"}


def init_app(app: Flask) -> None:
    """Register the providers, give templates ``sso_providers()``, widen form-action for them."""
    providers.init_app(app)
    app.context_processor(lambda: {"sso_providers": providers.providers})
    app.after_request(allow_provider_form_action)


def allow_provider_form_action(response: Response) -> Response:
    """On the login page, let the sign-in buttons' redirect reach the providers' origins."""
    policy = response.headers.get("Content-Security-Policy")
    if request.endpoint not in PAGES_WITH_SSO_BUTTONS or not policy or not providers.providers():
        return response
    origins = " ".join(sorted({p.origin for p in providers.providers()}))
    response.headers["Content-Security-Policy"] = policy.replace(
        "form-action 'self'", f"form-action 'self' {origins}"
    )
    return response
