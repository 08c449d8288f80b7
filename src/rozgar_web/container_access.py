"""Where a view finds the app's container (set by create_app)."""
from __future__ import annotations

from typing import Any

from flask import current_app, request


def container() -> Any:
    return current_app.extensions["rozgar.container"]


def client_ip() -> str:
    """The peer address; ProxyFix (configured hop count) makes it the real client behind proxies."""
    return request.remote_addr or "unknown"
