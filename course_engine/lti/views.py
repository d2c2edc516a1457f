"""LTI 1.3 endpoints: the tool's key set, OIDC login initiation, and the launch.

Login initiation and the launch are cross-site requests from the LMS and carry no CSRF token:
the library's ``state`` (cookie) and ``nonce`` protect them, and our nonce store refuses an
id_token posted a second time.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from flask import Blueprint, current_app, jsonify, redirect, render_template, session, url_for
from pylti1p3.contrib.flask.message_launch import FlaskMessageLaunch
from pylti1p3.contrib.flask.oidc_login import FlaskOIDCLogin
from pylti1p3.contrib.flask.request import FlaskRequest
from pylti1p3.exception import LtiException, OIDCException
from werkzeug.wrappers import Response

from course_engine import urls
from course_engine.auth import accounts, identities
from course_engine.auth.login import start_session
from course_engine.extensions import csrf, db
from course_engine.lti import keys, placement, placement_views, roster, scores
from course_engine.lti.provisioning import LaunchReplayed, launched_learner, target_of, use_nonce
from course_engine.lti.roles import teaches
from course_engine.lti.storage import DatabaseLaunchStorage
from course_engine.lti.tool_config import DatabaseToolConf
from course_engine.models import LtiPlatform, User
from course_engine.progress.enrolment import enrol

blueprint = Blueprint("lti", __name__, url_prefix="/lti")
csrf.exempt(blueprint)
log = logging.getLogger(__name__)

Page = str | tuple[str, int] | Response


def tool_keys() -> list[keys.ToolKey]:
    """The tool's keys (made on first use outside production)."""
    return keys.app_keys(current_app)


def _refused(message: str, status: int = 403) -> tuple[str, int]:
    """A plain page for the learner; the log says why for administrators."""
    return render_template("lti/refused.html", message=message), status


@blueprint.get("/jwks.json")
def jwks() -> Response:
    """The tool's public key set (a stable URL platforms are given)."""
    response = jsonify(keys.key_set(tool_keys()))
    response.headers["Access-Control-Allow-Origin"] = "*"
    return response


@blueprint.route("/login", methods=["GET", "POST"])
def login() -> Page:
    """Third-party initiated login: send the browser back to the platform with state and nonce."""
    conf = DatabaseToolConf(db.session, tool_keys())
    try:
        oidc = FlaskOIDCLogin(
            FlaskRequest(), conf, launch_data_storage=DatabaseLaunchStorage(db.session)
        )
        response: Response = oidc.redirect(urls.external_url("lti.launch"))
        db.session.commit()  # the nonce and state the launch will be checked against
        return response
    except (OIDCException, LtiException) as error:
        db.session.rollback()
        log.warning("LTI login refused (unregistered or misconfigured platform): %s", error)
        return _refused(
            "This course is not set up for your learning platform yet. "
            "Tell your teacher or administrator."
        )


@blueprint.post("/launch")
def launch() -> Page:
    """Validate the launch, provision the learner, and open the course or module."""
    conf = DatabaseToolConf(db.session, tool_keys())
    try:
        message = FlaskMessageLaunch(
            FlaskRequest(), conf, launch_data_storage=DatabaseLaunchStorage(db.session)
        )
        data = message.get_launch_data()
        platform = conf.platform(data["iss"], message.get_client_id())
        assert platform is not None  # the library validated the registration
        use_nonce(db.session, data["iss"], str(data.get("nonce") or ""))
        user = launched_learner(db.session, platform, data)
    except LaunchReplayed:
        db.session.rollback()
        log.warning("LTI launch refused: the same id_token was posted again")
        return _refused(
            "This launch link was already used. Open the course again from your learning platform."
        )
    except (LtiException, OIDCException, KeyError) as error:
        db.session.rollback()
        log.warning("LTI launch refused: %s", error)
        return _refused(
            "Your learning platform's launch could not be checked. Open the course "
            "again from your learning platform, or tell your administrator."
        )
    except identities.SignInRefused as refused:
        db.session.rollback()
        return _refused(refused.message)
    except identities.LinkNeeded as needed:
        assert platform is not None  # found before the learner was looked up
        db.session.commit()  # keep the used nonce
        session["sso_pending_link"] = {
            "kind": "lti",
            "provider": platform.name[:100],
            "issuer": data["iss"],
            "subject": str(data["sub"]),
            "email": needed.user.email,
            "name": str(data.get("name") or ""),
            "organization_name": "",
            "user": needed.user.id,
        }
        return redirect(url_for("sso.link"))
    if message.is_deep_link_launch():
        return _deep_link(platform, user, data)
    course_slug, module_id = target_of(data)
    course = current_app.extensions["content"].catalog.course(course_slug) if course_slug else None
    if course is not None:
        enrolment = enrol(db.session, user, course)
        placed = module_id if course.module(module_id) is not None else ""
        link = scores.record_grade_link(db.session, platform, user, data, course.slug, placed)
        if link is not None:
            scores.catch_up(db.session, link, course, enrolment)
        if teaches(data):
            roster.record_context(db.session, platform, data, course.slug)
    accounts.record_login(db.session, user)
    db.session.commit()
    start_session(user)
    if course is None:
        return redirect(url_for("learn.dashboard"))
    if module_id and course.module(module_id) is not None:
        return redirect(url_for("learn.module", slug=course.slug, module_id=module_id))
    return redirect(url_for("learn.course", slug=course.slug))


def _deep_link(platform: LtiPlatform, user: User, data: Mapping[str, Any]) -> Page:
    """An instructor placing the course: sign them in and show the choice of what to place."""
    if not teaches(data):
        db.session.commit()  # keep the used nonce
        log.warning("LTI deep linking refused: %s is not an instructor of the context", data["sub"])
        return _refused("Only the course's instructors can place the course in it.")
    settings = data.get(placement.SETTINGS_CLAIM)
    if not isinstance(settings, dict) or not settings.get("deep_link_return_url"):
        db.session.commit()  # keep the used nonce
        log.warning("LTI deep linking refused: the request has no deep_link_return_url")
        return _refused("Your learning platform's request to place the course is incomplete.")
    accounts.record_login(db.session, user)
    db.session.commit()
    start_session(user)
    session[placement_views.SESSION_KEY] = {
        "platform": platform.id,
        "user": user.id,
        "deployment_id": str(data.get(placement.DEPLOYMENT_CLAIM) or ""),
        "settings": settings,
    }
    return redirect(url_for("lti_placement.choose"))
