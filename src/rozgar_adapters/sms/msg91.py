"""MSG91 v5 Flow API: the message goes out through a DLT-registered template."""
from __future__ import annotations

import logging
import re
from typing import Any

import httpx

from rozgar_core.errors import DependencyUnavailable
from rozgar_core.model import Phone

logger = logging.getLogger("rozgar.sms")

DEFAULT_BASE_URL = "https://control.msg91.com"
FLOW_PATH = "/api/v5/flow/"
SEND_FAILED = "Could not send the SMS, please try again"
_DIGIT_RUN = re.compile(r"\d{6,}")
_MAX_LOGGED_DETAIL = 200


class Msg91SmsSender:
    """Indian operators deliver only DLT-registered templates, so the text fills one template variable.

    The template registered under `template_id` must contain `##<message_variable>##` (by default
    `##message##`); MSG91 substitutes the text sent here for it.
    """

    def __init__(
        self,
        *,
        auth_key: str,
        template_id: str,
        sender_id: str | None = None,
        message_variable: str = "message",
        base_url: str = DEFAULT_BASE_URL,
        timeout: float = 5.0,
    ) -> None:
        self._auth_key = auth_key
        self._template_id = template_id
        self._sender_id = sender_id
        self._message_variable = message_variable
        self._client = httpx.Client(
            base_url=base_url,
            timeout=timeout,
            headers={
                "authkey": auth_key,
                "accept": "application/json",
                "content-type": "application/json",
            },
        )

    def send(self, phone: Phone, message: str) -> None:
        try:
            response = self._client.post(FLOW_PATH, json=self._payload(phone, message))
        except httpx.HTTPError as error:
            logger.warning("MSG91 unreachable sending to %s: %s", phone.masked, type(error).__name__)
            raise DependencyUnavailable(SEND_FAILED) from None
        body = _json_object(response)
        if not response.is_success or body is None or body.get("type") == "error":
            logger.warning(
                "MSG91 refused the SMS to %s: HTTP %s, %s",
                phone.masked,
                response.status_code,
                self._safe_detail(body),
            )
            raise DependencyUnavailable(SEND_FAILED)
        logger.info("SMS to %s accepted by MSG91", phone.masked)

    def close(self) -> None:
        self._client.close()

    def _payload(self, phone: Phone, message: str) -> dict[str, Any]:
        recipient = {"mobiles": phone.e164.lstrip("+"), self._message_variable: message}
        payload: dict[str, Any] = {
            "template_id": self._template_id,
            "short_url": "0",
            "recipients": [recipient],
        }
        if self._sender_id:
            payload["sender"] = self._sender_id
        return payload

    def _safe_detail(self, body: dict[str, Any] | None) -> str:
        """MSG91's own error text, minus anything that could be a number or the key."""
        if body is None:
            return "unreadable answer"
        detail = str(body.get("message", ""))[:_MAX_LOGGED_DETAIL]
        detail = detail.replace(self._auth_key, "[key]") if self._auth_key else detail
        return _DIGIT_RUN.sub("[digits]", detail) or "no detail"


def _json_object(response: httpx.Response) -> dict[str, Any] | None:
    try:
        body = response.json()
    except ValueError:
        return None
    return body if isinstance(body, dict) else None
