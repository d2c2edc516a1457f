"""The test LMS's LTI Advantage services, from lti1p3platform: scores (AGS) and the roster (NRPS).

Each endpoint checks the bearer token the LMS's own token endpoint issued (the library's
``authenticate``), as a real platform does.
"""

from __future__ import annotations

from typing import Any

from flask import Request as FlaskRequest
from lti1p3platform.membership import Context
from lti1p3platform.request import Request, TRequest
from lti1p3platform.score import UpdateScoreStatus
from lti1p3platform.service_connector import (
    AssignmentsGradesService,
    NamesRoleProvisioningService,
    TPage,
)


class PlatformRequest(Request):
    """lti1p3platform's request, built from Flask's."""

    def build_metadata(self, request: FlaskRequest) -> TRequest:
        return {
            "method": request.method,
            "form_data": request.form.to_dict(),
            "get_data": request.args.to_dict(),
            "headers": dict(request.headers),
            "content_type": request.content_type,
            "path": request.path,
            "json": request.get_json(silent=True, force=True),
        }


class Gradebook(AssignmentsGradesService):
    """One line item per resource link; each accepted score is kept in ``scores[line item]``."""

    def __init__(self, request: Request, conf: Any, base_url: str, scores: dict) -> None:
        super().__init__(request, conf, f"{base_url}/lineitems")
        self.scores = scores

    def update_score(self, line_item_id: str, score: Any) -> UpdateScoreStatus:
        self.scores.setdefault(line_item_id, []).append(score)
        return UpdateScoreStatus.SUCCESS

    def find_lineitems(self, *args: Any, **kwargs: Any) -> TPage:
        return {"content": [], "has_next": False}

    def find_lineitem(self, line_item_id: str) -> Any:
        return {"id": line_item_id, "scoreMaximum": 100, "label": "HEART course"}

    def create_lineitem(self, creation_data: Any) -> Any:
        return creation_data

    def update_lineitem(self, update_data: Any) -> Any:
        return update_data

    def delete_lineitem(self, line_item_id: str) -> None:
        return None

    def get_results(self, *args: Any, **kwargs: Any) -> TPage:
        return {"content": [], "has_next": False}


class Roster(NamesRoleProvisioningService):
    """The context's members (set by the test)."""

    def __init__(self, request: Request, conf: Any, url: str, members: list, context: dict) -> None:
        super().__init__(request, conf, url)
        self.members, self.context = members, context

    def get_context_by_id(self) -> Context:
        return Context(id=self.context["id"], label="PD", title=self.context["title"])

    def get_member_data_page(self, *args: Any, **kwargs: Any) -> TPage:
        return {"content": [dict(member) for member in self.members], "has_next": False}
