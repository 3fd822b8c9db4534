"""Ingestion benchmark: N varied article pages through the real worker, against extraction
alone on the same pages, in the same run.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/claimtrack \
    REDIS_URL=redis://127.0.0.1:6379/14 python bench/ingest.py [-n 200] [--hosts 50]

(`make bench` sets both.) What it does:
1. Creates (drops first) its own database, `<name>_bench` on the DATABASE_URL server, and
   migrates it; uses Redis database 15 of the REDIS_URL server (flushed), so neither the
   test database nor a real Redis db is touched.
2. Generates N varied news pages (5 to 30 paragraphs drawn from a corpus of sentences, on
   two page templates with the navigation, menus, scripts, sidebars and footers of real
   news sites; about 80-140 KB each) and serves them from a threaded HTTP server on 127.0.0.1
   and further loopback addresses (127.0.0.2, ...): one "site" per address.
3. Starts `celery -A config worker --pool=prefork --concurrency=2 -Q default` (DEBUG off,
   as in production): an ingest worker; claim extraction, which a fetched article wakes
   (sources/queue.py: a mark in Redis, and a message on the "claims" queue while none is
   waiting), is not part of what is measured (its messages wait in Redis db 15 and are
   flushed by the next run). Submissions wake the worker's drainers the same way. It
   waits until the worker is ready (start-up is not timed), then submits the N URLs one
   commit each, as `manage.py ingest URL...` does, and times from the first
   submission until every article is final.
4. Times trafilatura alone (sources.extraction.trafilatura_document, the exact call and
   settings the pipeline makes) on the same N pages: in one process, and in two processes
   like the worker's pool. Steps 3 and 4 alternate in --rounds rounds, each on N pages of
   its own, and the round with the median ratio is reported in full: the machine's speed
   drifts within a minute, so each ratio compares timings taken seconds apart.
5. Splits the pipeline's cost in two more passes on the same pages, the sites serving:
   its own work without the database and the queue (fetch, decode, extract, compress),
   then its services without Celery (`article_submit` for each URL, then in two processes
   what a drainer task does, `article_claim_next` and `article_fetch_claimed` until nothing
   is due: the claim, the store and PostgreSQL, but no task messages consumed and no
   worker), so what Celery costs and what the store costs are told apart.
6. Prints articles/second for each, the wall-clock ratios, and the CPU seconds per article
   of every part of the pipeline (worker main process and pool, the PostgreSQL backends of
   the bench database, Redis, this process which serves the pages) read from /proc: on a
   shared machine CPU time is the steadier measure of cost.

Per-host politeness: production waits CLAIMTRACK_FETCH_HOST_INTERVAL (1 s) between two
requests to one host, robots.txt included, and the worker process sleeps through the wait.
A wait is idle time, not cost, so the bench runs with --host-interval 0 by default and
spreads the pages over --hosts loopback addresses in round-robin order, as a crawl spans
many sites; `--host-interval 1` shows what politeness itself costs in wall-clock time.
"""

from __future__ import annotations

import argparse
import functools
import html
import json
import logging
import multiprocessing
import os
import random
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from _support import process_cpu_seconds

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SEEDS = ROOT / "demo" / "seeds"

FILLER_SUBJECTS = [
    "The ministry",
    "A spokeswoman for the agency",
    "Officials in the capital",
    "The regional governor",
    "Analysts at the institute",
    "Opposition lawmakers",
    "The defence committee",
    "Local residents",
    "The company",
    "A senior diplomat",
    "Independent monitors",
    "The central bank",
]
FILLER_VERBS = [
    "said on Tuesday that",
    "told reporters that",
    "warned in a statement that",
    "confirmed late on Friday that",
    "denied reports that",
    "could not confirm whether",
    "argued in a letter that",
    "acknowledged that",
]
FILLER_CLAIMS = [
    "the convoy had crossed the border before dawn",
    "about 1,200 people were evacuated from the coastal towns",
    "the talks would resume next month in Geneva",
    "prices for fuel and bread had risen by 14 percent since March",
    "the satellite images showed new construction near the airfield",
    "no decision had been taken on the second tranche of aid",
    "the factory would reopen once inspections were complete",
    "at least three ships had been diverted to the southern port",
    "the budget shortfall was larger than the government had admitted",
    "the ceasefire was holding in most districts despite sporadic shelling",
    "the election commission had received more than 4,000 complaints",
    "the new rules would take effect on the first of January",
]
SECTIONS = [
    "World",
    "Politics",
    "Business",
    "Markets",
    "Tech",
    "Science",
    "Health",
    "Sport",
    "Culture",
    "Opinion",
    "Video",
    "Podcasts",
]


