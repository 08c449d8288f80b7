"""The UserRepository contract, run against every adapter."""
from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rozgar_core.model import Phone
from rozgar_core.ports import UnitOfWorkFactory

NOW = datetime(2025, 3, 10, 9, 15, 30, 123456, tzinfo=UTC)
IST = timezone(timedelta(hours=5, minutes=30))


def _create(uow_factory: UnitOfWorkFactory, phone: Phone, at: datetime = NOW) -> str:
    with uow_factory() as uow:
        user, created = uow.users.get_or_create_by_phone(phone, str(uuid.uuid4()), at)
        uow.commit()
    assert created
    return user.id


def test_get_or_create_creates_an_account_with_the_phone_alone(
    uow_factory: UnitOfWorkFactory, new_phone: Callable[[], Phone]
) -> None:
    phone, new_id = new_phone(), str(uuid.uuid4())
    with uow_factory() as uow:
        user, created = uow.users.get_or_create_by_phone(phone, new_id, NOW)
        uow.commit()

    assert created is True
    assert (user.id, user.phone, user.created_at, user.updated_at) == (new_id, phone, NOW, NOW)
    assert user.last_login_at is None and user.profile_completed_at is None
    assert (user.is_active, user.is_admin, user.is_verified, user.is_available) == (True, False, False, False)
    assert (user.role, user.name, user.email, user.city, user.labour_type) == ("labour", None, None, None, None)
    assert (user.skills, user.rating, user.total_reviews) == ([], 0.0, 0)
    assert not user.is_profile_complete


def test_get_or_create_is_idempotent(uow_factory: UnitOfWorkFactory, new_phone: Callable[[], Phone]) -> None:
    phone = new_phone()
    user_id = _create(uow_factory, phone)

    with uow_factory() as uow:
        again, created = uow.users.get_or_create_by_phone(phone, str(uuid.uuid4()), NOW + timedelta(hours=1))

    assert created is False
    assert (again.id, again.created_at) == (user_id, NOW)


def test_users_are_found_by_id_and_by_phone(
    uow_factory: UnitOfWorkFactory, new_phone: Callable[[], Phone]
) -> None:
    phone, other_phone = new_phone(), new_phone()
    user_id = _create(uow_factory, phone)

    with uow_factory() as uow:
        by_id, by_phone = uow.users.get(user_id), uow.users.get_by_phone(phone)
        assert by_id is not None and by_id == by_phone and by_id.phone == phone
        assert uow.users.get_by_phone(other_phone) is None
        assert uow.users.get(str(uuid.uuid4())) is None
        assert uow.users.get("not-a-uuid") is None


def test_record_login_sets_last_login_only(uow_factory: UnitOfWorkFactory, new_phone: Callable[[], Phone]) -> None:
    user_id = _create(uow_factory, new_phone())
    login_at = (NOW + timedelta(days=2)).astimezone(IST)

    with uow_factory() as uow:
        uow.users.record_login(user_id, login_at)
        uow.users.record_login(str(uuid.uuid4()), login_at)
        uow.commit()
    with uow_factory() as uow:
        user = uow.users.get(user_id)

    assert user is not None
    assert user.last_login_at == login_at and user.last_login_at.utcoffset() == timedelta(0)
    assert user.updated_at == NOW


def test_returned_users_are_copies(uow_factory: UnitOfWorkFactory, new_phone: Callable[[], Phone]) -> None:
    user_id = _create(uow_factory, new_phone())

    with uow_factory() as uow:
        user = uow.users.get(user_id)
        assert user is not None
        user.name = "Changed"
        user.skills.append("plumber")
        again = uow.users.get(user_id)

    assert again is not None and again.name is None and again.skills == []


