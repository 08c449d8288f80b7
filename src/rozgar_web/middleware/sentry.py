"""Error reporting to Sentry when SENTRY_DSN is set, with personal data scrubbed before sending."""
from __future__ import annotations

from typing import Any, cast

from rozgar_web.logging_config import REDACTED, redact_value

_SENSITIVE_HEADERS = frozenset({"authorization", "cookie", "x-forwarded-for", "x-real-ip", "forwarded"})


def scrub_event(event: dict[str, Any], hint: dict[str, Any] | None = None) -> dict[str, Any]:
    """before_send: no request bodies, no credentials or client addresses, no phone numbers anywhere."""
    request = event.get("request")
    if isinstance(request, dict):
        request.pop("data", None)
        request.pop("cookies", None)
        headers = request.get("headers")
        if isinstance(headers, dict):
            request["headers"] = {
                name: REDACTED if name.lower() in _SENSITIVE_HEADERS else value for name, value in headers.items()
            }
        env = request.get("env")
        if isinstance(env, dict):
            env.pop("REMOTE_ADDR", None)
    user = event.get("user")
    if isinstance(user, dict):
        event["user"] = {"id": user["id"]} if "id" in user else {}
    scrubbed: dict[str, Any] = redact_value("event", event)
    return scrubbed


def install(dsn: str | None, *, environment: str) -> bool:
    if not dsn:
        return False
    import sentry_sdk
    from sentry_sdk.integrations.flask import FlaskIntegration

    sentry_sdk.init(
        dsn=dsn,
        integrations=[FlaskIntegration()],
        send_default_pii=False,
        # Locals and bodies hold phone numbers and codes under ordinary names (`code`, `body`).
        include_local_variables=False,
        max_request_body_size="never",
        environment=environment,
        before_send=cast(Any, scrub_event),
    )
    return True
