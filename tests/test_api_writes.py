"""Editors' writes through /api/v1/: submit URLs for ingestion, set a claim's status (the
web page's conflict rule: 409 with the current state), merge claims. Token and session
authentication; the same permission as the web pages.

Bad inputs tried: no note, a blank note, an unknown status, the status the claim already
has, evidence that is not a URL, evidence that is another claim's mention, a stale
expected_status (409), acting on a merged claim (409), merging into itself / into an
unknown claim / with `into` missing, an empty URL list, a line that is not a URL (nothing
is queued), 201 URLs, a malformed JSON body, a non-JSON content type, a session without
its CSRF token.
"""

# ruff: noqa: F811 - fixtures come from tests.support.api and are named as parameters

from __future__ import annotations

from typing import Any

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from claims.models import Claim, EditorialEvent, Mention, StatusChange
from sources.models import Article
from tests.factories import EditorFactory
from tests.support.api import (  # noqa: F401 (fixtures)
    Story,
    anon,
    assert_error,
    editor,
    editor_client,
    fresh_throttle,
    reader,
    reader_client,
    story,
    token_client,
)

pytestmark = pytest.mark.django_db


def _status_url(claim: Claim) -> str:
    return f"/api/v1/claims/{claim.pk}/status/"


def _merge_url(claim: Claim) -> str:
    return f"/api/v1/claims/{claim.pk}/merge/"


# --- Set a status -------------------------------------------------------------------


def test_editor_sets_a_status_with_note_and_evidence(
    editor_client: APIClient, story: Story
) -> None:
    evidence = story.unverified.mentions.get()
    response = editor_client.post(
        _status_url(story.unverified),
        {
            "to_status": "confirmed",
            "expected_status": "unverified",
            "note": "Two independent outlets.",
            "evidence_url": "https://evidence.example/two",
            "evidence_mention": evidence.pk,
        },
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["claim"]["status"] == "confirmed"
    assert body["status_change"]["from_status"] == "unverified"
    assert body["status_change"]["evidence_mention"] == evidence.pk
    change = StatusChange.objects.get(pk=body["status_change"]["id"])
    assert change.note == "Two independent outlets."
    assert change.evidence_url == "https://evidence.example/two"
    assert change.editor is not None
    assert change.editor.get_username() == body["status_change"]["editor"]
    story.unverified.refresh_from_db()
    assert story.unverified.status == "confirmed"


def test_a_stale_expected_status_is_409_with_the_current_state(
    editor_client: APIClient, story: Story
) -> None:
    other = token_client(EditorFactory.create())
    data = {"to_status": "denied", "expected_status": "unverified", "note": "Debunked."}
    assert other.post(_status_url(story.unverified), data).status_code == 201
    response = editor_client.post(
        _status_url(story.unverified), {**data, "to_status": "confirmed", "note": "Seen it."}
    )
    error = assert_error(response, 409, "claim_changed")
    assert "changed while you were looking" in error["message"]
    assert error["current"]["status"] == "denied"
    assert error["current"]["last_change"]["to_status"] == "denied"
    assert error["current"]["last_change"]["note"] == "Debunked."
    # Nothing of the second editor's was saved.
    assert StatusChange.objects.filter(claim=story.unverified).count() == 1
    story.unverified.refresh_from_db()
    assert story.unverified.status == "denied"


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"to_status": "confirmed", "expected_status": "unverified"}, "note"),
        ({"to_status": "confirmed", "expected_status": "unverified", "note": "   "}, "note"),
        ({"to_status": "true-ish", "expected_status": "unverified", "note": "n"}, "to_status"),
        ({"to_status": "confirmed", "note": "n"}, "expected_status"),
        (
            {
                "to_status": "denied",
                "expected_status": "unverified",
                "note": "n",
                "evidence_url": "not a url",
            },
            "evidence_url",
        ),
        (
            {
                "to_status": "denied",
                "expected_status": "unverified",
                "note": "n",
                "evidence_mention": "x",
            },
            "evidence_mention",
        ),
    ],
)
def test_status_field_errors_are_400_with_fields(
    editor_client: APIClient, story: Story, data: dict[str, Any], field: str
) -> None:
    error = assert_error(editor_client.post(_status_url(story.unverified), data), 400, "invalid")
    assert list(error["fields"]) == [field]
    assert not StatusChange.objects.filter(claim=story.unverified).exists()


