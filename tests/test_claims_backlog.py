"""A claims task takes along the articles waiting behind it, their NLP in one batch.

Proves: the task's article and up to `backlog` waiting ones (oldest first) are extracted
with one `nlp.pipe` batch and written in one transaction; articles released after a
failure, articles over the text budget and rows another worker is claiming are left alone
(skipped, not waited for); an article that breaks the extractor, or whose write the
database refuses, fails alone and the others of its batch are extracted once; a task whose
own article is taken already, or held by another worker, takes nothing else and queues
no retry of its own (the recovery sweep retakes a dead worker's article); a backlog
article that failed is queued again for its own retries.
Bad inputs tried: an unknown article id (with a backlog waiting), an article whose text
breaks the extractor (in a batch, and alone), a write PostgreSQL refuses (one article's
mentions) inside the batch's transaction, a row locked by another database session, and
batch settings that make no sense (0, a word, a negative size).
"""

from __future__ import annotations

import logging
import subprocess
import sys
from collections.abc import Iterable

import pytest
from django.conf import settings
from django.db import connection, connections
from django.utils import timezone

from claims import services, tasks
from claims.models import Claim, Mention
from claims.nlp import pipeline
from claims.nlp.types import ArticleInput, ClaimCandidate
from sources.models import Article, Source
from tests.support.claims import make_article

pytestmark = pytest.mark.django_db

TEXTS = [
    "The coastal guard said on Monday that 40 fishing boats had been seized near Port Arlo.",
    "Officials in Velmora claimed that the northern dam was damaged by shelling on Sunday.",
    "A spokesman for the river authority denied that 2,000 residents had been evacuated.",
    "The governor said that the bridge at Tessane would reopen to traffic next week.",
    "Rebel commanders claimed to have captured three villages east of Marrow Hill.",
]
BROKEN = "This text makes the extractor fail. UNPARSEABLE"


