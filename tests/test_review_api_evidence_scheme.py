"""The API takes an evidence URL only if it is a web page (http or https), as the claim
page's form does: the address becomes a link on the claim page and in the feeds. REST
framework's URLField also took ftp:// and ftps:// addresses.
"""

# ruff: noqa: F811 - fixtures come from tests.support.api and are named as parameters

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from claims.models import StatusChange
from tests.support.api import (  # noqa: F401
    Story,
    assert_error,
    editor,
    editor_client,
    fresh_throttle,
    story,
)

pytestmark = pytest.mark.django_db


def _set_status(client: APIClient, story: Story, evidence_url: str) -> object:
    return client.post(
        f"/api/v1/claims/{story.unverified.pk}/status/",
        {
            "to_status": "confirmed",
            "expected_status": "unverified",
            "note": "Seen.",
            "evidence_url": evidence_url,
        },
    )


@pytest.mark.parametrize("url", ["ftp://evidence.example/report", "ftps://evidence.example/r"])
def test_evidence_that_is_not_a_web_page_is_refused(
    editor_client: APIClient, story: Story, url: str
) -> None:
    before = StatusChange.objects.count()
    error = assert_error(_set_status(editor_client, story, url), 400, "invalid")
    assert "evidence_url" in error["fields"]
    assert StatusChange.objects.count() == before


@pytest.mark.parametrize("url", ["https://evidence.example/report", "http://evidence.example/r"])
def test_web_pages_are_taken(editor_client: APIClient, story: Story, url: str) -> None:
    response = _set_status(editor_client, story, url)
    assert response.status_code == 201, response.content  # type: ignore[attr-defined]
    assert StatusChange.objects.order_by("-pk").first().evidence_url == url  # type: ignore[union-attr]
