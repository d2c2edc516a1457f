"""A test LMS: lti1p3platform's platform side behind a small web app on a free port.

It launches (resource links and deep linking requests), issues service tokens after checking
the tool's client assertion against the tool's key set (served by the tool running threaded),
keeps the scores the tool sends, serves the context's roster and takes deep linking responses.
"""

from __future__ import annotations

import threading
from typing import Any

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from flask import Flask, jsonify, request
from lti1p3platform.ltiplatform import LTI1P3PlatformConfAbstract
from lti1p3platform.message_launch import LTIAdvantageMessageLaunchAbstract
from lti1p3platform.oidc_login import OIDCLoginAbstract
from lti1p3platform.registration import Registration
from werkzeug.serving import make_server

from tests.lti.platform_services import Gradebook, PlatformRequest, Roster

TOOL = "http://localhost"
CLIENT_ID, DEPLOYMENT_ID = "course-engine-tool", "deployment-1"
ROLE = "http://purl.imsglobal.org/vocab/lis/v2/"
ROLE_LEARNER = ROLE + "membership#Learner"
ROLE_INSTRUCTOR = ROLE + "membership#Instructor"
ROLE_CONTEXT_ADMIN = ROLE + "membership#Administrator"
ROLE_INSTITUTION_INSTRUCTOR = ROLE + "institution/person#Instructor"
CONTEXT = {"id": "context-7", "title": "Grade 7 staff PD"}


def _rsa_pair() -> tuple[str, str]:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    private = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()
    public = (
        key.public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        .decode()
    )
    return private, public


class KeyedRegistration(Registration):
    """lti1p3platform's registration, with a ``kid`` on its key (tools look keys up by it)."""

    KID = "test-platform-key"

    def get_kid(self) -> str:
        return self.KID

    def get_jwks(self) -> list[dict[str, Any]]:
        return [{**key, "kid": self.KID} for key in super().get_jwks()]


class PlatformConf(LTI1P3PlatformConfAbstract):
    """The platform's one registration of the tool."""

    def init_platform_config(self, **kwargs: Any) -> None:
        self.registration_kwargs = kwargs

    def get_registration_by_params(self, **kwargs: Any) -> Registration:
        settings = self.registration_kwargs
        return (
            KeyedRegistration()
            .set_iss(settings["issuer"])
            .set_client_id(settings.get("client_id", CLIENT_ID))
            .set_deployment_id(settings.get("deployment_id", DEPLOYMENT_ID))
            .set_oidc_login_url(f"{TOOL}/lti/login")
            .set_launch_url(f"{TOOL}/lti/launch")
            .set_deeplink_launch_url(f"{TOOL}/lti/launch")
            .set_platform_public_key(settings["public_key"])
            .set_platform_private_key(settings["private_key"])
            .set_tool_key_set_url(settings["tool_key_set_url"])
        )


class Login(OIDCLoginAbstract):
    """Third-party login initiation: the URL the LMS sends the learner's browser to."""

    def set_lti_message_hint(self, **kwargs: Any) -> None:
        self._lti_message_hint = kwargs["hint"]

    def get_redirect(self, url: str) -> str:
        return url


