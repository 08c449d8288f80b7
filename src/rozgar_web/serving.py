"""Serving under gunicorn (threads share in-process state when no Redis is configured)."""
from __future__ import annotations

import logging
import multiprocessing
import os
from pathlib import Path
from typing import Any

import gunicorn.arbiter
import gunicorn.http.wsgi
from gunicorn import glogging
from gunicorn.app.base import BaseApplication
from werkzeug.serving import WSGIRequestHandler

log = logging.getLogger("rozgar.serve")

# The Server header names the product, never the server software and its version.
SERVER_NAME = "rozgar360"
MULTIPROCESS_ENV = "PROMETHEUS_MULTIPROC_DIR"
# Each open WebSocket holds a thread of its worker.
DEFAULT_THREADS = 100
# Settings of newer gunicorn releases, skipped on older ones.
_OPTIONAL_SETTINGS = frozenset({"control_socket_disable"})


class _Gunicorn(BaseApplication):  # type: ignore[misc]
    def __init__(self, container: Any, options: dict[str, Any]) -> None:
        self._container = container
        self._options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self._options.items():
            if key in _OPTIONAL_SETTINGS and key not in self.cfg.settings:
                continue
            self.cfg.set(key, value)

    def load(self) -> Any:
        from rozgar_web.app import create_app

        return create_app(self._container)


class RootHandlersLogger(glogging.Logger):  # type: ignore[misc]
    """gunicorn's own messages go through the root handlers: the same JSON lines and redaction."""

    def setup(self, cfg: Any) -> None:
        super().setup(cfg)
        for logger in (self.error_log, self.access_log):
            for handler in list(logger.handlers):
                logger.removeHandler(handler)
            logger.propagate = True


class DevRequestHandler(WSGIRequestHandler):
    server_version = SERVER_NAME
    sys_version = ""

    def version_string(self) -> str:
        return SERVER_NAME


def hide_server_version() -> None:
    gunicorn.http.wsgi.SERVER = SERVER_NAME
    gunicorn.http.wsgi.SERVER_SOFTWARE = SERVER_NAME
    gunicorn.arbiter.SERVER_SOFTWARE = SERVER_NAME


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


def _mark_worker_dead(server: Any, worker: Any) -> None:
    from prometheus_client import multiprocess

    multiprocess.mark_process_dead(worker.pid)


def _reset_metrics_directory(directory: str) -> None:
    """Counts left by an earlier run would be added to this one's."""
    path = Path(directory)
    path.mkdir(parents=True, exist_ok=True)
    for stale in path.glob("*.db"):
        stale.unlink()


def gunicorn_options(
    container: Any, *, host: str, port: int, workers: int | None, threads: int | None = None
) -> dict[str, Any]:
    settings = container.settings()
    options: dict[str, Any] = {
        "bind": f"{host}:{port}",
        "workers": worker_count(container, workers),
        # gthread that also closes its Socket.IO connections on a graceful stop (see the class).
        "worker_class": "rozgar_web.realtime.worker.RealtimeThreadWorker",
        "threads": threads or DEFAULT_THREADS,
        # SIGTERM: stop accepting, let requests in flight finish for up to this long.
        "graceful_timeout": settings.graceful_timeout_seconds,
        "timeout": 60,
        "accesslog": None,
        "logger_class": RootHandlersLogger,
        "preload_app": False,
        # No run-time management socket: one fixed path per user, shared by every server on the host.
        "control_socket_disable": True,
    }
    if os.environ.get(MULTIPROCESS_ENV):
        options["child_exit"] = _mark_worker_dead
    return options


def serve(
    container: Any, *, host: str, port: int, workers: int | None, dev: bool, threads: int | None = None
) -> None:
    if dev:
        from rozgar_web.app import create_app

        create_app(container).run(
            host=host, port=port, debug=True, use_reloader=True, request_handler=DevRequestHandler
        )
        return
    options = gunicorn_options(container, host=host, port=port, workers=workers, threads=threads)
    count = options["workers"]
    if count > 1 and not container.settings().redis_url:
        log.warning("several workers without REDIS_URL: rate limits and logouts are per process")
    if count > 1 and not os.environ.get(MULTIPROCESS_ENV):
        log.info("each worker serves its own /metrics counts; set %s to add them up", MULTIPROCESS_ENV)
    if os.environ.get(MULTIPROCESS_ENV):
        _reset_metrics_directory(os.environ[MULTIPROCESS_ENV])
    hide_server_version()
    log.info("serving on http://%s:%d with %d worker(s)", host, port, count)
    _Gunicorn(container, options).run()
