"""A JSON body nested deeper than Python's decoder can go is a 400 parse error in the API's
one error format, never a 500 with a traceback in the log.

Bad inputs tried: 100,000 nested arrays posted anonymously to the token endpoint (which
names its own parsers) and by an editor to the articles endpoint (the default parsers).
"""

# ruff: noqa: F811 - fixtures come from tests.support.api and are named as parameters

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from sources.models import Article
from tests.support.api import anon, assert_error, editor, editor_client, fresh_throttle  # noqa: F401

pytestmark = pytest.mark.django_db

TOO_DEEP = "[" * 100_000 + "]" * 100_000


def test_a_body_nested_too_deeply_is_a_parse_error_for_anyone(anon: APIClient) -> None:
    response = anon.generic(
        "POST", "/api/v1/auth/token/", TOO_DEEP, content_type="application/json"
    )
    error = assert_error(response, 400, "parse_error")
    assert "nested too deeply" in error["message"]


def test_a_body_nested_too_deeply_queues_nothing(editor_client: APIClient) -> None:
    response = editor_client.generic(
        "POST", "/api/v1/articles/", TOO_DEEP, content_type="application/json"
    )
    error = assert_error(response, 400, "parse_error")
    assert "nested too deeply" in error["message"]
    assert not Article.objects.exists()
