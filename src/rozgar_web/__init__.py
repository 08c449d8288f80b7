"""Rozgar360 HTTP API: a thin Flask + flask-smorest layer over the core use cases."""
from rozgar_web.app import create_app

__all__ = ["create_app"]
