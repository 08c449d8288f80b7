"""Our flask-smorest Blueprint: input errors are 400 (not 422), and error answers are documented."""
from __future__ import annotations

import http
from collections.abc import Callable
from typing import Any, TypeVar

import flask_smorest
from webargs.flaskparser import FlaskParser

F = TypeVar("F", bound=Callable[..., Any])

BEARER_AUTH = [{"bearerAuth": []}]
"""The OpenAPI security requirement of every protected operation."""


class ApiParser(FlaskParser):
    DEFAULT_VALIDATION_STATUS = 400


_BODY_LOCATIONS = {"json", "form", "files", "json_or_form"}


class Blueprint(flask_smorest.Blueprint):
    """`rate_limited=False` for routes the general request limits skip (health checks)."""

    ARGUMENTS_PARSER = ApiParser()

    def __init__(self, *args: Any, rate_limited: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._rate_limited = rate_limited
        # First, so that the answers it adds are documented like those of `errors`.
        self._prepare_doc_cbks.insert(0, self._document_shared_errors)

    def _document_shared_errors(self, doc: dict[str, Any], doc_info: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
        """Answers any operation may give, whatever its view does: 429 from the general request limits,
        413 for a request body over the size limit."""
        statuses = [429] if self._rate_limited else []
        parameters = doc_info.get("arguments", {}).get("parameters", [])
        if any(parameter.get("location") in _BODY_LOCATIONS for parameter in parameters):
            statuses.append(413)
        responses = doc_info.setdefault("response", {}).setdefault("responses", {})
        for status in statuses:
            if status not in responses:
                responses[status] = [http.HTTPStatus(status).name]
        return doc

    def errors(self, *statuses: int) -> Callable[[F], F]:
        """Document the error answers an operation can give (each in the error envelope)."""

        def decorate(view: F) -> F:
            for status in statuses:
                view = self.alt_response(status, response=http.HTTPStatus(status).name)(view)
            return view

        return decorate
