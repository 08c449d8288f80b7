"""Entities and value objects."""
from rozgar_core.model.auth import (
    AccessClaims,
    IssuedAccessToken,
    OtpChallenge,
    RefreshToken,
)
from rozgar_core.model.phone import Phone
from rozgar_core.model.user import User

__all__ = ["AccessClaims", "IssuedAccessToken", "OtpChallenge", "Phone", "RefreshToken", "User"]
