"""A real OpenID Provider (npm oidc-provider on Node.js) and an app configured to use it."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

import httpx
import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from tests.support.databases import IN_CI, rolled_back_session
from tests.support.forms import csrf_token

PROVIDER_DIR = Path(__file__).parent / "provider"
CLIENT_ID, CLIENT_SECRET = "course-engine", "test-client-secret"
CALLBACK = "http://localhost/login/sso/{name}/callback"
PROVIDER_NAMES = ("district", "open", "tenant", "stale")

#: The people the provider knows: id -> the claims it asserts about them.
ACCOUNTS: dict[str, dict[str, Any]] = {
    "ada": {
        "email": "ada@district.example",
        "email_verified": True,
        "name": "Ada Lovelace",
        "hd": "district.example",
    },
    "grace": {
        "email": "grace@district.example",
        "email_verified": True,
        "name": "Grace Hopper",
        "hd": "district.example",
    },
    "unverified": {
        "email": "mallory@district.example",
        "email_verified": False,
        "name": "Not Verified",
        "hd": "district.example",
    },
    "outsider": {"email": "eve@elsewhere.example", "email_verified": True, "name": "Eve Other"},
    "member": {
        "email": "member@partner.example",
        "email_verified": True,
        "name": "Tenant Member",
        "tid": "tenant-42",
    },
    "password-owner": {"email": "owner@example.org", "email_verified": True, "name": "Owner"},
}


class OpenIDProvider:
    """A running oidc-provider process and its issuer URL."""

    def __init__(self, process: subprocess.Popen[str], port: int) -> None:
        self.process = process
        self.issuer = f"http://127.0.0.1:{port}"


def _need_node() -> None:
    """Fail in CI, skip elsewhere, when Node.js or the installed provider is missing."""
    problem = None
    if shutil.which("node") is None:
        problem = "Node.js is not installed (apt-get install -y nodejs npm)"
    elif not (PROVIDER_DIR / "node_modules" / "oidc-provider").exists():
        problem = f"oidc-provider is not installed: npm ci --prefix {PROVIDER_DIR}"
    if problem:
        if IN_CI:
            pytest.fail(problem, pytrace=False)
        pytest.skip(problem)


def start_provider(**settings: Any) -> OpenIDProvider:
    """Start oidc-provider on a free port with ``settings`` (see provider/server.mjs)."""
    _need_node()
    settings = {
        "client_id": CLIENT_ID,
        "client_secret": CLIENT_SECRET,
        "redirect_uris": [CALLBACK.format(name=name) for name in PROVIDER_NAMES],
        "accounts": ACCOUNTS,
        **settings,
    }
    process = subprocess.Popen(
        ["node", "server.mjs", json.dumps(settings)],
        cwd=PROVIDER_DIR,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    assert process.stdout is not None
    line = process.stdout.readline()
    found = re.match(r"listening (\d+)", line)
    if not found:
        process.kill()
        raise RuntimeError(f"oidc-provider did not start: {line!r}")
    return OpenIDProvider(process, int(found.group(1)))


def _stop(provider: OpenIDProvider) -> None:
    provider.process.terminate()
    provider.process.wait(timeout=10)
    assert provider.process.stdout is not None
    provider.process.stdout.close()


@pytest.fixture(scope="session")
def openid_provider() -> Iterator[OpenIDProvider]:
    """The provider, one per test run."""
    provider = start_provider()
    yield provider
    _stop(provider)


@pytest.fixture(scope="session")
def stale_provider() -> Iterator[OpenIDProvider]:
    """A provider whose clock is ten minutes slow: its id_tokens have expired on arrival."""
    provider = start_provider(clock_offset=-600, id_token_ttl=60)
    yield provider
    _stop(provider)


def provider_settings(issuer: str, stale_issuer: str) -> list[dict[str, Any]]:
    """The app's OIDC_PROVIDERS: three views of the same provider, and a stale one."""
    common = {"client_id": CLIENT_ID, "client_secret": CLIENT_SECRET}
    return [
        {
            "name": "district",
            "title": "Lincoln District",
            "issuer": issuer,
            **common,
            "allowed_domains": ["district.example"],
            "organizations": {"district.example": "Lincoln School District"},
            "sso_required_domains": ["district.example"],
        },
        {"name": "open", "title": "Any account", "issuer": issuer, **common},
        {
            "name": "tenant",
            "title": "Partner directory",
            "issuer": issuer,
            **common,
            "allowed_tenants": ["tenant-42"],
            "organizations": {"tenant-42": "Partner Clinic"},
        },
        {"name": "stale", "title": "Slow clock", "issuer": stale_issuer, **common},
    ]


@pytest.fixture(scope="session")
def sso_app(
    make_app: Callable[..., Flask],
    openid_provider: OpenIDProvider,
    stale_provider: OpenIDProvider,
) -> Flask:
    """An app whose login page offers the providers above."""
    return make_app(OIDC_PROVIDERS=provider_settings(openid_provider.issuer, stale_provider.issuer))


@pytest.fixture
def sso_db(sso_app: Flask) -> Iterator[Session]:
    """A session on the sso app's database, rolled back after the test (as ``db``)."""
    with rolled_back_session(sso_app) as session:
        yield session


@pytest.fixture
def sso_client(sso_app: Flask, sso_db: Session) -> FlaskClient:
    """A test client of the sso app."""
    return sso_app.test_client()


def start_sign_in(client: FlaskClient, name: str) -> str:
    """Press "Sign in with …" on the login page; the provider's authorization URL."""
    token = csrf_token(client, "/login")
    response = client.post(f"/login/sso/{name}", data={"csrf_token": token, "next": ""})
    assert response.status_code == 302, response.get_data(as_text=True)
    return response.headers["Location"]


def sign_in_at_provider(authorize_url: str, account: str) -> str:
    """Log in and consent at the provider as ``account``; the callback URL it redirects to."""
    with httpx.Client(follow_redirects=False, timeout=10) as browser:
        url = authorize_url
        for _ in range(12):
            if url.startswith("http://localhost/"):
                return url
            response = browser.get(url)
            while response.status_code == 200 and 'name="prompt"' in response.text:
                prompt = re.search(r'name="prompt" value="(\w+)"', response.text).group(1)
                action = re.search(r'<form[^>]*action="([^"]+)"', response.text).group(1)
                form = {"prompt": prompt, "login": account, "password": "any"}
                response = browser.post(urljoin(url, action), data=form)
            assert response.is_redirect, f"{response.status_code} at {url}: {response.text[:300]}"
            url = urljoin(url, response.headers["Location"])
    raise AssertionError("the provider never redirected back to the app")


def callback_path(callback_url: str) -> str:
    """The callback URL as a path the test client can request."""
    parts = urlsplit(callback_url)
    return f"{parts.path}?{parts.query}"


def sign_in(client: FlaskClient, name: str, account: str) -> Any:
    """The whole code flow: button, provider login and consent, callback; the callback's answer."""
    return client.get(callback_path(sign_in_at_provider(start_sign_in(client, name), account)))