def _corpus() -> list[str]:
    paragraphs: list[str] = []
    for path in sorted(SEEDS.glob("*.txt")):
        lines = [line.strip() for line in path.read_text().splitlines() if line.strip()]
        paragraphs.extend(line for line in lines[1:] if len(line.split()) > 12)
    return paragraphs


def _sentence(rng: random.Random) -> str:
    return f"{rng.choice(FILLER_SUBJECTS)} {rng.choice(FILLER_VERBS)} {rng.choice(FILLER_CLAIMS)}."


def _links(rng: random.Random, count: int, prefix: str) -> str:
    return "".join(
        f'<li><a href="/{prefix}/{rng.randrange(10**6)}/">'
        f"{html.escape(_sentence(rng)[:60])}</a></li>"
        for _ in range(count)
    )


_ICON = (
    '<svg class="icon" viewBox="0 0 24 24" width="24" height="24" aria-hidden="true">'
    '<path d="M12 2C6.5 2 2 6.5 2 12s4.5 10 10 10 10-4.5 10-10S17.5 2 12 2zm1 15h-2v-6h2v6zm0'
    '-8h-2V7h2v2z"/></svg>'
)


def _teasers(rng: random.Random, count: int, section: str) -> str:
    """A "more from this section" grid: picture, headline and a line of summary each."""
    cards = []
    for _ in range(count):
        story = rng.randrange(10**6)
        cards.append(
            f'<div class="card card--{section}"><div class="card__media"><picture>'
            f'<source srcset="/img/{story}-800.webp 800w, /img/{story}-400.webp 400w" '
            'type="image/webp">'
            f'<img src="/img/{story}-400.jpg" alt="" loading="lazy" width="400" height="225">'
            f'</picture></div><div class="card__body"><h3 class="card__title">'
            f'<a href="/{section}/{story}/">{html.escape(_sentence(rng)[:70])}</a></h3>'
            f'<p class="card__summary">{html.escape(_sentence(rng))}</p>'
            f'<span class="card__meta">{_ICON}<time>{rng.randint(1, 59)} min ago</time></span>'
            "</div></div>"
        )
    return f'<section class="more"><h2>More from {section}</h2>{"".join(cards)}</section>'


def _script_blob(rng: random.Random, kilobytes: int) -> str:
    # Analytics and ad-tech configuration as pages inline it: data, not text.
    entries = [
        {"slot": f"ad-{i}", "sizes": [[300, 250], [728, 90]], "targeting": rng.randrange(10**9)}
        for i in range(kilobytes * 10)
    ]
    return "window.__CONFIG__ = " + json.dumps({"ads": entries}) + ";"


