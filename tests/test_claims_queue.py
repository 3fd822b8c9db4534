"""The claims step's queue is the articles waiting for their claims; a broker message only
wakes a drainer (claims.tasks.articles_extract_waiting_task), as for fetching
(sources/queue.py). Real worker, Redis broker, PostgreSQL.

Bad inputs tried: an article released after a failure (it waits for its own retry and the
drainer leaves it), and a burst larger than one batch.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import redis

from claims.tasks import CLAIMS_WAKE_KEY, article_enqueue_extract_claims
from sources.models import Article
from tests.support.claims import make_article
from tests.support.worker import WorkerProcess, tasks_through_broker, wait_until

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

SENTENCES = [
    "Officials in Marrow said that the ferry to Quill Island would resume on Monday.",
    "A council spokesman denied that 40 street lamps had been removed from Ashby Road.",
    "The harbour master said that two cranes at Pellan dock were damaged by the storm.",
    "Farmers near Ostrel claimed that the new dam had flooded 300 hectares of pasture.",
    "The rail company said that it had reopened the line between Tarn and Wexley.",
    "Police in Corvel said that 12 people were arrested after the protest on Saturday.",
    "The ministry denied that the Brenna border post had been closed to lorries.",
    "Residents of Hollin said that the water supply had been cut for three days.",
    "The mayor of Dunmore claimed that 500 new homes would be built by next spring.",
    "A union leader said that 2,000 dock workers would strike at Sallow port.",
    "The airport said that flights to Kestrel had been cancelled because of fog.",
]


def test_a_burst_of_fetched_articles_wakes_one_drainer_that_extracts_them_all(
    tmp_path: Path,
) -> None:
    articles = [make_article(text) for text in SENTENCES]
    released = make_article("The port authority said that the bridge at Lyme was closed.")
    Article.objects.filter(pk=released.pk).update(
        failure_kind="internal", failure_message="Try 1 of 3 failed; retried in 30 s."
    )

    with tasks_through_broker() as broker:
        for article in articles:
            article_enqueue_extract_claims(article_id=article.pk)
        # One message for the burst, on the claims queue.
        assert redis.Redis.from_url(broker).llen("claims") == 1

        worker = WorkerProcess(tmp_path / "worker.log", env={"CLAIMTRACK_EXTRACT_BATCH": "4"})
        worker.start()
        try:

            def all_extracted() -> bool:
                states = Article.objects.filter(pk__in=[a.pk for a in articles]).values_list(
                    "state", flat=True
                )
                return set(states) == {Article.State.EXTRACTED}

            wait_until(all_extracted, timeout=90, what="the burst to be extracted", log=worker.log)
            wait_until(
                lambda: not redis.Redis.from_url(broker).exists(CLAIMS_WAKE_KEY),
                timeout=10,
                what="the drainer to have started",
                log=worker.log,
            )
            log = worker.log()
        finally:
            worker.stop()

    # In batches of four, the oldest first; each article extracted once.
    assert f"article {articles[0].pk} claims: taking 3 waiting articles along" in log
    assert f"article {articles[4].pk} claims: taking 3 waiting articles along" in log
    for article in articles:
        assert log.count(f"article {article.pk} claims: extracting") == 1
    # The one released after a failure waits for its own retry, untouched.
    released.refresh_from_db()
    assert (released.state, released.failure_kind) == (Article.State.FETCHED, "internal")
    assert f"article {released.pk} claims:" not in log
