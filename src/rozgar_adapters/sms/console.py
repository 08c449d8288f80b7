"""The default SMS sender: writes the message to the log so a developer can read the code."""
from __future__ import annotations

import logging

from rozgar_core.model import Phone

logger = logging.getLogger("rozgar.sms")


class ConsoleSmsSender:
    """Sends nothing. For development and tests only: the message (an OTP) lands in the log."""

    def send(self, phone: Phone, message: str) -> None:
        logger.info("SMS to %s: %s", phone.masked, " ".join(message.splitlines()))
