"""pylti1p3's tool configuration, read from the registered platforms (lti_platforms)."""

from __future__ import annotations

from typing import Any

from pylti1p3.contrib.flask.request import FlaskRequest
from pylti1p3.deployment import Deployment
from pylti1p3.registration import Registration
from pylti1p3.tool_config.abstract import ToolConfAbstract
from sqlalchemy import select
from sqlalchemy.orm import Session

from course_engine.lti.keys import ToolKey
from course_engine.models import LtiPlatform


class DatabaseToolConf(ToolConfAbstract[FlaskRequest]):
    """Registrations and deployments from the database; the tool's newest key signs."""

    def __init__(self, session: Session, keys: list[ToolKey]) -> None:
        super().__init__()
        self._session = session
        self._keys = keys

    def platform(self, iss: str, client_id: str | None = None) -> LtiPlatform | None:
        """The registered platform for this issuer (and client id, when given)."""
        query = select(LtiPlatform).where(LtiPlatform.issuer == iss)
        if client_id:
            query = query.where(LtiPlatform.client_id == client_id)
        return self._session.scalars(query.order_by(LtiPlatform.id)).first()

    def check_iss_has_one_client(self, iss: str) -> bool:
        return False

    def check_iss_has_many_clients(self, iss: str) -> bool:
        return True

    def registration(self, platform: LtiPlatform) -> Registration:
        """pylti1p3's registration of a platform, with the tool's newest key."""
        registration = Registration()
        registration.set_issuer(platform.issuer).set_client_id(platform.client_id)
        registration.set_auth_login_url(platform.auth_login_url)
        registration.set_auth_token_url(platform.auth_token_url)
        registration.set_key_set_url(platform.key_set_url)
        registration.set_tool_private_key(self._keys[0].private_pem)
        registration.set_tool_public_key(self._keys[0].public_pem)
        return registration

    def find_registration_by_issuer(self, iss: str, *args: Any, **kwargs: Any) -> Registration:
        platform = self.platform(iss)
        return self.registration(platform) if platform else None  # type: ignore[return-value]

    def find_registration_by_params(
        self, iss: str, client_id: str, *args: Any, **kwargs: Any
    ) -> Registration:
        platform = self.platform(iss, client_id)
        return self.registration(platform) if platform else None  # type: ignore[return-value]

    def find_deployment(self, iss: str, deployment_id: str) -> Deployment | None:
        return self.find_deployment_by_params(iss, deployment_id, None)

    def find_deployment_by_params(
        self, iss: str, deployment_id: str, client_id: str | None, *args: Any, **kwargs: Any
    ) -> Deployment | None:
        platform = self.platform(iss, client_id)
        if platform is None or deployment_id not in (platform.deployment_ids or []):
            return None
        return Deployment().set_deployment_id(deployment_id)
