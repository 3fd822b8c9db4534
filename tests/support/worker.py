"""A real Celery worker process for tests, on the test database and the test broker.

The worker is a subprocess (`celery -A config worker --pool=solo`), so it sees only
committed rows: tests that use it need `@pytest.mark.django_db(transaction=True)`.
Tasks are sent by name through the broker in CLAIMTRACK_TEST_BROKER_URL (a Redis db the
test run owns; it is emptied first so no stale message from an earlier run is delivered).
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from celery import Celery
from django.conf import settings
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]


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


class WorkerProcess:
    def __init__(self, log_path: Path, extra_env: dict[str, str] | None = None) -> None:
        self.log_path = log_path
        self.extra_env = extra_env or {}
        self.process: subprocess.Popen[bytes] | None = None
        # Not the current app: shared tasks (article_fetch_task...) would then resolve to
        # this one, and later tests that point the project's app at the broker would miss.
        self.app = Celery("claimtrack-tests", broker=broker_url(), set_as_current=False)
        # Routed as production routes (claims.* to the "claims" queue), so a test proves
        # the worker consumes where the tasks really go.
        self.app.conf.task_default_queue = settings.CELERY_TASK_DEFAULT_QUEUE
        self.app.conf.task_queues = settings.CELERY_TASK_QUEUES
        self.app.conf.task_routes = settings.CELERY_TASK_ROUTES

    def start(self, *, timeout: float = 60.0) -> WorkerProcess:
        import redis

        redis.Redis.from_url(broker_url()).flushdb()
        env = {
            **os.environ,
            "DATABASE_URL": _database_url(),
            "CELERY_BROKER_URL": broker_url(),
            "REDIS_URL": broker_url(),
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "PYTHONUNBUFFERED": "1",
            **self.extra_env,
        }
        self._log = self.log_path.open("wb")
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "config",
                "worker",
                "--pool=solo",
                "--loglevel=INFO",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
                # No -Q: a plain worker consumes every declared queue (default and claims).
                "-n",
                f"tests-{os.getpid()}@%h",
            ],
            cwd=ROOT,
            env=env,
            stdout=self._log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"The worker exited at start:\n{self.log()}")
            if b"ready." in self.log_path.read_bytes():
                return self
            time.sleep(0.2)
        raise RuntimeError(f"The worker was not ready after {timeout:.0f} s:\n{self.log()}")

    def send(self, task_name: str, *args: Any) -> None:
        self.app.send_task(task_name, args=list(args))

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=5)
        self._log.close()


@contextmanager
def celery_worker(tmp_path: Path, **extra_env: str) -> Iterator[WorkerProcess]:
    worker = WorkerProcess(tmp_path / "worker.log", extra_env).start()
    try:
        yield worker
    finally:
        worker.stop()


def wait_for(
    condition: Callable[[], bool], *, timeout: float, what: str, log: Callable[[], str]
) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    raise AssertionError(
        f"Timed out after {timeout:.0f} s waiting for {what}. Worker log:\n{log()}"
    )
