"""Varied query strings for GET /labours and /labours/nearby around the seed's real city centres."""
from __future__ import annotations

import itertools
import math
import random
from typing import Any

from rozgar_adapters.sql.seed_data import CITIES, TRADE_WEIGHTS, City

KM_PER_DEGREE = 111.32
LABOUR_TYPES = ("daily", "monthly", "partTime", "fullTime", "contract", "freelance")
TRADES = tuple(TRADE_WEIGHTS)
TEXT_TERMS = (
    # trades in English, plurals, Hindi and with typos; names; cities; a trade with a place
    "plumber", "electrician", "carpenter", "painter", "driver", "mason", "cook", "welder", "electricians",
    "प्लंबर", "बढ़ई", "ड्राइवर", "राजमिस्त्री", "eletrician", "plumbr", "carpentr",
    "ramesh", "sunita", "imran", "yadav", "kumar", "venkatesh", "priya sharma",
    "pune", "kochi", "lucknow", "plumber delhi", "driver mumbai", "house help", "ac technician",
)
Params = dict[str, Any]

_city_weights = list(itertools.accumulate(city.population_millions for city in CITIES))
_trade_weights = list(itertools.accumulate(TRADE_WEIGHTS.values()))


def random_city(rng: random.Random) -> City:
    """A seed city, chosen by population like the seeded labours."""
    return rng.choices(CITIES, cum_weights=_city_weights)[0]


def point_near(rng: random.Random, city: City, spread_km: float = 4.0) -> tuple[float, float]:
    north, east = rng.gauss(0, spread_km), rng.gauss(0, spread_km)
    latitude = city.latitude + north / KM_PER_DEGREE
    longitude = city.longitude + east / (KM_PER_DEGREE * math.cos(math.radians(city.latitude)))
    return round(latitude, 5), round(longitude, 5)


def _trade(rng: random.Random) -> str:
    return rng.choices(TRADES, cum_weights=_trade_weights)[0]


def search_params(rng: random.Random) -> tuple[str, Params]:
    """One GET /labours query of a varied shape (filters, free text, distance, sorting, later pages)
    and the name of its shape."""
    city = random_city(rng)
    draw = rng.random()
    params: Params
    if draw < 0.25:
        shape, params = "city + skill + available", {"city": city.name, "skills": _trade(rng), "availableOnly": "true"}
        if rng.random() < 0.5:
            shape, params["minRating"] = shape + " + minRating", rng.choice((3, 3.5, 4, 4.5))
    elif draw < 0.45:
        shape, params = "free text", {"search": rng.choice(TEXT_TERMS)}
    elif draw < 0.65:
        latitude, longitude = point_near(rng, city)
        shape = "point + radius"
        params = {"latitude": latitude, "longitude": longitude, "radius": rng.choice((5, 10, 25))}
        if rng.random() < 0.6:
            shape, params["skills"] = shape + " + skills", ",".join({_trade(rng) for _ in range(rng.randint(1, 2))})
    elif draw < 0.75:
        shape = "city + type, by experience"
        params = {"city": city.name, "sortBy": "experience", "labourType": rng.choice(LABOUR_TYPES)}
        if rng.random() < 0.5:
            shape, params["minExperience"] = shape + " + minExperience", rng.choice((2, 5, 10))
    elif draw < 0.85:
        shape, params = "free text + city", {"search": rng.choice(TEXT_TERMS[:16]), "city": city.name}
    else:
        shape, params = "city, by rating, page 2-5", {"city": city.name, "sortBy": "rating", "page": rng.randint(2, 5)}
    if rng.random() < 0.2:
        params["limit"] = rng.choice((10, 50))
    return shape, params


def nearby_params(rng: random.Random) -> Params:
    latitude, longitude = point_near(rng, random_city(rng))
    params: Params = {"latitude": latitude, "longitude": longitude, "radius": rng.choice((2, 5, 10, 20))}
    if rng.random() < 0.5:
        params["availableOnly"] = "true"
    return params


def profile_body(rng: random.Random, index: int, role: str) -> dict[str, Any]:
    """A complete profile for a load user in a seed city (labours with trades, employers without)."""
    city = random_city(rng)
    latitude, longitude = point_near(rng, city)
    body: dict[str, Any] = {
        "name": f"Load User {index}",
        "address": f"House {index}, {city.name}",
        "city": city.name,
        "state": city.state,
        "pincode": city.pincode,
        "latitude": latitude,
        "longitude": longitude,
        "role": role,
    }
    if role == "labour":
        body.update(
            skills=[_trade(rng)], experienceYears=rng.randint(0, 20), labourType=rng.choice(LABOUR_TYPES),
            bio="Available for work nearby.", isAvailable=True,
        )
    return body


def profile_change(rng: random.Random, role: str) -> dict[str, Any]:
    """A PUT /users/profile body changing one or two fields."""
    if role != "labour":
        return {"bio": f"Hiring for {rng.choice(TRADES)} work."}
    choices: list[dict[str, Any]] = [
        {"isAvailable": rng.random() < 0.7},
        {"bio": f"{rng.randint(1, 30)} years of {rng.choice(TRADES)} work, fair rates."},
        {"experienceYears": rng.randint(0, 30)},
        {"skills": sorted({_trade(rng) for _ in range(rng.randint(1, 3))})},
    ]
    body: dict[str, Any] = {}
    for change in rng.sample(choices, rng.randint(1, 2)):
        body.update(change)
    return body
