"""One article per document: the same URL submitted twice, two URLs that declare the same
canonical URL, and the same text under another URL (syndication) — through the real
pipeline against a loopback server.

Bad inputs tried: the same URL with different letter case, default port, fragment and
tracking parameters; a URL equal to a known article's canonical URL; a second page whose
canonical link points at an article already fetched; a copy of a text under another
address; a file whose text was already fetched from a URL; one URL sent by eight sessions at
once; a URL taken between the look-up and the INSERT.
"""

from __future__ import annotations

import re
import threading

import pytest
from django.db import connection

from sources.models import Article
from sources.services import _article_insert_unless_taken, article_ingest_file, article_submit
from tests.support.http import LocalSite, Reply
from tests.support.pages import BREITBART, BREITBART_CANONICAL, EXAMINER, PAGES, page_html
from tests.support.pipeline import apply_local_fetch_settings, submit_and_run

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _local_fetching(settings) -> None:
    apply_local_fetch_settings(settings)


def _without_canonical(html: bytes) -> bytes:
    html = re.sub(rb'<link rel="canonical"[^>]*>', b"", html)
    return re.sub(rb'<meta property="og:url"[^>]*>', b"", html)


def test_the_same_url_submitted_twice_is_one_article(django_capture_on_commit_callbacks) -> None:
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        first, created = article_submit(url="https://News.Example.com:443/story?id=4#top")
        again, created_again = article_submit(
            url="https://news.example.com/story?utm_source=newsletter&id=4"
        )
    assert created
    assert not created_again
    assert again.pk == first.pk
    assert first.url == "https://news.example.com/story?id=4"
    assert Article.objects.count() == 1
    assert len(callbacks) == 1  # one fetch enqueued, after commit


def test_a_url_equal_to_a_known_canonical_url_is_that_article(
    site: LocalSite, django_capture_on_commit_callbacks
) -> None:
    site.routes["/amp/story"] = Reply(200, page_html(BREITBART))
    fetched, _ = submit_and_run(django_capture_on_commit_callbacks, site.url("/amp/story"))
    assert fetched.canonical_url == BREITBART_CANONICAL

    again, created = article_submit(url=BREITBART_CANONICAL + "?utm_campaign=share")

    assert not created
    assert again.pk == fetched.pk


def test_two_urls_with_one_canonical_url_give_a_duplicate(
    site: LocalSite, django_capture_on_commit_callbacks
) -> None:
    site.routes["/story"] = Reply(200, page_html(BREITBART))
    site.routes["/story/amp"] = Reply(200, page_html(BREITBART))

    first, _ = submit_and_run(django_capture_on_commit_callbacks, site.url("/story"))
    second, created = submit_and_run(django_capture_on_commit_callbacks, site.url("/story/amp"))

    assert created
    assert first.state == Article.State.EXTRACTED
    assert first.canonical_url == BREITBART_CANONICAL
    assert second.state == Article.State.DUPLICATE
    assert second.duplicate_of_id == first.pk
    assert second.duplicate_reason == Article.DuplicateReason.CANONICAL_URL
    assert second.canonical_url is None
    assert Article.objects.filter(state=Article.State.EXTRACTED).count() == 1


def test_the_same_text_under_another_url_is_a_duplicate_of_the_first(
    site: LocalSite, django_capture_on_commit_callbacks
) -> None:
    # A syndicated copy: another site, its own address, the same article text.
    site.routes["/original"] = Reply(200, _without_canonical(page_html(EXAMINER)))
    site.routes["/syndicated/copy"] = Reply(200, _without_canonical(page_html(EXAMINER)))

    first, _ = submit_and_run(django_capture_on_commit_callbacks, site.url("/original"))
    copy, _ = submit_and_run(django_capture_on_commit_callbacks, site.url("/syndicated/copy"))

    assert first.state == Article.State.EXTRACTED
    assert copy.state == Article.State.DUPLICATE
    assert copy.duplicate_of_id == first.pk
    assert copy.duplicate_reason == Article.DuplicateReason.CONTENT
    # It keeps what makes it a separate publication.
    assert copy.canonical_url == site.url("/syndicated/copy")
    assert copy.publisher_id is not None
    assert copy.content_hash == first.content_hash


def test_different_articles_on_one_template_are_not_duplicates(
    site: LocalSite, django_capture_on_commit_callbacks
) -> None:
    other = _without_canonical(page_html(EXAMINER)).replace(
        b"North Korean officials have been opaque", b"Officials in the capital have been opaque"
    )
    site.routes["/one"] = Reply(200, _without_canonical(page_html(EXAMINER)))
    site.routes["/two"] = Reply(200, other)

    one, _ = submit_and_run(django_capture_on_commit_callbacks, site.url("/one"))
    two, _ = submit_and_run(django_capture_on_commit_callbacks, site.url("/two"))

    assert one.state == two.state == Article.State.EXTRACTED


def test_a_file_with_text_already_fetched_is_that_article(
    site: LocalSite, django_capture_on_commit_callbacks
) -> None:
    site.routes["/story"] = Reply(200, page_html(BREITBART))
    fetched, _ = submit_and_run(django_capture_on_commit_callbacks, site.url("/story"))

    from_file = article_ingest_file(path=PAGES / f"{BREITBART}.html")

    assert from_file.pk == fetched.pk
    assert Article.objects.count() == 1


def test_a_file_with_its_own_url_and_known_text_is_a_duplicate(
    site: LocalSite, django_capture_on_commit_callbacks
) -> None:
    site.routes["/story"] = Reply(200, _without_canonical(page_html(BREITBART)))
    fetched, _ = submit_and_run(django_capture_on_commit_callbacks, site.url("/story"))

    copy = article_ingest_file(
        path=PAGES / f"{BREITBART}.html", url="https://syndication.example.net/copy"
    )

    copy.refresh_from_db()
    assert copy.pk != fetched.pk
    assert copy.state == Article.State.DUPLICATE
    assert copy.duplicate_of_id == fetched.pk


@pytest.mark.django_db(transaction=True)
def test_the_same_url_sent_by_eight_people_at_once_is_one_article() -> None:
    # Real concurrent sessions: whoever inserts second finds the row taken (ON CONFLICT)
    # or already there, and gets the first one's article; nobody gets an error.
    start = threading.Barrier(8)
    results: list[tuple[int, bool]] = []

    def submit() -> None:
        try:
            start.wait()
            article, created = article_submit(url="https://news.example.com/race?id=1")
            results.append((article.pk, created))
        finally:
            connection.close()

    threads = [threading.Thread(target=submit) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(results) == 8
    assert len({pk for pk, _ in results}) == 1
    assert sum(created for _, created in results) == 1
    assert Article.objects.filter(url="https://news.example.com/race?id=1").count() == 1


def test_a_url_taken_between_the_look_up_and_the_insert_gives_no_error() -> None:
    first, _ = article_submit(url="https://news.example.com/taken")
    late = Article(url=first.url, state=Article.State.QUEUED)
    assert _article_insert_unless_taken(late) is False
    assert late.pk is None
    assert Article.objects.filter(url=first.url).count() == 1
    # The caller's transaction is still usable.
    assert Article.objects.get(pk=first.pk).url == first.url
