"""Every failure of the API answers in the one JSON format, with the right status: 400,
401, 403, 404 (DRF's and Django's own), 405, 406, 409, 415, 429.

Bad inputs tried: an address under /api/ that names nothing (GET and POST), a path id that
is not a number, a missing trailing slash, DELETE/PUT on read-only endpoints, an Accept
header for XML, more anonymous requests than the rate allows, a NUL byte in a query
parameter, the browsable API's ?format= with an unknown format.
"""

# ruff: noqa: F811 - fixtures come from tests.support.api and are named as parameters

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from django.core.cache import cache
from rest_framework.test import APIClient

from tests.support.api import (  # noqa: F401 (fixtures)
    Story,
    anon,
    assert_error,
    editor,
    editor_client,
    fresh_throttle,
    story,
    throttle_key,
)

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/nothing-here",
        "/api/v1/claims/abc/",
        "/api/v1/claims/-3/status/",
        "/api/v2/claims/",
        "/api/v1/claims/1/extra/",
        "/api/v1/sources/%0Anewline/",
    ],
)
def test_addresses_that_name_nothing_are_json_404(anon: APIClient, path: str) -> None:
    strict = APIClient(enforce_csrf_checks=True)  # no CSRF 403 page in the way of the 404
    for response in (anon.get(path), strict.post(path, {"x": 1}), anon.delete(path)):
        error = assert_error(response, 404, "not_found")
        assert "/api/v1/docs/" in error["message"]


def test_a_missing_trailing_slash_redirects_a_get_and_explains_a_post(anon: APIClient) -> None:
    response = anon.get("/api/v1/claims?status=confirmed")
    assert response.status_code == 301
    assert response["Location"] == "/api/v1/claims/?status=confirmed"
    error = assert_error(anon.post("/api/v1/articles", {"urls": []}), 404)
    assert "/api/v1/articles/" in error["message"]


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("delete", "/api/v1/claims/{id}/"),
        ("put", "/api/v1/claims/{id}/"),
        ("post", "/api/v1/claims/"),
        ("get", "/api/v1/claims/{id}/status/"),
        ("delete", "/api/v1/sources/"),
    ],
)
def test_methods_an_endpoint_does_not_have_are_405_with_allow(
    editor_client: APIClient, story: Story, method: str, path: str
) -> None:
    response = getattr(editor_client, method)(path.format(id=story.confirmed.pk))
    error = assert_error(response, 405, "method_not_allowed")
    assert method.upper() in error["message"]
    assert response["Allow"]


def test_an_accept_header_the_api_cannot_satisfy_is_406(anon: APIClient) -> None:
    assert_error(anon.get("/api/v1/claims/", HTTP_ACCEPT="application/xml"), 406, "not_acceptable")


def test_an_unknown_format_parameter_is_404(anon: APIClient) -> None:
    assert_error(anon.get("/api/v1/claims/", {"format": "xml"}), 404)


def test_nul_bytes_in_the_query_are_400_not_a_database_error(anon: APIClient, story: Story) -> None:
    for params in ({"q": "troops\x00"}, {"source": "a\x00b"}, {"place": "\x00"}):
        error = assert_error(anon.get("/api/v1/claims/", params), 400, "invalid")
        assert error["fields"]
    assert_error(anon.get("/api/v1/exports/claims.csv", {"claimant": "\x00"}), 400)
    assert_error(anon.get("/api/v1/mentions/", {"claimant": "\x00"}), 400)


def test_an_unknown_source_slug_is_named_in_the_error(anon: APIClient, story: Story) -> None:
    # Django's default said only "That choice is not one of the available choices."
    for path, name in [
        ("/api/v1/claims/", "source"),
        ("/api/v1/claims/", "claimant"),
        ("/api/v1/exports/claims.csv", "source"),
        ("/api/v1/mentions/", "publisher"),
        ("/api/v1/articles/", "publisher"),
    ]:
        error = assert_error(anon.get(path, {name: "White House"}), 400, "invalid")
        (message,) = error["fields"][name]
        assert "no source with the slug “White House”" in message, (path, message)
        assert "/sources/<slug>/" in message
        assert message in error["message"]
    slug = story.ministry.slug
    assert anon.get("/api/v1/claims/", {"claimant": slug}).status_code == 200


def test_a_parameter_a_list_does_not_take_is_refused_not_ignored(
    anon: APIClient, story: Story
) -> None:
    # Ignored, a misspelt filter answered every claim, and an export handed over the whole
    # database as if it were the selection.
    for path, params, unknown in [
        ("/api/v1/claims/", {"stauts": "denied"}, "stauts"),
        ("/api/v1/claims/", {"publisher": story.wire.slug}, "publisher"),  # the mentions'
        ("/api/v1/exports/claims.csv", {"status": "denied", "from": "2024-01-01"}, "from"),
        ("/api/v1/exports/claims.jsonl", {"page_size": "10"}, "page_size"),  # no pages
        ("/api/v1/mentions/", {"source": story.wire.slug}, "source"),
        ("/api/v1/sources/", {"q": "wire"}, "q"),
        ("/api/v1/articles/", {"status": "failed"}, "status"),  # articles have a state
    ]:
        error = assert_error(anon.get(path, params), 400, "invalid")
        assert set(error["fields"]) == {unknown}, (path, error)
        assert "Not a parameter of this endpoint, which takes " in error["message"]
    error = assert_error(anon.get("/api/v1/claims/", {"stauts": "denied"}), 400)
    assert error["fields"]["stauts"] == [
        "Not a parameter of this endpoint, which takes q, status, place, actor, source, "
        "claimant, stance, date_from, date_to, dates, order, cursor, page_size."
    ]
    # What each does take, and REST framework's own ?format=, still work.
    for path, params in [
        ("/api/v1/claims/", {"status": "denied", "page_size": "5", "format": "json"}),
        ("/api/v1/exports/claims.csv", {"status": "denied", "order": "oldest"}),
        ("/api/v1/mentions/", {"publisher": story.wire.slug, "cursor": ""}),
        ("/api/v1/sources/", {"kind": "outlet"}),
        ("/api/v1/articles/", {"state": "extracted", "publisher": story.wire.slug}),
        (f"/api/v1/claims/{story.confirmed.pk}/", {"anything": "1"}),  # no filters there
    ]:
        assert anon.get(path, params).status_code == 200, (path, params)


