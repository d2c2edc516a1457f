"""The test LMS (lti1p3platform), the tool serving its key set threaded, and a registration."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest
from flask import Flask
from sqlalchemy.orm import Session
from werkzeug.serving import make_server

from course_engine.models import LtiPlatform
from tests.factories import create_cohort, create_organization
from tests.lti.platform import CLIENT_ID, DEPLOYMENT_ID, LmsPeer


@pytest.fixture(scope="session")
def tool_url(_session_app: Flask) -> Iterator[str]:
    """The tool itself on a free port, threaded: the LMS fetches its key set during the tool's
    own requests (a token for a score, a deep linking response)."""
    server = make_server("127.0.0.1", 0, _session_app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def lms(tool_url: str) -> Iterator[LmsPeer]:
    """The test LMS, one per run; each test sets who launches."""
    platform = LmsPeer()
    platform.tool_key_set_url = f"{tool_url}/lti/jwks.json"
    yield platform
    platform.stop()


@pytest.fixture
def registered(db: Session, lms: LmsPeer) -> LtiPlatform:
    """The LMS as an administrator registers it: in an organization and cohort."""
    organization = create_organization(db, "Lincoln School District", kind="district")
    platform = LtiPlatform(
        name="Lincoln Canvas",
        issuer=lms.issuer,
        client_id=CLIENT_ID,
        deployment_ids=[DEPLOYMENT_ID],
        auth_login_url=f"{lms.url}/authorize",
        auth_token_url=f"{lms.url}/token",
        key_set_url=f"{lms.url}/jwks",
        organization_id=organization.id,
        cohort_id=create_cohort(db, "Fall cohort", organization).id,
    )
    db.add(platform)
    db.flush()
    lms.reset()
    return platform
