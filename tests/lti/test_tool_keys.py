"""The tool's key set: `flask lti create-key` rotates (the newest key signs, older keys stay
published until their file goes), and the LMS verifies what the rotated key signed."""

from __future__ import annotations

import base64
import json
import re
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from course_engine.content import Course
from course_engine.models import LtiPlatform
from tests.lti.platform import LmsPeer
from tests.lti.test_deep_linking import JWT_FIELD, TEACHER, deep_link_launch, hand_back, place


def published(client: FlaskClient) -> list[str]:
    """The kids in the tool's key set, as a platform fetches it."""
    response = client.get("/lti/jwks.json")
    assert response.status_code == 200
    return [key["kid"] for key in response.get_json()["keys"]]


def new_key(app: Flask) -> str:
    """Run `flask lti create-key`; the new key's kid."""
    result = app.test_cli_runner().invoke(args=["lti", "create-key"])
    assert result.exit_code == 0, result.output
    found = re.search(r"New LTI tool key (\S+) ", result.output)
    assert found, result.output
    return found.group(1)


def test_a_rotated_key_signs_while_the_old_one_stays_published(
    app: Flask,
    client: FlaskClient,
    course: Course,
    lms: LmsPeer,
    registered: LtiPlatform,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    folder = tmp_path / "lti-keys"
    monkeypatch.setitem(app.config, "LTI_KEY_DIR", str(folder))
    old = new_key(app)
    assert published(client) == [old]
    new = new_key(app)
    assert published(client) == [new, old]  # launches signed before the rotation still verify

    deep_link_launch(client, lms, TEACHER)
    page = place(client, f"{course.slug}/").get_data(as_text=True)
    token = JWT_FIELD.search(page)
    assert token
    header = token.group(1).split(".")[0]
    assert json.loads(base64.urlsafe_b64decode(header + "=" * (-len(header) % 4)))["kid"] == new
    assert hand_back(page).status_code == 200, lms.refused  # the LMS found it in the key set

    (oldest,) = sorted(folder.glob("*.pem"))[:1]
    oldest.unlink()
    assert published(client) == [new]
