"""`manage.py ingest --wait` waits for the end of the whole pipeline, not for the fetch:
claims extracted (and how many claims and mentions), language unsupported, duplicate or
failed, whether the claims step fails or a real worker runs it after the fetch.

Bad inputs tried: a page that is not there (404), a page in German (no claims for it), an
article whose claims extraction failed, imported again.
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path

import pytest
from django.core.management import CommandError
from django.db import connections

from claims.models import Mention
from sources.management.commands.ingest import WAIT_POLL_SECONDS
from sources.models import Article
from tests.support.claims import make_article
from tests.support.commands import ingest_output
from tests.support.http import LocalSite, Reply
from tests.support.pages import BREITBART, page_html, seed_txt
from tests.support.pipeline import apply_local_fetch_settings
from tests.support.worker import WorkerProcess, tasks_through_broker, wait_until

pytestmark = pytest.mark.django_db(transaction=True)

HTML = {"Content-Type": "text/html; charset=utf-8"}
GERMAN_PAGE = (
    "<html lang='de'><head><title>Der Hafen wurde wieder geöffnet</title></head><body>"
    "<article><h1>Der Hafen wurde wieder geöffnet</h1>"
    + "".join(
        f"<p>Die Behörden der Stadt sagten am Montag, dass der Hafen nach {n} Wochen wieder "
        "geöffnet wurde und die ersten Schiffe mit Getreide und Treibstoff eingelaufen sind. "
        "Die Händler auf dem Markt berichteten, dass die Preise seitdem gefallen sind.</p>"
        for n in range(2, 8)
    )
    + "</article></body></html>"
).encode()


def _claims_and_mentions(article: Article) -> str:
    mentions = Mention.objects.filter(article=article)
    claims = mentions.values("claim").distinct().count()
    assert mentions.count() > 0
    return f"{claims} claim{'s' if claims != 1 else ''}, {mentions.count()} mentions"


@pytest.mark.worker
def test_wait_lasts_until_a_real_worker_has_extracted_the_claims(
    site: LocalSite, tmp_path: Path
) -> None:
    site.routes["/story"] = Reply(200, page_html(BREITBART), HTML)
    site.routes["/hafen"] = Reply(200, GERMAN_PAGE, HTML)
    site.routes["/gone"] = Reply(404, b"<html><body>no</body></html>", HTML)
    urls = [site.url("/story"), site.url("/hafen"), site.url("/gone")]
    env = {"CLAIMTRACK_FETCH_ALLOW_PRIVATE": "1", "CLAIMTRACK_FETCH_HOST_INTERVAL": "0"}
    result: dict[str, tuple[str, CommandError | None]] = {}

    def ingest() -> None:
        try:
            result["ingest"] = ingest_output(*urls, "--wait", "--timeout", "90")
        finally:
            connections.close_all()

    with tasks_through_broker():
        # A fetching worker only, at first: the articles stop at `fetched`, their claims
        # tasks waiting in the claims queue.
        fetcher = WorkerProcess(tmp_path / "worker.log", queues="default", env=env).start()
        extractor = WorkerProcess(tmp_path / "worker.log", queues="claims", env=env)
        command = threading.Thread(target=ingest)
        try:
            command.start()

            def fetched() -> bool:
                states = set(Article.objects.values_list("state", flat=True))
                return len(urls) == Article.objects.count() and states == {"fetched", "failed"}

            wait_until(fetched, timeout=30, what="the fetches", log=fetcher.log)
            command.join(timeout=4 * WAIT_POLL_SECONDS)
            assert command.is_alive(), result  # `fetched` is half way: still waiting
            extractor.start()
            command.join(timeout=90)
            assert not command.is_alive()
        finally:
            fetcher.stop()
            extractor.stop()
            command.join(timeout=120)

    out, error = result["ingest"]
    story = Article.objects.get(url=site.url("/story"))
    hafen = Article.objects.get(url=site.url("/hafen"))
    gone = Article.objects.get(url=site.url("/gone"))
    assert error is not None  # the 404
    assert "not finished after" not in out
    assert (story.state, hafen.state, gone.state) == ("extracted", "unsupported", "failed")
    assert (
        f"[extracted] #{story.pk} Rumors Swirl North Korea Is Preparing to Deploy Troops to "
        f"Ukraine | Breitbart | 2024-06-27 | {_claims_and_mentions(story)}\n"
    ) in out
    assert f"[unsupported] #{hafen.pk} Der Hafen wurde wieder geöffnet |" in out
    assert f"[failed] #{gone.pk} {site.url('/gone')}:" in out
    assert "[fetched]" not in out
    assert "3 article(s): 1 extracted, 1 failed, 1 unsupported" in out


def test_wait_reports_a_file_and_its_claims_and_exits_0(tmp_path: Path) -> None:
    out, error = ingest_output(str(seed_txt(BREITBART)), "--source", "Breitbart", "--wait")

    assert error is None
    article = Article.objects.get()
    assert article.state == Article.State.EXTRACTED
    assert f"[extracted] #{article.pk} " in out
    assert f"| Breitbart | no date | {_claims_and_mentions(article)}\n" in out


def test_wait_reports_an_article_whose_claims_extraction_failed_and_exits_1(
    tmp_path: Path,
) -> None:
    """The claims step leaves such an article `fetched`, with the reason: that is its end
    until the task retries it or a person runs extract_claims, not a success."""
    article = make_article("The bridge was reopened on Monday, the mayor said.")
    Article.objects.filter(pk=article.pk).update(
        failure_kind=Article.FailureKind.INTERNAL,
        failure_message="Claim extraction failed in the extractor (RuntimeError: boom).",
    )
    copy = tmp_path / "bridge.txt"
    copy.write_text("Bridge reopened\n\nThe bridge was reopened on Monday, the mayor said.\n")

    out, error = ingest_output(str(copy), "--url", str(article.url), "--wait", "--timeout", "5")

    assert error is not None
    assert error.returncode == 1
    assert "not finished after" not in out
    assert (
        f"[fetched] #{article.pk} {article.title} | Example Wire | 2024-06-27 | no claims: "
        "Claim extraction failed in the extractor (RuntimeError: boom). (internal)"
    ) in out


def test_without_wait_queued_articles_are_said_to_go_on_and_where_to_follow_them(
    site: LocalSite,
) -> None:
    """With a broker, `ingest URL` ends as the work begins: '1 article(s): 1 queued' said
    nothing of what comes next. In-process (the demo) the articles have ended: no such line."""
    site.routes["/story"] = Reply(200, page_html(BREITBART), HTML)
    with tasks_through_broker():
        out, error = ingest_output(site.url("/story"))
    assert error is None
    assert "1 article(s): 1 queued; 0 bad inputs" in out
    # Not "run the command again": sent again, a URL whose article failed is fetched again.
    assert "follow how each ends on the ingest page (/ingest/)" in out
    assert "With --wait, the command waits for them" in out

    Article.objects.all().delete()
    ended_out, _ = ingest_output(site.url("/gone-for-good"))
    assert "1 failed" in ended_out
    assert "--wait" not in ended_out


def test_with_wait_a_failure_is_said_once_not_also_by_the_fetchers_warnings(
    site: LocalSite, caplog, settings
) -> None:
    """In-process (the demo), `ingest URL --wait` of a page that is not there printed the
    failure three times: the fetcher's and the fetch step's WARNING lines, then its own."""
    apply_local_fetch_settings(settings)
    site.routes["/gone"] = Reply(404, b"<html><body>no</body></html>", HTML)
    with caplog.at_level(logging.DEBUG):
        out, error = ingest_output(site.url("/gone"), "--wait")
    assert error is not None
    assert out.count("does not exist") == 1
    said = [r for r in caplog.records if r.name.split(".")[0] in ("sources", "claims", "celery")]
    assert [r.getMessage() for r in said if r.levelno < logging.ERROR] == []


def test_when_no_worker_takes_them_the_wait_asks_whether_one_is_running(site: LocalSite) -> None:
    """`ingest URL --wait` with a broker and no worker (the first run 'for real'): it
    waited out its timeout and said only 'not finished after N s'."""
    site.routes["/story"] = Reply(200, page_html(BREITBART), HTML)
    with tasks_through_broker():
        out, error = ingest_output(site.url("/story"), "--wait", "--timeout", "1")
    assert error is not None
    assert "not finished after 1 s" in out
    assert "is a Celery worker running" in out
    assert site.hits.get("/story", 0) == 0
