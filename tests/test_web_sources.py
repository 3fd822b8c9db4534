"""Source pages with their track record, article pages with quotes marked, the ingest page.

Bad inputs tried: an article whose title, byline and text carry HTML and script; a quote
whose offsets no longer match the text; a source with nothing resolved (no misleading 0%);
a URL list with a line that is not a URL (nothing is queued, the line is named); an
uploaded file of the wrong type; retrying an article that came from a file; an unknown
source slug.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from claims import selectors
from sources.models import Article
from tests.factories import (
    ArticleFactory,
    ClaimFactory,
    FeedFactory,
    MentionFactory,
    SourceDomainFactory,
    SourceFactory,
    StatusChangeFactory,
)

pytestmark = pytest.mark.django_db


def _claim_by(source, status: str, stated: date, *, stance: str = "asserts", confirmed_on=None):
    claim = ClaimFactory.create(first_reported=stated)
    MentionFactory.create(claim=claim, claimant=source, stance=stance, stated_on=stated)
    if status != "unverified":
        change = StatusChangeFactory.create(claim=claim, to_status=status)
        if confirmed_on:
            type(change).objects.filter(pk=change.pk).update(
                created_at=datetime.combine(confirmed_on, datetime.min.time(), UTC)
            )
    return claim


def test_track_record_counts_share_and_median_days(client):
    agency = SourceFactory.create(name="News Agency", kind="state_media")
    _claim_by(agency, "confirmed", date(2024, 6, 1), confirmed_on=date(2024, 6, 11))
    _claim_by(agency, "confirmed", date(2024, 6, 1), confirmed_on=date(2024, 7, 1))
    _claim_by(agency, "confirmed", date(2024, 6, 1), confirmed_on=date(2024, 8, 1))
    _claim_by(agency, "denied", date(2024, 6, 2))
    _claim_by(agency, "unverified", date(2024, 6, 3))
    _claim_by(agency, "disputed", date(2024, 6, 4))
    # Denying a claim is not putting it forward: not in the record.
    _claim_by(agency, "confirmed", date(2024, 6, 5), stance="denies")

    record = selectors.source_track_record(source=agency)
    assert (record.confirmed, record.denied, record.open) == (3, 1, 2)
    assert record.share_confirmed == pytest.approx(0.75)
    assert record.median_days_to_confirmation == 30

    html = client.get(agency.get_absolute_url()).content.decode()
    assert "75%" in html
    assert "confirmed of 4 resolved" in html
    assert "median days from its first report to confirmation" in html


def test_source_with_nothing_resolved_says_so_rather_than_zero_percent(client):
    person = SourceFactory.create(name="Unconfirmed Speaker", kind="person")
    _claim_by(person, "unverified", date(2024, 6, 3))
    html = client.get(person.get_absolute_url()).content.decode()
    assert "no resolved claims yet" in html
    assert "0%" not in html
    silent = SourceFactory.create(name="Silent Body", kind="government")
    assert "no resolved claims yet" in client.get(silent.get_absolute_url()).content.decode()


def test_source_page_shows_profile_domains_feeds_articles_and_statements(client):
    outlet = SourceFactory.create(name="The Ledger", description="A daily paper.")
    SourceDomainFactory.create(source=outlet, domain="ledger.example")
    FeedFactory.create(
        source=outlet,
        url="https://ledger.example/rss",
        consecutive_failures=5,
        last_error="HTTP 503 from the server",
    )
    ArticleFactory.create(publisher=outlet, title="Ledger story")
    mention = MentionFactory.create(claimant=outlet, quote="The Ledger reported the bridge closed.")
    html = client.get(outlet.get_absolute_url()).content.decode()
    for text in (
        "A daily paper.",
        "ledger.example",
        "https://ledger.example/rss",
        "unhealthy: 5 failures in a row",
        "HTTP 503 from the server",
        "Ledger story",
        mention.quote,
        mention.claim.summary,
    ):
        assert text in html, text
    assert client.get(reverse("sources:source_detail", args=["no-such-source"])).status_code == 404


def test_source_list_shows_kinds_and_counts_and_filters_by_kind(client):
    outlet = SourceFactory.create(name="The Ledger")
    person = SourceFactory.create(name="Jane Doe", kind="person")
    ArticleFactory.create(publisher=outlet)
    ArticleFactory.create(publisher=outlet)
    MentionFactory.create(claimant=person)
    html = client.get(reverse("sources:source_list")).content.decode()
    assert "The Ledger" in html
    assert "News outlet" in html
    people = client.get(reverse("sources:source_list"), {"kind": "person"}).content.decode()
    assert "Jane Doe" in people
    assert "The Ledger" not in people


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_source_page_queries_do_not_grow_with_rows(client, django_assert_max_num_queries):
    outlet = SourceFactory.create(name="Busy Outlet")
    FeedFactory.create(source=outlet)
    ArticleFactory.create(publisher=outlet)
    for i in range(2):
        _claim_by(outlet, "confirmed", date(2024, 6, 1 + i), confirmed_on=date(2024, 7, 1))
    few = _queries(client, outlet.get_absolute_url())
    for i in range(25):
        _claim_by(
            outlet,
            "denied" if i % 2 else "confirmed",
            date(2024, 6, 1 + i),
            confirmed_on=date(2024, 8, 1),
        )
        ArticleFactory.create(publisher=outlet)
        FeedFactory.create(source=outlet)
    with django_assert_max_num_queries(few):
        client.get(outlet.get_absolute_url())
    assert few <= 12
    list_few = _queries(client, reverse("sources:source_list"))
    for _ in range(10):
        SourceFactory.create()
    with django_assert_max_num_queries(list_few):
        client.get(reverse("sources:source_list"))


def test_article_text_marks_every_quote_and_escapes_everything_else(client):
    text = (
        "Intro <b>bold?</b> & more.\n\n"
        "The minister said 3,000 troops moved <img src=x onerror=alert(1)>.\n"
        "Later the agency denied it."
    )
    article = ArticleFactory.create(
        title="<script>alert(1)</script>",
        byline='<a href="javascript:alert(2)">Byline</a>',
        text=text,
    )
    first_quote = "The minister said 3,000 troops moved <img src=x onerror=alert(1)>."
    start = text.index(first_quote)
    asserted = MentionFactory.create(
        article=article, quote=first_quote, start=start, end=start + len(first_quote)
    )
    second = "the agency denied it"
    s2 = text.index(second)
    denied = MentionFactory.create(
        article=article, quote=second, start=s2, end=s2 + len(second), stance="denies"
    )
    stale = MentionFactory.create(article=article, quote="Text that is not there", start=0, end=23)

    html = client.get(article.get_absolute_url()).content.decode()

    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<img src=x" not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    assert 'href="javascript:' not in html
    assert "&lt;b&gt;bold?&lt;/b&gt; &amp; more." in html
    assert f'<mark class="quote stance-asserts" id="mention-{asserted.pk}">' in html
    assert f'<mark class="quote stance-denies" id="mention-{denied.pk}">' in html
    assert f'href="{asserted.claim.get_absolute_url()}"' in html
    assert f'id="mention-{stale.pk}"' not in html
    assert "could not be marked" in html
    assert html.count("<p>") >= 3  # paragraphs kept
    # The side list jumps to each marked quote, with words for a screen reader, and
    # offers no jump to a quote that is not marked.
    jump = '<span class="visually-hidden">Show it in the text:</span>'
    assert f'<a href="#mention-{asserted.pk}" class="jump"' in html
    assert html.count(jump) == 2
    assert f'href="#mention-{stale.pk}"' not in html


def test_failed_article_shows_its_reason(client):
    article = ArticleFactory.create(
        state="failed",
        failure_kind="not_found",
        text="",
        failure_message="The server answered 404 Not Found.",
    )
    html = client.get(article.get_absolute_url()).content.decode()
    assert "Not found (404/410)" in html
    assert "The server answered 404 Not Found." in html


def test_ingest_urls_queues_new_and_reports_known(editor_client):
    ArticleFactory.create(url="https://news.example/known")
    response = editor_client.post(
        reverse("sources:ingest_urls"),
        {
            "urls": "https://news.example/new-1\n\n  https://news.example/new-2  \nhttps://news.example/known"
        },
        follow=True,
    )
    html = response.content.decode()
    assert "2 articles queued. 1 already known" in html
    assert Article.objects.filter(state="queued").count() == 2
    assert "https://news.example/new-1" in html  # in the queue below


def test_ingest_urls_with_a_bad_line_queues_nothing_and_names_the_line(editor_client):
    response = editor_client.post(
        reverse("sources:ingest_urls"),
        {"urls": "https://news.example/fine\nftp://files.example/x\nnot a url"},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Nothing was queued." in html
    assert "line 2" in html
    assert "line 3" in html
    assert not Article.objects.exists()


def test_upload_of_the_wrong_file_type_is_refused(editor_client):
    response = editor_client.post(
        reverse("sources:ingest_files"),
        {"documents": SimpleUploadedFile("report.pdf", b"%PDF-1.4")},
    )
    assert response.status_code == 400
    assert "only .html, .htm and .txt" in response.content.decode()
    assert not Article.objects.exists()


def test_upload_of_text_files_stores_articles(editor_client):
    response = editor_client.post(
        reverse("sources:ingest_files"),
        {
            "documents": [
                SimpleUploadedFile("one.txt", b"First headline\n\nOfficials said it rained.\n"),
                SimpleUploadedFile("two.txt", b"\n\n"),
            ],
            "source": "Upload Desk",
            "published": "2024-10-24",
        },
        follow=True,
    )
    html = response.content.decode()
    assert "1 file imported." in html
    assert "two.txt:" in html  # the empty file is named with its problem
    article = Article.objects.get(title="First headline")
    assert article.publisher is not None
    assert article.publisher.name == "Upload Desk"
    assert article.published_at is not None
    assert article.published_at.date() == date(2024, 10, 24)


def test_queue_polls_while_busy_and_retry_requeues_a_failure(editor_client):
    failed = ArticleFactory.create(
        state="failed", failure_kind="timeout", failure_message="Timed out", title="Slow page"
    )
    queued = ArticleFactory.create(state="queued", title="Waiting page")
    html = editor_client.get(reverse("sources:ingest_queue")).content.decode()
    assert 'hx-trigger="every 2s"' in html
    assert "Timed out" in html
    assert "Retry" in html
    fragment = editor_client.post(
        reverse("sources:article_retry", args=[failed.pk]), headers={"HX-Request": "true"}
    ).content.decode()
    assert "<html" not in fragment
    failed.refresh_from_db()
    assert failed.state == "queued"
    assert failed.failure_message == ""
    Article.objects.filter(pk__in=[failed.pk, queued.pk]).update(state="extracted")
    idle = editor_client.get(reverse("sources:ingest_queue")).content.decode()
    assert "every 2s" not in idle


def test_retrying_a_file_article_explains_why_not(editor_client):
    article = ArticleFactory.create(url=None, canonical_url=None, state="failed")
    response = editor_client.post(reverse("sources:article_retry", args=[article.pk]), follow=True)
    assert "came from a file" in response.content.decode()
    article.refresh_from_db()
    assert article.state == "failed"


def test_ingest_forms_have_ids_of_their_own_and_the_page_stays_ingest(editor_client):
    html = editor_client.get(reverse("sources:ingest")).content.decode()
    ids = re.findall(r'\bid="([^"]+)"', html)
    assert len(ids) == len(set(ids)), sorted(i for i in ids if ids.count(i) > 1)
    labels = re.findall(r'<label for="([^"]+)"', html)
    assert set(labels) <= set(ids)
    # Three "Outlet" fields, each label on its own form's field.
    assert {"id_urls_source", "id_files_source", "id_feed_source"} <= set(labels)
    # A refused form answers at its own address; the masthead still says "Ingest".
    refused = editor_client.post(reverse("sources:ingest_urls"), {"urls": "not a url"})
    assert refused.status_code == 400
    page = refused.content.decode()
    assert f'<a href="{reverse("sources:ingest")}" aria-current="page">Ingest</a>' in page
    assert f'<a href="{reverse("sources:source_list")}">Sources</a>' in page


def test_source_page_leads_to_all_its_claims_on_the_timeline(client):
    # The page lists the latest 25 statements and articles; the rest are a link away.
    outlet = SourceFactory.create(name="The Ledger")
    agency = SourceFactory.create(name="Press Agency", kind="state_media")
    quoted = [
        MentionFactory.create(claimant=agency, publisher=outlet, claim__summary=f"Quoted {i}")
        for i in range(30)
    ]
    MentionFactory.create(claim__summary="Someone else said it")
    page = client.get(agency.get_absolute_url()).content.decode()
    link = re.search(r'<a href="([^"]+)">Every claim Press Agency is quoted in', page)
    assert link is not None
    timeline = client.get(link.group(1)).content.decode()
    assert timeline.count('class="claim-row"') == 30
    assert "Someone else said it" not in timeline
    assert f'<option value="{agency.slug}" selected>' in timeline
    assert "in its articles" not in page  # it published nothing

    page = client.get(outlet.get_absolute_url()).content.decode()
    link = re.search(r'<a href="([^"]+)">Every claim in its articles', page)
    assert link is not None
    timeline = client.get(link.group(1)).content.decode()
    assert timeline.count('class="claim-row"') == len(quoted)
    assert "is quoted in" not in page  # never a claimant