def test_editorial_rules_are_400_with_the_services_message(
    editor_client: APIClient, story: Story
) -> None:
    same = {"to_status": "unverified", "expected_status": "unverified", "note": "n"}
    error = assert_error(editor_client.post(_status_url(story.unverified), same), 400)
    assert "already Unverified" in error["message"]
    foreign = Mention.objects.filter(claim=story.confirmed).first()
    assert foreign is not None
    wrong_evidence = {
        "to_status": "confirmed",
        "expected_status": "unverified",
        "note": "n",
        "evidence_mention": foreign.pk,
    }
    error = assert_error(editor_client.post(_status_url(story.unverified), wrong_evidence), 400)
    assert "this claim's own mentions" in error["message"]


def test_status_of_unknown_claim_is_404(editor_client: APIClient, db: None) -> None:
    data = {"to_status": "confirmed", "expected_status": "unverified", "note": "n"}
    assert_error(editor_client.post("/api/v1/claims/99999/status/", data), 404, "not_found")


def test_anonymous_write_is_401_and_reader_is_403(
    anon: APIClient, reader_client: APIClient, story: Story
) -> None:
    data = {"to_status": "confirmed", "expected_status": "unverified", "note": "n"}
    response = anon.post(_status_url(story.unverified), data)
    assert_error(response, 401, "not_authenticated")
    assert response["WWW-Authenticate"] == "Token"
    error = assert_error(reader_client.post(_status_url(story.unverified), data), 403)
    assert "Editors only" in error["message"]
    assert not StatusChange.objects.filter(claim=story.unverified).exists()


def test_a_token_that_is_not_valid_is_401_even_for_reads(fresh_throttle: None, db: None) -> None:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token not-a-real-token")
    assert_error(client.get("/api/v1/claims/"), 401, "authentication_failed")


def test_the_token_may_be_sent_as_bearer(editor: Any, story: Story, fresh_throttle: None) -> None:
    # What most HTTP clients send for a token. It was not read at all: the write answered
    # 401 "Authentication credentials were not provided", though they were.
    token, _ = Token.objects.get_or_create(user=editor)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {token.key}")
    data = {"to_status": "confirmed", "expected_status": "unverified", "note": "n"}
    assert client.post(_status_url(story.unverified), data).status_code == 201
    change = StatusChange.objects.get(claim=story.unverified)
    assert change.editor == editor
    client.credentials(HTTP_AUTHORIZATION="Bearer not-a-real-token")
    assert_error(client.get("/api/v1/claims/"), 401, "authentication_failed")
    # Token stays the scheme a 401 names; the schema documents both.
    response = APIClient().post(_status_url(story.denied), data)
    assert response["WWW-Authenticate"] == "Token"
    schemes = APIClient().get("/api/v1/schema", {"format": "json"}).json()["components"]
    assert schemes["securitySchemes"]["bearerAuth"] == {"type": "http", "scheme": "bearer"}
    assert schemes["securitySchemes"]["tokenAuth"]["type"] == "apiKey"


def test_session_authentication_needs_the_csrf_token(
    editor: Any, story: Story, fresh_throttle: None
) -> None:
    from tests.factories import PASSWORD

    data = {"to_status": "confirmed", "expected_status": "unverified", "note": "n"}
    strict = APIClient(enforce_csrf_checks=True)
    assert strict.login(username=editor.username, password=PASSWORD)
    error = assert_error(strict.post(_status_url(story.unverified), data), 403)
    assert "CSRF" in error["message"]
    relaxed = APIClient()
    assert relaxed.login(username=editor.username, password=PASSWORD)
    assert relaxed.post(_status_url(story.unverified), data).status_code == 201


def test_token_endpoint_trades_a_password_for_a_token(
    editor: Any, story: Story, anon: APIClient
) -> None:
    from tests.factories import PASSWORD

    response = anon.post("/api/v1/auth/token/", {"username": editor.username, "password": PASSWORD})
    assert response.status_code == 200
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {response.json()['token']}")
    data = {"to_status": "disputed", "expected_status": "unverified", "note": "Unclear."}
    assert client.post(_status_url(story.unverified), data).status_code == 201
    error = assert_error(
        anon.post("/api/v1/auth/token/", {"username": editor.username, "password": "wrong"}), 400
    )
    assert error["message"]


def test_malformed_and_non_json_bodies(editor_client: APIClient, story: Story) -> None:
    response = editor_client.post(
        _status_url(story.unverified), data='{"note": ', content_type="application/json"
    )
    assert_error(response, 400, "parse_error")
    response = editor_client.post(
        _status_url(story.unverified), data="<xml/>", content_type="application/xml"
    )
    assert_error(response, 415, "unsupported_media_type")


