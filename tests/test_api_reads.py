"""The public read side of /api/v1/: claims filtered and paged exactly as the timeline, a
claim with its mentions and history, mentions, sources with their track record, articles
with their state.

Bad inputs tried: an unknown status, an unknown source slug, a reversed date range, a
cursor that is not one, cursors of the right shape pointing nowhere, page_size 0 / 201 /
"ten", a merged claim's old id.
"""

# ruff: noqa: F811 - fixtures come from tests.support.api and are named as parameters

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest
from django.http import QueryDict
from django.urls import reverse

from claims import editorial, selectors
from claims.filters import ClaimFilter
from claims.models import Claim, Mention
from sources.models import Article
from tests.factories import ArticleFactory, ClaimFactory, MentionFactory, SourceFactory
from tests.support.api import (  # noqa: F401 (fixtures)
    Story,
    anon,
    assert_error,
    editor,
    fresh_throttle,
    story,
)

pytestmark = pytest.mark.django_db

CLAIMS = "/api/v1/claims/"


def _ids(response: Any) -> list[int]:
    assert response.status_code == 200, response.content[:400]
    return [row["id"] for row in response.json()["results"]]


def _timeline_ids(query: str) -> list[int]:
    """What the timeline page shows for the same query string (its filter and selector)."""
    claim_filter = ClaimFilter(QueryDict(query), queryset=selectors.claims_live())
    assert claim_filter.is_valid(), claim_filter.errors
    page = selectors.timeline_page(
        claims=claim_filter.qs,
        basis=claim_filter.basis,
        oldest_first=claim_filter.oldest_first,
        size=200,
    )
    return [row.claim.pk for row in page.rows]


@pytest.fixture
def more_claims(story: Story) -> list[Claim]:
    extra = []
    for n, day in enumerate([date(2024, 5, 1), date(2024, 8, 9), date(2024, 8, 9), None]):
        claim = ClaimFactory.create(
            summary=f"Convoy number {n} seen near Eastport harbour",
            first_reported=day,
            event_date=date(2024, 9, n + 1),
            place="Eastport" if n % 2 else "Northgate",
        )
        MentionFactory.create(claim=claim, publisher=story.daily, claimant=story.spokesman)
        extra.append(claim)
    return extra


@pytest.mark.parametrize(
    "query",
    [
        "",
        "status=confirmed",
        "status=confirmed&status=denied",
        "place=eastport",
        "actor=northland",
        "source={wire}",
        "claimant={ministry}&stance=denies",
        "claimant={spokesman}",
        "stance=denies",
        "q=troops",
        "q=convoy harbour",
        "date_from=2024-06-01&date_to=2024-07-31",
        "order=oldest",
        "dates=event",
        "dates=event&order=oldest&date_from=2024-09-02",
    ],
)
def test_claims_list_filters_exactly_as_the_timeline(
    anon: Any, story: Story, more_claims: list[Claim], query: str
) -> None:
    query = query.format(
        wire=story.wire.slug, ministry=story.ministry.slug, spokesman=story.spokesman.slug
    )
    expected = _timeline_ids(query)
    got = _ids(anon.get(f"{CLAIMS}?{query}&page_size=200"))
    assert got == expected
    if query not in {"", "order=oldest", "dates=event"}:
        assert len(got) < Claim.objects.count()  # the filter did something
    else:
        assert len(got) == Claim.objects.count()


def test_search_finds_words_in_quotes_as_well_as_summaries(anon: Any, story: Story) -> None:
    assert _ids(anon.get(CLAIMS, {"q": "ministry denied"})) == [story.confirmed.pk]
    assert _ids(anon.get(CLAIMS, {"q": "Westford bridge"})) == [story.denied.pk]
    assert _ids(anon.get(CLAIMS, {"q": "zeppelin"})) == []


