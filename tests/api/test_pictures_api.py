"""POST /users/upload-picture and GET /media/<key>: content sniffing, limits, clean copies, replacement."""
from __future__ import annotations

import http.client
import io
import json
import threading
from collections.abc import Iterator
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from PIL import Image
from support import images
from werkzeug.datastructures import Headers
from werkzeug.serving import make_server
from werkzeug.test import EnvironBuilder, TestResponse
from werkzeug.wrappers import Request

from rozgar_adapters.container import Container
from rozgar_adapters.storage.memory import MemoryFileStorage

from .conftest import Login, assert_error, field_names
from .profile_helpers import (
    PICTURE,
    Account,
    complete,
    log_in,
    media_key,
    media_path,
    own_profile,
    upload,
)

MB = 1024 * 1024


@pytest.fixture
def storage(container: Container) -> MemoryFileStorage:
    storage = container.file_storage()
    assert isinstance(storage, MemoryFileStorage)
    return storage


@pytest.fixture
def account(client: FlaskClient, login: Login) -> Account:
    account = log_in(client, login)
    complete(client, account)
    return account


def _no_metadata(data: bytes) -> None:
    for marker in (b"Exif", images.SECRET_TEXT.encode(), images.XMP_PACKET, b"PhoneMaker"):
        assert marker not in data
    with Image.open(io.BytesIO(data)) as picture:
        assert not picture.getexif()
        assert images.GPS_IFD not in picture.getexif()
        assert not {"exif", "xmp", "comment", "icc_profile"} & set(picture.info)


def test_a_jpeg_with_gps_is_stored_without_any_metadata(
    client: FlaskClient, account: Account, storage: MemoryFileStorage
) -> None:
    response = upload(client, account, images.jpeg_with_metadata((640, 480)))

    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    assert body["success"] is True and set(body) == {"success", "message", "profilePictureUrl"}
    url = body["profilePictureUrl"]
    stored = storage.read(media_key(url))
    assert stored is not None and stored.content_type == "image/jpeg"
    _no_metadata(stored.data)
    served = client.get(media_path(url))
    assert served.status_code == 200 and served.data == stored.data
    assert own_profile(client, account)["profilePictureUrl"] == url


def test_pictures_are_served_with_nosniff_and_their_type(client: FlaskClient, account: Account) -> None:
    url = upload(client, account, images.png_with_text_chunks(), "p.png", "image/png").get_json()["profilePictureUrl"]
    served = client.get(media_path(url))
    assert served.status_code == 200
    assert served.headers["X-Content-Type-Options"] == "nosniff"
    assert served.mimetype == "image/png"
    _no_metadata(served.data)


@pytest.mark.parametrize("path", ["/media/profile-pictures/nobody/missing.jpg", "/media/../etc/passwd",
                                  "/media/.hidden", "/media/a//b.jpg"])
def test_unknown_or_unsafe_media_paths_are_404(client: FlaskClient, path: str) -> None:
    assert_error(client.get(path), 404)


@pytest.mark.parametrize(
    ("data", "name", "content_type", "stored_type"),
    [
        (images.encode(images.noise((80, 60)), "PNG"), "p.png", "image/png", "image/png"),
        (images.encode(images.noise((80, 60)), "WEBP"), "w.webp", "image/webp", "image/webp"),
        (images.jpeg_with_metadata(), "photo.gif", "image/gif", "image/jpeg"),
        (images.encode(images.noise((80, 60)), "PNG"), "noextension", "application/octet-stream", "image/png"),
    ],
    ids=["png", "webp", "jpeg-named-gif", "png-without-a-name"],
)
def test_the_format_is_read_from_the_content(
    client: FlaskClient, account: Account, storage: MemoryFileStorage, data: bytes, name: str, content_type: str,
    stored_type: str,
) -> None:
    response = upload(client, account, data, name, content_type)
    assert response.status_code == 200, response.get_json()
    stored = storage.read(media_key(response.get_json()["profilePictureUrl"]))
    assert stored is not None and stored.content_type == stored_type


@pytest.mark.parametrize(
    "data", [images.gif(), b"%PDF-1.7\n%not a picture", b"GIF89a" + b"\x00" * 64, b""],
    ids=["gif-bytes", "pdf", "gif-header", "empty"],
)
def test_anything_else_named_jpg_is_415(client: FlaskClient, account: Account, storage: MemoryFileStorage, data: bytes) -> None:
    response = upload(client, account, data, "a.jpg", "image/jpeg")
    assert_error(response, 415)
    assert storage.keys() == [] and own_profile(client, account)["profilePictureUrl"] is None


