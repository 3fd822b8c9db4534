"""A list's cursor whose decoded position holds a NUL character is a bad cursor (400),
not a 500 from PostgreSQL, which cannot compare text with a NUL in it.

Bad inputs tried: on the sources list (ordered by name, so the position is text), a
cursor of a lone NUL and one of a name with a NUL inside.
"""

# ruff: noqa: F811 - fixtures come from tests.support.api and are named as parameters

from __future__ import annotations

import base64
from urllib.parse import urlencode

import pytest
from rest_framework.test import APIClient

from tests.factories import SourceFactory
from tests.support.api import anon, assert_error, fresh_throttle  # noqa: F401

pytestmark = pytest.mark.django_db


def _cursor(position: str) -> str:
    return base64.b64encode(f"p={position}".encode()).decode()


@pytest.mark.parametrize("position", ["\x00", "Outlet\x00name"])
def test_a_cursor_with_a_nul_character_is_a_bad_cursor(anon: APIClient, position: str) -> None:
    SourceFactory.create(name="Outlet name")
    response = anon.get("/api/v1/sources/?" + urlencode({"cursor": _cursor(position)}))
    error = assert_error(response, 400, "invalid")
    assert "cursor" in error["fields"]


def test_a_cursor_from_a_next_link_still_pages(anon: APIClient) -> None:
    for n in range(3):
        SourceFactory.create(name=f"Outlet {n}")
    first = anon.get("/api/v1/sources/?page_size=2").json()
    second = anon.get(first["next"]).json()
    assert [s["name"] for s in first["results"] + second["results"]] == [
        "Outlet 0",
        "Outlet 1",
        "Outlet 2",
    ]
