"""An email sender that keeps the messages: for tests and local runs."""
from __future__ import annotations

import threading
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class SentEmail:
    to: str
    subject: str
    text: str


class MemoryEmailSender:
    def __init__(self) -> None:
        self._sent: list[SentEmail] = []
        self._lock = threading.Lock()

    def send(self, to: str, subject: str, text: str) -> None:
        with self._lock:
            self._sent.append(SentEmail(to, subject, text))

    @property
    def sent(self) -> list[SentEmail]:
        with self._lock:
            return list(self._sent)
