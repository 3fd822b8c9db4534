"""The page as fetched is kept compressed on its Article, for provenance: written with
Zstandard since 2026-12-07, and rows written before with zlib stay readable.

Bad inputs tried: none can come from outside (the field is written only by the pipeline,
from text it decoded); the edge cases are no page, an empty page, characters outside the
Basic Multilingual Plane and eight threads compressing at once.
"""

from __future__ import annotations

import threading
import zlib

import pytest
import zstandard

from sources.models import Article
from tests.support.http import LocalSite, Reply
from tests.support.pages import EXAMINER, page_html
from tests.support.pipeline import apply_local_fetch_settings, submit_and_run

pytestmark = pytest.mark.django_db

PAGE = (
    "<!DOCTYPE html><html><head><title>Bridge reopens</title></head><body>"
    + "<p>Officials said on Monday that the bridge had reopened \u2014 \u00e9t\u00e9 \U0001f309</p>"
    * 400
    + "</body></html>"
)


def test_a_page_is_kept_smaller_and_read_back_whole() -> None:
    article = Article.objects.create(url="https://news.example/bridge")
    article.raw_html = PAGE
    article.save()
    stored = Article.objects.get(pk=article.pk)
    assert stored.raw_html == PAGE
    assert stored.raw_html_compressed is not None
    assert len(bytes(stored.raw_html_compressed)) < len(PAGE.encode()) / 10
    assert bytes(stored.raw_html_compressed)[:4] == b"\x28\xb5\x2f\xfd"  # Zstandard


def test_a_page_kept_with_zlib_before_is_still_read() -> None:
    article = Article.objects.create(
        url="https://news.example/older", raw_html_compressed=zlib.compress(PAGE.encode(), 3)
    )
    assert Article.objects.get(pk=article.pk).raw_html == PAGE


def test_a_damaged_copy_fails_to_read_rather_than_reading_wrong() -> None:
    article = Article(url="https://news.example/damaged")
    article.raw_html = PAGE
    assert article.raw_html_compressed is not None
    damaged = bytearray(bytes(article.raw_html_compressed))
    damaged[len(damaged) // 2] ^= 0xFF
    article.raw_html_compressed = bytes(damaged)
    with pytest.raises(zstandard.ZstdError):
        _ = article.raw_html


def test_no_page_and_an_empty_page_keep_nothing() -> None:
    article = Article(url="https://news.example/empty")
    assert article.raw_html == ""
    article.raw_html = ""
    assert article.raw_html_compressed is None
    assert article.raw_html == ""


def test_threads_compressing_at_once_each_keep_their_own_page() -> None:
    pages = [PAGE.replace("Bridge", f"Bridge {n}") for n in range(8)]
    results: dict[int, str] = {}

    def keep(number: int) -> None:
        for _ in range(20):
            article = Article(url=f"https://news.example/{number}")
            article.raw_html = pages[number]
            results[number] = article.raw_html

    threads = [threading.Thread(target=keep, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == dict(enumerate(pages))


def test_a_fetched_page_is_stored_byte_for_byte_by_the_worker_step(
    site: LocalSite, settings, django_capture_on_commit_callbacks
) -> None:
    # The store's UPDATE binds the compressed page as bytes on PostgreSQL (not a literal).
    apply_local_fetch_settings(settings)
    page = page_html(EXAMINER)
    site.routes["/story"] = Reply(200, page)
    article, _ = submit_and_run(django_capture_on_commit_callbacks, site.url("/story"))
    assert article.fetched_at is not None  # stored (the claims step ran after it)
    assert article.raw_html == page.decode()
    assert article.raw_html_compressed is not None
    assert bytes(article.raw_html_compressed)[:4] == b"\x28\xb5\x2f\xfd"
    assert article.text
