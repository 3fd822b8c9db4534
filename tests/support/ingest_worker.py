"""A real prefork Celery worker for the ingestion tests, in its own process group so a test
can SIGKILL the whole of it (main process and children) the way an OOM killer or a lost
machine would. The test process sends to the same Redis through the project's own Celery
app, switched off eager mode for the duration.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import kombu.pools
import redis
from django.conf import settings
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]

# Small leases and timeouts so that recovery after a kill happens within seconds.
WORKER_ENV = {
    "CLAIMTRACK_FETCH_ALLOW_PRIVATE": "1",
    "CLAIMTRACK_FETCH_HOST_INTERVAL": "0.02",
    "CLAIMTRACK_FETCH_BACKOFF_BASE": "0.2",
    "CLAIMTRACK_FETCH_MAX_TRIES": "3",
    "CLAIMTRACK_FETCH_READ_TIMEOUT": "5",
    "CLAIMTRACK_JOB_LEASE_SECONDS": "3",
    "CLAIMTRACK_BROKER_VISIBILITY_TIMEOUT": "4",
    "LOG_LEVEL": "INFO",
}


def broker_url_for_tests() -> str:
    url = os.environ.get("CLAIMTRACK_TEST_BROKER_URL", "")
    if not url.startswith("redis://"):
        raise RuntimeError(
            "The worker tests need Redis: set CLAIMTRACK_TEST_BROKER_URL, e.g. "
            "redis://127.0.0.1:6379/14 (make test does)."
        )
    return url


def database_url_for_tests() -> str:
    """The database pytest-django created (test_<name>), for the worker process."""
    db = settings.DATABASES["default"]
    auth = db.get("USER") or ""
    if auth and db.get("PASSWORD"):
        auth += f":{db['PASSWORD']}"
    host = db.get("HOST") or "127.0.0.1"
    port = f":{db['PORT']}" if db.get("PORT") else ""
    return f"postgres://{auth}{'@' if auth else ''}{host}{port}/{connection.settings_dict['NAME']}"


@contextmanager
def tasks_through_broker() -> Iterator[str]:
    """Make `.delay()` in this process go to the test Redis instead of running in-process."""
    from config.celery import app

    url = broker_url_for_tests()
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


class IngestWorker:
    """`celery -A config worker --pool=prefork --concurrency=2 -Q default`."""

    def __init__(self, log_path: Path, **extra_env: str) -> None:
        self.log_path = log_path
        self.env = {
            **os.environ,
            "DATABASE_URL": database_url_for_tests(),
            "CELERY_BROKER_URL": broker_url_for_tests(),
            "REDIS_URL": broker_url_for_tests(),
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "PYTHONUNBUFFERED": "1",
            **WORKER_ENV,
            **extra_env,
        }
        self.process: subprocess.Popen[bytes] | None = None

    def start(self, *, timeout: float = 60.0) -> IngestWorker:
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
                "--pool=prefork",
                "--concurrency=2",
                "-Q",
                "default",
                "--loglevel=INFO",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
                "-n",
                f"ingest-tests-{os.getpid()}-{time.monotonic_ns()}@%h",
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
                raise RuntimeError(f"The worker exited at start:\n{self.log()}")
            if b" ready." in self.log_path.read_bytes()[start_mark:]:
                return self
            time.sleep(0.1)
        raise RuntimeError(f"The worker was not ready after {timeout:.0f} s:\n{self.log()}")

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
        return self.log_path.read_text(encoding="utf-8", errors="replace")[-20000:]


def wait_until(
    condition: Callable[[], bool], *, timeout: float, what: str, log: Callable[[], str]
) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    raise AssertionError(f"Timed out after {timeout:.0f} s waiting for {what}.\n{log()}")