def test_claims_list_rows_carry_what_the_timeline_row_shows(anon: Any, story: Story) -> None:
    rows = {r["id"]: r for r in anon.get(CLAIMS).json()["results"]}
    row = rows[story.confirmed.pk]
    assert row["summary"] == "3,000 Northland troops moving to Eastport"
    assert row["status"] == "confirmed"
    assert row["quantity"] == 3000
    assert row["first_reported"] == "2024-06-21"
    assert row["source_count"] == 2
    assert row["mention_count"] == 2
    assert {c["name"] for c in row["claimants"]} == {"Ines Varga", "Ministry of Defence"}
    assert row["url"].endswith(f"/api/v1/claims/{story.confirmed.pk}/")
    assert row["html_url"].endswith(f"/claims/{story.confirmed.pk}/")


def test_claims_list_pages_by_keyset_until_next_is_null(anon: Any, story: Story) -> None:
    for n in range(9):
        ClaimFactory.create(summary=f"Claim {n}", first_reported=date(2024, 3, 1 + n % 3))
    expected = _timeline_ids("")
    seen: list[int] = []
    url: str | None = f"{CLAIMS}?page_size=4&place="
    pages = 0
    while url:
        body = anon.get(url).json()
        seen += [r["id"] for r in body["results"]]
        url = body["next"]
        pages += 1
        if url:
            assert "page_size=4" in url  # filters carried along
            assert "place=" in url
    assert seen == expected
    assert pages == 3


def test_claims_list_costs_the_same_queries_for_more_rows(
    anon: Any, story: Story, django_assert_max_num_queries: Any
) -> None:
    anon.get(CLAIMS)  # warm: content types, sessions
    with django_assert_max_num_queries(6) as few:
        anon.get(f"{CLAIMS}?page_size=3")
    for n in range(30):
        MentionFactory.create(claim=ClaimFactory.create(summary=f"More {n}"))
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert len(_ids(anon.get(f"{CLAIMS}?page_size=30"))) == 30


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("status=bogus", "status"),
        ("source=no-such-outlet", "source"),
        ("date_from=2024-09-01&date_to=2024-01-01", "date_to"),
        ("date_from=yesterday", "date_from"),
        ("cursor=not-a-cursor", "cursor"),
        ("cursor=2024-13-01.5", "cursor"),
        ("cursor=2024-01-01.0", "cursor"),
        ("cursor=2024-01-01.99999999999999999999999", "cursor"),
        ("page_size=0", "page_size"),
        ("page_size=201", "page_size"),
        ("page_size=ten", "page_size"),
    ],
)
def test_claims_list_bad_filters_say_which_field(
    anon: Any, story: Story, query: str, field: str
) -> None:
    error = assert_error(anon.get(f"{CLAIMS}?{query}"), 400, "invalid")
    assert field in error["fields"], error
    assert field in error["message"]


@pytest.mark.parametrize("day", ["01/06/2024", "06/01/24", "2024/06/01", "1 June 2024"])
def test_dates_are_read_year_first_only(anon: Any, story: Story, day: str) -> None:
    # 01/06/2024 was read the US way, as 6 January: a reader who meant 1 June got five
    # more months of claims and no word of it.
    for path in (CLAIMS, "/api/v1/exports/claims.csv"):
        error = assert_error(anon.get(path, {"date_from": day}), 400, "invalid")
        assert error["fields"] == {
            "date_from": ["Enter a valid date as year-month-day, e.g. 2024-06-21."]
        }
    assert anon.get(CLAIMS, {"date_from": "2024-6-1", "date_to": "2024-06-30"}).status_code == 200


def test_a_cursor_of_the_right_shape_past_the_end_gives_an_empty_page(
    anon: Any, story: Story
) -> None:
    body = anon.get(f"{CLAIMS}?cursor=0001-01-01.1").json()
    assert body == {"next": None, "results": []}


