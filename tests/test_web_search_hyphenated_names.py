"""A name written with a hyphen, a non-breaking hyphen or a space is found whichever way
the reader types it: in the timeline's search (and the API's `q`) and in the place and
actor filters.

Before, on real reports of one siege, "El-Fasher" found 4 claims where "El Fasher" found
11 (PostgreSQL indexes a hyphenated word as one more word only when the text has that very
hyphen), a name typed with a plain hyphen found nothing in articles that used a
non-breaking one, and the place filter "x-y" found nothing stored as "X Y".

Bad inputs tried: a search of a hyphen alone, leading and trailing hyphens, a name with
regular-expression characters ("St. Mary's (North)"), a negated word ("-strike").
"""

from __future__ import annotations

import pytest
from django.test import Client

from claims.filters import claims_search
from claims.models import Claim
from tests.factories import ClaimFactory, MentionFactory

pytestmark = pytest.mark.django_db


def _found(text: str) -> set[int]:
    return set(claims_search(Claim.objects.all(), text).values_list("pk", flat=True))


@pytest.fixture
def three_spellings() -> tuple[Claim, Claim, Claim]:
    spaced = ClaimFactory.create(summary="Militia says Al Badia has fallen", place="Al Badia")
    hyphen = ClaimFactory.create(summary="Shelling reported in Al-Badia", place="Al-Badia")
    nb = ClaimFactory.create(summary="Aid convoy stopped", place="Al\u2011Badia")
    MentionFactory.create(claim=nb, quote="A convoy was stopped outside Al\u2011Badia.")
    return spaced, hyphen, nb


def test_search_finds_a_name_however_it_is_joined(
    three_spellings: tuple[Claim, Claim, Claim],
) -> None:
    everyone = {claim.pk for claim in three_spellings}
    assert _found("Al-Badia") == everyone
    assert _found("Al Badia") == everyone
    assert _found("al\u2011badia") == everyone
    assert _found('"Al-Badia"') == everyone  # as a phrase too


def test_odd_search_text_does_not_fail(three_spellings: tuple[Claim, Claim, Claim]) -> None:
    for text in ("-", "-Badia-", "--", "Badia -convoy"):
        _found(text)  # no error from the query parser
    spaced, hyphen, _ = three_spellings
    assert _found("Badia -convoy") == {spaced.pk, hyphen.pk}  # a leading minus still negates


def test_place_and_actor_filters_match_any_joining(
    three_spellings: tuple[Claim, Claim, Claim],
) -> None:
    everyone = {claim.pk for claim in three_spellings}
    actor = ClaimFactory.create(summary="Statement", actor="Al-Badia Brigade", place="")
    odd = ClaimFactory.create(summary="Chapel", place="St. Mary's (North)")
    reader = Client()

    for typed in ("al-badia", "Al Badia", "AL\u2011BADIA", " al   badia "):
        page = reader.get("/api/v1/claims/", {"place": typed})
        assert page.status_code == 200
        assert {c["id"] for c in page.json()["results"]} == everyone, typed
    page = reader.get("/api/v1/claims/", {"actor": "al badia brigade"})
    assert {c["id"] for c in page.json()["results"]} == {actor.pk}
    page = reader.get("/api/v1/claims/", {"place": "St. Mary's (North)"})
    assert {c["id"] for c in page.json()["results"]} == {odd.pk}
    assert reader.get("/", {"place": "al-badia"}).status_code == 200
