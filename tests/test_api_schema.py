"""The OpenAPI schema at /api/v1/schema, the docs page that renders it from vendored files,
and a property-based run of schemathesis against the live server: for every operation,
generated requests never get a 5xx and every response (status, content type, headers,
body) conforms to the schema.

Bad inputs tried: whatever schemathesis generates from the schema (random strings, numbers
and dates in every parameter and body field, unknown ids), anonymously for every
operation and as an editor on the write operations of a real claim.
"""

# ruff: noqa: F811 - fixtures come from tests.support.api and are named as parameters

from __future__ import annotations

import re
import time
from collections import Counter
from typing import Any

import pytest
import schemathesis
import yaml
from django.contrib.staticfiles import finders
from hypothesis import HealthCheck, Phase, given, settings
from rest_framework.authtoken.models import Token
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.factories import EditorFactory
from tests.support.api import anon, fresh_throttle, make_story  # noqa: F401 (fixtures)

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]
EXAMPLES_PER_OPERATION = 20
WRITES = {"POST /api/v1/claims/{id}/status/", "POST /api/v1/claims/{id}/merge/"}


@pytest.mark.django_db
def test_schema_is_openapi_3_in_yaml_and_json(anon: Any) -> None:
    response = anon.get("/api/v1/schema")
    assert response.status_code == 200
    schema = yaml.safe_load(response.content)
    assert schema["openapi"].startswith("3.")
    as_json = anon.get("/api/v1/schema", {"format": "json"}).json()
    assert as_json["paths"].keys() == schema["paths"].keys()
    paths = set(schema["paths"])
    for expected in [
        "/api/v1/claims/",
        "/api/v1/claims/{id}/",
        "/api/v1/claims/{id}/status/",
        "/api/v1/claims/{id}/merge/",
        "/api/v1/mentions/",
        "/api/v1/sources/{slug}/",
        "/api/v1/articles/",
        "/api/v1/exports/claims.csv",
        "/api/v1/exports/claims.jsonl",
    ]:
        assert expected in paths
    status = schema["paths"]["/api/v1/claims/{id}/status/"]["post"]
    assert {"201", "400", "401", "403", "404", "409", "429"} <= set(status["responses"])
    claims = schema["paths"]["/api/v1/claims/"]["get"]
    names = {p["name"] for p in claims["parameters"]}
    # Exactly the timeline's filters, plus the keyset's two.
    assert names == {
        "q", "status", "place", "actor", "source", "claimant", "stance",
        "date_from", "date_to", "dates", "order", "cursor", "page_size",
    }  # fmt: skip
    assert "tokenAuth" in schema["components"]["securitySchemes"]


@pytest.mark.django_db
def test_exports_document_every_timeline_filter(anon: Any) -> None:
    # An export's body is a file, not an array: the generator took it for a single object
    # and documented only the hand-written filters, leaving out status, stance and dates.
    schema = anon.get("/api/v1/schema", {"format": "json"}).json()
    timeline = {p["name"] for p in schema["paths"]["/api/v1/claims/"]["get"]["parameters"]} - {
        "cursor",
        "page_size",
    }
    for path in ["/api/v1/exports/claims.csv", "/api/v1/exports/claims.jsonl"]:
        parameters = {p["name"]: p for p in schema["paths"][path]["get"]["parameters"]}
        assert set(parameters) == timeline, path
        status = parameters["status"]
        assert status["schema"]["items"]["enum"] == sorted(
            ["unverified", "confirmed", "denied", "disputed", "retracted"]
        )
        assert status["explode"] is True
        assert "claim id order" in parameters["order"]["description"]


@pytest.mark.django_db
def test_docs_page_loads_only_vendored_files(anon: Any) -> None:
    response = anon.get("/api/v1/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    assets = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert any(a.endswith("swagger-ui-bundle.js") for a in assets)
    for asset in assets:
        assert not asset.startswith(("http:", "https:", "//")), asset
        if asset.startswith("/static/"):
            assert finders.find(asset.removeprefix("/static/")), f"{asset} is not vendored"
    assert "cdn" not in html.lower()
    assert "/api/v1/schema" in html


def _run(
    operation: Any, *, base_url: str, headers: dict[str, str], seen: Counter[int], **fixed: Any
) -> None:

    @given(case=operation.as_strategy(**fixed))
    @settings(
        max_examples=EXAMPLES_PER_OPERATION,
        deadline=None,
        database=None,
        derandomize=True,
        suppress_health_check=list(HealthCheck),
        phases=[Phase.explicit, Phase.generate, Phase.shrink],
    )
    def check(case: Any) -> None:
        response = case.call_and_validate(
            base_url=base_url, headers=headers, checks=CHECKS, timeout=30
        )
        seen[response.status_code] += 1

    check()


@pytest.mark.django_db(transaction=True)
def test_schemathesis_finds_no_5xx_and_no_response_outside_the_schema(
    live_server: Any, fresh_throttle: None
) -> None:
    story = make_story()
    token = Token.objects.create(user=EditorFactory.create()).key
    targets = {
        "POST /api/v1/claims/{id}/status/": story.unverified.pk,
        "POST /api/v1/claims/{id}/merge/": story.denied.pk,
    }
    schema = schemathesis.openapi.from_url(f"{live_server.url}/api/v1/schema?format=json")
    started = time.monotonic()
    seen: Counter[int] = Counter()
    labels = []
    for result in schema.get_all_operations():
        operation = result.ok()  # type: ignore[union-attr]  # an Err raises: schema broken
        labels.append(operation.label)
        # Everything anonymously: reads answer, writes are refused with a documented 401.
        _run(operation, base_url=live_server.url, headers={}, seen=seen)
        if operation.label in WRITES:
            # As an editor on a real claim: 201, 400, 404 (unknown `into`) and 409 appear.
            _run(
                operation,
                base_url=live_server.url,
                headers={"Authorization": f"Token {token}"},
                seen=seen,
                # Separate claims, so that a merge does not turn every status into 409.
                path_parameters={"id": targets[operation.label]},
            )
    assert set(labels) >= WRITES
    assert len(labels) >= 14
    assert sum(seen.values()) >= len(labels) * 5
    # The run reached past the front door: successes, refusals and conflicts all conform.
    assert {200, 201, 400, 401, 404, 409} <= set(seen), seen
    assert not [code for code in seen if code >= 500], seen
    assert time.monotonic() - started < 120
