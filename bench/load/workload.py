"""The weighted mix of operations and the bounded loop that drives it."""
from __future__ import annotations

import asyncio
import itertools
import random
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

from clients import LOGIN_BUDGET, LoadUser, call, login
from queries import (
    nearby_params,
    point_near,
    profile_change,
    random_city,
    search_params,
)
from stats import Recorder

MAX_PAIRS = 20_000


@dataclass
class World:
    """What the operations pick from: the users, seeded labour ids and the pairs already in contact."""

    users: list[LoadUser]
    labour_ids: list[str]
    rng: random.Random
    contacted: list[tuple[LoadUser, str]] = field(default_factory=list)
    skipped_logins: int = 0
    search_shapes: Recorder = field(default_factory=Recorder)
    """GET /labours again, by the shape of its query"""

    @property
    def load_labours(self) -> list[LoadUser]:
        return [user for user in self.users if user.role == "labour" and user.user_id]

    def user(self) -> LoadUser:
        return self.rng.choice(self.users)

    def remember_contact(self, user: LoadUser, labour_id: str) -> None:
        if len(self.contacted) < MAX_PAIRS:
            self.contacted.append((user, labour_id))
        else:
            self.contacted[self.rng.randrange(MAX_PAIRS)] = (user, labour_id)


Operation = Callable[[World, Recorder], Awaitable[None]]


async def search(world: World, recorder: Recorder) -> None:
    shape, params = search_params(world.rng)
    await call(recorder, "GET /labours", world.user(), "GET", "/api/v1/labours", params=params,
               also=(world.search_shapes, shape))


async def nearby(world: World, recorder: Recorder) -> None:
    await call(recorder, "GET /labours/nearby", world.user(), "GET", "/api/v1/labours/nearby",
               params=nearby_params(world.rng))


async def labour_details(world: World, recorder: Recorder) -> None:
    params = None
    if world.rng.random() < 0.5:
        latitude, longitude = point_near(world.rng, random_city(world.rng))
        params = {"latitude": latitude, "longitude": longitude}
    path = f"/api/v1/labours/{world.rng.choice(world.labour_ids)}"
    await call(recorder, "GET /labours/:id", world.user(), "GET", path, params=params)


async def own_profile(world: World, recorder: Recorder) -> None:
    await call(recorder, "GET /users/profile", world.user(), "GET", "/api/v1/users/profile")


async def update_profile(world: World, recorder: Recorder) -> None:
    user = world.user()
    await call(recorder, "PUT /users/profile", user, "PUT", "/api/v1/users/profile",
               json=profile_change(world.rng, user.role))


async def contact(world: World, recorder: Recorder) -> None:
    user = world.user()
    labour_id = _contact_target(world, user)
    body = {"labourId": labour_id, "contactType": world.rng.choice(("call", "message"))}
    if await call(recorder, "POST /contacts", user, "POST", "/api/v1/contacts", expected=(201,), json=body):
        world.remember_contact(user, labour_id)


def _contact_target(world: World, user: LoadUser) -> str:
    """Mostly seeded labours; one in five a labour among the load users, whose notifications then fill."""
    labours = world.load_labours
    if world.rng.random() < 0.2 and len(labours) > 1:
        target = world.rng.choice(labours)
        if target is not user:
            return target.user_id
    return world.rng.choice(world.labour_ids)


async def review(world: World, recorder: Recorder) -> None:
    """POST a review of a contacted labour; on 409 (already reviewed) edit that review with PUT."""
    if not world.contacted:
        return await contact(world, recorder)
    user, labour_id = world.rng.choice(world.contacted)
    rating = world.rng.randint(1, 5)
    body = {"labourId": labour_id, "rating": rating, "comment": f"{rating} stars from the load test"}
    response = await call(recorder, "POST /reviews", user, "POST", "/api/v1/reviews", expected=(201, 409), json=body)
    if response is None:
        return None
    if response.status_code == 201:
        user.reviews[labour_id] = response.json()["review"]["id"]
        return None
    review_id = user.reviews.get(labour_id) or await _find_review(world, recorder, user, labour_id)
    if review_id:
        await call(recorder, "PUT /reviews/:id", user, "PUT", f"/api/v1/reviews/{review_id}",
                   json={"rating": rating, "comment": "Changed my mind"})
    return None


async def _find_review(world: World, recorder: Recorder, user: LoadUser, labour_id: str) -> str | None:
    """A review left by an earlier run on the same database: found in the labour's list."""
    response = await call(recorder, "GET /reviews/:userId", user, "GET", f"/api/v1/reviews/{labour_id}",
                          params={"limit": 100})
    if response is None:
        return None
    for item in response.json()["reviews"]:
        if item["reviewerId"] == user.user_id:
            user.reviews[labour_id] = item["id"]
            return str(item["id"])
    return None


async def notifications(world: World, recorder: Recorder) -> None:
    params = {"unreadOnly": "true"} if world.rng.random() < 0.3 else None
    await call(recorder, "GET /notifications", world.user(), "GET", "/api/v1/notifications", params=params)


async def relogin(world: World, recorder: Recorder) -> None:
    """A login with the user's test number from the user's own address (within its verify limit)."""
    for _ in range(10):
        user = world.user()
        if user.logins < LOGIN_BUDGET:
            await login(recorder, user)
            return
    world.skipped_logins += 1


MIX: tuple[tuple[Operation, int], ...] = (
    (search, 35), (nearby, 15), (labour_details, 15), (own_profile, 10), (update_profile, 5),
    (contact, 5), (review, 3), (notifications, 7), (relogin, 5),
)


@dataclass(frozen=True)
class RunLimits:
    seconds: float
    max_requests: int
    concurrency: int


async def drive(world: World, recorder: Recorder, limits: RunLimits) -> float:
    """Runs the mix on `concurrency` tasks until the time or the request cap is reached; the seconds taken."""
    operations = [operation for operation, _ in MIX]
    cumulative = list(itertools.accumulate(weight for _, weight in MIX))
    started = time.perf_counter()
    deadline = started + limits.seconds
    issued = 0

    async def worker() -> None:
        nonlocal issued
        while time.perf_counter() < deadline and issued < limits.max_requests:
            issued += 1
            operation = world.rng.choices(operations, cum_weights=cumulative)[0]
            await operation(world, recorder)

    await asyncio.gather(*(worker() for _ in range(limits.concurrency)))
    return time.perf_counter() - started
