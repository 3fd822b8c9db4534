"""A claim's "Related claims" are the claims about its place or actor nearest to it in
time, not the newest ones.

The panel listed the six most recent claims about the same place. On real reports a
claim about an air strike in September showed six claims about another incident at the
same place six months later, and none of the claims of its own day: for any claim but
the latest, the panel showed whatever was new, not what was related.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest

from tests.factories import ClaimFactory

pytestmark = pytest.mark.django_db


def _related(html: str) -> list[str]:
    panel = re.search(
        r'<section class="panel" aria-labelledby="related-title">.*?</section>', html, re.S
    )
    assert panel is not None
    return re.findall(r'<a href="/claims/\d+/">([^<]+)</a>', panel.group(0))


def test_the_claims_of_its_own_days_come_before_later_news(client):
    claim = ClaimFactory.create(
        summary="Strike on the camp", place="Eastport", first_reported=date(2024, 9, 10)
    )
    for n, day in enumerate((date(2024, 9, 9), date(2024, 9, 11), date(2024, 9, 12))):
        ClaimFactory.create(summary=f"Same week {n}", place="Eastport", first_reported=day)
    for n in range(8):
        ClaimFactory.create(
            summary=f"Months later {n}",
            place="Eastport",
            first_reported=date(2025, 3, 1) + timedelta(days=n),
        )
    related = _related(client.get(claim.get_absolute_url()).content.decode())
    assert len(related) == 6
    assert {"Same week 0", "Same week 1", "Same week 2"} <= set(related)
    # Shown newest first, as before.
    assert related.index("Same week 2") > related.index("Months later 2")
    assert "Months later 7" not in related


def test_an_undated_claim_gets_the_newest_and_dated_claims_fill_with_undated_ones(client):
    undated = ClaimFactory.create(
        summary="No date here", actor="Northland", place="", first_reported=None
    )
    ClaimFactory.create(
        summary="Old one", actor="Northland", place="", first_reported=date(2020, 1, 1)
    )
    ClaimFactory.create(
        summary="New one", actor="Northland", place="", first_reported=date(2025, 1, 1)
    )
    ClaimFactory.create(summary="Also undated", actor="Northland", place="", first_reported=None)
    assert _related(client.get(undated.get_absolute_url()).content.decode()) == [
        "New one",
        "Old one",
        "Also undated",
    ]
    dated = ClaimFactory.create(
        summary="Dated", actor="Northland", place="", first_reported=date(2024, 1, 1)
    )
    # Dated ones newest first, then the undated ones, newest (by number) first.
    assert _related(client.get(dated.get_absolute_url()).content.decode()) == [
        "New one",
        "Old one",
        "Also undated",
        "No date here",
    ]
