"""Claim.search_vector stays in step with summaries and quotes, whoever writes them.

Bad inputs tried: a full save() of a claim holding a stale copy of its document (must not
overwrite it), a search of stopwords only, punctuation and an unbalanced quote mark.
"""

from __future__ import annotations

import pytest

from claims import editorial
from claims.filters import claims_search
from claims.models import Claim, Mention
from tests.factories import ClaimFactory, EditorFactory, MentionFactory

pytestmark = pytest.mark.django_db


def _found(text: str) -> set[int]:
    return set(claims_search(Claim.objects.all(), text).values_list("pk", flat=True))


def test_quotes_added_moved_and_deleted_are_searchable_at_once():
    claim = ClaimFactory.create(summary="Troops at the border")
    other = ClaimFactory.create(summary="Something else")
    assert _found("satellite") == set()
    mention = MentionFactory.create(claim=claim, quote="Satellite images showed armour.")
    assert _found("satellite") == {claim.pk}
    editorial.claim_merge(claim_id=claim.pk, into_claim_id=other.pk, editor=EditorFactory.create())
    assert _found("satellite") == {other.pk}
    Mention.objects.filter(pk=mention.pk).delete()
    assert _found("satellite") == set()


def test_summary_edits_are_searchable_and_a_stale_save_cannot_clobber():
    claim = ClaimFactory.create(summary="Bridge closed")
    MentionFactory.create(claim=claim, quote="Engineers repaired the pontoon.")
    stale = Claim.objects.get(pk=claim.pk)
    MentionFactory.create(claim=claim, quote="Artillery was heard overnight.")
    stale.place = "Riverside"
    stale.save()  # writes every column, including its old copy of the document
    assert _found("artillery") == {claim.pk}
    editorial.claim_edit_summary(
        claim_id=claim.pk, summary="Ferry suspended", editor=EditorFactory.create()
    )
    assert _found("ferry") == {claim.pk}
    assert _found("bridge") == set()
    assert _found("pontoon") == {claim.pk}


@pytest.mark.parametrize("text", ["the of and", '"unbalanced', "!!! ???", "-"])
def test_odd_searches_answer_without_error(text):
    claim = ClaimFactory.create(summary="The ministry denied the report")
    assert _found(text) <= {claim.pk}
