"""Pictures kept on local disk, served by the app under /media/."""
from __future__ import annotations

from flask import Blueprint, Response, abort

from rozgar_core.errors import InvalidInput
from rozgar_web.container_access import container

blp = Blueprint("media", __name__)


@blp.route("/media/<path:key>", methods=["GET"])
def media(key: str) -> Response:
    if not container().settings().storage == "local":
        abort(404)
    try:
        stored = container().file_storage().read(key)
    except InvalidInput:
        abort(404)
    if stored is None:
        abort(404)
    response = Response(stored.data, mimetype=stored.content_type)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    # Keys are random and never rewritten, so a copy can be kept for a year.
    response.headers["Cache-Control"] = "public, max-age=31536000, immutable"
    return response