def page_for(number: int, host_url: str, rng: random.Random, corpus: list[str]) -> bytes:
    """One article page: its own text, title, date and canonical URL, on one of two layouts."""
    count = rng.randint(5, 30)
    paragraphs = [
        rng.choice(corpus) if rng.random() < 0.6 else " ".join(_sentence(rng) for _ in range(3))
        for _ in range(count)
    ]
    # The page number in the first paragraph makes every text distinct (no syndication).
    paragraphs[0] = f"Dispatch {number}: {paragraphs[0]}"
    title = f"{_sentence(rng)[:-1]} ({number})"
    day = 1 + number % 28
    published = f"2024-{1 + number % 12:02d}-{day:02d}T{8 + number % 12:02d}:15:00Z"
    slug = f"/{rng.choice(SECTIONS).lower()}/2024/story-{number}/"
    canonical = f"{host_url}{slug}"
    body = "\n".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)
    menu = "".join(
        f'<li class="menu"><a href="/{name.lower()}/">{name}</a>'
        f"<ul>{_links(rng, 20, name.lower())}</ul></li>"
        for name in SECTIONS
    )
    sidebar = _links(rng, 20, "trending")
    footer = _links(rng, 100, "about")
    section = rng.choice(SECTIONS).lower()
    more = _teasers(rng, rng.randint(12, 36), section)
    # The app state a JavaScript front end ships inline, the article's text included.
    state = json.dumps({"props": {"page": {"title": title, "body": paragraphs}}})
    script = _script_blob(rng, rng.randint(10, 60))
    styles = "".join(
        f".c{i}{{margin:{i % 7}px;padding:{i % 5}px;color:#{i % 999:03d}}}" for i in range(400)
    )
    ld = json.dumps(
        {
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "headline": title,
            "datePublished": published,
            "author": {"@type": "Person", "name": f"Reporter {number % 17}"},
        }
    )
    layout_a = number % 2 == 0
    article = (
        f'<article class="story"><h1>{html.escape(title)}</h1>'
        f'<p class="byline">By <a rel="author" href="/staff/{number % 17}/">Reporter '
        f'{number % 17}</a> · <time datetime="{published}">{published[:10]}</time></p>'
        '<ul class="share"><li>Share on Facebook</li><li>Post on X</li><li>Email</li></ul>'
        f'<div class="story-body">{body}</div>'
        '<aside class="inline-related"><h4>Read more</h4><ul>'
        f"{_links(rng, 4, 'related')}</ul></aside></article>"
        if layout_a
        else f'<main><div class="article-header"><h1 class="headline">{html.escape(title)}</h1>'
        f'<span class="author">Reporter {number % 17}</span></div>'
        f'<div class="article-content" itemprop="articleBody">{body}</div>'
        '<div class="share-bar"><a>Facebook</a><a>Twitter</a><a>LinkedIn</a></div></main>'
    )
    page = f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{html.escape(title)} | Site {host_url}</title>
