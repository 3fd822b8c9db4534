"""The fetch queue is the articles table; a broker message only wakes a worker up.

An article waiting to be fetched is a row in state `queued` that is due from
`next_attempt_at` on. A worker process that is woken (the `sources.articles_fetch_due`
task, a "drainer") takes the oldest due row with one conditional UPDATE (`FOR UPDATE SKIP
LOCKED` on PostgreSQL, so drainers on every worker take different rows without waiting for
each other), fetches and stores it, and takes the next, until none is due or its time
budget is spent. Each article is still claimed, tried, retried and failed on its own, with
the same lease and attempt count as when one message carried one article; what is saved is
a message, its delivery and its bookkeeping per article (about a fifth of the pipeline's
cost per page, see docs/benchmarks.md).

The wake mark: a key in the broker's Redis saying "a drainer message is sent and has not
started yet". Whoever queues an article sets it (SET NX) and sends a drainer only if it was
not set already; a drainer clears it as it starts. A burst of submissions therefore sends a
message, then one more each time a worker process starts draining (so every free process
joins in), and nothing while a sent drainer still waits to start: it will see every row
committed before it starts. The mark expires after WAKE_MARK_SECONDS, so a message lost
with a broker that restarted holds back wake-ups that long at most, and the recovery task
(every few minutes, and when a worker starts) sends a drainer whenever due articles wait,
mark or no mark. Without a Redis broker, or when Redis does not
answer, there is no mark: every submission sends its message, as before.
"""

from __future__ import annotations

import logging
from typing import Any

import redis
from django.conf import settings

logger = logging.getLogger(__name__)

WAKE_KEY = "claimtrack:fetch:drainer-waiting"
WAKE_MARK_SECONDS = 60

_clients: dict[str, Any] = {}


def _broker_redis() -> Any:
    """A client of the broker's Redis, or None when the broker is not Redis."""
    from config.celery import app

    url = str(app.conf.broker_url or "")
    if not url.startswith(("redis://", "rediss://", "unix://")):
        return None
    client = _clients.get(url)
    if client is None:
        # A Redis that does not answer costs a submission a second at most, not a hang.
        client = redis.Redis.from_url(url, socket_connect_timeout=1, socket_timeout=2)
        _clients[url] = client
    return client


def wake_mark(*, key: str = WAKE_KEY, force: bool = False) -> bool:
    """Set the wake mark `key` (one per queue: the fetch queue's, the claims step's); True
    when the caller must send a drainer (it set the mark, or no mark can be kept, or
    `force`), False when a sent drainer has yet to start."""
    client = _broker_redis()
    if client is None:
        return True
    try:
        return bool(client.set(key, b"1", nx=not force, ex=WAKE_MARK_SECONDS)) or force
    except redis.RedisError as exc:
        logger.warning("wake mark %s: cannot be read (%s); waking anyway", key, exc)
        return True


def wake_unmark(*, key: str = WAKE_KEY) -> None:
    """Clear the wake mark `key`: a drainer starts (or the message meant to wake one was
    refused), so the next article queued sends another."""
    client = _broker_redis()
    if client is None:
        return
    try:
        client.delete(key)
    except redis.RedisError as exc:
        # It expires on its own; until then the drainers already running see new rows.
        logger.warning("wake mark %s: cannot be cleared (%s)", key, exc)


def wake(task: Any, *, key: str = WAKE_KEY, force: bool = False) -> None:
    """Send the drainer `task` unless one sent under the mark `key` has yet to start
    (`force`: even then). A refused send clears the mark, so the next caller tries again
    rather than find it, and raises for the caller to log."""
    if not wake_mark(key=key, force=force):
        return
    try:
        task.delay()
    except Exception:
        wake_unmark(key=key)
        raise


def run_time_limit(task: Any) -> float:
    """The time limit this run of a bound `task` is stopped at: the limits its message
    carries (Celery puts the sender's in its headers, and the pool obeys those before the
    worker's own settings), the soft one, else the hard one. A drainer plans its budget on
    it, so the same CLAIMTRACK_TASK_*_TIME_LIMIT must be set wherever tasks are sent."""
    limits = [*(getattr(task.request, "timelimit", None) or ()), None, None]
    hard = limits[0] or task.time_limit or settings.CELERY_TASK_TIME_LIMIT
    soft = limits[1] or task.soft_time_limit or settings.CELERY_TASK_SOFT_TIME_LIMIT
    return float(min(soft, hard))
