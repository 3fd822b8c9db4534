"""Helpers for the API, export, JSON-LD and Atom tests: clients, a fresh throttle, the error
format's checks and a small claim story to read back."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

import pytest
from django.core.cache import cache
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from claims.api.throttling import AnonReadThrottle
from claims.models import Claim, Mention, StatusChange
from sources.models import Article, Source
from tests.factories import (
    ArticleFactory,
    ClaimFactory,
    EditorFactory,
    MentionFactory,
    SourceFactory,
    StatusChangeFactory,
    UserFactory,
)

LOOPBACK = "127.0.0.1"
GENEROUS_RATE = "100000/min"


def throttle_key(ident: str = LOOPBACK) -> str:
    return AnonReadThrottle.cache_format % {"scope": AnonReadThrottle.scope, "ident": ident}


@pytest.fixture
def fresh_throttle(settings: Any) -> Iterator[None]:
    """A generous anonymous rate and an empty history for the test client's address (the
    throttle lives in the shared Redis cache, across tests)."""
    settings.CLAIMTRACK_API_ANON_RATE = GENEROUS_RATE
    cache.delete(throttle_key())
    yield
    cache.delete(throttle_key())


@pytest.fixture
def anon(fresh_throttle: None) -> APIClient:
    return APIClient()


@pytest.fixture
def editor(db: None) -> Any:
    return EditorFactory.create()


@pytest.fixture
def reader(db: None) -> Any:
    return UserFactory.create()


def token_client(user: Any) -> APIClient:
    client = APIClient()
    token, _ = Token.objects.get_or_create(user=user)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


@pytest.fixture
def editor_client(editor: Any, fresh_throttle: None) -> APIClient:
    return token_client(editor)


@pytest.fixture
def reader_client(reader: Any, fresh_throttle: None) -> APIClient:
    return token_client(reader)


def assert_error(response: Any, status: int, code: str | None = None) -> dict[str, Any]:
    """The one error format: {"error": {"status", "code", "message", ...}}, JSON."""
    assert response.status_code == status, (response.status_code, response.content[:500])
    assert response["Content-Type"].startswith("application/json"), response["Content-Type"]
    body = response.json()
    assert set(body) == {"error"}, body
    error = body["error"]
    assert error["status"] == status
    assert isinstance(error["message"], str)
    assert error["message"].strip()
    assert isinstance(error["code"], str)
    assert error["code"]
    if code is not None:
        assert error["code"] == code, error
    return error


@dataclass
class Story:
    """Two outlets, a government, a person; a confirmed claim reported twice and denied
    once; an unverified claim; a denied one."""

    wire: Source
    daily: Source
    ministry: Source
    spokesman: Source
    confirmed: Claim
    unverified: Claim
    denied: Claim
    first_article: Article
    second_article: Article
    verdict: StatusChange


def make_story() -> Story:
    wire = SourceFactory.create(name="Harbour Wire", homepage="https://harbour-wire.example/")
    daily = SourceFactory.create(name="Valley Daily")
    ministry = SourceFactory.create(name="Ministry of Defence", kind=Source.Kind.GOVERNMENT)
    spokesman = SourceFactory.create(name="Ines Varga", kind=Source.Kind.PERSON)
    confirmed = ClaimFactory.create(
        summary="3,000 Northland troops moving to Eastport",
        actor="Northland",
        place="Eastport",
        quantity=3000,
        unit="troops",
        first_reported=date(2024, 6, 21),
    )
    first_article = ArticleFactory.create(
        publisher=wire,
        title="Troops said to be heading for Eastport",
        published_at=datetime(2024, 6, 21, 8, 0, tzinfo=UTC),
        text="An official said 3,000 Northland troops are moving to Eastport.",
    )
    second_article = ArticleFactory.create(
        publisher=daily,
        title="Ministry denies troop movement",
        published_at=datetime(2024, 6, 25, 8, 0, tzinfo=UTC),
        text="The ministry denied that troops were moving. Ines Varga confirmed it later.",
    )
    MentionFactory.create(
        claim=confirmed,
        article=first_article,
        quote="3,000 Northland troops are moving to Eastport",
        start=first_article.text.index("3,000"),
        end=first_article.text.index("3,000") + 45,
        claimant=spokesman,
        claimant_text="an official",
        chain=["Harbour Wire", "an official"],
        stance=Mention.Stance.ASSERTS,
        hedge="",
        stated_on=date(2024, 6, 21),
    )
    MentionFactory.create(
        claim=confirmed,
        article=second_article,
        quote="The ministry denied that troops were moving.",
        start=0,
        end=len("The ministry denied that troops were moving."),
        claimant=ministry,
        claimant_text="The ministry",
        cue="denied",
        stance=Mention.Stance.DENIES,
        stated_on=date(2024, 6, 25),
    )
    verdict = StatusChangeFactory.create(
        claim=confirmed,
        to_status=Claim.Status.CONFIRMED,
        note="Satellite images show the column.",
        evidence_url="https://evidence.example/satellite",
    )
    unverified = ClaimFactory.create(
        summary="Engineers sent to the northern front", first_reported=date(2024, 7, 2)
    )
    MentionFactory.create(claim=unverified, publisher=daily, stated_on=date(2024, 7, 2))
    denied = ClaimFactory.create(summary="Bridge at Westford destroyed", place="Westford", actor="")
    MentionFactory.create(claim=denied, publisher=wire, claimant=ministry)
    StatusChangeFactory.create(
        claim=denied, to_status=Claim.Status.DENIED, note="Photos show it intact."
    )
    for claim in (confirmed, unverified, denied):
        claim.refresh_from_db()
    return Story(
        wire=wire,
        daily=daily,
        ministry=ministry,
        spokesman=spokesman,
        confirmed=confirmed,
        unverified=unverified,
        denied=denied,
        first_article=first_article,
        second_article=second_article,
        verdict=verdict,
    )


@pytest.fixture
def story(db: None) -> Story:
    return make_story()
