"""A request body over Django's DATA_UPLOAD_MAX_MEMORY_SIZE answers 413 in the API's one
error format (anonymously on the token endpoint too), not a 500 with a logged traceback;
too many form fields answer 400.

Bad inputs tried: a JSON body and a form body of 5 MB to the token endpoint, a JSON body
of 5 MB to the articles endpoint (nothing queued), a form with more fields than
DATA_UPLOAD_MAX_NUMBER_FIELDS.
"""

# ruff: noqa: F811 - fixtures come from tests.support.api and are named as parameters

from __future__ import annotations

import json

import pytest
from rest_framework.test import APIClient

from sources.models import Article
from tests.support.api import anon, assert_error, editor, editor_client, fresh_throttle  # noqa: F401

pytestmark = pytest.mark.django_db

BIG = "x" * (5 * 1024 * 1024)


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        (json.dumps({"username": BIG, "password": "p"}), "application/json"),
        (f"username={BIG}&password=p", "application/x-www-form-urlencoded"),
    ],
)
def test_an_oversized_body_is_413_for_anyone(anon: APIClient, body: str, content_type: str):
    response = anon.generic("POST", "/api/v1/auth/token/", body, content_type=content_type)
    error = assert_error(response, 413, "too_large")
    assert "bytes" in error["message"]


def test_an_oversized_submission_is_413_and_queues_nothing(editor_client: APIClient):
    body = json.dumps({"urls": ["https://news.example/a"], "source": BIG})
    response = editor_client.generic(
        "POST", "/api/v1/articles/", body, content_type="application/json"
    )
    assert_error(response, 413, "too_large")
    assert not Article.objects.exists()


def test_too_many_form_fields_is_400(anon: APIClient, settings):
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 10
    body = "&".join(f"f{n}=v" for n in range(20))
    response = anon.generic(
        "POST", "/api/v1/auth/token/", body, content_type="application/x-www-form-urlencoded"
    )
    assert_error(response, 400, "too_many_fields")
