"""Server time of the web pages at scale: timeline (first page, deep page, filtered,
searched), a claim page and a source page.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/claimtrack .venv/bin/python bench/pages.py

It uses its own database, `claimtrack_bench_pages`, on the server of DATABASE_URL (created
and migrated if missing; `--regenerate` drops it first), fills it with
`generate_demo_data --claims N` (100,000 claims and about 330,000 mentions by default)
unless it already holds N claims, then requests each page through Django's test Client
in-process — the whole middleware, view, queries and template rendering, with DEBUG off
and the production static files storage, after the start-up config/wsgi.py makes
(config.startup.web_process_ready), asking for gzip as a browser does — and prints the
median and p95 of each.
Targets: every page p95 <= 100 ms; the deep page within 1.5x the first page.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from _support import bench_database, django_setup

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

BENCH_DB = "claimtrack_bench_pages"


def _time(client: Any, url: str, runs: int) -> list[float]:
    """`{n}` in the URL becomes the request's number: a new cache key every time."""
    for n in range(3):  # warm the connection, the template cache and PostgreSQL's buffers
        response = client.get(url.format(n=f"w{n}"))
        if response.status_code != 200:
            sys.exit(f"{url} answered {response.status_code}: {response.content[:300]!r}")
    timings = []
    for n in range(runs):
        started = time.perf_counter()
        response = client.get(url.format(n=n))
        timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, url
    return timings


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--claims", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=40, help="Timed requests per page.")
    parser.add_argument("--regenerate", action="store_true", help="Drop and refill the data.")
    args = parser.parse_args()

    django_setup(
        bench_database(BENCH_DB, script="bench/pages.py", drop=args.regenerate),
        ALLOWED_HOSTS="testserver",
        STATIC_ROOT=str(Path(tempfile.gettempdir()) / "claimtrack-bench-static"),
        # The cache only holds fetch politeness; a local one keeps the bench self-contained.
        REDIS_URL=None,
    )
    from django.core.management import call_command
    from django.db import connection
    from django.db.models import Count
    from django.test import Client

    from claims.models import Claim, Mention
    from claims.selectors import Cursor, timeline_date
    from sources.models import Source

    call_command("collectstatic", verbosity=0, interactive=False)
    have = Claim.objects.count()
    if have < args.claims:
        print(f"generating {args.claims - have:,} claims (the database has {have:,})")
        call_command("generate_demo_data", claims=args.claims - have)
    n_claims, n_mentions = Claim.objects.count(), Mention.objects.count()

    # The pages to time. A deep page: the cursor 80% of the way down the timeline (found
    # here with OFFSET once, untimed; the page itself is fetched by keyset).
    deep = (
        Claim.objects.filter(merged_into__isnull=True)
        .annotate(tl_date=timeline_date("reported"))
        .order_by("-tl_date", "-id")
        .values_list("tl_date", "id")[int(n_claims * 0.8)]
    )
    busiest_outlet = (
        Source.objects.filter(kind=Source.Kind.OUTLET)
        .annotate(n=Count("articles"))
        .order_by("-n")
        .first()
    )
    busiest_claimant = Source.objects.annotate(n=Count("mentions")).order_by("-n").first()
    assert busiest_outlet is not None
    assert busiest_claimant is not None
    common_place = Claim.objects.values("place").annotate(n=Count("id")).order_by("-n")[0]["place"]
    typical_claim = (
        Claim.objects.annotate(n=Count("mentions")).filter(n=3).order_by("id")[n_claims // 10]
    )
    pages = [
        ("timeline, first page", "/"),
        ("timeline, deep page (80% down)", f"/?after={Cursor(day=deep[0], id=deep[1])}"),
        (
            "timeline, filtered (status + outlet)",
            "/?" + urlencode({"status": "confirmed", "source": busiest_outlet.slug}),
        ),
        (
            "timeline, filtered (place + claimant + stance)",
            "/?"
            + urlencode(
                {"place": common_place, "claimant": busiest_claimant.slug, "stance": "asserts"}
            ),
        ),
        ("timeline, searched (common word)", "/?" + urlencode({"q": "drones"})),
        ("timeline, searched (rare phrase)", "/?" + urlencode({"q": f'"{common_place}"'})),
        ("timeline, load more (htmx rows only)", f"/?after={Cursor(day=deep[0], id=deep[1])}"),
        ("chart + count, cached (htmx, after the rows)", "/chart/"),
        ("chart + count, computed (cache missed)", "/chart/?_={n}"),
        (
            "chart + count, computed, filtered (status + outlet)",
            "/chart/?"
            + urlencode({"status": "confirmed", "source": busiest_outlet.slug})
            + "&_={n}",
        ),
        ("claim page", typical_claim.get_absolute_url()),
        ("claim timeline (row expanded)", f"{typical_claim.get_absolute_url()}timeline/"),
        (
            f"source page ({busiest_claimant.mentions.count():,} mentions)",
            busiest_claimant.get_absolute_url(),
        ),
        (
            f"source page (outlet, {busiest_outlet.articles.count():,} articles)",
            busiest_outlet.get_absolute_url(),
        ),
    ]

    # As config/wsgi.py does before a web process serves (the URL patterns loaded, the heap
    # frozen out of the garbage collector's full passes).
    from config.startup import web_process_ready

    web_process_ready()
    # As a browser asks: the pages come gzip-compressed, and compressing is part of the time.
    browser = {"Accept-Encoding": "gzip, deflate, br"}
    client = Client(headers=browser)
    htmx = Client(headers={**browser, "HX-Request": "true"})
    print(
        f"\n{n_claims:,} claims, {n_mentions:,} mentions, PostgreSQL "
        f"{connection.cursor().connection.info.server_version}; {args.runs} timed requests "
        f"per page after 3 warm-up requests; Django test Client in-process, DEBUG off.\n"
    )
    print("| page | median ms | p95 ms |\n|---|---:|---:|")
    results: dict[str, tuple[float, float]] = {}
    for name, url in pages:
        timings = _time(htmx if "htmx" in name else client, url, args.runs)
        results[name] = (statistics.median(timings), _p95(timings))
        print(f"| {name} | {results[name][0]:.1f} | {results[name][1]:.1f} |")
    first = results["timeline, first page"][0]
    deep_median = results["timeline, deep page (80% down)"][0]
    worst = max(p95 for name, (_, p95) in results.items() if "computed" not in name)
    print(
        f"\ndeep page / first page (median): {deep_median / first:.2f} (target <= 1.5); "
        f"worst page p95 (the chart's cache misses aside): {worst:.1f} ms (target <= 100)"
    )


if __name__ == "__main__":
    main()
