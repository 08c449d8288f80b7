"""The Flask application factory."""
from __future__ import annotations

from typing import Any

import flask_smorest
from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from rozgar_web.api import (
    admin,
    analytics,
    auth,
    contacts,
    health,
    labours,
    media,
    notifications,
    reports,
    reviews,
    settings,
    users,
)
from rozgar_web.errors import register_error_handlers
from rozgar_web.middleware import install_middleware
from rozgar_web.realtime import init_realtime
from rozgar_web.schemas.common import ErrorEnvelopeSchema

BLUEPRINTS = [
    health.blp,
    auth.blp,
    users.blp,
    labours.blp,
    reviews.blp,
    contacts.blp,
    notifications.blp,
    reports.blp,
    settings.blp,
    analytics.blp,
    admin.blp,
]
# A picture may be 5 MB; the multipart envelope around it needs a little more.
MAX_REQUEST_BYTES = 5 * 1024 * 1024 + 64 * 1024


class Api(flask_smorest.Api):
    ERROR_SCHEMA = ErrorEnvelopeSchema
    # No catch-all "default" answer: each operation lists every status it can give.
    DEFAULT_ERROR_RESPONSE_NAME = None


def create_app(container: Any | None = None) -> Flask:
    """Build the app around a container (the production one from the environment by default)."""
    if container is None:
        from rozgar_adapters.container import build_container

        container = build_container()
    config = container.settings()
    app = Flask("rozgar_web")
    app.config.update(_api_config())
    app.extensions["rozgar.container"] = container
    app.json.sort_keys = False  # type: ignore[attr-defined]
    if config.trusted_proxy_count:
        count = config.trusted_proxy_count
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=count, x_proto=count, x_host=count)  # type: ignore[method-assign]
    api = Api(app, spec_kwargs=_spec_kwargs())
    for blueprint in BLUEPRINTS:
        api.register_blueprint(blueprint)
    app.register_blueprint(media.blp)
    register_error_handlers(app)
    install_middleware(app, container)
    # Socket.IO at /socket.io; also app.extensions["socketio"]. The container's realtime pushes through it.
    init_realtime(app, container)
    return app


def _api_config() -> dict[str, Any]:
    return {
        "API_TITLE": "Rozgar360 API",
        "API_VERSION": "v1",
        "OPENAPI_VERSION": "3.0.3",
        "OPENAPI_URL_PREFIX": "/api/v1",
        "OPENAPI_JSON_PATH": "openapi.json",
        "OPENAPI_SWAGGER_UI_PATH": "docs",
        "OPENAPI_SWAGGER_UI_URL": "https://cdn.jsdelivr.net/npm/swagger-ui-dist/",
        "JSON_SORT_KEYS": False,
        "MAX_CONTENT_LENGTH": MAX_REQUEST_BYTES,
    }


def _spec_kwargs() -> dict[str, Any]:
    return {
        "components": {
            "securitySchemes": {"bearerAuth": {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"}}
        },
        "info": {"description": "Rozgar360: find and hire skilled workers near you."},
    }
