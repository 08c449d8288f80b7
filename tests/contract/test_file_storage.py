"""FileStorage contract: the same assertions for memory, local disk and S3 (a real S3 HTTP endpoint)."""
from __future__ import annotations

import json
import socket
import urllib.request
import uuid
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import boto3
import pytest
from moto.server import ThreadedMotoServer

from rozgar_adapters.storage import LocalFileStorage, MemoryFileStorage, S3FileStorage
from rozgar_core.errors import DependencyUnavailable, InvalidInput
from rozgar_core.ports.media import FileStorage, StoredFile, new_picture_keys

REGION = "ap-south-1"
BASE_URL = "http://testserver"
DUMMY_CREDENTIALS = {"access_key_id": "testing", "secret_access_key": "testing"}
BAD_KEYS = ["../escape", "a/../../b", "/etc/passwd", "a\\b", "", "a//b", ".hidden", "a/./b", "a/", "sp ace"]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@pytest.fixture(scope="session")
def s3_endpoint() -> Iterator[str]:
    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.stop()


@pytest.fixture(scope="session")
def s3_bucket(s3_endpoint: str) -> str:
    bucket = f"rozgar-test-{uuid.uuid4().hex[:12]}"
    client = boto3.client(
        "s3",
        region_name=REGION,
        endpoint_url=s3_endpoint,
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )
    client.create_bucket(Bucket=bucket, CreateBucketConfiguration={"LocationConstraint": REGION})
    # As in production, the bucket (or a CDN in front of it) lets anyone read the objects.
    client.put_bucket_policy(Bucket=bucket, Policy=json.dumps(public_read_policy(bucket)))
    return bucket


def public_read_policy(bucket: str) -> dict[str, Any]:
    statement = {
        "Effect": "Allow",
        "Principal": "*",
        "Action": "s3:GetObject",
        "Resource": f"arn:aws:s3:::{bucket}/*",
    }
    return {"Version": "2012-10-17", "Statement": [statement]}


def s3_storage(endpoint: str, bucket: str, **options: Any) -> S3FileStorage:
    return S3FileStorage(bucket, REGION, endpoint_url=endpoint, timeout=2, **DUMMY_CREDENTIALS, **options)


@pytest.fixture(params=["memory", "local", "s3"])
def storage(request: pytest.FixtureRequest, tmp_path: Path) -> FileStorage:
    if request.param == "memory":
        return MemoryFileStorage(BASE_URL)
    if request.param == "local":
        return LocalFileStorage(tmp_path / "media", BASE_URL)
    endpoint = request.getfixturevalue("s3_endpoint")
    return s3_storage(endpoint, request.getfixturevalue("s3_bucket"))


@pytest.fixture
def key() -> str:
    """A fresh key per test: the S3 bucket is shared by the whole run."""
    picture, _ = new_picture_keys(str(uuid.uuid4()), uuid.uuid4().hex, "jpg")
    return picture


def test_saved_file_reads_back_with_its_content_type(storage: FileStorage, key: str) -> None:
    data = bytes(range(256)) * 40

    storage.save(key, data, "image/jpeg")

    assert storage.read(key) == StoredFile(data, "image/jpeg")


@pytest.mark.parametrize("content_type", ["image/png", "image/webp", "application/octet-stream"])
def test_content_type_round_trips_whatever_the_extension(
    storage: FileStorage, key: str, content_type: str
) -> None:
    storage.save(key, b"\x00payload", content_type)

    stored = storage.read(key)
    assert stored is not None and stored.content_type == content_type


def test_empty_file_round_trips(storage: FileStorage, key: str) -> None:
    storage.save(key, b"", "image/png")

    assert storage.read(key) == StoredFile(b"", "image/png")


def test_missing_key_reads_as_none(storage: FileStorage, key: str) -> None:
    assert storage.read(key) is None


def test_save_overwrites(storage: FileStorage, key: str) -> None:
    storage.save(key, b"old", "image/jpeg")
    storage.save(key, b"new", "image/png")

    assert storage.read(key) == StoredFile(b"new", "image/png")


def test_delete_removes_only_that_key(storage: FileStorage, key: str) -> None:
    other = key.replace(".jpg", "-thumb.jpg")
    storage.save(key, b"picture", "image/jpeg")
    storage.save(other, b"thumbnail", "image/jpeg")

    storage.delete(key)

    assert storage.read(key) is None
    assert storage.read(other) == StoredFile(b"thumbnail", "image/jpeg")


def test_deleting_a_missing_key_is_not_an_error(storage: FileStorage, key: str) -> None:
    storage.delete(key)
    storage.save(key, b"x", "image/jpeg")
    storage.delete(key)
    storage.delete(key)

    assert storage.read(key) is None


def test_concurrent_saves_of_different_keys_all_land(storage: FileStorage, key: str) -> None:
    keys = [key.replace(".jpg", f"-{n}.jpg") for n in range(16)]
    with ThreadPoolExecutor(max_workers=8) as pool:
        list(pool.map(lambda k: storage.save(k, k.encode(), "image/jpeg"), keys))

    assert [storage.read(k) for k in keys] == [StoredFile(k.encode(), "image/jpeg") for k in keys]