def test_claim_detail_has_mentions_in_date_order_and_the_status_history(
    anon: Any, story: Story
) -> None:
    body = anon.get(f"{CLAIMS}{story.confirmed.pk}/").json()
    assert body["summary"] == story.confirmed.summary
    assert [m["stance"] for m in body["mentions"]] == ["asserts", "denies"]
    first = body["mentions"][0]
    assert first["quote"] == "3,000 Northland troops are moving to Eastport"
    assert first["claimant"]["slug"] == story.spokesman.slug
    assert first["chain"] == ["Harbour Wire", "an official"]
    assert first["article"]["publisher"]["name"] == "Harbour Wire"
    assert first["article"]["title"] == "Troops said to be heading for Eastport"
    text = story.first_article.text
    assert text[first["start"] : first["end"]] == first["quote"]
    [change] = body["status_history"]
    assert change["from_status"] == "unverified"
    assert change["to_status"] == "confirmed"
    assert change["note"] == "Satellite images show the column."
    assert change["evidence_url"] == "https://evidence.example/satellite"
    assert story.verdict.editor is not None
    assert change["editor"] == story.verdict.editor.get_username()
    assert body["links"]["claim_review"].endswith(f"/claims/{story.confirmed.pk}.jsonld")
    assert body["links"]["feed"].endswith(f"/feeds/claims/{story.confirmed.pk}.atom")


def test_claim_detail_without_verdict_has_no_claim_review_link(anon: Any, story: Story) -> None:
    body = anon.get(f"{CLAIMS}{story.unverified.pk}/").json()
    assert body["status_history"] == []
    assert body["links"]["claim_review"] is None


def test_merged_claim_redirects_to_the_survivor(anon: Any, story: Story, editor: Any) -> None:
    editorial.claim_merge(claim_id=story.denied.pk, into_claim_id=story.confirmed.pk, editor=editor)
    response = anon.get(f"{CLAIMS}{story.denied.pk}/")
    assert response.status_code == 301
    assert response["Location"] == f"{CLAIMS}{story.confirmed.pk}/"
    survivor = anon.get(response["Location"]).json()
    assert len(survivor["mentions"]) == 3
    assert [e["kind"] for e in survivor["editorial_events"]] == ["merge"]
    assert story.denied.pk not in _ids(anon.get(CLAIMS))


def test_unknown_claim_is_a_json_404(anon: Any, story: Story) -> None:
    assert_error(anon.get(f"{CLAIMS}987654321/"), 404, "not_found")


def test_mentions_list_filters_and_detail(anon: Any, story: Story) -> None:
    all_ids = _ids(anon.get("/api/v1/mentions/"))
    assert all_ids == sorted(all_ids, reverse=True)  # newest first
    assert len(all_ids) == Mention.objects.count()
    by_claim = _ids(anon.get("/api/v1/mentions/", {"claim": story.confirmed.pk}))
    assert len(by_claim) == 2
    denials = anon.get(
        "/api/v1/mentions/", {"claimant": story.ministry.slug, "stance": "denies"}
    ).json()["results"]
    assert [m["claim"] for m in denials] == [story.confirmed.pk]
    published = _ids(anon.get("/api/v1/mentions/", {"publisher": story.daily.slug}))
    assert set(published) == set(
        Mention.objects.filter(article__publisher=story.daily).values_list("pk", flat=True)
    )
    detail = anon.get(f"/api/v1/mentions/{denials[0]['id']}/").json()
    assert detail["cue"] == "denied"
    assert detail["claim_url"].endswith(f"/api/v1/claims/{story.confirmed.pk}/")
    assert_error(anon.get("/api/v1/mentions/", {"stance": "shrugs"}), 400)
    assert_error(anon.get("/api/v1/mentions/", {"claim": "x"}), 400)
    assert_error(anon.get("/api/v1/mentions/999999/"), 404)


