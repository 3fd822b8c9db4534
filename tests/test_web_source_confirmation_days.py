"""A source's "median days from its first report to confirmation" counts to the day the
confirming evidence was published, when the verdict names a mention as its evidence, not to
the day an editor got round to recording the verdict.

Analysts import past reports: on a real set, a claim an outlet reported on 26 October was
confirmed by an army chief's statement two days later, and an editor recorded the verdict,
citing that statement, a year on. The source's page said its claims took a median of 407
days to be confirmed. The verdict's evidence mention dates the confirmation; a verdict
without one (a URL only, or nothing) is still dated by when it was recorded.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from claims import selectors
from claims.models import StatusChange
from sources.models import Source
from tests.factories import ClaimFactory, MentionFactory, SourceFactory, StatusChangeFactory

pytestmark = pytest.mark.django_db


def _confirmed(source: Source, *, reported: date, recorded: date, evidence_on: date | None):
    claim = ClaimFactory.create(first_reported=reported)
    MentionFactory.create(claim=claim, claimant=source, stance="asserts", stated_on=reported)
    evidence = None
    if evidence_on is not None:
        evidence = MentionFactory.create(
            claim=claim,
            claimant=SourceFactory.create(name=f"Witness {claim.pk}", kind="person"),
            stance="confirms",
            stated_on=evidence_on,
        )
    change = StatusChangeFactory.create(
        claim=claim, to_status="confirmed", evidence_mention=evidence
    )
    StatusChange.objects.filter(pk=change.pk).update(
        created_at=datetime.combine(recorded, datetime.min.time(), UTC)
    )
    return claim


def test_a_verdict_citing_a_mention_is_dated_by_that_mention(client):
    outlet = SourceFactory.create(name="Harbour Post")
    _confirmed(
        outlet, reported=date(2024, 6, 1), recorded=date(2025, 6, 1), evidence_on=date(2024, 6, 3)
    )
    record = selectors.source_track_record(source=outlet)
    assert record.median_days_to_confirmation == 2
    html = client.get(outlet.get_absolute_url()).content.decode()
    assert '<span class="stat-n">2</span>' in html


def test_a_verdict_without_an_evidence_mention_is_dated_when_recorded():
    outlet = SourceFactory.create(name="Valley Courier")
    _confirmed(outlet, reported=date(2024, 6, 1), recorded=date(2024, 6, 11), evidence_on=None)
    _confirmed(
        outlet, reported=date(2024, 6, 1), recorded=date(2024, 7, 1), evidence_on=date(2024, 6, 21)
    )
    _confirmed(outlet, reported=date(2024, 6, 1), recorded=date(2024, 8, 1), evidence_on=None)
    record = selectors.source_track_record(source=outlet)
    # 10, 20 (its evidence, not the 30 days to the verdict) and 61 days.
    assert record.median_days_to_confirmation == 20
    assert record.confirmations_timed == 3


def test_evidence_older_than_the_sources_report_is_not_foresight():
    outlet = SourceFactory.create(name="Late Echo")
    _confirmed(
        outlet, reported=date(2024, 6, 10), recorded=date(2024, 7, 1), evidence_on=date(2024, 6, 1)
    )
    record = selectors.source_track_record(source=outlet)
    assert record.median_days_to_confirmation is None
    assert record.confirmations_timed == 0
    assert record.confirmed == 1