def test_url_for_is_an_absolute_url_ending_with_the_key(storage: FileStorage, key: str) -> None:
    url = storage.url_for(key)

    assert url.startswith("http") and url.endswith("/" + key)


@pytest.mark.parametrize("bad_key", BAD_KEYS)
def test_unsafe_keys_are_refused(storage: FileStorage, bad_key: str) -> None:
    operations: list[Callable[[], object]] = [
        lambda: storage.save(bad_key, b"x", "image/jpeg"),
        lambda: storage.read(bad_key),
        lambda: storage.delete(bad_key),
        lambda: storage.url_for(bad_key),
    ]
    for operation in operations:
        with pytest.raises(InvalidInput) as raised:
            operation()
        assert raised.value.errors[0].field == "key"


# --- memory and local: served by the app under /media/ ---------------------------------------


@pytest.mark.parametrize("make", [MemoryFileStorage, lambda url: LocalFileStorage("unused-root", url)])
def test_app_served_storage_urls_point_at_the_media_route(make: Callable[[str], FileStorage]) -> None:
    assert make("https://api.example.in/").url_for("a/b.png") == "https://api.example.in/media/a/b.png"
    assert make("").url_for("a/b.png") == "/media/a/b.png"


# --- local disk ------------------------------------------------------------------------------


def test_local_files_live_under_the_root_without_leftovers(tmp_path: Path) -> None:
    storage = LocalFileStorage(tmp_path, BASE_URL)

    storage.save("profile-pictures/u1/abc.jpg", b"jpeg bytes", "image/jpeg")

    assert (tmp_path / "profile-pictures/u1/abc.jpg").read_bytes() == b"jpeg bytes"
    assert not [p for p in tmp_path.rglob(".tmp-*")]


def test_local_storage_refuses_a_symlink_leading_out_of_the_root(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    root = tmp_path / "root"
    root.mkdir()
    (root / "link").symlink_to(outside, target_is_directory=True)
    storage = LocalFileStorage(root, BASE_URL)

    with pytest.raises(InvalidInput):
        storage.save("link/escaped.jpg", b"x", "image/jpeg")
    assert list(outside.iterdir()) == []


def test_local_storage_failure_is_dependency_unavailable(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("a file where the root should be")
    storage = LocalFileStorage(blocker, BASE_URL)

    with pytest.raises(DependencyUnavailable):
        storage.save("a/b.jpg", b"x", "image/jpeg")


# --- S3 --------------------------------------------------------------------------------------


def test_s3_objects_are_public_immutable_and_typed(s3_endpoint: str, s3_bucket: str, key: str) -> None:
    storage = s3_storage(s3_endpoint, s3_bucket)
    storage.save(key, b"jpeg", "image/jpeg")

    with urllib.request.urlopen(storage.url_for(key), timeout=5) as response:
        assert response.read() == b"jpeg"
        assert response.headers["Content-Type"] == "image/jpeg"
        assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable"


def test_s3_url_forms() -> None:
    assert S3FileStorage("pics", "ap-south-1").url_for("a/b.jpg") == (
        "https://pics.s3.ap-south-1.amazonaws.com/a/b.jpg"
    )
    cdn = S3FileStorage("pics", "ap-south-1", public_base_url="https://cdn.example.in/")
    assert cdn.url_for("a/b.jpg") == "https://cdn.example.in/a/b.jpg"
    minio = S3FileStorage("pics", "us-east-1", endpoint_url="http://minio:9000/")
    assert minio.url_for("a/b.jpg") == "http://minio:9000/pics/a/b.jpg"


def test_s3_endpoint_down_is_dependency_unavailable(key: str) -> None:
    down = f"http://127.0.0.1:{free_port()}"
    storage = s3_storage(down, "no-server-here")  # building it does not connect

    for operation in (
        lambda: storage.save(key, b"x", "image/jpeg"),
        lambda: storage.read(key),
        lambda: storage.delete(key),
    ):
        with pytest.raises(DependencyUnavailable) as raised:
            operation()
        assert "127.0.0.1" not in str(raised.value)


def test_s3_missing_bucket_is_dependency_unavailable(s3_endpoint: str, key: str) -> None:
    storage = s3_storage(s3_endpoint, f"missing-{uuid.uuid4().hex[:12]}")

    with pytest.raises(DependencyUnavailable):
        storage.save(key, b"x", "image/jpeg")
    with pytest.raises(DependencyUnavailable):
        storage.read(key)


# --- keys --------------------------------------------------------------------------------------


def test_new_picture_keys_share_the_random_token() -> None:
    assert new_picture_keys("user-1", "Ab_9-x", "webp") == (
        "profile-pictures/user-1/Ab_9-x.webp",
        "profile-pictures/user-1/Ab_9-x-thumb.webp",
    )


@pytest.mark.parametrize(
    ("user_id", "token", "extension"),
    [("u/1", "t", "jpg"), ("..", "t", "jpg"), ("u", "a/b", "jpg"), ("u", "t", "JPG"), ("u", "t", "")],
)
def test_new_picture_keys_refuse_anything_but_plain_segments(user_id: str, token: str, extension: str) -> None:
    with pytest.raises(ValueError):
        new_picture_keys(user_id, token, extension)
