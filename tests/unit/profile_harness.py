"""The profile use cases wired on in-memory adapters with a manual clock (shared by the profile unit tests)."""
from __future__ import annotations

import itertools
import uuid
from dataclasses import dataclass, field
from typing import Any

from rozgar_adapters.geo.memory import MemoryGeocoder
from rozgar_adapters.images.pillow_processor import PillowImageProcessor
from rozgar_adapters.memory.cache import MemoryCache
from rozgar_adapters.memory.clock import ManualClock
from rozgar_adapters.memory.denylist import MemoryTokenDenylist
from rozgar_adapters.memory.realtime import MemoryRealtimePublisher
from rozgar_adapters.memory.store import MemoryStore
from rozgar_adapters.memory.uow import MemoryUnitOfWork
from rozgar_adapters.storage.memory import MemoryFileStorage
from rozgar_adapters.system import CryptoSecrets
from rozgar_core.errors import DependencyUnavailable
from rozgar_core.model import Phone, User
from rozgar_core.model.location import GeoPoint
from rozgar_core.model.public_profile import PublicProfile
from rozgar_core.model.settings import UserSettings
from rozgar_core.ports import Geocoder
from rozgar_core.use_cases.auth import AuthPolicy
from rozgar_core.use_cases.profiles import (
    CompleteProfile,
    DeleteAccount,
    GetLabourCommand,
    GetLabourProfile,
    GetOwnProfile,
    GetSettings,
    ProfileCommand,
    SetAvailability,
    SetAvailabilityCommand,
    UpdateProfile,
    UpdateSettings,
    UpdateSettingsCommand,
    UploadPictureCommand,
    UploadProfilePicture,
)

PUNE_PIN = "411005"
PUNE_POINT = GeoPoint(18.5308, 73.8475)
MUMBAI_PIN = "400001"
MUMBAI_POINT = GeoPoint(18.9388, 72.8354)
EXACT_POINT = GeoPoint(18.520431, 73.856744)

LABOUR_FIELDS: dict[str, Any] = {
    "name": "Ramesh Kumar",
    "address": "12 MG Road, Shivajinagar",
    "city": "Pune",
    "state": "Maharashtra",
    "pincode": PUNE_PIN,
    "bio": "Pipes, taps and tanks",
    "is_available": True,
    "skills": ["plumber", "electrician"],
    "experience_years": 7,
    "labour_type": "daily",
}
EMPLOYER_FIELDS: dict[str, Any] = {
    "name": "Sunita Builders",
    "address": "4 FC Road",
    "city": "Pune",
    "state": "Maharashtra",
    "pincode": PUNE_PIN,
    "role": "employer",
}

_phones = itertools.count(1)


class BrokenGeocoder:
    """A geocoder whose provider is down."""

    def locate_pincode(self, pincode: str) -> GeoPoint | None:
        raise DependencyUnavailable("geocoder down")


@dataclass
class ProfileWorld:
    clock: ManualClock = field(default_factory=ManualClock)
    store: MemoryStore = field(default_factory=MemoryStore)
    geocoder: Geocoder = field(default_factory=MemoryGeocoder)
    storage: MemoryFileStorage = field(default_factory=lambda: MemoryFileStorage("https://api.example.in"))
    policy: AuthPolicy = field(default_factory=lambda: AuthPolicy(pepper=b"unit-test-pepper-of-32-bytes!!!!"))
    cache: MemoryCache = field(init=False)
    denylist: MemoryTokenDenylist = field(init=False)

    def __post_init__(self) -> None:
        self.cache = MemoryCache(self.clock)
        self.denylist = MemoryTokenDenylist(self.clock)

    def uow(self) -> MemoryUnitOfWork:
        return MemoryUnitOfWork(self.store)

    def new_user(self) -> User:
        phone = Phone(f"+9198765{next(_phones):05d}")
        with self.uow() as uow:
            user, _ = uow.users.get_or_create_by_phone(phone, str(uuid.uuid4()), self.clock.now())
            uow.commit()
        return user

    def stored(self, user_id: str) -> User | None:
        with self.uow() as uow:
            return uow.users.get(user_id)

    def complete(self, user_id: str, **fields: Any) -> User:
        use_case = CompleteProfile(self.uow, self.geocoder, self.clock, self.cache)
        return use_case(ProfileCommand(user_id, fields))

    def update(self, user_id: str, **fields: Any) -> User:
        use_case = UpdateProfile(self.uow, self.geocoder, self.clock, self.cache)
        return use_case(ProfileCommand(user_id, fields))

    def new_labour(self, **overrides: Any) -> User:
        return self.complete(self.new_user().id, **(LABOUR_FIELDS | overrides))

    def own_profile(self, user_id: str) -> User:
        return GetOwnProfile(self.uow)(user_id)

    def set_available(self, user_id: str, available: object) -> bool:
        return SetAvailability(self.uow, self.clock, self.cache)(SetAvailabilityCommand(user_id, available))

    def upload(self, user_id: str, data: bytes) -> str:
        use_case = UploadProfilePicture(
            self.uow, self.storage, PillowImageProcessor(), CryptoSecrets(), self.clock, self.cache
        )
        return use_case(UploadPictureCommand(user_id, data))

    def delete_account(self, user_id: str) -> None:
        DeleteAccount(
            self.uow, self.storage, self.denylist, self.clock, self.policy, self.cache, MemoryRealtimePublisher()
        )(user_id)

    def settings(self, user_id: str) -> UserSettings:
        return GetSettings(self.uow)(user_id)

    def update_settings(self, user_id: str, **changes: object) -> UserSettings:
        return UpdateSettings(self.uow, self.clock)(UpdateSettingsCommand(user_id, changes))

    def public_profile(self, labour_id: str, origin: GeoPoint | None = None) -> PublicProfile:
        return GetLabourProfile(self.uow, self.cache)(GetLabourCommand(labour_id, origin))


def world_with_pincodes() -> ProfileWorld:
    """A world whose geocoder knows the Pune and Mumbai PIN codes of these tests."""
    return ProfileWorld(geocoder=MemoryGeocoder({PUNE_PIN: PUNE_POINT, MUMBAI_PIN: MUMBAI_POINT}))
