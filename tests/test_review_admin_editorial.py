"""The admin shows a claim's status, summary and merge but does not change them: those are
editorial acts, recorded (StatusChange, EditorialEvent) only when done on the claim page,
which the admin links to. Mentions are not added to or taken off a claim there either.

Before, staff could set a status or a summary in the admin with no verdict or event
recorded, and a claim merged into itself sent its page into an endless 301 loop.

Bad inputs tried: a status, a summary and merged_into = the claim itself, posted to the
claim's admin form; a mention moved to another claim from the mention's admin form.
"""

from __future__ import annotations

import pytest
from django.test import Client

from claims.models import Claim, EditorialEvent, Mention, StatusChange
from tests.factories import ClaimFactory, MentionFactory, UserFactory
from tests.support.admin import admin_form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff() -> Client:
    client = Client()
    client.force_login(UserFactory.create(username="root", is_staff=True, is_superuser=True))
    return client


def test_status_summary_and_merge_are_read_only_and_the_claim_page_is_linked(
    staff: Client,
) -> None:
    claim = ClaimFactory.create(summary="Bridge closed")
    MentionFactory.create(claim=claim)
    url = f"/admin/claims/claim/{claim.pk}/change/"

    page = staff.get(url)

    assert page.status_code == 200
    html = page.content.decode()
    for field in ("status", "summary", "merged_into"):
        assert f'name="{field}"' not in html
    assert f'href="{claim.get_absolute_url()}"' in html
    assert "where each act is recorded" in html

    data = admin_form_data(page) | {
        "status": "confirmed",
        "summary": "Bridge reopened",
        "merged_into": str(claim.pk),
    }
    saved = staff.post(url, data)

    assert saved.status_code == 302, saved.context["adminform"].form.errors
    claim.refresh_from_db()
    assert (claim.status, claim.summary, claim.merged_into_id) == (
        "unverified",
        "Bridge closed",
        None,
    )
    assert not StatusChange.objects.exists()
    assert not EditorialEvent.objects.exists()
    assert Client().get(claim.get_absolute_url()).status_code == 200


def test_claims_and_mentions_are_not_added_and_mentions_not_moved_in_the_admin(
    staff: Client,
) -> None:
    claim, other = ClaimFactory.create(), ClaimFactory.create()
    mention = MentionFactory.create(claim=claim)
    assert staff.get("/admin/claims/claim/add/").status_code == 403
    assert staff.get("/admin/claims/mention/add/").status_code == 403
    change = staff.get(f"/admin/claims/claim/{claim.pk}/change/").content.decode()
    assert "mentions-0-DELETE" not in change

    url = f"/admin/claims/mention/{mention.pk}/change/"
    page = staff.get(url)
    assert 'name="claim"' not in page.content.decode()
    saved = staff.post(url, admin_form_data(page) | {"claim": str(other.pk)})
    assert saved.status_code == 302
    assert Mention.objects.get(pk=mention.pk).claim_id == claim.pk
    assert Claim.objects.count() == 2
