"""A Source's name is compared in any letter case by the database alone, on both sides.

Python's str.lower() and the database's LOWER differ for some letters (a dotted capital
"İ", a final sigma; PostgreSQL's LOWER depends on the collation): comparing the one with
the other missed a name's own row, so the same name made a second Source. The look-ups
still read the index on LOWER(name).

Bad inputs tried: names whose Python and database lowerings differ, given again in the
same and in another letter case, to the shared get-or-create and to the claims step (one
article naming the same claimant in two spellings the two lowerings disagree on).
"""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from claims import services as claims_services
from claims.models import Mention
from claims.nlp.types import Claimant
from sources.models import Source
from sources.services import source_get_or_create
from tests.support.claims import candidate, make_article

pytestmark = pytest.mark.django_db

# Names in which some letter lowers differently in Python and in common collations.
CANDIDATES = ["İstanbul Post", "İzmir Daily", "ΚΑΛΟΣ Press"]


def _db_lower(text: str) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT LOWER(%s)", [text])
        return str(cursor.fetchone()[0])


@pytest.fixture
def name() -> str:
    """A name this database lowers otherwise than Python does (else the test proves nothing)."""
    differing = [n for n in CANDIDATES if _db_lower(n) != n.lower()]
    assert differing, "no candidate name lowers differently here: add one for this collation"
    return differing[0]


def _other_case(name: str) -> str:
    """The name with its ASCII letters in the other case: the same name to any lowering."""
    return "".join(c.swapcase() if c.isascii() else c for c in name)


def _plan(sql: str, params: list[Any] | None = None) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("EXPLAIN " + sql, params)
        return "\n".join(row[0] for row in cursor.fetchall())


def test_the_same_name_again_in_any_letter_case_is_the_same_source(name: str) -> None:
    first = source_get_or_create(name=name)
    same = source_get_or_create(name=name)
    other_case = source_get_or_create(name=_other_case(name))

    assert same.pk == first.pk
    assert other_case.pk == first.pk
    assert Source.objects.count() == 1


def test_the_look_up_by_name_still_reads_the_lower_name_index(name: str) -> None:
    Source.objects.bulk_create(
        Source(name=f"Outlet {n}", slug=f"outlet-{n}", kind=Source.Kind.OUTLET) for n in range(500)
    )
    with CaptureQueriesContext(connection) as queries:
        source_get_or_create(name=name)
    (look_up,) = [q["sql"] for q in queries.captured_queries if "LOWER(" in q["sql"]]
    assert "sources_source_name_lower" in _plan(look_up)


SENTENCES = [
    "The port was closed on Monday after the storm damaged the outer pier.",
    "Forty ships were waiting outside the harbour for the storm to pass.",
]


def test_the_claims_step_finds_a_claimant_source_the_database_lowers_alike(name: str) -> None:
    # Its own slug: found by name alone, not rescued by a slug match.
    known = Source.objects.create(name=name, slug="known-by-name", kind=Source.Kind.OUTLET)
    spellings = [_other_case(name), name.replace("İ", "I")]
    assert {_db_lower(s) for s in spellings} == {_db_lower(name)}
    text = " ".join(SENTENCES)
    article = make_article(text)
    candidates = [
        candidate(text, sentence, claimant=Claimant(name=s, text=s, kind=Source.Kind.OUTLET))
        for sentence, s in zip(SENTENCES, spellings, strict=True)
    ]

    outcome = claims_services.article_extract_claims(
        article_id=article.pk, extractor=lambda _article: candidates
    )

    assert outcome.done
    assert Source.objects.count() == 2  # the known one and the article's publisher
    claimants = list(Mention.objects.values_list("claimant_id", flat=True))
    assert len(claimants) == len(SENTENCES)
    assert set(claimants) == {known.pk}


def test_the_claims_look_up_still_reads_the_lower_name_index(name: str) -> None:
    Source.objects.bulk_create(
        Source(name=f"Outlet {n}", slug=f"outlet-{n}", kind=Source.Kind.OUTLET) for n in range(500)
    )
    cache = claims_services._SourceCache()
    with CaptureQueriesContext(connection) as queries:
        cache.prefetch([Claimant(name=name, text=name, kind=Source.Kind.OUTLET)])
    (look_up,) = [q["sql"] for q in queries.captured_queries if "LOWER(" in q["sql"]]
    plan = _plan(look_up)
    assert "sources_source_name_lower" in plan
    assert "Seq Scan on sources_source" not in plan
