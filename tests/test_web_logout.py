"""Logging out. Django 5 logs out by POST only; a GET of /accounts/logout/ (bookmarked,
typed) answered a blank 405. It now asks "Log out?" with a button that POSTs (with its
CSRF token), and logging out lands on the timeline saying so."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import EditorFactory

pytestmark = pytest.mark.django_db
LOGOUT = reverse("logout")


def test_a_get_asks_before_logging_out_and_logs_nobody_out():
    client = Client(enforce_csrf_checks=True)
    editor = EditorFactory.create()
    client.force_login(editor)
    response = client.get(LOGOUT)
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Log out?</h1>" in html
    form = re.search(
        r'<form method="post" action="/accounts/logout/" class="inline">.*?</form>',
        html[html.index("<h1>Log out?</h1>") :],
        re.S,
    )
    assert form is not None
    assert 'name="csrfmiddlewaretoken"' in form.group()
    assert ">Log out</button>" in form.group()
    assert response.wsgi_request.user.is_authenticated
    assert client.get(reverse("sources:ingest")).status_code == 200  # still logged in


def test_the_button_logs_out_and_lands_on_the_timeline_with_a_message():
    client = Client(enforce_csrf_checks=True)
    client.force_login(EditorFactory.create())
    page = client.get(LOGOUT).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    assert token is not None
    response = client.post(LOGOUT, {"csrfmiddlewaretoken": token.group(1)}, follow=True)
    assert response.redirect_chain == [(reverse("claims:timeline"), 302)]
    html = response.content.decode()
    assert "You are logged out." in html
    assert not response.wsgi_request.user.is_authenticated


def test_a_post_without_the_csrf_token_is_refused():
    client = Client(enforce_csrf_checks=True)
    client.force_login(EditorFactory.create())
    assert client.post(LOGOUT).status_code == 403
    assert client.get(reverse("sources:ingest")).status_code == 200


def test_a_visitor_not_logged_in_is_told_so(client):
    response = client.get(LOGOUT)
    assert response.status_code == 200
    assert "You are not logged in" in response.content.decode()
    assert "You are logged out." not in client.post(LOGOUT, follow=True).content.decode()


def test_logging_in_from_the_logout_page_does_not_come_back_to_it():
    # The masthead's "Log in" carries the page to come back to; from "You are not logged
    # in" that was /accounts/logout/, and logging in landed on "Log out?".
    html = Client().get(LOGOUT).content.decode()
    assert 'href="/accounts/login/"' in html
    assert "next=/accounts/logout/" not in html


def test_the_login_pages_own_log_in_link_keeps_where_it_was_going():
    # On /accounts/login/?next=/sources/ the masthead's "Log in" pointed at the login page
    # with next=/accounts/login/?next=/sources/: a nested address, and the same page again.
    html = Client().get("/accounts/login/?next=/sources/").content.decode()
    assert 'href="/accounts/login/?next=/sources/"' in html
    assert "next=/accounts/login/" not in html


def test_an_account_that_is_not_staff_is_told_why_the_admin_sends_it_to_log_in():
    # /admin/ sends a logged-in editor without is_staff to the login page, which said
    # "You are logged in ... Go back": back to /admin/, and round again.
    client = Client()
    client.force_login(EditorFactory.create())
    response = client.get("/admin/", follow=True)
    html = response.content.decode()
    assert "The admin is for staff accounts, and this one is not" in html
    assert 'href="/admin/"' not in html
    assert "Go to the timeline" in html
    staff = Client()
    staff.force_login(EditorFactory.create(username="staffer", is_staff=True))
    assert (
        "The admin is for staff accounts"
        not in staff.get("/accounts/login/?next=/admin/").content.decode()
    )
