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
import threading
import time
from collections.abc import Iterable
from typing import Any

import pytest
from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.db import connection, connections
from django.utils import timezone

from claims import editorial, services, tasks
from claims.models import Claim, Mention
from claims.nlp import pipeline
from claims.nlp.types import ArticleInput, Claimant, ClaimCandidate
from sources.models import Article, Source
from tests.support.claims import candidate, make_article, person, place

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


def test_past_the_time_limit_the_batch_fails_at_once_not_article_by_article(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The soft time limit interrupts the batch's NLP: trying each article alone would run
    # into the hard limit (the worker process killed, nothing recorded). They all fail now,
    # with the reason, and their tasks retry them.
    calls: list[int] = []

    def slow(items: Iterable[ArticleInput], **kwargs: int) -> list[list[ClaimCandidate]]:
        calls.append(len(list(items)))
        raise SoftTimeLimitExceeded()

    monkeypatch.setattr(pipeline, "extract_claims_many", slow)
    articles = [make_article(text) for text in TEXTS[:3]]

    result = services.article_extract_claims_with_backlog(
        article_id=articles[0].pk,
        backlog=5,
        backlog_bytes=1_000_000,
        stop_on=(SoftTimeLimitExceeded,),
    )

    assert calls == [3]
    assert isinstance(result.own, services.ExtractionFailedError)
    assert all(isinstance(r, services.ExtractionFailedError) for r in result.others)
    assert _states(*articles) == ["fetched"] * 3
    for article in articles:
        article.refresh_from_db()
        assert "SoftTimeLimitExceeded" in article.failure_message


def _given_candidates(
    monkeypatch: pytest.MonkeyPatch, by_text: dict[str, list[ClaimCandidate]]
) -> list[int]:
    """The extractor hands these candidates for these texts (the writes are what is
    tested); returns the size of every batch it is called with."""
    calls: list[int] = []

    def given(items: Iterable[ArticleInput], **kwargs: int) -> list[list[ClaimCandidate]]:
        inputs = list(items)
        calls.append(len(inputs))
        return [list(by_text[item.text]) for item in inputs]

    monkeypatch.setattr(pipeline, "extract_claims_many", given)
    return calls


def _claimant_kinds(
    monkeypatch: pytest.MonkeyPatch, *, batch: bool
) -> tuple[list[int], dict[str, str]]:
    """Article 1's claimant 'harbour board' is of no known kind; article 2 names it as a
    person's body (an organization)."""
    first = "The harbour board said that the bridge at Tessane was closed on Monday."
    second = "Mira Olt said that 40 fishing boats had been seized near Port Arlo."
    by_text = {
        first: [
            candidate(
                first,
                "the bridge at Tessane was closed on Monday",
                claimant=Claimant(name="harbour board", text="The harbour board", kind="other"),
            )
        ],
        second: [
            candidate(
                second,
                "40 fishing boats had been seized near Port Arlo",
                claimant=person("Mira Olt", affiliation="harbour board"),
            )
        ],
    }
    calls = _given_candidates(monkeypatch, by_text)
    articles = [make_article(first), make_article(second)]
    if batch:
        services.article_extract_claims_with_backlog(
            article_id=articles[0].pk, backlog=5, backlog_bytes=1_000_000
        )
    else:
        for article in articles:
            services.article_extract_claims(article_id=article.pk)
    assert _states(*articles) == ["extracted", "extracted"]
    names = ["harbour board", "Mira Olt"]
    return calls, dict(Source.objects.filter(name__in=names).values_list("name", "kind"))


@pytest.mark.parametrize("batch", [False, True])
def test_an_affiliation_teaches_an_unknown_source_its_kind_in_a_batch_too(
    monkeypatch: pytest.MonkeyPatch, batch: bool
) -> None:
    calls, kinds = _claimant_kinds(monkeypatch, batch=batch)
    assert calls == ([2] if batch else [1, 1])
    assert kinds == {"harbour board": "organization", "Mira Olt": "person"}


# -- a batch and an editor's merge at the same time --------------------------------------------

P1 = "Rebel commanders said they captured three villages east of Marrow Hill on Friday."
P2 = "The coastal guard said 40 fishing boats had been seized near Port Arlo on Monday."
Q1 = "rebels captured three villages east of Marrow Hill"
Q2 = "40 fishing boats had been seized near Port Arlo"
A_TEXT = "Officials said 40 fishing boats had been seized near Port Arlo, a second report says."
B_TEXT = "Witnesses said rebels captured three villages east of Marrow Hill, a report says."


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("backlog", [0, 5])
def test_an_editor_merge_is_not_killed_by_a_batch_deadlock(
    monkeypatch: pytest.MonkeyPatch, backlog: int
) -> None:
    # A batch writes article A (matching claim C2), then B (matching C1), holding the row
    # locks to its one commit; an editor merges C2 into C1 in between (locking C1, then C2).
    # Without a common lock taken first the two lock in crossing orders: a deadlock, and
    # PostgreSQL kills the editor's merge. backlog=0 is one article per transaction.
    def c1(text: str) -> ClaimCandidate:
        return candidate(
            text,
            "captured three villages east of Marrow Hill" if text == P1 else Q1,
            actor="rebels",
            where=place("Marrow Hill", "XX"),
            quantity=3,
            unit="villages",
        )

    def c2(text: str) -> ClaimCandidate:
        return candidate(
            text, Q2, where=place("Port Arlo", "XX"), quantity=40, unit="fishing boats"
        )

    _given_candidates(
        monkeypatch, {P1: [c1(P1)], P2: [c2(P2)], A_TEXT: [c2(A_TEXT)], B_TEXT: [c1(B_TEXT)]}
    )
    p1, p2 = make_article(P1), make_article(P2)
    assert services.article_extract_claims(article_id=p1.pk).done
    assert services.article_extract_claims(article_id=p2.pk).done
    claim1 = Mention.objects.get(article=p1).claim_id
    claim2 = Mention.objects.get(article=p2).claim_id
    assert claim1 < claim2
    a, b = make_article(A_TEXT), make_article(B_TEXT)

    real_write = services._write_article
    editor_error: list[BaseException] = []
    merged: list[int] = []

    def editor() -> None:
        try:
            merged.append(
                editorial.claim_merge(claim_id=claim2, into_claim_id=claim1, editor=None).pk
            )
        except BaseException as exc:
            editor_error.append(exc)
        finally:
            connections.close_all()

    thread = threading.Thread(target=editor)

    def write(article: Article, *args: Any, **kwargs: Any) -> Any:
        result = real_write(article, *args, **kwargs)
        if article.pk == a.pk:
            thread.start()  # the editor locks C1 and waits for C2 (ours until the commit)
            time.sleep(0.3)
        return result

    monkeypatch.setattr(services, "_write_article", write)
    result = services.article_extract_claims_with_backlog(
        article_id=a.pk, backlog=backlog, backlog_bytes=1_000_000
    )
    if not backlog:
        assert services.article_extract_claims(article_id=b.pk).done
    thread.join(timeout=30)

    assert isinstance(result.own, services.ExtractionOutcome)
    assert result.own.done
    assert Article.objects.get(pk=b.pk).state == "extracted"
    assert not editor_error, repr(editor_error)
    assert merged == [claim1]
    assert Claim.objects.get(pk=claim2).merged_into_id == claim1


def test_an_article_and_the_batch_that_took_it_share_one_budget_of_tries(
    batches: list[int], monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """A taken-along article that fails is queued again, and its own message may still be
    waiting too: both count on the article, so it is tried CLAIMS_MAX_TRIES times in all,
    not once per chain of retries."""
    good, broken = make_article(TEXTS[0]), make_article(BROKEN)
    queued: list[int] = []
    retried: list[int] = []
    monkeypatch.setattr(
        tasks.article_extract_claims_task,
        "apply_async",
        lambda args, **options: queued.append(args[0]),
    )

    def retry(task: object, article_id: int, **options: object) -> str:
        retried.append(article_id)  # what the broker would run later, run here by the test
        return "retry"

    monkeypatch.setattr(tasks, "_retry", retry)
    caplog.set_level(logging.INFO, logger="claims")

    assert tasks.article_extract_claims_task.run(good.pk) == "extracted"  # took broken along
    assert queued == [broken.pk]
    # Its own message, then the queued one, then their retries: each a try of the same budget.
    for _ in range(services.CLAIMS_MAX_TRIES - 1):
        tasks.article_extract_claims_task.run(broken.pk)
    broken.refresh_from_db()
    assert broken.claims_attempts == services.CLAIMS_MAX_TRIES
    assert len(retried) == services.CLAIMS_MAX_TRIES - 2  # the last try gives up
    assert f"article {broken.pk} claims: giving up" in caplog.text
    assert _states(good, broken) == ["extracted", "fetched"]
    # A success starts the count again.
    good.refresh_from_db()
    assert good.claims_attempts == 0


def test_the_sweep_gives_up_on_an_article_its_workers_died_on_every_time() -> None:
    from datetime import timedelta

    long_ago = timezone.now() - timedelta(days=1)
    dying = make_article(TEXTS[0], state=Article.State.EXTRACTING)
    lost = make_article(TEXTS[1], state=Article.State.EXTRACTING)
    Article.objects.filter(pk=dying.pk).update(
        claimed_at=long_ago, claims_attempts=services.CLAIMS_MAX_TRIES
    )
    Article.objects.filter(pk=lost.pk).update(claimed_at=long_ago, claims_attempts=1)

    assert services.articles_recover_stalled_extractions() == [lost.pk]

    dying.refresh_from_db()
    assert (dying.state, dying.claimed_at) == ("fetched", None)
    assert dying.failure_kind == Article.FailureKind.INTERNAL
    assert "stopped 4 times before finishing" in dying.failure_message
    assert services.articles_recover_stalled_extractions() == []  # not again
