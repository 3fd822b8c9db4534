"""Atom feeds an analyst subscribes to: every verdict, a source's new claims, one claim's
new mentions and verdicts. They parse with feedparser, say who/what/when, link back to
the pages, and carry page text only escaped. Pages point at them with <link rel=alternate>.

Bad inputs tried: a quote and a note carrying HTML and a <script>, an unknown source slug,
an unknown claim, a merged claim's feed (301 to the survivor's, through a chain of merges),
a claim, a source and a site with no entries (dated by when they began, not by the request).
"""

# ruff: noqa: F811 - fixtures come from tests.support.api and are named as parameters

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any
from xml.etree import ElementTree

import feedparser
import pytest
from django.utils import timezone
from django.utils.http import http_date

from claims import editorial
from claims.models import Claim, Mention, StatusChange
from tests.factories import ClaimFactory, MentionFactory, SourceFactory, StatusChangeFactory
from tests.support.api import Story, editor, story  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


def _feed(client: Any, url: str) -> Any:
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"] == "application/atom+xml; charset=utf-8"
    assert response["Last-Modified"]
    parsed = feedparser.parse(response.content)
    assert not parsed.bozo, parsed.bozo_exception
    assert parsed.version == "atom10"
    assert parsed.feed.id == f"http://testserver{url}"
    ids = [e.id for e in parsed.entries]
    assert len(ids) == len(set(ids))
    updated = [e.updated_parsed for e in parsed.entries]
    assert updated == sorted(updated, reverse=True)
    return parsed


def test_verdicts_feed_lists_every_status_change_newest_first(client: Any, story: Story) -> None:
    later = StatusChangeFactory.create(
        claim=story.unverified, to_status="disputed", note="Unclear."
    )
    StatusChange.objects.filter(pk=later.pk).update(created_at=timezone.now() + timedelta(hours=1))
    parsed = _feed(client, "/feeds/verdicts.atom")
    assert parsed.feed.title == "Claimtrack: verdicts"
    assert parsed.feed.author == "Claimtrack"
    assert len(parsed.entries) == StatusChange.objects.count() == 3
    first = parsed.entries[0]
    assert (
        first.title == f"Claim #{story.unverified.pk} marked disputed: {story.unverified.summary}"
    )
    assert first.link == f"http://testserver/claims/{story.unverified.pk}/#status-change-{later.pk}"
    assert "From Unverified to Disputed." in first.summary
    confirmed = next(e for e in parsed.entries if f"#{story.confirmed.pk} " in e.title)
    assert "Satellite images show the column." in confirmed.summary
    assert 'href="https://evidence.example/satellite"' in confirmed.summary


def test_a_claims_feed_has_its_mentions_and_verdicts(client: Any, story: Story) -> None:
    parsed = _feed(client, f"/feeds/claims/{story.confirmed.pk}.atom")
    assert parsed.feed.title == f"Claimtrack: {story.confirmed.summary}"
    assert parsed.feed.link == f"http://testserver/claims/{story.confirmed.pk}/"
    titles = {e.title for e in parsed.entries}
    assert titles == {
        "Asserted by Ines Varga (Harbour Wire, 21 Jun 2024)",
        "Denied by Ministry of Defence (Valley Daily, 25 Jun 2024)",
        "Marked confirmed by an editor",
    }
    denial = next(e for e in parsed.entries if e.title.startswith("Denied"))
    assert "The ministry denied that troops were moving." in denial.summary
    assert "Cue: denied" in denial.summary
    mention = Mention.objects.get(claim=story.confirmed, stance="denies")
    assert denial.link == f"http://testserver/claims/{story.confirmed.pk}/#m-{mention.pk}"


def test_a_claims_feed_reads_the_claim_once(
    client: Any, story: Story, django_assert_num_queries: Any
) -> None:
    """Before, the claim was loaded to see whether it was merged, then again as the feed's
    object."""
    url = f"/feeds/claims/{story.confirmed.pk}.atom"
    with django_assert_num_queries(3) as captured:  # the claim, its mentions, its verdicts
        parsed = _feed(client, url)
    assert len(parsed.entries) == 3
    assert sum('FROM "claims_claim"' in q["sql"] for q in captured.captured_queries) == 1


def test_new_mentions_and_verdicts_appear_at_the_top(
    client: Any, story: Story, editor: Any
) -> None:
    mention = MentionFactory.create(claim=story.unverified, cue="corroborated", stance="confirms")
    Mention.objects.filter(pk=mention.pk).update(created_at=timezone.now() + timedelta(hours=1))
    entries = _feed(client, f"/feeds/claims/{story.unverified.pk}.atom").entries
    assert entries[0].title.startswith(f"Confirmed by {mention.claimant.name}")
    editorial.claim_set_status(
        claim_id=story.unverified.pk,
        to_status="confirmed",
        expected_status="unverified",
        note="Corroborated.",
        editor=editor,
    )
    StatusChange.objects.filter(claim=story.unverified).update(
        created_at=timezone.now() + timedelta(hours=2)
    )
    entries = _feed(client, f"/feeds/claims/{story.unverified.pk}.atom").entries
    assert entries[0].title == "Marked confirmed by an editor"
    assert len(entries) == 3