class Launch(LTIAdvantageMessageLaunchAbstract):
    """The id_token the LMS posts to the tool, for a person and a resource link."""

    def __init__(self, preflight: dict[str, Any], peer: LmsPeer) -> None:
        super().__init__(None, peer.conf())  # type: ignore[arg-type]
        self.preflight, self.peer = preflight, peer

    def get_preflight_response(self) -> dict[str, Any]:
        return self.preflight

    def prepare_launch(self, preflight_response: dict[str, Any]) -> None:
        person, url = self.peer.person, self.peer.url
        self.set_user_data(
            person["sub"],
            person.get("roles", [ROLE_LEARNER]),
            person.get("name"),
            person.get("email"),
        )
        link = person.get("resource_link", "resource-link-1")
        self.set_resource_link_claim(link, title="HEART course")
        self.set_launch_context_claim(CONTEXT["id"], context_title=CONTEXT["title"])
        self.set_custom_parameters_claim(self.peer.custom)
        if self.peer.services:
            self.set_ags(f"{url}/lineitems", f"{url}/lineitems/{link}")
            self.set_nrps(f"{url}/contexts/{CONTEXT['id']}/memberships")
        if self.peer.deep_link:
            self.set_dl(f"{url}/deep-link-return", title="Add the HEART course")

    def get_launch_message(self, include_extra_claims: bool = True) -> dict[str, Any]:
        message = super().get_launch_message(include_extra_claims)
        return {**message, **self.peer.person.get("claims", {})}

    def render_launch_form(self, launch_data: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
        return launch_data


class LmsPeer:
    """The LMS web app in a thread on a free port; the test sets who launches and what."""

    def __init__(self) -> None:
        self.private_key, self.public_key = _rsa_pair()
        self.server = make_server("127.0.0.1", 0, self._app(), threaded=True)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self.issuer = self.url
        self.tool_key_set_url = f"{TOOL}/lti/jwks.json"
        self.reset()
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def reset(self) -> None:
        """Forget the last test's people, scores and switches."""
        self.person: dict[str, Any] = {}
        self.custom: dict[str, str] = {}
        self.overrides: dict[str, Any] = {}
        self.services = True  #: offer AGS and NRPS in launches
        self.deep_link = False  #: the next launch is a deep linking request
        self.down = False  #: the token endpoint answers 503
        self.scores: dict[str, list[dict[str, Any]]] = {}
        self.members: list[dict[str, Any]] = []
        self.placed: list[dict[str, Any]] = []
        self.refused: list[str] = []

    def conf(self) -> PlatformConf:
        conf = PlatformConf(
            issuer=self.issuer,
            public_key=self.public_key,
            private_key=self.private_key,
            tool_key_set_url=self.tool_key_set_url,
            **self.overrides,
        )
        conf.get_registration()
        return conf

    def _refuse(self, error: Exception, status: int = 400) -> Any:
        self.refused.append(f"{type(error).__name__}: {error}")
        return jsonify(error=str(error)), status

    def _app(self) -> Flask:
        app = Flask("test_platform")

        @app.get("/jwks")
        def jwks() -> Any:
            return jsonify(self.conf().get_jwks())

        @app.get("/authorize")
        def authorize() -> Any:
            return jsonify(Launch(dict(request.args), self).lti_launch())

        @app.post("/token")
        def token() -> Any:
            if self.down:
                return "The LMS is down for maintenance.", 503
            try:
                return jsonify(self.conf().get_access_token(request.form.to_dict()))
            except Exception as error:  # a forged or unreadable client assertion
                return self._refuse(error)

        @app.post("/lineitems/<line_item_id>/scores")
        def scores(line_item_id: str) -> Any:
            service = Gradebook(PlatformRequest(request), self.conf(), self.url, self.scores)
            answer = service.handle_resp(service.handle_update_score, line_item_id=line_item_id)
            return jsonify(answer.result or {}), answer.code

        @app.get("/contexts/<context_id>/memberships")
        def memberships(context_id: str) -> Any:
            url = f"{self.url}/contexts/{context_id}/memberships"
            service = Roster(PlatformRequest(request), self.conf(), url, self.members, CONTEXT)
            answer = service.handle_resp(service.handle_get_members)
            return jsonify(answer.result or {}), answer.code

        @app.post("/deep-link-return")
        def deep_link_return() -> Any:
            try:
                items = self.conf().validate_deeplinking_resp(request.form.to_dict())
            except Exception as error:  # a forged or expired response
                return self._refuse(error)
            self.placed.extend(items)
            return jsonify(placed=len(items))

        return app

    def login_url(self, person: dict[str, Any], **custom: str) -> str:
        """Start a launch for ``person``: the tool's login initiation URL."""
        self.person, self.custom = person, custom
        login = Login(None, self.conf())
        login.set_lti_message_hint(hint="resource-link-1")
        return login.prepare_preflight_url(self.person["sub"])

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
