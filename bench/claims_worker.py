"""The claims step through a real Celery worker: a burst of fetched articles, with and
without batching.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/claimtrack \
    REDIS_URL=redis://127.0.0.1:6379/14 .venv/bin/python bench/claims_worker.py [--articles 200]

It uses the database of bench/extract.py (`claimtrack_bench_extract`, emptied) and Redis
database 13 of the REDIS_URL server (flushed). It stores the seed articles and generated
ones (bench/extract.py's corpus) as fetched, starts `celery worker -c 2` (two pool
processes, as on this 2-core machine), waits until it is ready, sends one claims task per
article at once, as a feed or an import does, and waits until every article is extracted.
It does this twice, from no claims each time: with CLAIMTRACK_EXTRACT_BATCH=1 (one article
per task) and with the default batch. It prints articles per second from the first message
sent to the last article extracted (the pool processes load the model while the first
tasks wait: that time is in both figures), and checks from the worker's log that each
article was extracted exactly once.
"""

from __future__ import annotations

import argparse
import collections
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import IO
from urllib.parse import urlsplit, urlunsplit

from extract import _reset_claims, _setup_django, generate_articles, seed_articles, store

ROOT = Path(__file__).resolve().parents[1]
BROKER_DB = 13


def _burst(ids: list[int], *, batch: int, broker: str, timeout: float) -> float:
    """Seconds from the first task sent to the last article extracted."""
    from celery import Celery

    from sources.models import Article

    subprocess.run(["redis-cli", "-u", broker, "FLUSHDB"], check=True, capture_output=True)
    env = dict(
        os.environ,
        CELERY_BROKER_URL=broker,
        REDIS_URL=broker,
        CLAIMTRACK_EXTRACT_BATCH=str(batch),
        DEBUG="0",
        LOG_LEVEL="INFO",
    )
    env.setdefault("SECRET_KEY", "bench-only-not-a-secret")
    with tempfile.TemporaryFile("w+") as log:
        worker = subprocess.Popen(
            [str(ROOT / ".venv/bin/celery"), "-A", "config", "worker", "-c", "2", "-l", "info"],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            # Sent before the worker has declared its queues, a message would be routed
            # nowhere by the Redis transport (and found only by the recovery sweep).
            deadline = time.perf_counter() + 60
            while " ready." not in _read(log):
                if time.perf_counter() > deadline or worker.poll() is not None:
                    sys.exit(f"the worker did not start:\n{_read(log)[-3000:]}")
                time.sleep(0.2)
            sender = Celery(broker=broker)
            started = time.perf_counter()
            for article_id in ids:
                sender.send_task(
                    "claims.article_extract_claims",
                    args=[article_id],
                    queue="claims",
                    exchange="default",
                    routing_key="claims",
                )
            waiting = Article.objects.filter(pk__in=ids).exclude(state="extracted")
            while waiting.exists():
                if time.perf_counter() - started > timeout or worker.poll() is not None:
                    sys.exit(f"the burst did not finish (batch {batch}): {waiting.count()} left")
                time.sleep(0.2)
            elapsed = time.perf_counter() - started
        finally:
            worker.terminate()
            worker.wait(60)
        text = _read(log)
    extracted = collections.Counter(re.findall(r"article (\d+) claims: extracting", text))
    assert sorted(int(pk) for pk in extracted) == sorted(ids), "an article was not extracted"
    assert set(extracted.values()) == {1}, "an article was extracted twice"
    assert "Traceback" not in text, text[-3000:]
    return elapsed


def _read(log: IO[str]) -> str:
    log.seek(0)
    return log.read()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=200, help="generated articles")
    args = parser.parse_args()
    redis_url = os.environ.get("REDIS_URL", "")
    if not redis_url.startswith("redis://"):
        sys.exit("Set REDIS_URL (Redis) as well as DATABASE_URL (PostgreSQL).")
    broker = urlunsplit(urlsplit(redis_url)._replace(path=f"/{BROKER_DB}"))

    _setup_django()
    from django.conf import settings

    ids = store(seed_articles() + generate_articles(args.articles))
    print(f"{len(ids)} articles, a worker with 2 pool processes, load {os.getloadavg()[0]:.2f}")
    for batch in (1, settings.CLAIMTRACK_EXTRACT_BATCH):
        _reset_claims()
        elapsed = _burst(ids, batch=batch, broker=broker, timeout=600)
        print(
            f"CLAIMTRACK_EXTRACT_BATCH={batch:<3} {elapsed:6.1f} s  "
            f"{len(ids) / elapsed:6.1f} articles/s  (each article extracted once)"
        )


if __name__ == "__main__":
    main()
