"""Who may do what on the web: anonymous, a signed-in reader, an editor x every action.

Bad inputs tried: every editorial action by an anonymous visitor and by a reader who is
not an editor (each answers 403, or the login page for a GET, and changes nothing); a
POST without its CSRF token.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from claims.models import Claim, EditorialEvent, Mention, StatusChange
from sources.models import Article, Feed
from tests.factories import (
    PASSWORD,
    ArticleFactory,
    ClaimFactory,
    EditorFactory,
    MentionFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@dataclass
class World:
    claim: Claim
    other: Claim
    mention: Mention
    failed: Article


@pytest.fixture
def world() -> World:
    claim = ClaimFactory.create(summary="Troops moved to the border")
    MentionFactory.create(claim=claim)
    mention = MentionFactory.create(claim=claim)
    other = ClaimFactory.create()
    MentionFactory.create(claim=other)
    failed = ArticleFactory.create(
        state=Article.State.FAILED,
        failure_kind=Article.FailureKind.TIMEOUT,
        failure_message="Timed out after 30 s",
        attempts=4,
    )
    return World(claim=claim, other=other, mention=mention, failed=failed)


@dataclass(frozen=True)
class Act:
    name: str
    method: str
    url: Callable[[World], str]
    data: Callable[[World], dict]
    done: Callable[[World], bool]  # did the action take effect?


ACTIONS = [
    Act(
        "set status",
        "post",
        lambda w: reverse("claims:claim_set_status", args=[w.claim.pk]),
        lambda w: {"expected_status": "unverified", "to_status": "confirmed", "note": "Seen."},
        lambda w: StatusChange.objects.filter(claim=w.claim).exists(),
    ),
    Act(
        "edit summary",
        "post",
        lambda w: reverse("claims:claim_edit_summary", args=[w.claim.pk]),
        lambda w: {"summary": "Edited", "expected_summary": w.claim.summary},
        lambda w: Claim.objects.get(pk=w.claim.pk).summary == "Edited",
    ),
    Act(
        "merge",
        "post",
        lambda w: reverse("claims:claim_merge", args=[w.other.pk]),
        lambda w: {"into": w.claim.pk, "confirm": w.claim.pk},
        lambda w: Claim.objects.get(pk=w.other.pk).merged_into_id == w.claim.pk,
    ),
    Act(
        "merge preview",
        "get",
        lambda w: reverse("claims:claim_merge_preview", args=[w.other.pk]),
        lambda w: {"into": w.claim.pk},
        lambda w: True,
    ),
    Act(
        "split",
        "post",
        lambda w: reverse("claims:mention_split", args=[w.mention.pk]),
        lambda w: {"summary": "Split off"},
        lambda w: EditorialEvent.objects.filter(kind="split").exists(),
    ),
    Act(
        "ingest page",
        "get",
        lambda w: reverse("sources:ingest"),
        lambda w: {},
        lambda w: True,
    ),
    Act(
        "ingest queue",
        "get",
        lambda w: reverse("sources:ingest_queue"),
        lambda w: {},
        lambda w: True,
    ),
    Act(
        "submit urls",
        "post",
        lambda w: reverse("sources:ingest_urls"),
        lambda w: {"urls": "https://news.example/a\nhttps://news.example/b"},
        lambda w: Article.objects.filter(url__startswith="https://news.example/a").exists(),
    ),
    Act(
        "add feed",
        "post",
        lambda w: reverse("sources:ingest_feed"),
        lambda w: {"url": "https://news.example/feed.xml", "source": "News Example"},
        lambda w: Feed.objects.filter(url="https://news.example/feed.xml").exists(),
    ),
    Act(
        "upload files",
        "post",
        lambda w: reverse("sources:ingest_files"),
        lambda w: {
            "documents": SimpleUploadedFile(
                "report.txt", b"A headline\n\nOfficials said the bridge was closed on Monday.\n"
            ),
            "source": "Upload Outlet",
        },
        lambda w: Article.objects.filter(title="A headline").exists(),
    ),
    Act(
        "retry",
        "post",
        lambda w: reverse("sources:article_retry", args=[w.failed.pk]),
        lambda w: {},
        lambda w: Article.objects.get(pk=w.failed.pk).state == Article.State.QUEUED,
    ),
]


def _client(role: str) -> Client:
    client = Client()
    if role == "reader":
        client.force_login(UserFactory.create())
    elif role == "editor":
        client.force_login(EditorFactory.create())
    return client


@pytest.mark.parametrize("act", ACTIONS, ids=lambda a: a.name)
@pytest.mark.parametrize("role", ["anonymous", "reader", "editor"])
def test_permission_matrix(world, role, act):
    client = _client(role)
    response = getattr(client, act.method)(act.url(world), act.data(world))
    if role == "editor":
        assert response.status_code in {200, 302}, response.content[:500]
        if response.status_code == 302:
            assert "/accounts/login/" not in response["Location"]
        assert act.done(world), f"{act.name} did not take effect for an editor"
        return
    if role == "anonymous" and act.method == "get":
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))
    else:
        assert response.status_code == 403
        assert b"Editors only" in response.content
    if act.method == "post":
        assert not act.done(world), f"{act.name} took effect for {role}"


@pytest.mark.parametrize("role", ["anonymous", "reader", "editor"])
def test_only_editors_see_controls(world, role):
    page = _client(role).get(world.claim.get_absolute_url()).content.decode()
    controls = ["Set the status", "Edit the summary", "Merge a duplicate", "Split into a new claim"]
    for control in controls:
        assert (control in page) == (role == "editor"), control
    nav = _client(role).get(reverse("claims:timeline")).content.decode()
    assert (reverse("sources:ingest") in nav) == (role == "editor")


def test_every_editor_form_carries_a_csrf_token(world):
    client = _client("editor")
    for url in (world.claim.get_absolute_url(), reverse("sources:ingest")):
        page = client.get(url).content.decode()
        assert page.count('method="post"') >= 3
        assert page.count('method="post"') == page.count('name="csrfmiddlewaretoken"')


def test_post_without_csrf_token_is_refused(world):
    client = Client(enforce_csrf_checks=True)
    editor = EditorFactory.create()
    assert client.login(username=editor.username, password=PASSWORD)
    response = client.post(
        reverse("claims:claim_set_status", args=[world.claim.pk]),
        {"expected_status": "unverified", "to_status": "confirmed", "note": "Seen."},
    )
    assert response.status_code == 403
    assert not StatusChange.objects.exists()


def test_login_page_signs_an_editor_in(world):
    editor = EditorFactory.create()
    client = Client()
    response = client.post(
        reverse("login"),
        {"username": editor.username, "password": PASSWORD, "next": "/"},
    )
    assert response.status_code == 302
    assert "Set the status" in client.get(world.claim.get_absolute_url()).content.decode()
    wrong = Client().post(reverse("login"), {"username": editor.username, "password": "nope"})
    assert "did not match" in wrong.content.decode()


def test_logging_in_after_a_refused_post_comes_back_to_the_form_page(world):
    # An editor whose session ended sends the status form: 403, and "Log in" leads back
    # to the claim page, not to the POST-only address (a 405 after logging in).
    client = Client()
    claim_page = world.claim.get_absolute_url()
    refused = client.post(
        reverse("claims:claim_set_status", args=[world.claim.pk]),
        {"expected_status": "unverified", "to_status": "confirmed", "note": "Seen."},
        headers={"Referer": f"http://testserver{claim_page}"},
    )
    assert refused.status_code == 403
    html = refused.content.decode()
    login_link = f'href="{reverse("login")}?next={claim_page}"'
    assert html.count(login_link) == 2  # the masthead and the page's own "Log in"
    assert f"?next=/claims/{world.claim.pk}/status/" not in html
    editor = EditorFactory.create()
    back = client.post(
        f"{reverse('login')}?next={claim_page}",
        {"username": editor.username, "password": PASSWORD, "next": claim_page},
    )
    assert back["Location"] == claim_page
    assert client.get(back["Location"]).status_code == 200
    # A Referer from another site is not followed.
    elsewhere = Client().post(
        reverse("claims:claim_set_status", args=[world.claim.pk]),
        {"expected_status": "unverified", "to_status": "confirmed", "note": "Seen."},
        headers={"Referer": "https://evil.example/claims/1/"},
    )
    assert "evil.example" not in elsewhere.content.decode()
    assert f'href="{reverse("login")}"' in elsewhere.content.decode()


def test_a_stale_form_after_logging_in_elsewhere_is_explained(world):
    client = Client(enforce_csrf_checks=True)
    client.cookies["csrftoken"] = "x" * 32
    response = client.post(
        reverse("claims:claim_set_status", args=[world.claim.pk]),
        {
            "expected_status": "unverified",
            "to_status": "confirmed",
            "note": "Seen.",
            "csrfmiddlewaretoken": "y" * 32,
        },
    )
    assert response.status_code == 403
    html = response.content.decode()
    assert "This form was out of date" in html
    assert "Nothing was saved." in html
    assert not StatusChange.objects.exists()


def test_login_page_when_already_logged_in_says_so_and_offers_the_way_back_or_out():
    anonymous = Client().get(reverse("login")).content.decode()
    assert "You are logged in" not in anonymous
    assert "autofocus" in anonymous

    client = Client()
    client.force_login(EditorFactory.create(username="desk"))
    html = client.get(reverse("login"), {"next": "/sources/"}).content.decode()
    assert "You are logged in as <strong>desk</strong>, an editor." in html
    assert '<a class="button primary" href="/sources/">Go back</a>' in html
    assert f'action="{reverse("logout")}"' in html
    assert "Log in as someone else" in html
    assert "autofocus" not in html  # the cursor does not skip past the notice
    plain = client.get(reverse("login"), {"next": "https://elsewhere.example/"})
    assert '<a class="button primary" href="/">Go to the timeline</a>' in plain.content.decode()

    reader = Client()
    reader.force_login(UserFactory.create(username="plain"))
    other = reader.post(reverse("login"), {"username": "desk", "password": PASSWORD})
    assert other.status_code == 302  # a reader can still log in as an editor from here