@pytest.mark.parametrize("size", [(20_000, 20_000), (7_000, 7_000)], ids=["400-megapixels", "49-megapixels"])
def test_a_png_bomb_is_400_on_the_file_field(
    client: FlaskClient, account: Account, storage: MemoryFileStorage, size: tuple[int, int]
) -> None:
    bomb = images.png_bomb(*size)
    assert len(bomb) < 2 * MB
    response = upload(client, account, bomb, "bomb.png", "image/png")
    assert field_names(assert_error(response, 400)) == ["file"]
    assert storage.keys() == []


def test_a_damaged_picture_is_400(client: FlaskClient, account: Account) -> None:
    damaged = images.truncated(images.jpeg_with_metadata((400, 400)), 0.3)
    assert field_names(assert_error(upload(client, account, damaged), 400)) == ["file"]


@pytest.mark.parametrize("body", [{}, {"picture": (io.BytesIO(b"x"), "a.jpg")}, {"file": "not a file"}])
def test_a_request_without_a_file_is_400(client: FlaskClient, account: Account, body: dict[str, Any]) -> None:
    response = client.post(PICTURE, headers=account.headers, data=body, content_type="multipart/form-data")
    assert "file" in field_names(assert_error(response, 400))


def test_a_six_megabyte_body_is_413_in_the_envelope(client: FlaskClient, account: Account, storage: MemoryFileStorage) -> None:
    response = upload(client, account, images.jpeg_with_metadata() + b"\0" * (6 * MB))
    assert_error(response, 413, "PAYLOAD_TOO_LARGE")
    assert storage.keys() == []


def test_a_file_just_over_five_megabytes_is_413_even_inside_the_body_limit(
    app: Flask, client: FlaskClient, account: Account
) -> None:
    data = images.encode(images.noise((600, 600)), "PNG")
    data += b"\0" * (5 * MB + 1 - len(data))
    assert len(data) == 5 * MB + 1 and len(data) + 1024 < app.config["MAX_CONTENT_LENGTH"]
    body = assert_error(upload(client, account, data, "big.png", "image/png"), 413, "PAYLOAD_TOO_LARGE")
    assert "5 MB" in body["message"]  # refused by the picture rule, not by the request size limit


def test_a_new_picture_replaces_the_old_objects(client: FlaskClient, account: Account, storage: MemoryFileStorage) -> None:
    first = upload(client, account, images.jpeg_with_metadata()).get_json()["profilePictureUrl"]
    first_keys = storage.keys()
    assert len(first_keys) == 2 and media_key(first) in first_keys

    second = upload(client, account, images.png_with_text_chunks(), "p.png", "image/png").get_json()["profilePictureUrl"]

    key = media_key(second)
    assert storage.keys() == sorted([key, key.removesuffix(".png") + "-thumb.png"])
    assert set(first_keys).isdisjoint(storage.keys())
    assert_error(client.get(media_path(first)), 404)
    assert own_profile(client, account)["profilePictureUrl"] == second


def test_the_picture_is_turned_upright_and_capped_with_a_small_thumbnail(
    client: FlaskClient, account: Account, storage: MemoryFileStorage
) -> None:
    landscape_shot_held_upright = images.jpeg_with_metadata((3000, 1500), orientation=6)
    key = media_key(upload(client, account, landscape_shot_held_upright).get_json()["profilePictureUrl"])
    picture, thumbnail = storage.read(key), storage.read(key.removesuffix(".jpg") + "-thumb.jpg")
    assert picture is not None and thumbnail is not None
    with Image.open(io.BytesIO(picture.data)) as big, Image.open(io.BytesIO(thumbnail.data)) as small:
        assert big.size == (800, 1600) and max(small.size) <= 256 and small.height > small.width


def test_a_failed_upload_keeps_the_previous_picture(client: FlaskClient, account: Account, storage: MemoryFileStorage) -> None:
    url = upload(client, account, images.jpeg_with_metadata()).get_json()["profilePictureUrl"]
    keys = storage.keys()
    assert_error(upload(client, account, images.gif(), "a.jpg"), 415)
    assert storage.keys() == keys and own_profile(client, account)["profilePictureUrl"] == url
    assert client.get(media_path(url)).status_code == 200


def test_pictures_of_two_users_never_touch(client: FlaskClient, login: Login, account: Account, storage: MemoryFileStorage) -> None:
    other = log_in(client, login)
    mine = upload(client, account, images.jpeg_with_metadata()).get_json()["profilePictureUrl"]
    upload(client, other, images.jpeg_with_metadata())
    upload(client, other, images.jpeg_with_metadata())
    assert media_key(mine) in storage.keys() and len(storage.keys()) == 4
    assert f"/{account.id}/" in mine


