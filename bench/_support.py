"""What every benchmark does first: its own database on the server of DATABASE_URL, and
Django set up on it as production runs (DEBUG off, tasks in-process), migrated.

Imported as `_support`: the benchmarks run as scripts (`python bench/<name>.py`), so their
own directory is first on sys.path.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit


def bench_database(name: str, *, script: str, drop: bool = False) -> str:
    """The URL of database `name` next to DATABASE_URL's, created if missing (dropped
    first with `drop`)."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        sys.exit(f"{script} measures on PostgreSQL: set DATABASE_URL=postgres://...")
    import psycopg

    admin = urlunsplit(urlsplit(url)._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        if drop:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')
    return urlunsplit(urlsplit(url)._replace(path=f"/{name}"))


def django_setup(database_url: str, **environ: str | None) -> None:
    """Set Django up on `database_url` and migrate it; `environ` sets (or, with None,
    removes) further variables first."""
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.pop("CELERY_BROKER_URL", None)  # tasks in-process: nothing is enqueued
    # As production runs: DEBUG on would keep every SQL statement in memory.
    os.environ["DEBUG"] = "0"
    os.environ.setdefault("SECRET_KEY", "bench-only-not-a-secret")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    for key, value in environ.items():
        if value is None:
            os.environ.pop(key, None)
        else:
            os.environ[key] = value
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def process_cpu_seconds(pid: int) -> float:
    """utime + stime of one process, from /proc (0 if it is gone)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
