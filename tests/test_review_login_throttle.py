"""The login page stops guessing: after LOGIN_FAILURES_ALLOWED failed log-ins from one
address within the window, further attempts from it are refused with 429 and a message
saying to wait, without the password being checked, even a right one. Other addresses are
not affected. (The API's token endpoint, which checks the same passwords, is throttled;
the login form was not, so guessing went there.)

Bad input tried: wrong passwords for an editor's account, one after the other, then the
right one.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from config import login
from tests.factories import PASSWORD, EditorFactory

pytestmark = pytest.mark.django_db

GUESSER = "203.0.113.7"
NEIGHBOUR = "203.0.113.8"


@pytest.fixture(autouse=True)
def _clean_counts() -> Iterator[None]:
    keys = [login.failures_key(address) for address in (GUESSER, NEIGHBOUR)]
    cache.delete_many(keys)
    yield
    cache.delete_many(keys)


def _log_in(address: str, username: str, password: str) -> tuple[Client, object]:
    client = Client(REMOTE_ADDR=address)
    return client, client.post(reverse("login"), {"username": username, "password": password})


def test_guessing_is_stopped_and_other_addresses_are_not(settings) -> None:
    editor = EditorFactory.create()
    for _ in range(login.LOGIN_FAILURES_ALLOWED):
        _, response = _log_in(GUESSER, editor.username, "guess")
        assert response.status_code == 200  # type: ignore[attr-defined]
        assert "did not match" in response.content.decode()  # type: ignore[attr-defined]

    client, refused = _log_in(GUESSER, editor.username, PASSWORD)

    assert refused.status_code == 429  # type: ignore[attr-defined]
    assert "Too many failed log-ins" in refused.content.decode()  # type: ignore[attr-defined]
    assert "_auth_user_id" not in client.session
    neighbour, response = _log_in(NEIGHBOUR, editor.username, PASSWORD)
    assert response.status_code == 302  # type: ignore[attr-defined]
    assert "_auth_user_id" in neighbour.session


def test_a_few_mistakes_do_not_lock_anyone_out() -> None:
    editor = EditorFactory.create()
    for _ in range(login.LOGIN_FAILURES_ALLOWED - 1):
        _log_in(GUESSER, editor.username, "typo")
    client, response = _log_in(GUESSER, editor.username, PASSWORD)
    assert response.status_code == 302  # type: ignore[attr-defined]
    assert "_auth_user_id" in client.session


def test_the_admin_login_goes_through_the_same_page() -> None:
    staff = EditorFactory.create(is_staff=True, is_superuser=True)
    client = Client(REMOTE_ADDR=GUESSER)

    posted = client.post(
        "/admin/login/?next=/admin/", {"username": staff.username, "password": PASSWORD}
    )
    assert posted.status_code == 302
    assert posted["Location"] == f"{reverse('login')}?next=/admin/"
    assert "_auth_user_id" not in client.session  # the admin's own form checks nothing

    for _ in range(login.LOGIN_FAILURES_ALLOWED):
        client.post(posted["Location"], {"username": staff.username, "password": "guess"})
    refused = client.post(posted["Location"], {"username": staff.username, "password": PASSWORD})
    assert refused.status_code == 429

    cache.delete(login.failures_key(GUESSER))
    signed_in = client.post(posted["Location"], {"username": staff.username, "password": PASSWORD})
    assert signed_in["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200