@pytest.fixture
def batches(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The size of every batch the real extractor is called with; a text containing
    UNPARSEABLE makes that call raise, as a bug in the extractor would."""
    sizes: list[int] = []
    real = pipeline.extract_claims_many

    def recording(items: Iterable[ArticleInput], **kwargs: int) -> list[list[ClaimCandidate]]:
        inputs = list(items)
        sizes.append(len(inputs))
        if any("UNPARSEABLE" in item.text for item in inputs):
            raise ValueError("the parser choked on this text")
        return real(inputs, **kwargs)

    monkeypatch.setattr(pipeline, "extract_claims_many", recording)
    return sizes


def _states(*articles: Article) -> list[str]:
    return [Article.objects.get(pk=a.pk).state for a in articles]


def test_the_task_article_and_the_waiting_ones_are_extracted_in_one_batch(
    batches: list[int],
) -> None:
    articles = [make_article(text) for text in TEXTS]
    first = articles[0]

    result = services.article_extract_claims_with_backlog(
        article_id=first.pk, backlog=3, backlog_bytes=1_000_000
    )

    assert isinstance(result.own, services.ExtractionOutcome)
    assert (result.own.article_id, result.own.state, result.own.done) == (
        first.pk,
        "extracted",
        True,
    )
    assert [o.article_id for o in result.others if isinstance(o, services.ExtractionOutcome)] == [
        a.pk for a in articles[1:4]
    ]
    assert batches == [4]  # one nlp.pipe batch for the four articles
    assert _states(*articles) == ["extracted"] * 4 + ["fetched"]
    assert Mention.objects.filter(article__in=articles[:4]).exists()
    # Their own tasks come later and find them done: nothing is extracted twice.
    again = services.article_extract_claims_with_backlog(
        article_id=articles[1].pk, backlog=0, backlog_bytes=1_000_000
    )
    assert isinstance(again.own, services.ExtractionOutcome)
    assert not again.own.done
    assert "already done" in again.own.message


def test_failed_articles_and_text_over_the_budget_are_left_waiting(batches: list[int]) -> None:
    first = make_article(TEXTS[0])
    retrying = make_article(TEXTS[1])
    Article.objects.filter(pk=retrying.pk).update(failure_message="Claim extraction failed ...")
    small = make_article(TEXTS[2])
    large = make_article(TEXTS[3] + " More text." * 100)
    after_large = make_article(TEXTS[4])
    budget = len(TEXTS[2].encode()) + 10

    result = services.article_extract_claims_with_backlog(
        article_id=first.pk, backlog=10, backlog_bytes=budget
    )

    assert [o.article_id for o in result.others if isinstance(o, services.ExtractionOutcome)] == [
        small.pk
    ]
    # Oldest first: the budget stops at the large one, the smaller one after it waits too.
    assert _states(first, retrying, small, large, after_large) == [
        "extracted",
        "fetched",
        "extracted",
        "fetched",
        "fetched",
    ]
    assert batches == [2]


@pytest.mark.django_db(transaction=True)
def test_rows_another_session_is_claiming_are_skipped_not_waited_for() -> None:
    first, locked, free = (make_article(text) for text in TEXTS[:3])
    other = connections.create_connection("default")
    try:
        with other.cursor() as cursor:
            other.set_autocommit(False)
            cursor.execute("SELECT id FROM sources_article WHERE id = %s FOR UPDATE", [locked.pk])
            result = services.article_extract_claims_with_backlog(
                article_id=first.pk, backlog=5, backlog_bytes=1_000_000
            )
            other.rollback()
    finally:
        other.close()

    assert [o.article_id for o in result.others if isinstance(o, services.ExtractionOutcome)] == [
        free.pk
    ]
    assert _states(first, locked, free) == ["extracted", "fetched", "extracted"]


def test_an_article_that_breaks_the_extractor_fails_alone(batches: list[int]) -> None:
    good, broken, also_good = make_article(TEXTS[0]), make_article(BROKEN), make_article(TEXTS[1])

    result = services.article_extract_claims_with_backlog(
        article_id=good.pk, backlog=5, backlog_bytes=1_000_000
    )

    # The batch failed; each article was then tried alone.
    assert batches == [3, 1, 1, 1]
    assert isinstance(result.own, services.ExtractionOutcome)
    assert result.own.done
    failed = [o for o in result.others if isinstance(o, services.ExtractionFailedError)]
    assert [f.article_id for f in failed] == [broken.pk]
    assert "the parser choked on this text" in failed[0].message
    assert _states(good, broken, also_good) == ["extracted", "fetched", "extracted"]
    broken.refresh_from_db()
    assert broken.text == BROKEN
    assert broken.failure_kind == Article.FailureKind.INTERNAL
    assert "the extractor" in broken.failure_message


def test_a_write_the_database_rejects_fails_that_article_alone(
    batches: list[int], caplog: pytest.LogCaptureFixture
) -> None:
    # The database refuses one article's mentions (a trigger of this test, rolled back with
    # it): the batch's one transaction fails, nothing of it is kept, and each article is
    # written on its own.
    good, rejected, also_good = (make_article(text) for text in TEXTS[:3])
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE FUNCTION pg_temp.refuse_mention() RETURNS trigger LANGUAGE plpgsql AS $$ "
            f"BEGIN IF NEW.article_id = {rejected.pk} THEN "
            "RAISE EXCEPTION 'mention refused by the database'; END IF; RETURN NEW; END $$"
        )
        cursor.execute(
            "CREATE TRIGGER refuse_mention BEFORE INSERT ON claims_mention "
            "FOR EACH ROW EXECUTE FUNCTION pg_temp.refuse_mention()"
        )

    result = services.article_extract_claims_with_backlog(
        article_id=good.pk, backlog=5, backlog_bytes=1_000_000
    )

    assert batches == [3]
    assert "writing 3 articles in one transaction failed" in caplog.text
    failed = [o for o in result.others if isinstance(o, services.ExtractionFailedError)]
    assert [f.article_id for f in failed] == [rejected.pk]
    assert "saving the claims" in failed[0].message
    assert _states(good, rejected, also_good) == ["extracted", "fetched", "extracted"]
    assert not Mention.objects.filter(article=rejected).exists()
    # The good ones were written exactly once (the failed batch left nothing behind).
    for article in (good, also_good):
        spans = list(Mention.objects.filter(article=article).values_list("start", "end"))
        assert spans
        assert len(spans) == len(set(spans))


def test_a_lone_article_that_breaks_the_extractor_is_not_parsed_twice(batches: list[int]) -> None:
    broken = make_article(BROKEN)

    result = services.article_extract_claims_with_backlog(
        article_id=broken.pk, backlog=5, backlog_bytes=1_000_000
    )

    assert batches == [1]
    assert isinstance(result.own, services.ExtractionFailedError)
    assert _states(broken) == ["fetched"]


def test_a_task_whose_article_is_gone_or_taken_leaves_the_backlog_to_the_next_one(
    batches: list[int],
) -> None:
    done = make_article(TEXTS[1], state=Article.State.EXTRACTED)
    waiting = make_article(TEXTS[0])
    later = make_article(TEXTS[2])

    missing = services.article_extract_claims_with_backlog(
        article_id=987654, backlog=5, backlog_bytes=1_000_000
    )
    assert isinstance(missing.own, services.ArticleNotFoundError)
    taken = services.article_extract_claims_with_backlog(
        article_id=done.pk, backlog=5, backlog_bytes=1_000_000
    )
    assert isinstance(taken.own, services.ExtractionOutcome)
    assert not taken.own.done
    assert missing.others == taken.others == []
    assert batches == []
    assert _states(done, waiting, later) == ["extracted", "fetched", "fetched"]

    # The next task whose own article waits takes the others along (older ones too: a task
    # whose message was lost is not waited for).
    services.article_extract_claims_with_backlog(
        article_id=later.pk, backlog=5, backlog_bytes=1_000_000
    )
    assert batches == [2]
    assert _states(done, waiting, later) == ["extracted", "extracted", "extracted"]


def test_no_backlog_means_only_the_task_article(batches: list[int]) -> None:
    first, second = make_article(TEXTS[0]), make_article(TEXTS[1])

    result = services.article_extract_claims_with_backlog(
        article_id=first.pk, backlog=0, backlog_bytes=1_000_000
    )

    assert result.others == []
    assert _states(first, second) == ["extracted", "fetched"]


def test_the_task_queues_a_failed_backlog_article_for_its_own_retries(
    batches: list[int], caplog: pytest.LogCaptureFixture
) -> None:
    good, broken = make_article(TEXTS[0]), make_article(BROKEN)
    caplog.set_level(logging.INFO, logger="claims")

    # Run as a worker runs it (not eager), so it takes the backlog; the retry it queues
    # runs in-process here (no broker in this test) and gives up at once.
    assert tasks.article_extract_claims_task.run(good.pk) == "extracted"

    assert _states(good, broken) == ["extracted", "fetched"]
    assert f"article {broken.pk} claims: giving up" in caplog.text


SHARED = [
    "General Ilse Varga said on Monday that 300 marines had landed near Port Arlo.",
    "The defence ministry of Velmora denied that marines had landed near Port Arlo, and "
    "General Ilse Varga said the landing was a rumour.",
    "Ilse Varga, a spokeswoman for the Velmoran army, said that two bridges at Tessane "
    "were destroyed on Sunday.",
    "The coastal guard said that 40 fishing boats had been seized near Port Arlo.",
]


def _snapshot(articles: list[Article]) -> list[tuple[object, ...]]:
    """What the claims step wrote for these articles, with no ids in it."""
    rows = []
    for index, article in enumerate(articles):
        for mention in Mention.objects.filter(article=article).select_related(
            "claim", "claimant__parent"
        ):
            claimant = mention.claimant
            others = sorted(
                (articles.index(m.article), m.start)
                for m in Mention.objects.filter(claim=mention.claim).select_related("article")
            )
            rows.append(
                (
                    index,
                    mention.start,
                    mention.end,
                    mention.claim.summary,
                    mention.claim.first_reported,
                    tuple(others),
                    claimant.name if claimant else None,
                    claimant.kind if claimant else None,
                    claimant.parent.name if claimant and claimant.parent else None,
                )
            )
    return sorted(rows, key=repr)


def test_a_batch_writes_exactly_what_the_articles_one_by_one_write() -> None:
    articles = [make_article(text) for text in SHARED]
    outcome = services.article_extract_claims_with_backlog(
        article_id=articles[0].pk, backlog=10, backlog_bytes=1_000_000
    )
    assert len(outcome.others) == len(SHARED) - 1
    batched = _snapshot(articles)
    # Claims were matched across the articles of the batch.
    assert any(len(row[5]) > 1 for row in batched if isinstance(row[5], tuple))

    Mention.objects.all().delete()
    Claim.objects.all().delete()
    Source.objects.exclude(articles__isnull=False).delete()
    Article.objects.filter(pk__in=[a.pk for a in articles]).update(state="fetched")
    for article in articles:
        assert services.article_extract_claims(article_id=article.pk).done

    assert _snapshot(articles) == batched


@pytest.mark.parametrize(
    ("variable", "value", "message"),
    [
        ("CLAIMTRACK_EXTRACT_BATCH", "0", "CLAIMTRACK_EXTRACT_BATCH must be 1 or more"),
        ("CLAIMTRACK_EXTRACT_BATCH", "many", "CLAIMTRACK_EXTRACT_BATCH must be a whole number"),
        ("CLAIMTRACK_EXTRACT_BATCH_BYTES", "-1", "CLAIMTRACK_EXTRACT_BATCH_BYTES 0 or more"),
    ],
)
def test_the_batch_settings_fail_loudly_when_malformed(
    variable: str, value: str, message: str
) -> None:
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        env={"DJANGO_SETTINGS_MODULE": "config.settings", variable: value, "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        cwd=settings.BASE_DIR,
        check=False,
    )
    assert result.returncode != 0
    assert message in result.stderr


def test_a_task_whose_article_another_worker_holds_skips_and_queues_nothing(
    batches: list[int], caplog: pytest.LogCaptureFixture
) -> None:
    held = make_article(TEXTS[0], state=Article.State.EXTRACTING)
    Article.objects.filter(pk=held.pk).update(claimed_at=timezone.now())
    caplog.set_level(logging.INFO, logger="claims")

    assert tasks.article_extract_claims_task.run(held.pk) == "skipped"

    assert batches == []
    assert _states(held) == ["extracting"]
    assert "is being extracted by another worker" in caplog.text
    assert "retry" not in caplog.text
