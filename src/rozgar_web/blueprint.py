"""Our flask-smorest Blueprint: input errors are 400 (not 422), and error answers are documented."""
from __future__ import annotations

import http
from collections.abc import Callable
from typing import Any, TypeVar

import flask_smorest
from webargs.flaskparser import FlaskParser

F = TypeVar("F", bound=Callable[..., Any])


class ApiParser(FlaskParser):
    DEFAULT_VALIDATION_STATUS = 400


class Blueprint(flask_smorest.Blueprint):
    ARGUMENTS_PARSER = ApiParser()

    def errors(self, *statuses: int) -> Callable[[F], F]:
        """Document the error answers an operation can give (each in the error envelope)."""

        def decorate(view: F) -> F:
            for status in statuses:
                view = self.alt_response(status, response=http.HTTPStatus(status).name)(view)
            return view

        return decorate
