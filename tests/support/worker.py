"""Real Celery worker processes for tests, on the test database and the test broker.

A worker is a subprocess (`celery -A config worker`), so it sees only committed rows: tests
that use one need `@pytest.mark.django_db(transaction=True)`. It runs in its own process
group, so a test can SIGKILL the whole of it (main process and pool children) the way an
OOM killer or a lost machine would. The test process sends to the same Redis
(CLAIMTRACK_TEST_BROKER_URL, a db the test run owns; it is emptied first so no stale
message from an earlier run is delivered) through the project's own Celery app, switched
off eager mode for the duration, so tasks are routed exactly as in production.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import kombu.pools
import redis
from django.conf import settings
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]
# Enough of a log to see why a worker failed, without flooding the test report.
LOG_TAIL = 20000


def broker_url() -> str:
    url = os.environ.get("CLAIMTRACK_TEST_BROKER_URL", "")
    if not url.startswith("redis://"):
        raise RuntimeError(
            "The worker tests need a Redis broker: set CLAIMTRACK_TEST_BROKER_URL, "
            "e.g. redis://127.0.0.1:6379/14 (make test does)."
        )
    return url


def _database_url() -> str:
    db = settings.DATABASES["default"]
    user = db.get("USER") or ""
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    auth = f"{user}{password}@" if user else ""
    host = db.get("HOST") or "127.0.0.1"
    port = f":{db['PORT']}" if db.get("PORT") else ""
    # NAME is the test database pytest-django created, not the one in DATABASE_URL.
    return f"postgres://{auth}{host}{port}/{connection.settings_dict['NAME']}"


@contextmanager
def tasks_through_broker() -> Iterator[str]:
    """Make `.delay()` in this process go to the test Redis instead of running in-process."""
    from config.celery import app

    url = broker_url()
    redis.Redis.from_url(url).flushdb()
    saved = (app.conf.task_always_eager, app.conf.broker_url)
    app.conf.update(task_always_eager=False, broker_url=url)
    _forget_connections(app)
    try:
        yield url
    finally:
        app.conf.update(task_always_eager=saved[0], broker_url=saved[1])
        _forget_connections(app)


def _forget_connections(app: Any) -> None:
    # The app caches its connection and producer pools for the broker it first used.
    if app._pool is not None:
        app._pool.force_close_all()
        app._pool = None
    app.amqp._producer_pool = None
    kombu.pools.reset()


class WorkerProcess:
    """`celery -A config worker --pool=<pool> [--concurrency=N] [-Q <queues>]`.

    Without `queues` the worker consumes every declared queue (default and claims).
    Several workers may log to one file: each waits for its own "ready." line.
    """

    def __init__(
        self,
        log_path: Path,
        *,
        pool: str = "solo",
        concurrency: int | None = None,
        queues: str | None = None,
        env: Mapping[str, str] | None = None,
    ) -> None:
        self.log_path = log_path
        self.options = [f"--pool={pool}"]
        if concurrency is not None:
            self.options.append(f"--concurrency={concurrency}")
        if queues is not None:
            self.options += ["-Q", queues]
        self.env = {
            **os.environ,
            "DATABASE_URL": _database_url(),
            "CELERY_BROKER_URL": broker_url(),
            "REDIS_URL": broker_url(),
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "PYTHONUNBUFFERED": "1",
            "LOG_LEVEL": "INFO",
            **(env or {}),
        }
        self.process: subprocess.Popen[bytes] | None = None

    def start(self, *, timeout: float = 60.0) -> WorkerProcess:
        start_mark = self.log_path.stat().st_size if self.log_path.exists() else 0
        log = self.log_path.open("ab")
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "config",
                "worker",
                *self.options,
                "--loglevel=INFO",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
                "-n",
                f"tests-{os.getpid()}-{time.monotonic_ns()}@%h",
            ],
            cwd=ROOT,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: killpg reaches the children
        )
        log.close()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"The worker exited at start:\n{self.log()[-LOG_TAIL:]}")
            if b" ready." in self.log_path.read_bytes()[start_mark:]:
                return self
            time.sleep(0.1)
        raise RuntimeError(
            f"The worker was not ready after {timeout:.0f} s:\n{self.log()[-LOG_TAIL:]}"
        )

    def send(self, task_name: str, *args: Any) -> None:
        """Send a task by name through the project's app (inside `tasks_through_broker`)."""
        from config.celery import app

        app.send_task(task_name, args=list(args))

    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def kill_all(self) -> None:
        """SIGKILL the worker and every pool process: nothing gets to clean up."""
        assert self.process is not None
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self) -> None:
        if not self.alive():
            return
        assert self.process is not None
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")


@contextmanager
def celery_worker(tmp_path: Path, **extra_env: str) -> Iterator[WorkerProcess]:
    """One solo worker on every queue, with this process sending through the test broker."""
    with tasks_through_broker():
        worker = WorkerProcess(tmp_path / "worker.log", env=extra_env).start()
        try:
            yield worker
        finally:
            worker.stop()


def wait_until(
    condition: Callable[[], bool], *, timeout: float, what: str, log: Callable[[], str]
) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    raise AssertionError(
        f"Timed out after {timeout:.0f} s waiting for {what}. Worker log:\n{log()[-LOG_TAIL:]}"
    )


@contextmanager
def ingest_workers(
    log_path: Path, base_env: Mapping[str, str]
) -> Iterator[Callable[..., WorkerProcess]]:
    """A starter of ingest workers as production runs them (`--pool=prefork
    --concurrency=2 -Q default`), logging to one file, each with `base_env` and what the
    call adds; every one started is stopped on leaving."""
    started: list[WorkerProcess] = []

    def start(**env: str) -> WorkerProcess:
        process = WorkerProcess(
            log_path, pool="prefork", concurrency=2, queues="default", env={**base_env, **env}
        )
        started.append(process)
        return process.start()

    try:
        yield start
    finally:
        for process in started:
            process.stop()


def pool_pids(pid: int) -> list[int]:
    """The processes whose parent is `pid` (a prefork worker's pool), read from /proc."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def fetches_ended(ids: list[int]) -> bool:
    """Whether the fetch step of every article in `ids` is over (fetched on, or failed)."""
    from sources.models import Article

    return all(a.fetch_has_ended for a in Article.objects.filter(pk__in=ids))
