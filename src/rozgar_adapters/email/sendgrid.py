"""SendGrid v3 Mail Send: one POST per message, plain text."""
from __future__ import annotations

import logging
from typing import Any

import httpx

from rozgar_adapters.email.console import mask_email
from rozgar_core.errors import DependencyUnavailable

logger = logging.getLogger("rozgar.email")

DEFAULT_BASE_URL = "https://api.sendgrid.com"
MAIL_SEND_PATH = "/v3/mail/send"
SEND_FAILED = "Could not send the email, please try again"


class SendGridEmailSender:
    def __init__(
        self, api_key: str, from_email: str, *, base_url: str = DEFAULT_BASE_URL, timeout: float = 5.0
    ) -> None:
        self._from_email = from_email
        self._client = httpx.Client(
            base_url=base_url,
            timeout=timeout,
            headers={
                "authorization": f"Bearer {api_key}",
                "accept": "application/json",
                "content-type": "application/json",
            },
        )

    def send(self, to: str, subject: str, text: str) -> None:
        recipient = mask_email(to)
        try:
            response = self._client.post(MAIL_SEND_PATH, json=self._payload(to, subject, text))
        except httpx.HTTPError as error:
            logger.warning("SendGrid unreachable sending to %s: %s", recipient, type(error).__name__)
            raise DependencyUnavailable(SEND_FAILED) from None
        if not response.is_success:
            # The status only: SendGrid's error text may quote the request.
            logger.warning("SendGrid refused the email to %s: HTTP %s", recipient, response.status_code)
            raise DependencyUnavailable(SEND_FAILED)
        logger.info("Email to %s accepted by SendGrid", recipient)

    def close(self) -> None:
        self._client.close()

    def _payload(self, to: str, subject: str, text: str) -> dict[str, Any]:
        return {
            "personalizations": [{"to": [{"email": to}]}],
            "from": {"email": self._from_email},
            "subject": subject,
            "content": [{"type": "text/plain", "value": text}],
        }
