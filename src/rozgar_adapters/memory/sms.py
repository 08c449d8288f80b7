"""An SMS sender that keeps the messages, so a program or test can read the codes it "sent"."""
from __future__ import annotations

import re
import threading
from dataclasses import dataclass

from rozgar_core.model import Phone

_CODE = re.compile(r"\b(\d{4,8})\b")


@dataclass(frozen=True, slots=True)
class SentSms:
    phone: str
    message: str


class MemorySmsSender:
    def __init__(self) -> None:
        self._sent: list[SentSms] = []
        self._lock = threading.Lock()

    def send(self, phone: Phone, message: str) -> None:
        with self._lock:
            self._sent.append(SentSms(phone.e164, message))

    @property
    def sent(self) -> list[SentSms]:
        with self._lock:
            return list(self._sent)

    def last_code_for(self, phone: str) -> str | None:
        """The first 4-8 digit number in the latest message to `phone` (E.164)."""
        for sms in reversed(self.sent):
            if sms.phone == phone:
                match = _CODE.search(sms.message)
                return match.group(1) if match else None
        return None
