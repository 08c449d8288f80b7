"""Phone numbers: only Indian mobiles, always E.164 once built."""
from __future__ import annotations

import re
from dataclasses import dataclass

import phonenumbers
from phonenumbers import NumberParseException, PhoneNumberType

from rozgar_core.errors import InvalidInput

_MOBILE_TYPES = {PhoneNumberType.MOBILE, PhoneNumberType.FIXED_LINE_OR_MOBILE}
_MAX_RAW_LENGTH = 32
# Digits and the separators people type. Letters are refused: phonenumbers would read them as a
# keypad word ("98765FLOWE") or an extension ("... x12"), turning garbage into someone's number.
_WRITTEN_NUMBER = re.compile(r"\(?\+?[\d\s().\-]+")


def mobile_number_pattern() -> str:
    """A regular expression of the numbers `Phone.parse` accepts written without separators
    (`9876543210`, `09876543210`, `919876543210`, `+919876543210`), for API documentation."""
    metadata = phonenumbers.PhoneMetadata.metadata_for_region("IN")
    if metadata is None or metadata.mobile is None or not metadata.mobile.national_number_pattern:
        raise RuntimeError("phonenumbers has no mobile numbering plan for India")
    return rf"^(?:\+91|91|0)?(?:{metadata.mobile.national_number_pattern})$"


@dataclass(frozen=True, slots=True)
class Phone:
    """An Indian mobile number in E.164 form (+91XXXXXXXXXX)."""

    e164: str

    def __post_init__(self) -> None:
        if not _is_indian_mobile_e164(self.e164):
            raise InvalidInput.field("phone", "Enter a valid Indian mobile number")

    @classmethod
    def parse(cls, raw: object, field: str = "phone") -> "Phone":
        """Accept `9876543210`, `09876543210`, `+91 98765-43210`, `919876543210` and the like."""
        if not isinstance(raw, str) or len(raw) > _MAX_RAW_LENGTH:
            raise InvalidInput.field(field, "Enter a valid Indian mobile number")
        if not _WRITTEN_NUMBER.fullmatch(raw.strip()):
            raise InvalidInput.field(field, "Enter a valid Indian mobile number")
        try:
            number = phonenumbers.parse(raw.strip(), "IN")
        except NumberParseException:
            raise InvalidInput.field(field, "Enter a valid Indian mobile number") from None
        e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
        if not _is_indian_mobile_e164(e164):
            raise InvalidInput.field(field, "Enter a valid Indian mobile number")
        return cls(e164)

    @property
    def national(self) -> str:
        """The ten digits without the country code, as Indian SMS gateways and people write them."""
        return self.e164[3:]

    @property
    def masked(self) -> str:
        """For logs: everything but the last four digits hidden."""
        return "+91******" + self.e164[-4:]

    def __str__(self) -> str:
        return self.e164


def _is_indian_mobile_e164(e164: str) -> bool:
    if not e164.startswith("+91") or len(e164) != 13 or not e164[1:].isdigit():
        return False
    number = phonenumbers.parse(e164)
    return (
        phonenumbers.is_valid_number_for_region(number, "IN")
        and phonenumbers.number_type(number) in _MOBILE_TYPES
    )
