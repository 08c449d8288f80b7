"""The query shapes of the search benchmark, as the API would build them."""
from __future__ import annotations

from dataclasses import dataclass, field

from rozgar_core.model.search import LabourQuery, RawSearch, build_query

# City centres of the demo data (the biggest cities hold the most labours).
CENTRES = {
    "Delhi": (28.6139, 77.2090),
    "Mumbai": (19.0760, 72.8777),
    "Kolkata": (22.5726, 88.3639),
    "Bengaluru": (12.9716, 77.5946),
    "Chennai": (13.0827, 80.2707),
}


@dataclass(frozen=True)
class Shape:
    name: str
    description: str
    raws: list[RawSearch] = field(default_factory=list)
    """Run in turn: the same shape in several cities, so no single page is all that is warm."""

    def queries(self) -> list[LabourQuery]:
        return [build_query(raw, None) for raw in self.raws]


def _each_city(**fields: object) -> list[RawSearch]:
    return [RawSearch(city=city, **fields) for city in CENTRES]  # type: ignore[arg-type]


def _each_point(**fields: object) -> list[RawSearch]:
    return [RawSearch(latitude=lat, longitude=lng, **fields) for lat, lng in CENTRES.values()]  # type: ignore[arg-type]


SHAPES: tuple[Shape, ...] = (
    Shape("nearby_list", "GET /labours/nearby: within 10 km, available, nearest 20 (no total)",
          _each_point(radius_km=10, available_only=True, count_total=False)),
    Shape("nearby", "within 10 km, available, nearest 20 (with total)",
          _each_point(radius_km=10, available_only=True)),
    Shape("nearby_all", "within 10 km, nearest 20 (with total)", _each_point(radius_km=10)),
    Shape("city_skill_rating", "city + skill + minRating 4 + available, by rating (with total)",
          _each_city(skills=["plumber"], min_rating=4.0, available_only=True)),
    Shape("text_trade", "free text, a trade word (with total)",
          [RawSearch(text=word) for word in ("electrician", "plumber", "carpenter", "painter", "driver")]),
    Shape("text_name", "free text, a name fragment (with total)",
          [RawSearch(text=word) for word in ("ramesh", "sunita", "imran", "venkat", "yadav")]),
    Shape("text_typo", "free text with a typo (with total)",
          [RawSearch(text=word) for word in ("eletrician", "plumbr", "carpentr", "paintr", "drivr")]),
    Shape("text_hindi", "free text in Hindi (with total)",
          [RawSearch(text=word) for word in ("प्लंबर", "बिजली मिस्त्री", "बढ़ई", "पेंटर", "ड्राइवर")]),
    Shape("text_radius", "free text + 10 km radius, nearest first (with total)",
          _each_point(text="plumber", radius_km=10)),
    Shape("city_experience", "city, by experience (with total)", _each_city(sort="experience")),
    Shape("deep_page", "page 500 of 20 by rating, no filter", [RawSearch(page=500, limit=20)] * 5),
    Shape("deep_page_city", "page 500 of 20 in a city, by rating", _each_city(page=500, limit=20)),
    Shape("deep_page_text", "page 100 of 100, a trade word", [RawSearch(text="labourer", page=100, limit=100)] * 5),
    Shape("deep_page_nearby", "page 500 of 20 within 10 km, nearest first", _each_point(radius_km=10, page=500)),
)
