"""India's states and union territories, and PIN codes."""
from __future__ import annotations

import re
import unicodedata

from rozgar_core.errors import InvalidInput

STATES: tuple[str, ...] = (
    "Andhra Pradesh", "Arunachal Pradesh", "Assam", "Bihar", "Chhattisgarh", "Goa", "Gujarat",
    "Haryana", "Himachal Pradesh", "Jharkhand", "Karnataka", "Kerala", "Madhya Pradesh",
    "Maharashtra", "Manipur", "Meghalaya", "Mizoram", "Nagaland", "Odisha", "Punjab", "Rajasthan",
    "Sikkim", "Tamil Nadu", "Telangana", "Tripura", "Uttar Pradesh", "Uttarakhand", "West Bengal",
)
UNION_TERRITORIES: tuple[str, ...] = (
    "Andaman and Nicobar Islands", "Chandigarh", "Dadra and Nagar Haveli and Daman and Diu",
    "Delhi", "Jammu and Kashmir", "Ladakh", "Lakshadweep", "Puducherry",
)
ALL_STATES: tuple[str, ...] = STATES + UNION_TERRITORIES

# Other ways people write each name: ISO 3166-2:IN and vehicle codes, old names, common misspellings
# and the Hindi name. "and"/"&", case, dots, hyphens and spaces never matter (see `_state_key`).
_STATE_VARIANTS: dict[str, tuple[str, ...]] = {
    "Andhra Pradesh": ("AP", "Andhra", "आंध्र प्रदेश"),
    "Arunachal Pradesh": ("AR", "Arunachal", "अरुणाचल प्रदेश"),
    "Assam": ("AS", "असम"),
    "Bihar": ("BR", "बिहार"),
    "Chhattisgarh": ("CG", "CT", "Chattisgarh", "Chhatisgarh", "छत्तीसगढ़"),
    "Goa": ("GA", "गोवा"),
    "Gujarat": ("GJ", "Gujrat", "गुजरात"),
    "Haryana": ("HR", "Hariyana", "हरियाणा"),
    "Himachal Pradesh": ("HP", "Himachal", "हिमाचल प्रदेश"),
    "Jharkhand": ("JH", "झारखंड", "झारखण्ड"),
    "Karnataka": ("KA", "कर्नाटक"),
    "Kerala": ("KL", "Keralam", "केरल"),
    "Madhya Pradesh": ("MP", "मध्य प्रदेश"),
    "Maharashtra": ("MH", "Maharastra", "महाराष्ट्र"),
    "Manipur": ("MN", "मणिपुर"),
    "Meghalaya": ("ML", "मेघालय"),
    "Mizoram": ("MZ", "मिज़ोरम"),
    "Nagaland": ("NL", "नागालैंड"),
    "Odisha": ("OD", "OR", "Orissa", "Odisa", "ओडिशा", "उड़ीसा"),
    "Punjab": ("PB", "Panjab", "पंजाब"),
    "Rajasthan": ("RJ", "राजस्थान"),
    "Sikkim": ("SK", "सिक्किम"),
    "Tamil Nadu": ("TN", "तमिलनाडु"),
    "Telangana": ("TS", "TG", "Telengana", "तेलंगाना"),
    "Tripura": ("TR", "त्रिपुरा"),
    "Uttar Pradesh": ("UP", "उत्तर प्रदेश"),
    "Uttarakhand": ("UK", "UT", "Uttaranchal", "Uttrakhand", "उत्तराखंड", "उत्तराखण्ड"),
    "West Bengal": ("WB", "पश्चिम बंगाल"),
    "Andaman and Nicobar Islands": (
        "AN", "Andaman and Nicobar", "Andaman", "A&N Islands", "अंडमान और निकोबार द्वीपसमूह",
    ),
    "Chandigarh": ("CH", "चंडीगढ़"),
    "Dadra and Nagar Haveli and Daman and Diu": (
        "DH", "DN", "DD", "DNH", "DNHDD", "Dadra and Nagar Haveli", "Daman and Diu",
        "दादरा और नगर हवेली और दमन और दीव",
    ),
    "Delhi": (
        "DL", "NCT", "NCT of Delhi", "Delhi NCT", "National Capital Territory of Delhi",
        "New Delhi", "दिल्ली", "नई दिल्ली",
    ),
    "Jammu and Kashmir": ("JK", "Jammu", "Kashmir", "जम्मू और कश्मीर"),
    "Ladakh": ("LA", "लद्दाख"),
    "Lakshadweep": ("LD", "लक्षद्वीप"),
    "Puducherry": ("PY", "Pondicherry", "Pondy", "पुदुचेरी"),
}

PINCODE_PATTERN = re.compile(r"[1-9][0-9]{5}")
_MAX_STATE_LENGTH = 100
_NUKTA = "\u093c"
_SEPARATORS = re.compile(r"[\s.,\-_/()'’]+")
_FILLER_WORDS = frozenset({"and", "the", "और"})


def _state_key(text: str) -> str:
    """A spelling-insensitive key: "J&K", "j and k" and "JK" all give "jk"."""
    text = unicodedata.normalize("NFKC", text).casefold().replace(_NUKTA, "").replace("&", " and ")
    words = [word for word in _SEPARATORS.split(text) if word and word not in _FILLER_WORDS]
    return "".join(words)


def _build_state_lookup() -> dict[str, str]:
    lookup: dict[str, str] = {}
    for canonical in ALL_STATES:
        for name in (canonical, *_STATE_VARIANTS[canonical]):
            key = _state_key(name)
            if lookup.setdefault(key, canonical) != canonical:
                raise ValueError(f"{name!r} names both {lookup[key]} and {canonical}")
    return lookup


_STATE_LOOKUP = _build_state_lookup()


def canonical_state(raw: object) -> str:
    """The canonical name of a state or union territory, however it was written."""
    if isinstance(raw, str) and len(raw) <= _MAX_STATE_LENGTH:
        canonical = _STATE_LOOKUP.get(_state_key(raw))
        if canonical is not None:
            return canonical
    raise InvalidInput.field("state", "Choose one of India's 28 states or 8 union territories")


def validate_pincode(raw: object) -> str:
    """A six-digit Indian PIN code not starting with 0; "110 001" is read as "110001"."""
    text = str(raw) if isinstance(raw, int) and not isinstance(raw, bool) else raw
    if isinstance(text, str):
        compact = "".join(text.split()) if len(text) <= 20 else text
        if PINCODE_PATTERN.fullmatch(compact):
            return compact
    raise InvalidInput.field("pincode", "Enter a valid 6-digit PIN code")
