"""Profiles: completing and updating one's own, availability, pictures, settings, erasure, public view."""
from rozgar_core.use_cases.profiles.account import DeleteAccount
from rozgar_core.use_cases.profiles.availability import (
    SetAvailability,
    SetAvailabilityCommand,
)
from rozgar_core.use_cases.profiles.own_profile import (
    CompleteProfile,
    GetOwnProfile,
    ProfileCommand,
    UpdateProfile,
)
from rozgar_core.use_cases.profiles.picture import (
    UploadPictureCommand,
    UploadProfilePicture,
)
from rozgar_core.use_cases.profiles.public import GetLabourCommand, GetLabourProfile
from rozgar_core.use_cases.profiles.settings import (
    GetSettings,
    UpdateSettings,
    UpdateSettingsCommand,
)

__all__ = [
    "CompleteProfile",
    "DeleteAccount",
    "GetLabourCommand",
    "GetLabourProfile",
    "GetOwnProfile",
    "GetSettings",
    "ProfileCommand",
    "SetAvailability",
    "SetAvailabilityCommand",
    "UpdateProfile",
    "UpdateSettings",
    "UpdateSettingsCommand",
    "UploadPictureCommand",
    "UploadProfilePicture",
]
