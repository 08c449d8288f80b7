"""Serving under gunicorn (threads share in-process state when no Redis is configured)."""
from __future__ import annotations

import logging
import multiprocessing
from typing import Any

from gunicorn.app.base import BaseApplication

log = logging.getLogger("rozgar.serve")


class _Gunicorn(BaseApplication):  # type: ignore[misc]
    def __init__(self, container: Any, options: dict[str, Any]) -> None:
        self._container = container
        self._options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self._options.items():
            self.cfg.set(key, value)

    def load(self) -> Any:
        from rozgar_web.app import create_app

        return create_app(self._container)


def worker_count(container: Any, requested: int | None) -> int:
    settings = container.settings()
    if requested:
        return requested
    if settings.web_concurrency:
        return int(settings.web_concurrency)
    if not settings.redis_url:
        # Rate limits and the token denylist live in process without Redis: one process keeps them whole.
        return 1
    return multiprocessing.cpu_count() * 2 + 1


def serve(container: Any, *, host: str, port: int, workers: int | None, dev: bool) -> None:
    if dev:
        from rozgar_web.app import create_app

        create_app(container).run(host=host, port=port, debug=True, use_reloader=True)
        return
    count = worker_count(container, workers)
    if count > 1 and not container.settings().redis_url:
        log.warning("several workers without REDIS_URL: rate limits and logouts are per process")
    options = {
        "bind": f"{host}:{port}",
        "workers": count,
        "worker_class": "gthread",
        "threads": 8,
        "graceful_timeout": 30,
        "timeout": 60,
        "accesslog": None,
        "preload_app": False,
    }
    log.info("serving on http://%s:%d with %d worker(s)", host, port, count)
    _Gunicorn(container, options).run()