def test_concurrent_get_or_create_of_one_phone_creates_one_account(
    uow_factory: UnitOfWorkFactory, new_phone: Callable[[], Phone], run_concurrently: Callable[..., list[Any]]
) -> None:
    phone = new_phone()

    def create(index: int) -> tuple[str, bool]:
        with uow_factory() as uow:
            user, created = uow.users.get_or_create_by_phone(phone, str(uuid.uuid4()), NOW)
            uow.commit()
        return user.id, created

    outcomes = run_concurrently(10, create)

    assert sum(created for _, created in outcomes) == 1
    assert len({user_id for user_id, _ in outcomes}) == 1
    with uow_factory() as uow:
        stored = uow.users.get_by_phone(phone)
    assert stored is not None and stored.id == outcomes[0][0]


_indian_mobiles = st.from_regex(r"\A[6-9][0-9]{9}\Z").filter(
    lambda digits: _is_valid_phone(digits)
)
_instants = st.datetimes(
    min_value=datetime(2000, 1, 1), max_value=datetime(2099, 12, 31), timezones=st.just(UTC)
)
_offsets = st.integers(min_value=-12 * 60, max_value=14 * 60).map(lambda m: timezone(timedelta(minutes=m)))


def _is_valid_phone(digits: str) -> bool:
    try:
        Phone.parse(digits)
    except Exception:  # noqa: BLE001 - InvalidInput: not a number we can use
        return False
    return True


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(digits=_indian_mobiles, instant=_instants, offset=_offsets)
def test_users_round_trip_with_any_phone_and_time_zone(
    uow_factory: UnitOfWorkFactory, digits: str, instant: datetime, offset: timezone
) -> None:
    phone, created_at = Phone.parse(digits), instant.astimezone(offset)
    with uow_factory() as uow:
        user, created = uow.users.get_or_create_by_phone(phone, str(uuid.uuid4()), created_at)
        uow.commit()
    with uow_factory() as uow:
        stored = uow.users.get(user.id)

    assert stored == user and stored.phone == phone
    if created:
        assert stored.created_at == created_at and stored.created_at.utcoffset() == timedelta(0)


_texts = st.text(alphabet=st.characters(exclude_categories=["Cs"], exclude_characters="\x00"), max_size=100)
_coordinates = st.one_of(
    st.none(),
    st.tuples(
        st.integers(-90_000_000, 90_000_000).map(lambda micro: micro / 1_000_000),
        st.integers(-180_000_000, 180_000_000).map(lambda micro: micro / 1_000_000),
    ),
)
_profiles = st.fixed_dictionaries({
    "name": _texts.filter(bool),
    "email": st.none() | st.emails().filter(lambda email: len(email) <= 255),
    "bio": st.none() | _texts,
    "address": _texts,
    "city": _texts,
    "state": _texts,
    "pincode": st.from_regex(r"\A[1-9][0-9]{5}\Z"),
    "location_source": st.sampled_from([None, "user", "pincode"]),
    "is_available": st.booleans(),
    "skills": st.lists(st.from_regex(r"\A[a-z][a-z-]{0,30}\Z"), max_size=20, unique=True),
    "experience_years": st.none() | st.integers(0, 60),
    "labour_type": st.sampled_from([None, "daily", "monthly", "partTime", "fullTime", "contract", "freelance"]),
    "role": st.sampled_from(["labour", "employer"]),
    "updated_at": _instants,
    "profile_completed_at": st.none() | _instants,
})


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(profile=_profiles, coordinates=_coordinates)
def test_profiles_round_trip(
    uow_factory: UnitOfWorkFactory,
    new_phone: Callable[[], Phone],
    profile: dict[str, Any],
    coordinates: tuple[float, float] | None,
) -> None:
    user_id = _create(uow_factory, new_phone())
    with uow_factory() as uow:
        user = uow.users.get(user_id)
        assert user is not None
        for field, value in profile.items():
            setattr(user, field, value)
        if user.email is not None:  # unique per example: every example shares the database
            user.email = f"{uuid.uuid4().hex[:8]}{user.email}"[:255]
        user.latitude, user.longitude = coordinates or (None, None)
        uow.users.save_profile(user)
        uow.commit()

    with uow_factory() as uow:
        assert uow.users.get(user_id) == user
