"""Benchmark of the streamed exports: 100,000 claims in constant memory.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/claimtrack .venv/bin/python bench/exports.py

It creates its own database, `claimtrack_bench_exports`, on the server of DATABASE_URL,
migrates it and fills it with `manage.py generate_demo_data --claims N` (the web app's
realistic generator: sources, articles, about three mentions per claim, verdicts) unless it
already holds N claims (`--regenerate` starts over). Then, in one process, as a production
server runs (DEBUG off), it requests the export URLs through Django's full stack and reads
the streamed body a piece at a time, sampling the process's resident memory (RSS) after
every piece:

- CSV and JSON Lines of every claim, and of a filter selecting about a tenth of them;
- for contrast, the same records built whole in a list (what a non-streaming export does).

Each measurement runs in a fresh process (after a warm-up on a few claims), so no
earlier work has grown the heap it would reuse. It prints claims, rows, megabytes, seconds
and the peak RSS growth over the RSS before the request. Constant memory means the growth
does not follow the number of claims exported.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import subprocess
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path

from _support import bench_database, django_setup

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

BENCH_DB = "claimtrack_bench_exports"
PAGE = os.sysconf("SC_PAGE_SIZE")


def _rss() -> int:
    with open("/proc/self/statm") as statm:  # noqa: PTH123 - a pseudo-file, read per sample
        return int(statm.read().split()[1]) * PAGE


def _setup_django() -> None:
    django_setup(
        bench_database(BENCH_DB, script="bench/exports.py"),
        REDIS_URL=None,  # the throttle's cache in-process: nothing shared
        ALLOWED_HOSTS="testserver",
        CLAIMTRACK_API_ANON_RATE="1000/min",
    )


def _fill(claims: int, *, regenerate: bool) -> None:
    from django.core.management import call_command
    from django.db import connection

    from claims.models import Claim

    have = Claim.objects.count()
    if have == claims and not regenerate:
        print(f"reusing {have:,} claims in {BENCH_DB}")
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "TRUNCATE claims_editorialevent, claims_statuschange, claims_mention, "
            "claims_claim, sources_article, sources_feed, sources_sourcedomain, "
            "sources_source RESTART IDENTITY CASCADE"
        )
    started = time.monotonic()
    call_command("generate_demo_data", claims=claims)
    print(f"generated {claims:,} claims in {time.monotonic() - started:.0f} s")


@dataclass
class Run:
    label: str
    claims: int
    rows: int
    megabytes: float
    seconds: float
    rss_before_mb: float
    rss_growth_mb: float


def _count(query: str) -> int:
    from django.http import QueryDict

    from claims import selectors
    from claims.filters import ClaimFilter

    claim_filter = ClaimFilter(QueryDict(query), queryset=selectors.claims_live())
    assert claim_filter.is_valid(), claim_filter.errors
    return int(claim_filter.qs.count())


def _stream(client: object, label: str, url: str) -> Run:
    path, _, query = url.partition("?")
    claims = _count(query)
    gc.collect()
    before = _rss()
    peak = before
    started = time.monotonic()
    response = client.get(url)  # type: ignore[attr-defined]
    assert response.status_code == 200, response.status_code
    size = 0
    lines = 0
    for piece in response.streaming_content:
        size += len(piece)
        lines += piece.count(b"\n")
        peak = max(peak, _rss())
    response.close()
    seconds = time.monotonic() - started
    # Generated quotes hold no newline: a CSV line is a row (one per mention).
    rows = lines - 1 if path.endswith(".csv") else lines
    if path.endswith(".jsonl"):
        assert lines == claims, (lines, claims)
    return Run(label, claims, rows, size / 1e6, seconds, before / 1e6, (peak - before) / 1e6)


def _materialized(label: str, query: str) -> Run:
    """The same records built whole, as an export that is not streamed would hold them."""
    from django.http import QueryDict

    from claims import selectors
    from claims.export import claim_records, claims_for_export
    from claims.filters import ClaimFilter

    gc.collect()
    before = _rss()
    started = time.monotonic()
    claim_filter = ClaimFilter(QueryDict(query), queryset=selectors.claims_live())
    records = list(claim_records(claims_for_export(claims=claim_filter.qs)))
    peak = _rss()
    rows = sum(max(1, len(r["mentions"])) for r in records)
    seconds = time.monotonic() - started
    run = Run(label, len(records), rows, 0.0, seconds, before / 1e6, (peak - before) / 1e6)
    del records
    gc.collect()
    return run


def _in_fresh_process(label: str, target: str) -> Run:
    """One measurement in a new interpreter, so that no earlier work (generating the data,
    another export) has already grown the heap the measurement would reuse."""
    out = subprocess.run(
        [sys.executable, __file__, "--measure", target, "--label", label],
        capture_output=True,
        text=True,
        check=True,
        env=os.environ | {"DATABASE_URL": ORIGINAL_DATABASE_URL},
    )
    return Run(**json.loads(out.stdout.strip().splitlines()[-1]))


def _measure(label: str, target: str) -> None:
    from django.db.models import Min
    from django.test import Client

    from claims.models import Claim

    client = Client()
    # Run every code path once first (views, the cursor, the prefetch, both writers) on the
    # claims of the first reported day, so that one-time costs are not counted as growth.
    first = Claim.objects.aggregate(day=Min("first_reported"))["day"]
    for fmt in ("csv", "jsonl"):
        _stream(client, "warm-up", f"/api/v1/exports/claims.{fmt}?date_to={first.isoformat()}")
    if target.startswith("list:"):
        run = _materialized(label, target.removeprefix("list:"))
    else:
        run = _stream(client, label, target)
    print(json.dumps(asdict(run)))


ORIGINAL_DATABASE_URL = os.environ.get("DATABASE_URL", "")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--claims", type=int, default=100_000)
    parser.add_argument("--regenerate", action="store_true")
    parser.add_argument("--no-contrast", action="store_true", help="skip the in-list contrast")
    parser.add_argument("--measure", help=argparse.SUPPRESS)
    parser.add_argument("--label", help=argparse.SUPPRESS)
    args = parser.parse_args()
    _setup_django()
    if args.measure:
        _measure(args.label, args.measure)
        return
    _fill(args.claims, regenerate=args.regenerate)

    from django.db.models import Max, Min

    from claims.models import Claim, Mention

    total = Claim.objects.filter(merged_into__isnull=True).count()
    mentions = Mention.objects.count()
    span = Claim.objects.aggregate(first=Min("first_reported"), last=Max("first_reported"))
    tenth = span["first"] + (span["last"] - span["first"]) / 10
    some = f"date_to={tenth.isoformat()}"
    plan = [
        ("CSV, a tenth (date_to)", f"/api/v1/exports/claims.csv?{some}"),
        ("CSV, every claim", "/api/v1/exports/claims.csv"),
        ("JSON Lines, a tenth", f"/api/v1/exports/claims.jsonl?{some}"),
        ("JSON Lines, every claim", "/api/v1/exports/claims.jsonl"),
    ]
    if not args.no_contrast:
        plan += [
            ("not streamed, a tenth", f"list:{some}"),
            ("not streamed, every claim", "list:"),
        ]
    runs = [_in_fresh_process(label, target) for label, target in plan]
    print(f"\n{total:,} live claims, {mentions:,} mentions; each line in a fresh process\n")
    print(
        f"{'export':28} {'claims':>8} {'rows':>8} {'MB':>7} {'s':>6} {'claims/s':>9} "
        f"{'RSS before':>11} {'RSS growth':>11}"
    )
    for r in runs:
        per_second = r.claims / r.seconds if r.seconds else 0
        print(
            f"{r.label:28} {r.claims:>8,} {r.rows:>8,} {r.megabytes:>7.1f} {r.seconds:>6.1f} "
            f"{per_second:>9,.0f} {r.rss_before_mb:>8.0f} MB {r.rss_growth_mb:>8.1f} MB"
        )


if __name__ == "__main__":
    main()