<meta name="description" content="{html.escape(paragraphs[0][:150])}">
<meta property="og:site_name" content="Example Site {urlsplit(host_url).hostname}">
<meta property="og:title" content="{html.escape(title)}">
<meta property="article:published_time" content="{published}">
<meta name="author" content="Reporter {number % 17}">
<link rel="canonical" href="{canonical}">
<style>{styles}</style>
<script type="application/ld+json">{ld}</script>
<script>{script}</script>
<script id="__APP_STATE__" type="application/json">{state}</script></head>
<body><div class="cookie-banner">We use cookies to improve your experience. Accept all</div>
<header><nav><ul>{menu}</ul></nav></header>
<div class="layout"><div class="layout__main"><div class="container">
{article}
{more}
</div></div>
<aside class="sidebar"><h3>Trending</h3><ul>{sidebar}</ul></aside>
</div>
<footer><ul>{footer}</ul><div class="social">{_ICON * 6}</div>
<p>Copyright 2024. All rights reserved.</p></footer>
</body></html>"""
    return page.encode()


class _Server:
    """Serves `pages` (path -> bytes) on one loopback address."""

    def __init__(self, address: str, port: int, pages: dict[str, bytes]) -> None:
        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: Any) -> None:
                return

            def do_GET(self) -> None:
                body = pages.get(self.path)
                status = 200 if body is not None else 404
                body = body if body is not None else b"not found"
                self.send_response(status)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        self.server = ThreadingHTTPServer((address, port), Handler)
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _with_db_name(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, f"/{name}", parts.query, ""))


def _bench_redis_url(redis_url: str) -> str:
    parts = urlsplit(redis_url)
    return urlunsplit((parts.scheme, parts.netloc, "/15", "", ""))


def _prepare_database(database_url: str) -> str:
    import psycopg

    parts = urlsplit(database_url)
    name = f"{(parts.path.lstrip('/') or 'claimtrack')}_bench"
    admin = _with_db_name(database_url, "postgres")
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    return _with_db_name(database_url, name)


def _extract_one(item: tuple[str, bytes]) -> float:
    """trafilatura on one page; returns the CPU seconds it took."""
    from sources.extraction import trafilatura_document

    url, page = item
    started = time.process_time()
    trafilatura_document(page.decode(), url=url)
    return time.process_time() - started


def _fetch_extract_one(item: tuple[str, bytes]) -> float:
    """The pipeline's own work on one page without its database and queue: the safe fetch
    over loopback (robots.txt and host turns in Redis included), decoding, extraction and
    the compressed copy of the page. Returns the CPU seconds it took.
    """
    from sources.extraction import extract_page
    from sources.fetching import Accept, decode_body, fetch
    from sources.models import Article

    url, _ = item
    started = time.process_time()
    result = fetch(url, accept=Accept.HTML)
    html = decode_body(result)
    extract_page(html, url=result.final_url)
    Article().raw_html = html
    return time.process_time() - started


def _drain_without_celery(_: int) -> float:
    """What a drainer task does (sources.tasks.articles_fetch_due_task), without Celery: take
    the oldest due article, fetch, extract and store it (and send the claims step's
    message), until none is due. Returns the CPU seconds it took in this process.
    """
    from sources.services import article_claim_next, article_fetch_claimed

    started = time.process_time()
    while (claimed := article_claim_next()) is not None:
        article_fetch_claimed(*claimed)
    return time.process_time() - started


def _processes(match: Callable[[int, str], bool]) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
        except OSError:
            continue
        if command and match(int(entry.name), command):
            found.append(int(entry.name))
    return found


def _postgres_cpu(database: str) -> float:
    """CPU seconds used so far by the PostgreSQL backends connected to `database`."""
    backends = _processes(lambda _, c: c.startswith("postgres:") and f" {database} " in c)
    return sum(map(process_cpu_seconds, backends))


def _pipeline_cpu(worker_group: int, database: str) -> dict[str, float]:
    """CPU seconds used so far by the parts of the pipeline: the worker (main and pool
    processes), the PostgreSQL backends serving the bench database, Redis (shared with
    whatever else uses it), and this process (submission, and the sites' server threads).
    """

    def in_group(pid: int, command: str) -> bool:
        try:
            return os.getpgid(pid) == worker_group
        except OSError:
            return False

    group = _processes(in_group)
    return {
        "worker main": sum(process_cpu_seconds(pid) for pid in group if pid == worker_group),
        "worker pool": sum(process_cpu_seconds(pid) for pid in group if pid != worker_group),
        "postgres": _postgres_cpu(database),
        "redis": sum(map(process_cpu_seconds, _processes(lambda _, c: "redis-server" in c))),
        # This process: its main thread submits the URLs (and polls for the end); its
        # other threads are the loopback web sites serving the pages.
        "submit": time.thread_time(),
        "page servers": time.process_time() - time.thread_time(),
    }


def _init_django(env: dict[str, str]) -> None:
    os.environ.update(env)
    import django

    django.setup()


def _generate(count: int, hosts: list[str], port: int) -> list[tuple[str, bytes]]:
    """(url, page) pairs, the hosts taken in turn as a crawl across many sites would."""
    rng = random.Random(20241024)
    corpus = _corpus()
    pages = []
    for number in range(count):
        host_url = f"http://{hosts[number % len(hosts)]}:{port}"
        pages.append((f"{host_url}/story/{number}/", page_for(number, host_url, rng, corpus)))
    return pages


def _time_extraction(pages: list[tuple[str, bytes]]) -> tuple[float, float, float, float]:
    """trafilatura alone on every page: seconds and CPU seconds in one process, then in two
    processes at once.
    """
    for item in pages[:4]:
        _extract_one(item)  # imports and one-time set-up are not extraction
    started, cpu_started = time.perf_counter(), time.process_time()
    for item in pages:
        _extract_one(item)
    serial, serial_cpu = time.perf_counter() - started, time.process_time() - cpu_started
    with multiprocessing.get_context("fork").Pool(2) as pool:
        pool.map(_extract_one, pages[:4])
        started = time.perf_counter()
        # CPU as measured inside the two processes, both busy at once like the worker's pool.
        parallel_cpu = sum(pool.map(_extract_one, pages, chunksize=1))
        parallel = time.perf_counter() - started
    return serial, serial_cpu, parallel, parallel_cpu


def _time_fetch_extract(
    pages: list[tuple[str, bytes]], warmup: list[tuple[str, bytes]]
) -> tuple[float, float, float]:
    """`_fetch_extract_one` on every page in two processes at once, the sites serving:
    seconds, CPU seconds in the two processes, CPU seconds of the sites' serving threads.
    """
    # Its one log line per page (the worker writes it to its log file) would flood the
    # bench's output; below WARNING it is not written.
    quiet = functools.partial(logging.disable, logging.INFO)
    with multiprocessing.get_context("fork").Pool(2, initializer=quiet) as pool:
        pool.map(_fetch_extract_one, warmup, chunksize=1)
        serving_before = time.process_time() - time.thread_time()
        started = time.perf_counter()
        cpu = sum(pool.map(_fetch_extract_one, pages, chunksize=1))
        elapsed = time.perf_counter() - started
        serving = time.process_time() - time.thread_time() - serving_before
    return elapsed, cpu, serving


def _time_services(
    pages: list[tuple[str, bytes]], warmup: list[tuple[str, bytes]], postgres: Callable[[], float]
) -> tuple[float, float, float, float, float]:
    """The pipeline's services without Celery: `article_submit` for every URL (one commit
    each), then the drainer's loop in two processes at once until nothing is due. Nobody
    consumes the wake-up messages the submissions send (no worker runs yet; the Redis db is
    flushed after). Seconds of the fetch pass; CPU seconds of the submissions, of the two processes,
    of the bench database's PostgreSQL backends, and of the sites' serving. Everything it
    stored is deleted afterwards, so the pipeline run starts from the same empty tables.
    """
    from django.db import connections

    from sources.models import Article, Source
    from sources.services import article_submit

    # Closed before forking: each pool process opens its own connection (closing a shared
    # one would end it for the other side too); its per-article log lines stay unwritten.
    connections.close_all()
    quiet = functools.partial(logging.disable, logging.INFO)
    with multiprocessing.get_context("fork").Pool(2, initializer=quiet) as pool:
        for url, _ in warmup:
            article_submit(url=url)
        pool.map(_drain_without_celery, [0, 1], chunksize=1)
        postgres_before, submit_before = postgres(), time.thread_time()
        serving_before = time.process_time() - time.thread_time()
        ids = [article_submit(url=url)[0].pk for url, _ in pages]
        submit = time.thread_time() - submit_before
        started = time.perf_counter()
        cpu = sum(pool.map(_drain_without_celery, [0, 1], chunksize=1))
        elapsed = time.perf_counter() - started
        # Read while the pool's connections are open: a backend that has exited is not seen.
        database = postgres() - postgres_before
        serving = time.process_time() - time.thread_time() - serving_before
    done = Article.objects.filter(pk__in=ids, state__in=["fetched", "duplicate"]).count()
    if done != len(ids):
        sys.exit(f"Without the queue, {len(ids) - done} of {len(ids)} pages were not fetched.")
    Article.objects.all().delete()
    Source.objects.all().delete()  # and their domains: the pipeline meets every site anew
    return elapsed, submit, cpu, database, serving


def _start_worker(
    env: dict[str, str], log_path: Path, concurrency: int = 2
) -> subprocess.Popen[bytes]:
    with log_path.open("wb") as log:
        worker = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "config",
                "worker",
                "--pool=prefork",
                f"--concurrency={concurrency}",
                "-Q",
                "default",
                "--loglevel=INFO",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
                "-n",
                f"bench-{os.getpid()}@%h",
            ],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    _wait_ready(worker, log_path)
    return worker


def _time_pipeline(
    urls: list[str], broker: str, timeout: float, cpu: Callable[[], dict[str, float]]
) -> tuple[float, dict[str, float], dict[str, int]]:
    """Seconds from submitting the URLs until every article is final, the CPU seconds each
    part used meanwhile, and the end states.
    """
    from django.db.models import Count, Max
    from django.utils import timezone

    from config.celery import app
    from sources.models import Article
    from sources.services import article_submit

    app.conf.update(task_always_eager=False, broker_url=broker)
    final = {"fetched", "extracted", "unsupported", "duplicate", "failed"}
    cpu_before = cpu()
    started = time.perf_counter()
    started_at = timezone.now()
    # One commit per URL, as `manage.py ingest URL...` does: workers start on the first
    # article while the rest are still being submitted.
    ids = [article_submit(url=url)[0].pk for url in urls]
    print(f"submitted and enqueued in {time.perf_counter() - started:.2f} s")
    deadline = time.monotonic() + timeout
    finished = Article.objects.filter(pk__in=ids, state__in=final)
    while not (done := finished.count() == len(ids)):
        if time.monotonic() > deadline:
            break
        time.sleep(0.1)
    elapsed = time.perf_counter() - started
    cpu_after = cpu()
    if done:
        # The end is when the last article was stored (the workers stamp it on this
        # machine's clock), not the poll that saw it up to 0.1 s later; polling more often
        # would cost CPU that the figures count.
        last = Article.objects.filter(pk__in=ids).aggregate(last=Max("updated_at"))["last"]
        elapsed = min(elapsed, (last - started_at).total_seconds())
    used = {part: cpu_after[part] - cpu_before.get(part, 0.0) for part in cpu_after}
    states = dict(
        Article.objects.filter(pk__in=ids)
        .values("state")
        .annotate(n=Count("pk"))
        .values_list("state", "n")
    )
    return elapsed, used, states


Measured = tuple[float, tuple[float, float, float, float], float, dict[str, float], dict[str, int]]


def _time_rounds(
    rounds: list[list[tuple[str, bytes]]],
    warmup: list[tuple[str, bytes]],
    broker: str,
    timeout: float,
    cpu: Callable[[], dict[str, float]],
) -> list[Measured]:
    """Extraction alone, then the pipeline, on each round's pages: (CPU ratio, extraction
    timings, pipeline seconds, CPU by part, end states) for each round."""
    # Each pool process pays once for what it sets up lazily (its database connection,
    # justext's stop lists, copy-on-write pages): a long-running worker does not pay it per
    # article, so a few pages go through first, untimed, as extraction warms up too.
    _time_pipeline([url for url, _ in warmup], broker, timeout, cpu)
    measured: list[Measured] = []
    for number, pages in enumerate(rounds, start=1):
        extraction = _time_extraction(pages)
        pipeline, used, states = _time_pipeline([url for url, _ in pages], broker, timeout, cpu)
        ratio = sum(used.values()) / extraction[3]
        n = len(pages)
        print(
            f"round {number}: CPU per article, extraction alone (2 processes) "
            f"{extraction[3] * 1000 / n:.1f} ms, pipeline {sum(used.values()) * 1000 / n:.1f} "
            f"ms: {ratio:.2f}x; seconds {extraction[2]:.2f} and {pipeline:.2f}: "
            f"{pipeline / extraction[2]:.2f}x"
        )
        measured.append((ratio, extraction, pipeline, used, states))
    return measured


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-n", type=int, default=200, help="number of pages (default 200)")
    parser.add_argument("--hosts", type=int, default=50, help="loopback sites (default 50)")
    parser.add_argument(
        "--host-interval",
        type=float,
        default=0.0,
        help="seconds between requests to one host (default 0: measure cost, not waiting)",
    )
    parser.add_argument(
        "--warmup", type=int, default=10, help="untimed pages through the worker first (10)"
    )
    parser.add_argument(
        "--concurrency",
        type=int,
        default=2,
        help="the worker's pool processes (default 2, as many as extraction alone uses)",
    )
    parser.add_argument(
        "--rounds", type=int, default=3, help="extraction, then pipeline, this many times (3)"
    )
    parser.add_argument("--timeout", type=float, default=600.0)
    return parser.parse_args()


def main() -> None:
    args = _arguments()

    database_url = os.environ.get("DATABASE_URL", "")
    redis_url = os.environ.get("REDIS_URL", "")
    if not database_url.startswith("postgres") or not redis_url.startswith("redis"):
        sys.exit("Set DATABASE_URL (PostgreSQL) and REDIS_URL (Redis); `make bench` does.")
    bench_db = _prepare_database(database_url)
    bench_redis = _bench_redis_url(redis_url)
    env = {
        **os.environ,
        "DATABASE_URL": bench_db,
        "REDIS_URL": bench_redis,
        "CELERY_BROKER_URL": bench_redis,
        "CLAIMTRACK_FETCH_ALLOW_PRIVATE": "1",
        "CLAIMTRACK_FETCH_HOST_INTERVAL": str(args.host_interval),
        "DJANGO_SETTINGS_MODULE": "config.settings",
        # As a production worker runs: with DEBUG on, Django keeps every SQL statement.
        "DEBUG": "0",
        "SECRET_KEY": os.environ.get("SECRET_KEY", "bench-only-not-a-secret"),
    }
    _init_django(env)
    import redis
    from django.core.management import call_command

    print(f"database {bench_db}, broker {bench_redis}, load average {os.getloadavg()[0]:.2f}")
    call_command("migrate", verbosity=0)
    redis.Redis.from_url(bench_redis).flushdb()

    port = _free_port()
    hosts = [f"127.0.0.{i + 1}" for i in range(args.hosts)]
    generated = _generate(args.warmup + args.n * args.rounds, hosts, port)
    warmup = generated[: args.warmup]
    rounds = [
        generated[args.warmup + k * args.n : args.warmup + (k + 1) * args.n]
        for k in range(args.rounds)
    ]
    pages = rounds[0]
    sizes = sorted(len(page) for _, page in generated[args.warmup :])
    print(
        f"{args.n} pages a round, {args.rounds} rounds, on {len(hosts)} loopback hosts, "
        f"{sizes[0] // 1024}-{sizes[-1] // 1024} KB (median {sizes[len(sizes) // 2] // 1024} KB)"
    )

    by_host: dict[str, dict[str, bytes]] = {host: {} for host in hosts}
    for url, page in generated:
        parts = urlsplit(url)
        by_host[str(parts.hostname)][parts.path] = page
    servers = [_Server(host, port, by_host[host]) for host in hosts]
    fetch_extract = _time_fetch_extract(pages, warmup)
    bench_name = urlsplit(bench_db).path.lstrip("/")
    services = _time_services(pages, warmup, lambda: _postgres_cpu(bench_name))
    # The pipeline starts as cold as it would have: no robots.txt verdict or host turn kept.
    redis.Redis.from_url(bench_redis).flushdb()
    log_path = Path(os.environ.get("BENCH_WORKER_LOG", "/tmp/claimtrack-bench-worker.log"))
    worker = _start_worker(env, log_path, args.concurrency)
    cpu = lambda: _pipeline_cpu(worker.pid, urlsplit(bench_db).path.lstrip("/"))  # noqa: E731
    # This VM's speed drifts by up to a fifth within a minute: extraction alone timed once
    # and the pipeline 20 s later moved the ratio by as much as all the pipeline adds. So
    # each round times extraction alone on pages of its own, then the pipeline on those
    # pages, seconds apart, and the round with the median ratio is reported in full.
    try:
        measured = _time_rounds(rounds, warmup, bench_redis, args.timeout, cpu)
    finally:
        os.killpg(worker.pid, signal.SIGTERM)
        worker.wait(timeout=30)
        for server in servers:
            server.stop()

    ratios = sorted(ratio for ratio, *_ in measured)
    print(f"CPU ratio by round: {', '.join(f'{r:.2f}x' for r in ratios)}")
    _, extraction, pipeline, used, states = sorted(measured, key=lambda m: m[0])[len(measured) // 2]
    print("the round with the median ratio:")
    _report(
        args.n,
        states,
        extraction,
        pipeline,
        used,
        fetch_extract=fetch_extract,
        services=services,
        concurrency=args.concurrency,
    )
    for _, _, _, _, round_states in measured:
        if round_states.get("fetched", 0) + round_states.get("extracted", 0) != args.n:
            sys.exit(f"Not every page was fetched; worker log: {log_path}")


def _report(
    n: int,
    states: dict[str, int],
    extraction: tuple[float, float, float, float],
    pipeline: float,
    used: dict[str, float],
    *,
    fetch_extract: tuple[float, float, float],
    services: tuple[float, float, float, float, float],
    concurrency: int,
) -> None:
    extract_serial, extract_cpu, extract_parallel, extract_parallel_cpu = extraction
    print(f"end states: {states}")
    for label, seconds in (
        ("extraction alone, 1 process  ", extract_serial),
        ("extraction alone, 2 processes", extract_parallel),
        (f"pipeline, worker prefork x{concurrency}  ", pipeline),
    ):
        print(f"{label}: {seconds:7.2f} s {n / seconds:8.1f} articles/s")
    print(
        f"ratio pipeline ({concurrency} processes) / extraction (2 processes): "
        f"{pipeline / extract_parallel:.2f}x"
    )
    print(f"ratio pipeline / extraction in one process    : {pipeline / extract_serial:.2f}x")
    total_cpu = sum(used.values())
    claimtrack_cpu = total_cpu - used.get("page servers", 0.0)
    by_part = ", ".join(f"{part} {seconds * 1000 / n:.1f}" for part, seconds in used.items())
    print(
        f"CPU per article: extraction alone {extract_cpu * 1000 / n:.1f} ms in one process, "
        f"{extract_parallel_cpu * 1000 / n:.1f} ms in two at once; pipeline "
        f"{total_cpu * 1000 / n:.1f} ms ({by_part})"
    )
    print(
        "ratio of CPU per article, pipeline / extraction in two processes: "
        f"{total_cpu / extract_parallel_cpu:.2f}x; without the loopback sites' own serving "
        f"{claimtrack_cpu / extract_parallel_cpu:.2f}x"
    )
    seconds, cpu, serving = fetch_extract
    print(
        "without the database and the queue (fetch, decode, extract, compress; 2 processes): "
        f"{seconds:.2f} s, CPU per article {cpu * 1000 / n:.1f} ms + the sites' serving "
        f"{serving * 1000 / n:.1f} ms = {(cpu + serving) / extract_parallel_cpu:.2f}x "
        "extraction alone; the rest of the pipeline's cost is the durable part (the row, "
        "the queue message, the store, PostgreSQL)"
    )
    seconds, submit, cpu, database, serving = services
    own = submit + cpu + database
    print(
        "the services without Celery (article_submit, then the drainer's loop in 2 processes): "
        f"{seconds:.2f} s, CPU per article: submission {submit * 1000 / n:.1f} ms, the two "
        f"processes {cpu * 1000 / n:.1f}, postgres {database * 1000 / n:.1f}, the sites' "
        f"serving {serving * 1000 / n:.1f} = {(own + serving) / extract_parallel_cpu:.2f}x "
        f"extraction alone ({own / extract_parallel_cpu:.2f}x without the sites' serving)"
    )


def _wait_ready(worker: subprocess.Popen[bytes], log_path: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if worker.poll() is not None:
            sys.exit(f"The worker exited at start:\n{log_path.read_text()[-3000:]}")
        if b" ready." in log_path.read_bytes():
            return
        time.sleep(0.1)
    sys.exit(f"The worker was not ready after 60 s:\n{log_path.read_text()[-3000:]}")


if __name__ == "__main__":
    main()