def test_a_cache_buster_is_taken_by_every_list_and_export_and_changes_nothing(
    anon: APIClient, story: Story
) -> None:
    """`_=<milliseconds>` is what jQuery's `cache: false` and DataTables append to every GET;
    its value means nothing, so refusing it protected no selection and broke those clients."""
    buster = {"_": "1718000000000"}
    for path, params in [
        ("/api/v1/claims/", {"status": "denied"}),
        ("/api/v1/exports/claims.csv", {"status": "denied"}),
        ("/api/v1/exports/claims.jsonl", {}),
        ("/api/v1/mentions/", {"publisher": story.wire.slug}),
        ("/api/v1/sources/", {"kind": "outlet"}),
        ("/api/v1/articles/", {"state": "extracted"}),
    ]:
        plain, busted = anon.get(path, params), anon.get(path, {**params, **buster})
        assert busted.status_code == 200, (path, busted.content)
        assert b"".join(busted) == b"".join(plain), path  # exports stream
    # Its pages follow on with it.
    first = anon.get("/api/v1/claims/", {"page_size": "1", **buster}).json()
    assert first["next"] is not None
    assert anon.get(first["next"]).status_code == 200
    # Only `_` itself: anything else unknown is still refused.
    for name in ("__", "_t", "cachebuster"):
        error = assert_error(anon.get("/api/v1/claims/", {name: "1", **buster}), 400, "invalid")
        assert set(error["fields"]) == {name}


def test_anonymous_reads_are_throttled_through_redis(
    settings: Any, anon: APIClient, editor_client: APIClient, story: Story
) -> None:
    assert "redis" in settings.CACHES["default"]["BACKEND"].lower()
    settings.CLAIMTRACK_API_ANON_RATE = "3/min"
    for _ in range(3):
        assert anon.get("/api/v1/claims/").status_code == 200
    response = anon.get("/api/v1/sources/")
    error = assert_error(response, 429, "throttled")
    assert 0 < int(response["Retry-After"]) <= 60
    assert error["retry_after"] == int(response["Retry-After"])
    # The count is in the shared cache, under the client's address.
    assert len(cache.get(throttle_key())) == 3
    # Another address has its own budget; an editor with a token is not throttled.
    assert anon.get("/api/v1/claims/", REMOTE_ADDR="192.0.2.7").status_code == 200
    cache.delete(throttle_key("192.0.2.7"))
    assert editor_client.get("/api/v1/claims/").status_code == 200
    # Exports and the token endpoint count against the same budget.
    assert_error(anon.get("/api/v1/exports/claims.csv"), 429)
    assert_error(anon.post("/api/v1/auth/token/", {"username": "x", "password": "y"}), 429)


def test_a_forged_forwarded_for_does_not_buy_a_new_budget(settings: Any, anon: APIClient) -> None:
    settings.CLAIMTRACK_API_ANON_RATE = "1/min"
    assert anon.get("/api/v1/").status_code == 200
    assert_error(anon.get("/api/v1/", HTTP_X_FORWARDED_FOR="203.0.113.9"), 429)


def test_the_rate_setting_fails_loudly_when_malformed() -> None:
    import subprocess
    import sys

    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        env={
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "CLAIMTRACK_API_ANON_RATE": "lots",
            "PATH": "/usr/bin:/bin",
        },
        capture_output=True,
        text=True,
        cwd=settings.BASE_DIR,
        check=False,
    )
    assert result.returncode != 0
    assert "CLAIMTRACK_API_ANON_RATE must look like 120/min" in result.stderr


def test_an_unknown_object_is_named_in_the_404(
    anon: APIClient, editor_client: APIClient, db: None
) -> None:
    # As the JSON-LD view says it, not Django's "No Claim matches the given query.".
    for path, message in [
        ("/api/v1/claims/987654/", "There is no claim #987654."),
        ("/api/v1/mentions/987654/", "There is no mention #987654."),
        ("/api/v1/articles/987654/", "There is no article #987654."),
        ("/api/v1/sources/no-such-source/", "There is no source with the slug “no-such-source”."),
    ]:
        assert assert_error(anon.get(path), 404, "not_found")["message"] == message
    for action, data in [("status", {"to_status": "confirmed"}), ("merge", {"into": 1})]:
        response = editor_client.post(f"/api/v1/claims/987654/{action}/", data, format="json")
        assert assert_error(response, 404, "not_found")["message"] == "There is no claim #987654."
    jsonld = assert_error(anon.get("/claims/987654.jsonld"), 404, "not_found")
    assert jsonld["message"] == "There is no claim #987654."