def test_acting_on_a_merged_claim_is_409_naming_the_survivor(
    editor_client: APIClient, story: Story
) -> None:
    assert (
        editor_client.post(_merge_url(story.denied), {"into": story.confirmed.pk}).status_code
        == 200
    )
    data = {"to_status": "confirmed", "expected_status": "denied", "note": "n"}
    error = assert_error(editor_client.post(_status_url(story.denied), data), 409, "merged")
    assert error["current"]["merged_into"] == story.confirmed.pk
    assert f"#{story.confirmed.pk}" in error["message"]


# --- Merge --------------------------------------------------------------------------


def test_editor_merges_a_duplicate(editor_client: APIClient, story: Story) -> None:
    response = editor_client.post(
        _merge_url(story.unverified), {"into": story.confirmed.pk, "note": "Same event."}
    )
    assert response.status_code == 200, response.content
    assert response.json()["id"] == story.confirmed.pk
    story.unverified.refresh_from_db()
    assert story.unverified.merged_into_id == story.confirmed.pk
    assert Mention.objects.filter(claim=story.confirmed).count() == 3
    assert EditorialEvent.objects.filter(claim=story.confirmed, kind="merge").exists()


@pytest.mark.parametrize(
    ("into", "message"),
    [("self", "into itself"), (987654, "There is no claim #987654")],
)
def test_merge_refusals_are_400_on_into(
    editor_client: APIClient, story: Story, into: Any, message: str
) -> None:
    target = story.unverified.pk if into == "self" else into
    error = assert_error(editor_client.post(_merge_url(story.unverified), {"into": target}), 400)
    assert message in " ".join(error["fields"]["into"])
    story.unverified.refresh_from_db()
    assert story.unverified.merged_into_id is None


def test_merge_needs_into_and_an_editor(
    editor_client: APIClient, reader_client: APIClient, anon: APIClient, story: Story
) -> None:
    error = assert_error(editor_client.post(_merge_url(story.unverified), {}), 400)
    assert "into" in error["fields"]
    assert_error(anon.post(_merge_url(story.unverified), {"into": story.confirmed.pk}), 401)
    assert_error(
        reader_client.post(_merge_url(story.unverified), {"into": story.confirmed.pk}), 403
    )


# --- Submit URLs --------------------------------------------------------------------


def test_editor_submits_urls_for_ingestion(editor_client: APIClient, story: Story) -> None:
    response = editor_client.post(
        "/api/v1/articles/",
        {
            "urls": [
                "https://news.example.org/2024/10/24/troops?utm_source=x",
                "https://news.example.org/2024/10/25/more",
                story.first_article.url,
            ],
            "source": "Example News",
        },
    )
    assert response.status_code == 202, response.content
    body = response.json()
    assert (body["queued"], body["known"]) == (2, 1)
    created = [a for a in body["articles"] if a["created"]]
    assert {a["state"] for a in created} == {"queued"}
    assert all(a["publisher"]["name"] == "Example News" for a in created)
    known = next(a for a in body["articles"] if not a["created"])
    assert known["id"] == story.first_article.pk
    assert Article.objects.filter(state="queued", publisher__name="Example News").count() == 2


def test_a_bad_line_queues_nothing_and_names_the_line(
    editor_client: APIClient, story: Story
) -> None:
    before = Article.objects.count()
    response = editor_client.post(
        "/api/v1/articles/",
        {"urls": ["https://news.example.org/fine", "ftp://files.example.org/x", "not a url"]},
    )
    error = assert_error(response, 400, "invalid")
    assert set(error["fields"]) == {"urls.1", "urls.2"}
    assert Article.objects.count() == before


@pytest.mark.parametrize(
    "urls",
    [[], [f"https://news.example.org/{n}" for n in range(201)], "https://news.example.org/x"],
    ids=["empty", "201", "not-a-list"],
)
def test_url_list_limits(editor_client: APIClient, story: Story, urls: Any) -> None:
    error = assert_error(editor_client.post("/api/v1/articles/", {"urls": urls}), 400)
    assert "urls" in error["fields"]


def test_submitting_needs_an_editor(
    anon: APIClient, reader_client: APIClient, story: Story
) -> None:
    data = {"urls": ["https://news.example.org/x"]}
    assert_error(anon.post("/api/v1/articles/", data), 401)
    assert_error(reader_client.post("/api/v1/articles/", data), 403)
    assert not Article.objects.filter(url="https://news.example.org/x").exists()
