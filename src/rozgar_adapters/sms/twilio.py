"""Twilio Programmable Messaging: one POST to the Messages resource of the account."""
from __future__ import annotations

import logging

import httpx

from rozgar_core.errors import DependencyUnavailable
from rozgar_core.model import Phone

logger = logging.getLogger("rozgar.sms")

DEFAULT_BASE_URL = "https://api.twilio.com"
SEND_FAILED = "Could not send the SMS, please try again"


class TwilioSmsSender:
    def __init__(
        self,
        *,
        account_sid: str,
        auth_token: str,
        from_number: str,
        base_url: str = DEFAULT_BASE_URL,
        timeout: float = 5.0,
    ) -> None:
        self._path = f"/2010-04-01/Accounts/{account_sid}/Messages.json"
        self._from_number = from_number
        self._client = httpx.Client(
            base_url=base_url,
            timeout=timeout,
            auth=httpx.BasicAuth(account_sid, auth_token),
            headers={"accept": "application/json"},
        )

    def send(self, phone: Phone, message: str) -> None:
        form = {"To": phone.e164, "From": self._from_number, "Body": message}
        try:
            response = self._client.post(self._path, data=form)
        except httpx.HTTPError as error:
            logger.warning("Twilio unreachable sending to %s: %s", phone.masked, type(error).__name__)
            raise DependencyUnavailable(SEND_FAILED) from None
        if not response.is_success:
            logger.warning(
                "Twilio refused the SMS to %s: HTTP %s, error code %s",
                phone.masked,
                response.status_code,
                _error_code(response),
            )
            raise DependencyUnavailable(SEND_FAILED)
        logger.info("SMS to %s accepted by Twilio", phone.masked)

    def close(self) -> None:
        self._client.close()


def _error_code(response: httpx.Response) -> str:
    """Twilio's numeric error code only: its message text quotes the destination number."""
    try:
        body = response.json()
    except ValueError:
        return "unknown"
    code = body.get("code") if isinstance(body, dict) else None
    return str(code) if isinstance(code, int) else "unknown"