BOUNDARY = "rozgar-test-boundary"
MULTIPART = f"multipart/form-data; boundary={BOUNDARY}"


def _multipart(data: bytes) -> bytes:
    head = (
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="a.jpg"\r\n'
        "Content-Type: image/jpeg\r\n\r\n"
    ).encode()
    return head + data + f"\r\n--{BOUNDARY}--\r\n".encode()


def _record_environ(app: Flask) -> list[dict[str, Any]]:
    """Keeps what the WSGI layer saw of each request, to prove a body really arrived chunked."""
    seen: list[dict[str, Any]] = []
    inner = app.wsgi_app

    def recording(environ: dict[str, Any], start_response: Any) -> Any:
        seen.append({key: environ.get(key) for key in ("CONTENT_LENGTH", "HTTP_TRANSFER_ENCODING")})
        return inner(environ, start_response)

    app.wsgi_app = recording  # type: ignore[method-assign]
    return seen


def _send_chunked(client: FlaskClient, account: Account, data: bytes) -> TestResponse:
    headers = Headers({**account.headers, "Transfer-Encoding": "chunked"})
    environ = EnvironBuilder(
        PICTURE,
        method="POST",
        headers=headers,
        input_stream=io.BytesIO(_multipart(data)),
        content_type=MULTIPART,
    ).get_environ()
    del environ["CONTENT_LENGTH"]  # a chunked request carries none
    # What a WSGI server that de-chunks the body (gunicorn, werkzeug) tells the app.
    environ["wsgi.input_terminated"] = True
    return client.open(Request(environ))


def test_a_chunked_body_over_the_limit_is_413_without_content_length(
    app: Flask, client: FlaskClient, account: Account, storage: MemoryFileStorage
) -> None:
    seen = _record_environ(app)
    response = _send_chunked(client, account, b"\xff" * (6 * MB))
    assert seen == [{"CONTENT_LENGTH": None, "HTTP_TRANSFER_ENCODING": "chunked"}]
    assert_error(response, 413, "PAYLOAD_TOO_LARGE")
    assert storage.keys() == []


def test_a_chunked_body_within_the_limit_is_read_whole(app: Flask, client: FlaskClient, account: Account) -> None:
    seen = _record_environ(app)
    response = _send_chunked(client, account, images.jpeg_with_metadata())
    assert seen == [{"CONTENT_LENGTH": None, "HTTP_TRANSFER_ENCODING": "chunked"}]
    assert response.status_code == 200, response.get_json()


@pytest.fixture
def server(app: Flask) -> Iterator[int]:
    """The app behind a real HTTP server (werkzeug's, which de-chunks request bodies); yields its port."""
    http_server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=http_server.serve_forever, daemon=True)
    thread.start()
    yield http_server.server_port
    http_server.shutdown()
    thread.join(timeout=10)


def _post_chunked_over_http(port: int, account: Account, body: bytes) -> tuple[int, dict[str, Any]]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        pieces = (body[start:start + 64 * 1024] for start in range(0, len(body), 64 * 1024))
        headers = {**account.headers, "Content-Type": MULTIPART, "Transfer-Encoding": "chunked"}
        connection.request("POST", PICTURE, body=pieces, headers=headers, encode_chunked=True)
        response = connection.getresponse()
        return response.status, json.loads(response.read())
    finally:
        connection.close()


def test_a_real_chunked_upload_over_the_limit_gets_413_in_the_envelope(
    app: Flask, server: int, account: Account, storage: MemoryFileStorage
) -> None:
    seen = _record_environ(app)
    status, body = _post_chunked_over_http(server, account, _multipart(b"\xff" * (6 * MB)))
    assert seen == [{"CONTENT_LENGTH": None, "HTTP_TRANSFER_ENCODING": "chunked"}]
    assert (status, body["success"], body["code"]) == (413, False, "PAYLOAD_TOO_LARGE")
    assert storage.keys() == []


def test_a_real_chunked_upload_within_the_limit_is_stored(
    app: Flask, server: int, account: Account, storage: MemoryFileStorage
) -> None:
    seen = _record_environ(app)
    status, body = _post_chunked_over_http(server, account, _multipart(images.jpeg_with_metadata()))
    assert seen == [{"CONTENT_LENGTH": None, "HTTP_TRANSFER_ENCODING": "chunked"}]
    assert status == 200 and media_key(body["profilePictureUrl"]) in storage.keys()
