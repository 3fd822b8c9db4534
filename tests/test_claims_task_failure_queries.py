"""A failed claims extraction tells the task how many tries the article has had: the task
decides on its retry (and its delay) from that, without reading the article again.

Bad inputs tried: an article whose text breaks the extractor, run as its own task (tried
again with a growing delay until the budget is spent) and taken along by another
article's task (queued for its own retries).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from claims import services, tasks
from claims.nlp import pipeline
from claims.nlp.types import ArticleInput, ClaimCandidate
from sources.models import Article
from tests.support.claims import make_article

pytestmark = pytest.mark.django_db

GOOD = "The coastal guard said on Monday that 40 fishing boats had been seized near Port Arlo."
BROKEN = "This text makes the extractor fail. UNPARSEABLE"
# A query that reads the article's tries and nothing else.
READS_TRIES = re.compile(
    r'^SELECT "sources_article"\."claims_attempts"( AS "claims_attempts")? FROM'
)


@pytest.fixture(autouse=True)
def breaking_extractor(monkeypatch: pytest.MonkeyPatch) -> None:
    real = pipeline.extract_claims_many

    def extract(items: Iterable[ArticleInput], **kwargs: int) -> list[list[ClaimCandidate]]:
        inputs = list(items)
        if any("UNPARSEABLE" in item.text for item in inputs):
            raise ValueError("the parser choked on this text")
        return real(inputs, **kwargs)

    monkeypatch.setattr(pipeline, "extract_claims_many", extract)


def test_the_failure_carries_the_tries_its_claim_counted() -> None:
    broken = make_article(BROKEN)
    Article.objects.filter(pk=broken.pk).update(claims_attempts=2)

    result = services.article_extract_claims_with_backlog(
        article_id=broken.pk, backlog=0, backlog_bytes=1_000_000
    )

    assert isinstance(result.own, services.ExtractionFailedError)
    broken.refresh_from_db()
    assert result.own.attempts == broken.claims_attempts == 3


def test_the_task_retries_from_the_failures_count_without_reading_it_again(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    broken = make_article(BROKEN)
    delays: list[float] = []

    def retry(task: object, article_id: int, *, countdown: float) -> str:
        delays.append(countdown)  # what the broker would run later
        return "retry"

    monkeypatch.setattr(tasks, "_retry", retry)
    answers = []
    with CaptureQueriesContext(connection) as queries:
        for _ in range(services.CLAIMS_MAX_TRIES):
            answers.append(tasks.article_extract_claims_task.run(broken.pk))

    assert not [q["sql"] for q in queries.captured_queries if READS_TRIES.search(q["sql"])]
    delay = tasks.EXTRACT_RETRY_DELAY
    assert delays == [delay, 2 * delay, 4 * delay]  # the last try gives up
    assert answers == ["retry"] * (services.CLAIMS_MAX_TRIES - 1) + ["failed"]


def test_a_taken_along_failure_is_queued_from_its_count_without_reading_it_again(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    good, broken = make_article(GOOD), make_article(BROKEN)
    queued: list[Any] = []
    monkeypatch.setattr(
        tasks.article_extract_claims_task,
        "apply_async",
        lambda args, **options: queued.append(args[0]),
    )

    with CaptureQueriesContext(connection) as queries:
        assert tasks.article_extract_claims_task.run(good.pk) == "extracted"

    assert queued == [broken.pk]
    assert not [q["sql"] for q in queries.captured_queries if READS_TRIES.search(q["sql"])]
    # Spent: a taken-along failure at the end of its budget is not queued again.
    Article.objects.filter(pk=broken.pk).update(
        claims_attempts=services.CLAIMS_MAX_TRIES - 1, failure_kind="", failure_message=""
    )
    again = make_article(GOOD.replace("40", "41"))
    queued.clear()
    assert tasks.article_extract_claims_task.run(again.pk) == "extracted"
    broken.refresh_from_db()
    assert broken.claims_attempts == services.CLAIMS_MAX_TRIES  # taken along, failed again
    assert queued == []
