"""The default email sender: writes one line to the log instead of sending anything."""
from __future__ import annotations

import logging

logger = logging.getLogger("rozgar.email")


def mask_email(address: str) -> str:
    """`ramesh@example.com` -> `r***@example.com`: enough to tell messages apart, not to harvest."""
    local, at, domain = address.partition("@")
    if not at or not local:
        return "***"
    return f"{local[0]}***@{domain}"


class ConsoleEmailSender:
    """Sends nothing. For development and tests: the recipient (masked) and subject land in the log."""

    def send(self, to: str, subject: str, text: str) -> None:
        logger.info("Email to %s: %s", mask_email(to), " ".join(subject.splitlines()))
