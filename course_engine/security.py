"""Security headers: a strict CSP without inline script or style, and friends."""

from __future__ import annotations

from flask import Flask, Response, current_app
from werkzeug.middleware.proxy_fix import ProxyFix

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self'",
        "font-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)

SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
}


def init_app(app: Flask) -> None:
    """Add the security headers to every response; trust PROXY_FIX proxies' X-Forwarded-*."""
    app.after_request(add_security_headers)
    hops = int(app.config.get("PROXY_FIX") or 0)
    if hops > 0:
        app.wsgi_app = ProxyFix(  # type: ignore[method-assign]
            app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops, x_port=hops
        )


#: The headers above as (lower-case name, name, value), worked out once at import.
_HEADERS = tuple((name.lower(), name, value) for name, value in SECURITY_HEADERS.items())


def add_security_headers(response: Response) -> Response:
    """Set each security header unless a view already chose its own value."""
    headers = response.headers
    present = {name.lower() for name in headers.keys()}  # noqa: SIM118 - Headers yield pairs
    for lower, name, value in _HEADERS:
        if lower not in present:
            headers.add(name, value)
    config = current_app.config
    hsts = config.get("HSTS_SECONDS") or 0
    if (
        hsts
        and "strict-transport-security" not in present
        and (config.get("BASE_URL") or "").startswith("https://")
        and int(hsts) > 0
    ):
        headers.add("Strict-Transport-Security", f"max-age={int(hsts)}; includeSubDomains")
    if "cache-control" not in present and response.mimetype == "text/html":
        headers.add("Cache-Control", "no-store")
    return response
