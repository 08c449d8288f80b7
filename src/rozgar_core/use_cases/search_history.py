"""Writing searches to the history (for search trends) after the responses, in batches."""
from __future__ import annotations

import logging
import threading
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime

from rozgar_core.errors import Conflict, RozgarError
from rozgar_core.model.search import LabourQuery
from rozgar_core.ports import Clock, UnitOfWorkFactory
from rozgar_core.ports.search import SearchEntry, TaskRunner

log = logging.getLogger("rozgar.search")

MAX_BATCH = 500
"""Searches written per transaction: a long transaction would hold the daily counters too long."""
WRITE_ATTEMPTS = 2


@dataclass(frozen=True, slots=True)
class _Search:
    user_id: str
    text: str
    filters: dict[str, object]
    skills: list[str]
    at: datetime


class SearchHistoryRecorder:
    """Queues each search and writes the queue from a deferred task, up to MAX_BATCH per transaction.

    A flush is deferred when the queue turns non-empty, to run `batch_window_seconds` later; searches
    arriving meanwhile join it, so under load one transaction carries many searches instead of one
    each (a flush per search cost more than a cached search itself). Share one recorder per process."""

    def __init__(
        self, uow: UnitOfWorkFactory, tasks: TaskRunner, clock: Clock, batch_window_seconds: float = 0.0
    ) -> None:
        self._uow = uow
        self._tasks = tasks
        self._clock = clock
        self._window = batch_window_seconds
        self._lock = threading.Lock()
        self._queue: list[_Search] = []

    def record(self, query: LabourQuery, user_id: str) -> None:
        search = _Search(user_id, query.text or "", _filters(query), _named_skills(query), self._clock.now())
        with self._lock:
            self._queue.append(search)
            first = len(self._queue) == 1
        if first:
            self._tasks.defer(self.flush, delay_seconds=self._window)

    def flush(self) -> None:
        with self._lock:
            batch, self._queue = self._queue, []
        for start in range(0, len(batch), MAX_BATCH):
            self._write(batch[start : start + MAX_BATCH])

    def _write(self, batch: list[_Search]) -> None:
        # An account erased between the adapter's check and its insert makes the batch conflict: the
        # second attempt no longer finds that account and writes the others.
        for attempt in range(WRITE_ATTEMPTS):
            try:
                self._write_once(batch)
                return
            except Conflict as error:
                if attempt + 1 < WRITE_ATTEMPTS:
                    continue
                failure: RozgarError = error
            except RozgarError as error:
                failure = error
            log.warning("could not record %d searches in the history (%s)", len(batch), type(failure).__name__)
            return

    def _write_once(self, batch: list[_Search]) -> None:
        with self._uow() as uow:
            uow.search_history.add_many(
                [SearchEntry(search.user_id, search.text, search.filters, search.at) for search in batch]
            )
            # Last and in one statement per day, so the shared daily counters stay locked briefly.
            for day, counts in _skill_counts(batch):
                uow.analytics.add_search_skill_counts(counts, day)
            uow.commit()


def _skill_counts(batch: list[_Search]) -> list[tuple[date, Counter[str]]]:
    """How many searches of the batch named each skill, per day, days in order."""
    counts: dict[date, Counter[str]] = {}
    for search in batch:
        counts.setdefault(search.at.date(), Counter()).update(search.skills)
    return [(day, counts[day]) for day in sorted(counts) if counts[day]]


def _filters(query: LabourQuery) -> dict[str, object]:
    return {
        "skills": list(query.skills),
        "city": query.city_key,
        "labourType": query.labour_type,
        "availableOnly": query.available_only,
    }


def _named_skills(query: LabourQuery) -> list[str]:
    """The trades filtered by and those named by the words: a word of three letters or more names a
    trade ("me" in "plumber near me" is not a search for mechanics)."""
    named = [skill for term in query.terms if len(term.prefix) >= 3 for skill in term.skills]
    return list(dict.fromkeys([*query.skills, *named]))
