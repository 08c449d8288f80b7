"""The load users: test numbers, one loopback address and HTTP client each, logins and profiles."""
from __future__ import annotations

import asyncio
import random
import time
from dataclasses import dataclass, field
from typing import Any

import httpx
from queries import profile_body
from stats import Recorder

TEST_CODE = "123456"
FIRST_PHONE = 9_100_100_001
ADMIN_PHONE = str(FIRST_PHONE - 1)
VERIFY_PER_ADDRESS = 30
"""The server's fixed limit of OTP verifications per client address in 15 minutes."""
LOGIN_BUDGET = VERIFY_PER_ADDRESS - 5
"""Logins the mix may make per user and address (the setup's login and a margin left over)."""
REQUEST_TIMEOUT_SECONDS = 30.0
IDLE_CONNECTION_SECONDS = 1.0
"""Below gunicorn's keep-alive (2 s): a connection the server is closing is never reused for a request."""


def load_phones(count: int) -> list[str]:
    return [str(FIRST_PHONE + index) for index in range(count)]


def loopback_address(index: int) -> str:
    """Each user's own address in 127.0.0.0/8, so per-address limits count each user apart."""
    return f"127.77.{index // 250}.{index % 250 + 1}"


@dataclass
class LoadUser:
    index: int
    phone: str
    role: str
    client: httpx.AsyncClient
    token: str = ""
    user_id: str = ""
    logins: int = 0
    reviews: dict[str, str] = field(default_factory=dict)
    """labour id -> id of this user's review of them"""

    @property
    def auth(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}


def make_user(index: int, phone: str, base_url: str) -> LoadUser:
    limits = httpx.Limits(keepalive_expiry=IDLE_CONNECTION_SECONDS)
    transport = httpx.AsyncHTTPTransport(local_address=loopback_address(index), retries=0, limits=limits)
    client = httpx.AsyncClient(base_url=base_url, transport=transport, timeout=REQUEST_TIMEOUT_SECONDS)
    # Even users are labours (others contact and review them), odd users employers.
    return LoadUser(index, phone, "labour" if index % 2 == 0 else "employer", client)


async def call(
    recorder: Recorder,
    endpoint: str,
    user: LoadUser,
    method: str,
    path: str,
    *,
    expected: tuple[int, ...] = (200,),
    json: Any = None,
    params: Any = None,
    authenticated: bool = True,
    also: tuple[Recorder, str] | None = None,
) -> httpx.Response | None:
    """One measured request; a status not in `expected` or a transport failure is an error.
    `also` records it a second time, in another recorder under another name."""
    headers = user.auth if authenticated else None
    started = time.perf_counter()
    try:
        response = await user.client.request(method, path, json=json, params=params, headers=headers)
    except httpx.HTTPError as failure:
        elapsed_ms = (time.perf_counter() - started) * 1000
        _record(recorder, endpoint, also, 0, elapsed_ms, f"{type(failure).__name__}: {failure}")
        return None
    elapsed_ms = (time.perf_counter() - started) * 1000
    problem = None
    if response.status_code not in expected:
        problem = f"{response.status_code} {method} {path} {response.text[:300]}"
    _record(recorder, endpoint, also, response.status_code, elapsed_ms, problem)
    return response if problem is None else None


def _record(recorder: Recorder, endpoint: str, also: tuple[Recorder, str] | None, status: int, elapsed_ms: float,
            problem: str | None) -> None:
    recorder.record(endpoint, status, elapsed_ms, problem)
    if also is not None:
        also[0].record(also[1], status, elapsed_ms, problem)


async def login(recorder: Recorder, user: LoadUser) -> dict[str, Any] | None:
    body = {"phone": user.phone, "otp": TEST_CODE}
    response = await call(recorder, "POST /auth/verify-otp", user, "POST", "/api/v1/auth/verify-otp",
                          json=body, authenticated=False)
    user.logins += 1
    if response is None:
        return None
    payload: dict[str, Any] = response.json()
    user.token = payload["accessToken"]
    return payload


async def prepare_user(recorder: Recorder, user: LoadUser, rng: random.Random) -> None:
    """Logs the user in, completes a new account's profile and learns the user's id."""
    payload = await login(recorder, user)
    if payload is None:
        return
    if payload["isNewUser"]:
        response = await call(recorder, "POST /users/profile", user, "POST", "/api/v1/users/profile",
                              expected=(201,), json=profile_body(rng, user.index, user.role))
        if response is None:
            return
        user.user_id = response.json()["user"]["id"]
    else:
        user.user_id = payload["user"]["id"]
        user.role = payload["user"].get("role") or user.role


async def prepare_users(recorder: Recorder, users: list[LoadUser], rng: random.Random, parallel: int = 16) -> None:
    gate = asyncio.Semaphore(parallel)

    async def one(user: LoadUser) -> None:
        async with gate:
            await prepare_user(recorder, user, rng)

    await asyncio.gather(*(one(user) for user in users))


async def raise_contact_cap(recorder: Recorder, admin: LoadUser, cap: int) -> None:
    """The daily contact cap (100 by default) would otherwise answer 429 to a long or repeated run."""
    if await login(recorder, admin) is None:
        return
    await call(recorder, "PUT /admin/settings/:key", admin, "PUT", "/api/v1/admin/settings/contacts.dailyCap",
               json={"value": cap})


async def close_all(users: list[LoadUser]) -> None:
    await asyncio.gather(*(user.client.aclose() for user in users))
