"""Writing searches to the history (for search trends) after the responses, in batches."""
from __future__ import annotations

import logging
import threading
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime

from rozgar_core.errors import RozgarError
from rozgar_core.model.search import LabourQuery
from rozgar_core.ports import Clock, UnitOfWorkFactory
from rozgar_core.ports.search import TaskRunner

log = logging.getLogger("rozgar.search")


@dataclass(frozen=True, slots=True)
class _Search:
    user_id: str
    text: str
    filters: dict[str, object]
    skills: list[str]
    at: datetime


class SearchHistoryRecorder:
    """Queues each search and writes the queue in one transaction from a deferred task.

    A flush is deferred when the queue turns non-empty; searches arriving while it waits or runs join
    the next one, so under load one transaction carries many searches instead of one each. Share one
    recorder per process."""

    def __init__(self, uow: UnitOfWorkFactory, tasks: TaskRunner, clock: Clock) -> None:
        self._uow = uow
        self._tasks = tasks
        self._clock = clock
        self._lock = threading.Lock()
        self._queue: list[_Search] = []

    def record(self, query: LabourQuery, user_id: str) -> None:
        search = _Search(user_id, query.text or "", _filters(query), _named_skills(query), self._clock.now())
        with self._lock:
            self._queue.append(search)
            first = len(self._queue) == 1
        if first:
            self._tasks.defer(self.flush)

    def flush(self) -> None:
        with self._lock:
            batch, self._queue = self._queue, []
        if not batch:
            return
        try:
            with self._uow() as uow:
                for search in batch:
                    uow.search_history.add(search.user_id, search.text, search.filters, search.at)
                for day, skills in _skill_layers(batch):
                    uow.analytics.record_search_skills(skills, day)
                uow.commit()
        except RozgarError as error:
            log.warning("could not record %d searches in the history (%s)", len(batch), type(error).__name__)


def _skill_layers(batch: list[_Search]) -> list[tuple[date, list[str]]]:
    """The batch's skill counts as calls of one each: per day, every skill searched first, then those
    searched twice or more, and so on. Each call locks its rows in sorted order, and the first call of
    a day takes every row the later ones touch, so concurrent flushes cannot deadlock."""
    counts: dict[date, Counter[str]] = {}
    for search in batch:
        counts.setdefault(search.at.date(), Counter()).update(search.skills)
    layers: list[tuple[date, list[str]]] = []
    for day in sorted(counts):
        remaining = counts[day]
        while remaining:
            layers.append((day, sorted(remaining)))
            remaining = Counter({skill: count - 1 for skill, count in remaining.items() if count > 1})
    return layers


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