def test_page_text_is_escaped_in_entry_summaries(client: Any, db: None) -> None:
    claim = ClaimFactory.create(summary="Claim <i>with</i> markup")
    quote = 'He said <script>alert("x")</script> & <img src=x onerror=y>'
    MentionFactory.create(claim=claim, quote=quote, article__text=quote, end=len(quote))
    StatusChangeFactory.create(claim=claim, to_status="denied", note="<b>bold</b> claim & more")
    raw = client.get(f"/feeds/claims/{claim.pk}.atom").content
    root = ElementTree.fromstring(raw)
    summaries = [s.text or "" for s in root.iter(f"{ATOM}summary")]
    html = "".join(summaries)
    for tag in ("<script>", "<img", "<b>"):
        assert tag not in html
    assert "&lt;script&gt;alert" in html
    assert "&lt;b&gt;bold&lt;/b&gt; claim &amp; more" in html
    titles = [t.text for t in root.iter(f"{ATOM}title")]
    assert "Claimtrack: Claim <i>with</i> markup" in titles  # a text construct: shown as typed


def test_a_merged_claims_feed_moves_to_the_survivors(
    client: Any, story: Story, editor: Any
) -> None:
    # Before, the old address answered 200 with the survivor's entries under the old feed
    # id, so a reader kept a second copy of the survivor's feed.
    editorial.claim_merge(
        claim_id=story.denied.pk, into_claim_id=story.unverified.pk, editor=editor
    )
    editorial.claim_merge(
        claim_id=story.unverified.pk, into_claim_id=story.confirmed.pk, editor=editor
    )
    survivor = f"/feeds/claims/{story.confirmed.pk}.atom"
    for gone in (story.denied, story.unverified):
        response = client.get(f"/feeds/claims/{gone.pk}.atom")
        assert response.status_code == 301
        assert response["Location"] == survivor
    parsed = _feed(client, survivor)
    assert parsed.feed.title == f"Claimtrack: {story.confirmed.summary}"
    assert len(parsed.entries) == 6  # four mentions, two verdicts


def test_a_sources_feed_has_the_claims_it_made_or_published(client: Any, story: Story) -> None:
    ministry = _feed(client, f"/feeds/sources/{story.ministry.slug}.atom")
    assert ministry.feed.title == "Claimtrack: claims by Ministry of Defence"
    assert {e.title for e in ministry.entries} == {
        f"{story.confirmed.summary} (confirmed)",
        f"{story.denied.summary} (denied)",
    }
    denial = next(e for e in ministry.entries if "Eastport" in e.title)
    assert "Denied by Ministry of Defence" in denial.summary
    wire = _feed(client, f"/feeds/sources/{story.wire.slug}.atom")
    assert {e.title for e in wire.entries} == {
        f"{story.confirmed.summary} (confirmed)",
        f"{story.denied.summary} (denied)",
    }
    quiet = ClaimFactory.create()
    assert _feed(client, f"/feeds/claims/{quiet.pk}.atom").entries == []


def test_a_feed_without_entries_is_dated_by_when_its_subject_began(
    client: Any, db: None, settings: Any
) -> None:
    # Before, an empty feed's <updated> and Last-Modified were the time of each request,
    # so every poll looked like a change.
    source = SourceFactory.create()
    claim = ClaimFactory.create()
    past = timezone.now() - timedelta(days=40)
    type(source).objects.filter(pk=source.pk).update(created_at=past)
    Claim.objects.filter(pk=claim.pk).update(created_at=past - timedelta(days=1))
    for url, began in [
        (f"/feeds/sources/{source.slug}.atom", past),
        (f"/feeds/claims/{claim.pk}.atom", past - timedelta(days=1)),
        ("/feeds/verdicts.atom", None),
    ]:
        first, second = client.get(url), client.get(url)
        assert first.content == second.content
        assert first["Last-Modified"] == second["Last-Modified"]
        parsed = _feed(client, url)
        assert parsed.entries == []
        updated = datetime.fromisoformat(parsed.feed.updated)
        if began is not None:
            assert updated == began
            assert first["Last-Modified"] == http_date(began.timestamp())
        assert updated < timezone.now() - timedelta(days=1)


def test_a_feed_with_entries_is_dated_by_its_newest(client: Any, story: Story) -> None:
    newest = StatusChange.objects.order_by("-created_at").first()
    assert newest is not None
    parsed = _feed(client, "/feeds/verdicts.atom")
    assert datetime.fromisoformat(parsed.feed.updated) == newest.created_at


def test_unknown_feeds_are_404(client: Any, db: None) -> None:
    assert client.get("/feeds/sources/no-such-source.atom").status_code == 404
    assert client.get("/feeds/claims/987654.atom").status_code == 404


def test_pages_announce_their_feeds(client: Any, story: Story) -> None:
    timeline = client.get("/").content.decode()
    assert (
        'type="application/atom+xml" title="Claimtrack: verdicts" href="/feeds/verdicts.atom"'
        in timeline
    )
    source = client.get(f"/sources/{story.ministry.slug}/").content.decode()
    assert f'href="/feeds/sources/{story.ministry.slug}.atom"' in source
