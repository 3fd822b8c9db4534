"""A URL whose article failed, asked for again by a person (`manage.py ingest`, a manifest,
the ingest page, the API), is fetched again with a fresh set of attempts, as the Retry
button does.

Before, it was only "already imported before" / "already known": the old failure was
printed again and nothing was fetched. The way a new user meets it: the first `ingest` of
a page served on this machine fails (its address is refused), they set
CLAIMTRACK_FETCH_ALLOW_PRIVATE=1 as the README says and run the same command again. That
article could not be retried at all: the Retry button is not offered for a refused
address, and the command line has no other way. A site that was down is the same story.

A feed poll, which sees the same entries on every poll, still leaves a failed one alone.

Bad inputs tried: a refused loopback address, then allowed; a page that answered 404, then
200; the same through a manifest, the ingest page and the API; a feed listing a failed one.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from sources.feeds import feed_add, feed_poll
from sources.models import Article
from tests.support.commands import ingest_output
from tests.support.fetching import page
from tests.support.http import LocalSite, Reply
from tests.support.pipeline import apply_local_fetch_settings

pytestmark = pytest.mark.django_db(transaction=True)  # after-commit tasks run at commit

HTML = {"Content-Type": "text/html; charset=utf-8"}
STORY = page("Harbour reopens", "The port authority said the harbour reopened on Monday. " * 12)


def test_a_refused_address_is_fetched_once_it_is_allowed(settings, site: LocalSite) -> None:
    site.routes["/story"] = Reply(200, STORY, HTML)
    apply_local_fetch_settings(settings, CLAIMTRACK_FETCH_ALLOW_PRIVATE=False)
    out, error = ingest_output(site.url("/story"), "--wait")
    assert error is not None
    assert "(blocked_address)" in out
    assert site.hits.get("/story", 0) == 0

    settings.CLAIMTRACK_FETCH_ALLOW_PRIVATE = True
    out, error = ingest_output(site.url("/story"), "--wait")
    assert error is None, out
    article = Article.objects.get()
    assert article.state == Article.State.EXTRACTED
    assert article.title == "Harbour reopens"
    assert (article.failure_kind, article.failure_message) == ("", "")
    assert f"[extracted] #{article.pk} Harbour reopens" in out
    assert "1 had failed before, queued again" in out
    assert "already imported before" not in out


def test_a_manifest_fetches_a_page_again_that_was_not_there(
    settings, site: LocalSite, tmp_path: Path
) -> None:
    apply_local_fetch_settings(settings)
    replies = iter([Reply(404, b"<html><body>not yet</body></html>", HTML), Reply(200, STORY)])
    site.routes["/story"] = lambda handler: next(replies)
    site.routes["/other"] = Reply(200, page("Bridge closes", "The bridge closed. " * 30), HTML)
    manifest = tmp_path / "m.jsonl"
    manifest.write_text(json.dumps({"url": site.url("/story")}) + "\n")
    _, error = ingest_output("--manifest", str(manifest), "--wait")
    assert error is not None
    assert Article.objects.get().failure_kind == Article.FailureKind.NOT_FOUND

    lines = [{"url": site.url("/story")}, {"url": site.url("/other")}]
    manifest.write_text("".join(json.dumps(line) + "\n" for line in lines))
    out, error = ingest_output("--manifest", str(manifest), "--wait")
    assert error is None, out
    assert sorted(Article.objects.values_list("state", flat=True)) == ["extracted", "extracted"]
    assert site.hits["/story"] == 2
    assert "2 article(s): 2 extracted; 1 had failed before, queued again; 0 bad inputs" in out


def test_an_article_that_did_not_fail_is_not_fetched_again(settings, site: LocalSite) -> None:
    apply_local_fetch_settings(settings)
    site.routes["/story"] = Reply(200, STORY, HTML)
    ingest_output(site.url("/story"), "--wait")
    out, error = ingest_output(site.url("/story"), "--wait")
    assert error is None, out
    assert site.hits["/story"] == 1
    assert "1 already imported before" in out
    assert "failed before" not in out


def test_the_ingest_page_fetches_a_failed_url_sent_again(settings, site: LocalSite) -> None:
    from tests.factories import EditorFactory

    apply_local_fetch_settings(settings)
    replies = iter([Reply(503, b"<html><body>down</body></html>", HTML)] * 4 + [Reply(200, STORY)])
    site.routes["/story"] = lambda handler: next(replies)
    client = Client()
    client.force_login(EditorFactory.create())

    def send() -> str:
        response = client.post(
            reverse("sources:ingest_urls"), {"urls": site.url("/story")}, follow=True
        )
        assert response.status_code == 200
        return response.content.decode()

    send()
    assert Article.objects.get().state == Article.State.FAILED
    html = send()
    assert Article.objects.get().state == Article.State.EXTRACTED
    assert "1 article submitted: 1 fetched" in html
    assert "1 of them had failed before and was tried again." in html
    assert "already known" not in html


def test_a_feed_poll_leaves_a_failed_entry_alone(settings, site: LocalSite) -> None:
    apply_local_fetch_settings(settings)
    site.routes["/gone"] = Reply(404, b"<html><body>gone</body></html>", HTML)
    site.routes["/feed.xml"] = Reply(
        200,
        (
            "<?xml version='1.0'?><rss version='2.0'><channel><title>Wire</title>"
            f"<item><title>Gone</title><link>{site.url('/gone')}</link></item>"
            "</channel></rss>"
        ).encode(),
        {"Content-Type": "application/rss+xml"},
    )
    ingest_output(site.url("/gone"), "--wait")
    feed, _ = feed_add(url=site.url("/feed.xml"))
    result = feed_poll(feed_id=feed.pk)
    assert (result.status, result.new_articles) == ("polled", 0)
    assert Article.objects.get().state == Article.State.FAILED
    assert site.hits["/gone"] == 1


def test_the_api_queues_a_failed_url_sent_again(settings, site: LocalSite) -> None:
    from rest_framework.test import APIClient

    from tests.factories import EditorFactory

    apply_local_fetch_settings(settings)
    replies = iter([Reply(404, b"<html><body>not yet</body></html>", HTML), Reply(200, STORY)])
    site.routes["/story"] = lambda handler: next(replies)
    site.routes["/other"] = Reply(200, page("Bridge closes", "The bridge closed. " * 30), HTML)
    client = APIClient()
    client.force_authenticate(EditorFactory.create())
    client.post("/api/v1/articles/", {"urls": [site.url("/story")]}, format="json")
    assert Article.objects.get().state == Article.State.FAILED
    ingest_output(site.url("/other"), "--wait")

    body = client.post(
        "/api/v1/articles/", {"urls": [site.url("/story"), site.url("/other")]}, format="json"
    ).json()
    assert (body["queued"], body["known"]) == (1, 1)
    assert [a["created"] for a in body["articles"]] == [False, False]
    story = Article.objects.get(url=site.url("/story"))
    assert (story.state, story.title) == (Article.State.EXTRACTED, "Harbour reopens")
    assert site.hits["/other"] == 1
