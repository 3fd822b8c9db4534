"""The claims task through a real Celery worker process (Redis broker, PostgreSQL).

Bad inputs tried: an article id that does not exist and a German article, sent before a
real one: the worker logs them, marks the German one unsupported, and lives on to extract
the English seed.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from claims.models import Mention
from sources.models import Article
from tests.support.claims import make_article
from tests.support.worker import celery_worker, wait_until

SEED = Path(__file__).resolve().parents[1] / "demo/seeds"


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_claims_task_runs_in_a_real_worker_and_survives_bad_input(tmp_path: Path) -> None:
    text = (SEED / "washington-examiner-2024-10-24-north-korean-troops-kursk.txt").read_text(
        encoding="utf-8"
    )
    english = make_article(text, published=date(2024, 10, 24), publisher="Washington Examiner")
    german = make_article("Nordkorea schickt Truppen nach Russland, sagt Kiew.", language="de")

    with celery_worker(tmp_path) as worker:
        worker.send("claims.article_extract_claims", 987654)
        worker.send("claims.article_extract_claims", german.pk)
        worker.send("claims.article_extract_claims", english.pk)

        def done() -> bool:
            return Article.objects.get(pk=english.pk).state == Article.State.EXTRACTED

        wait_until(done, timeout=90, what="the English article to be extracted", log=worker.log)
        assert worker.alive()
        log = worker.log()

    german.refresh_from_db()
    assert german.state == Article.State.UNSUPPORTED
    assert "German (de)" in german.failure_message
    assert "There is no article with id 987654." in log
    assert f"article {english.pk} claims:" in log
    # The tasks went to the "claims" queue; the worker, started without -Q, consumed it.
    assert ".> claims " in log
    assert ".> default " in log
    mentions = Mention.objects.filter(article=english)
    assert mentions.count() > 0
    for mention in mentions:
        assert text[mention.start : mention.end] == mention.quote


BURST = [
    "The port authority said on Monday that 12 cargo ships were held outside Salven harbour.",
    "Officials in Corvina claimed that the pipeline was cut by saboteurs on Friday night.",
    "A ministry spokesman denied that 300 border guards had been withdrawn from Lake Ardo.",
    "The mayor of Tolmin said that the water supply would be restored by the weekend.",
    "Militia leaders claimed to have shot down two drones over the Keppel valley.",
    "The army said that it had repaired the rail line between Oster and Vamm on Tuesday.",
]


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_burst_of_fetched_articles_is_extracted_in_batches_exactly_once(
    tmp_path: Path,
) -> None:
    articles = [make_article(text) for text in BURST]

    with celery_worker(tmp_path) as worker:
        for article in articles:
            worker.send("claims.article_extract_claims", article.pk)

        def done() -> bool:
            extracted = Article.objects.filter(
                pk__in=[a.pk for a in articles], state=Article.State.EXTRACTED
            )
            return extracted.count() == len(articles)

        wait_until(done, timeout=90, what="the burst to be extracted", log=worker.log)
        # The later tasks find their articles done and say so.
        wait_until(
            lambda: f"article {articles[-1].pk} claims: skipped" in worker.log(),
            timeout=30,
            what="the last task to find its article done",
            log=worker.log,
        )
        assert worker.alive()
        log = worker.log()

    assert f"article {articles[0].pk} claims: taking 5 waiting articles along" in log
    for article in articles:
        # Extracted once: one "extracting" line each, the mentions' spans inside the text.
        assert log.count(f"article {article.pk} claims: extracting") == 1
        for mention in Mention.objects.filter(article=article):
            assert article.text[mention.start : mention.end] == mention.quote