def test_sources_list_by_name_with_counts(anon: Any, story: Story) -> None:
    body = anon.get("/api/v1/sources/", {"page_size": 200}).json()
    names = [s["name"] for s in body["results"]]
    assert names == sorted(names)
    wire = next(s for s in body["results"] if s["slug"] == story.wire.slug)
    assert wire["article_count"] == Article.objects.filter(publisher=story.wire).count()
    assert wire["kind"] == "outlet"
    persons = anon.get("/api/v1/sources/", {"kind": "person"}).json()["results"]
    assert story.spokesman.slug in {s["slug"] for s in persons}
    assert all(s["kind"] == "person" for s in persons)
    assert_error(anon.get("/api/v1/sources/", {"kind": "alien"}), 400)


def test_sources_page_by_name_without_gaps(anon: Any, story: Story) -> None:
    for n in range(5):
        SourceFactory.create(name="Same Name")  # ties on the ordering field
        SourceFactory.create(name=f"Agency {n}")
    expected = list(selectors.source_list().values_list("slug", flat=True))
    seen: list[str] = []
    url: str | None = "/api/v1/sources/?page_size=3"
    while url:
        body = anon.get(url).json()
        seen += [s["slug"] for s in body["results"]]
        url = body["next"]
    assert seen == expected


def test_source_detail_has_the_track_record_of_the_selector(anon: Any, story: Story) -> None:
    body = anon.get(f"/api/v1/sources/{story.spokesman.slug}/").json()
    record = selectors.source_track_record(source=story.spokesman)
    assert body["track_record"]["confirmed"] == record.confirmed == 1
    assert body["track_record"]["open"] == record.open
    assert body["track_record"]["share_confirmed"] == record.share_confirmed
    assert body["track_record"]["median_days_to_confirmation"] == (
        record.median_days_to_confirmation
    )
    assert body["claims_feed"].endswith(f"/feeds/sources/{story.spokesman.slug}.atom")


def test_source_with_nothing_resolved_has_no_share_rather_than_zero(anon: Any, db: None) -> None:
    quiet = SourceFactory.create(name="Quiet Source", kind="person")
    MentionFactory.create(claimant=quiet)
    record = anon.get(f"/api/v1/sources/{quiet.slug}/").json()["track_record"]
    assert record["resolved"] == 0
    assert record["share_confirmed"] is None
    assert_error(anon.get("/api/v1/sources/no-such-source/"), 404)


def test_articles_with_their_state_and_failure(anon: Any, story: Story) -> None:
    failed = ArticleFactory.create(
        state=Article.State.FAILED,
        failure_kind=Article.FailureKind.NOT_FOUND,
        failure_message="The server answered 404 Not Found.",
        published_at=datetime(2024, 1, 1, tzinfo=UTC),
        text="",
    )
    listed = anon.get("/api/v1/articles/", {"state": "failed"}).json()["results"]
    assert [a["id"] for a in listed] == [failed.pk]
    assert listed[0]["state_label"] == "Failed"
    assert listed[0]["failure_message"] == "The server answered 404 Not Found."
    assert "text" not in listed[0]
    detail = anon.get(f"/api/v1/articles/{story.first_article.pk}/").json()
    assert detail["text"] == story.first_article.text
    assert detail["publisher"]["slug"] == story.wire.slug
    by_wire = _ids(anon.get("/api/v1/articles/", {"publisher": story.wire.slug}))
    assert story.first_article.pk in by_wire
    assert story.second_article.pk not in by_wire
    assert_error(anon.get("/api/v1/articles/", {"state": "exploded"}), 400)
    assert_error(anon.get("/api/v1/articles/424242/"), 404)


def test_api_root_lists_the_endpoints(anon: Any, db: None) -> None:
    body = anon.get("/api/v1/").json()
    assert body["claims"].endswith("/api/v1/claims/")
    assert body["schema"].endswith("/api/v1/schema")
    assert anon.get("/api/").status_code == 302


def test_the_browsable_api_answers_a_browser(anon: Any, story: Story) -> None:
    response = anon.get(CLAIMS, HTTP_ACCEPT="text/html")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    assert reverse("api:claim-list") in response.content.decode()
