"""The task runners behind TaskRunner: after the response in a pool, or at once."""
from __future__ import annotations

import threading
import time

from rozgar_adapters.tasks import BackgroundTaskRunner, ImmediateTaskRunner


def test_a_delayed_task_runs_no_sooner_than_its_delay_and_others_do_not_wait_for_it() -> None:
    runner = BackgroundTaskRunner()
    ran: dict[str, float] = {}
    prompt_done = threading.Event()
    started = time.monotonic()
    try:
        runner.defer(lambda: ran.__setitem__("delayed", time.monotonic() - started), delay_seconds=0.3)
        runner.defer(lambda: (ran.__setitem__("prompt", time.monotonic() - started), prompt_done.set()))
        assert prompt_done.wait(2)
    finally:
        runner.shutdown()  # waits for the delayed task
    assert ran["delayed"] >= 0.3
    assert ran["prompt"] < 0.3


def test_the_immediate_runner_ignores_delays_and_survives_failing_tasks() -> None:
    runner = ImmediateTaskRunner()
    ran: list[str] = []
    started = time.monotonic()
    runner.defer(lambda: ran.append("delayed"), delay_seconds=30)
    runner.defer(lambda: 1 / 0)  # type: ignore[func-returns-value]
    runner.defer(lambda: ran.append("after a failure"))
    assert ran == ["delayed", "after a failure"]
    assert time.monotonic() - started < 1
