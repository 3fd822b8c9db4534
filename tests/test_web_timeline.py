"""The timeline page: order, grouping, filters, search, chart, keyset pages, CSV export.

Bad inputs tried: a malformed page position (`after=garbage`), a date range that ends
before it starts, an unknown status, an unknown source slug, a summary that would be a
spreadsheet formula. Each gives a readable message (400 or the filter form's errors),
never a 500 and never silently wrong rows.
"""

from __future__ import annotations

import csv
import io
import re
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from claims import editorial, selectors, views
from claims.charts import chart_svg
from claims.models import Claim
from tests.factories import (
    ClaimFactory,
    EditorFactory,
    MentionFactory,
    SourceFactory,
    StatusChangeFactory,
)

pytestmark = pytest.mark.django_db
TIMELINE = reverse("claims:timeline")


def _summaries(html: str) -> list[str]:
    return re.findall(r'class="claim-summary" href="[^"]+">([^<]+)</a>', html)


def test_grouped_by_day_newest_first_and_oldest_first_on_request(client):
    ClaimFactory.create(summary="June claim", first_reported=date(2024, 6, 21))
    ClaimFactory.create(summary="October claim", first_reported=date(2024, 10, 24))
    ClaimFactory.create(summary="Second October claim", first_reported=date(2024, 10, 24))
    html = client.get(TIMELINE).content.decode()
    assert _summaries(html) == ["Second October claim", "October claim", "June claim"]
    assert html.count('<h2 class="day">') == 2
    assert "Thursday 24 October 2024" in html
    assert "Friday 21 June 2024" in html
    oldest = client.get(TIMELINE, {"order": "oldest"}).content.decode()
    assert _summaries(oldest) == ["June claim", "October claim", "Second October claim"]


def test_event_date_toggle_orders_by_when_it_happens(client):
    ClaimFactory.create(
        summary="Reported late, happened early",
        first_reported=date(2024, 10, 1),
        event_date=date(2024, 1, 5),
    )
    ClaimFactory.create(summary="Reported early", first_reported=date(2024, 6, 1))
    by_report = _summaries(client.get(TIMELINE).content.decode())
    by_event = _summaries(client.get(TIMELINE, {"dates": "event"}).content.decode())
    assert by_report == ["Reported late, happened early", "Reported early"]
    assert by_event == ["Reported early", "Reported late, happened early"]


def test_row_shows_place_actor_claimants_sources_and_dates(client):
    claim = ClaimFactory.create(
        summary="3,000 troops to the region",
        place="Eastport",
        actor="Northland",
        first_reported=date(2024, 6, 21),
    )
    MentionFactory.create(
        claim=claim,
        claimant=SourceFactory.create(name="Defence Ministry"),
        stated_on=date(2024, 6, 21),
    )
    MentionFactory.create(
        claim=claim, claimant=SourceFactory.create(name="Jane Spokes"), stated_on=date(2024, 7, 2)
    )
    StatusChangeFactory.create(claim=claim, to_status="confirmed")
    html = client.get(TIMELINE).content.decode()
    assert "Eastport" in html
    assert "Northland" in html
    assert "Defence Ministry, Jane Spokes" in html
    assert "2 outlets" in html
    assert "first 21 Jun 2024" in html
    assert 'badge-confirmed">Confirmed' in html


def _filtered(client, **params) -> list[str]:
    response = client.get(TIMELINE, params)
    assert response.status_code == 200
    return _summaries(response.content.decode())


def test_filters_by_status_place_actor_source_claimant_stance_and_dates(client):
    outlet, other_outlet = (
        SourceFactory.create(name="The Ledger"),
        SourceFactory.create(name="The Herald"),
    )
    kirby, ministry = (
        SourceFactory.create(name="A Spokesman"),
        SourceFactory.create(name="Foreign Ministry"),
    )
    a = ClaimFactory.create(
        summary="A", place="Kursk Oblast", actor="Northland", first_reported=date(2024, 6, 21)
    )
    b = ClaimFactory.create(
        summary="B", place="Donetsk", actor="Southland", first_reported=date(2024, 10, 24)
    )
    c = ClaimFactory.create(
        summary="C", place="Eastport", actor="Northland", first_reported=date(2024, 11, 2)
    )
    MentionFactory.create(claim=a, publisher=outlet, claimant=kirby, stance="asserts")
    MentionFactory.create(claim=a, publisher=other_outlet, claimant=ministry, stance="denies")
    MentionFactory.create(claim=b, publisher=other_outlet, claimant=kirby, stance="denies")
    MentionFactory.create(claim=c, publisher=outlet, claimant=ministry, stance="confirms")
    StatusChangeFactory.create(claim=b, to_status="denied")
    StatusChangeFactory.create(claim=c, to_status="confirmed")

    assert _filtered(client, status=["denied", "confirmed"]) == ["C", "B"]
    assert _filtered(client, place="kursk") == ["A"]
    assert _filtered(client, actor="northland") == ["C", "A"]
    assert _filtered(client, source=outlet.slug) == ["C", "A"]
    assert _filtered(client, claimant=kirby.slug) == ["B", "A"]
    assert _filtered(client, stance="denies") == ["B", "A"]
    # Claimant and stance describe the same mention: the spokesman never denied A.
    assert _filtered(client, claimant=kirby.slug, stance="denies") == ["B"]
    assert _filtered(client, source=other_outlet.slug, claimant=ministry.slug) == ["A"]
    assert _filtered(client, date_from="2024-07-01", date_to="2024-10-31") == ["B"]
    assert _filtered(client, actor="northland", status="confirmed") == ["C"]


def test_full_text_search_covers_summaries_and_quotes_with_stemming(client):
    deployed = ClaimFactory.create(summary="Engineers deployed to the front")
    quoted = ClaimFactory.create(summary="Unrelated summary")
    MentionFactory.create(
        claim=quoted, quote="The minister said satellites photographed the convoy."
    )
    ClaimFactory.create(summary="Nothing to see")
    assert _filtered(client, q="deploying engineer") == [deployed.summary]
    assert _filtered(client, q="satellite") == [quoted.summary]
    assert _filtered(client, q='"photographed the convoy"') == [quoted.summary]
    assert _filtered(client, q="nonexistentword") == []


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"date_from": "2024-10-01", "date_to": "2024-01-01"}, "must not be before"),
        ({"status": "maybe"}, "Select a valid choice"),
        ({"source": "no-such-outlet"}, "There is no source with the slug “no-such-outlet”"),
        ({"date_from": "yesterday"}, "Enter a valid date"),
    ],
)
def test_invalid_filters_are_explained_not_ignored(client, params, message):
    ClaimFactory.create(summary="Any claim")
    html = client.get(TIMELINE, params).content.decode()
    assert "Some filters could not be used" in html
    assert message in html
    assert _summaries(html) == []


def test_invalid_filters_say_so_instead_of_claiming_the_database_is_empty(client):
    ClaimFactory.create(summary="Any claim")
    html = client.get(TIMELINE, {"date_from": "2024-10-01", "date_to": "2024-01-01"}).content
    text = html.decode()
    assert "No claims yet" not in text
    assert "Every claim" not in text
    assert "No claims are shown until the filters are fixed." in text
    assert "Some filters could not be used, so no claim is shown." in text
    # Errors under the labels the form shows, not the query's names.
    assert "<li>To: “To” must not be before “From”.</li>" in text
    assert "date_to:" not in text
    # The filter panel stays unfolded on a phone, where the errors are.
    assert 'class="filter-box" open data-filtered' in text
    assert "Export CSV" not in text  # it would download the same refusal


def test_malformed_page_position_is_a_readable_400(client):
    response = client.get(TIMELINE, {"after": "garbage"})
    assert response.status_code == 400
    assert "is not a page position" in response.content.decode()


def test_keyset_pages_cover_every_claim_once_in_order_without_offset(client):
    day = date(2024, 6, 1)
    for i in range(125):
        # Many ties on the same date: the id breaks them.
        ClaimFactory.create(summary=f"claim {i}", first_reported=day + timedelta(days=i // 10))
    expected = list(
        Claim.objects.order_by("-first_reported", "-id").values_list("summary", flat=True)
    )
    seen: list[str] = []
    after: str | None = None
    while True:
        params: dict[str, str] = {"after": after} if after else {}
        response = client.get(TIMELINE, params, headers={"HX-Request": "true"} if after else {})
        html = response.content.decode()
        if after:
            assert "<html" not in html, "a load-more request answers with rows only"
        seen += _summaries(html)
        found = re.search(r'after=([0-9-]+\.[0-9]+)"', html)
        if not found:
            break
        after = found.group(1)
    assert seen == expected
    page = selectors.timeline_page(claims=Claim.objects.all(), size=50)
    assert page.next_cursor is not None
    query = str(
        Claim.objects.filter(merged_into__isnull=True)
        .annotate(tl_date=selectors.timeline_date("reported"))
        .filter(tl_date__lte=page.next_cursor.day)
        .order_by("-tl_date", "-id")[:51]
        .query
    )
    assert "OFFSET" not in query.upper()


def test_merged_claims_are_not_listed(client):
    survivor = ClaimFactory.create(summary="Survivor")
    ClaimFactory.create(summary="Merged away", merged_into=survivor)
    assert _filtered(client) == ["Survivor"]


def test_chart_counts_claims_per_week_by_status(client):
    monday = date(2024, 6, 17)
    for offset, status in [(0, "confirmed"), (1, "confirmed"), (2, "denied"), (9, "unverified")]:
        claim = ClaimFactory.create(first_reported=monday + timedelta(days=offset))
        if status != "unverified":
            StatusChangeFactory.create(claim=claim, to_status=status)
    chart = selectors.timeline_chart(claims=Claim.objects.all())
    assert [b.start for b in chart.buckets] == [monday, monday + timedelta(days=7)]
    assert chart.buckets[0].counts == {"confirmed": 2, "denied": 1}
    assert chart.buckets[1].counts == {"unverified": 1}
    page = client.get(TIMELINE).content.decode()
    assert f'hx-get="{reverse("claims:timeline_chart")}"' in page  # loaded after the rows
    html = client.get(reverse("claims:timeline_chart")).content.decode()
    assert '<svg class="chart"' in html
    assert "Week of 17 Jun 2024: 3 claims (2 confirmed, 1 denied)" in html
    assert "<strong>4</strong> claims" in html
    confirmed = client.get(reverse("claims:timeline_chart"), {"status": "confirmed"})
    assert "<strong>2</strong> claims match these filters" in confirmed.content.decode()


@pytest.mark.parametrize(
    ("tallest", "gridlines"),
    [
        (1, ["1"]),
        (3, ["1", "2", "3"]),
        (11, ["5", "10", "15"]),
        (12, ["5", "10", "15"]),
        (40, ["10", "20", "30", "40"]),
        (1001, ["500", "1,000", "1,500"]),
    ],
)
def test_chart_axis_tops_out_at_a_round_number_just_above_the_tallest_week(tallest, gridlines):
    # 11 claims used to make a chart topped at 20: the tallest bar only half as high.
    chart = selectors.ChartData(
        unit="week",
        buckets=[
            selectors.ChartBucket(start=date(2024, 6, 17), counts={"confirmed": tallest}),
            selectors.ChartBucket(start=date(2024, 6, 24), counts={"denied": 1}),
        ],
        totals={"confirmed": tallest, "denied": 1},
        undated=0,
    )
    svg = str(chart_svg(chart))
    labels = re.findall(
        r'<text class="axis" x="34" y="[\d.]+" text-anchor="end">([\d,]+)</text>', svg
    )
    assert labels == [*gridlines, "0"]
    tallest_bar = re.search(r'<rect class="bar bar-confirmed" x="[\d.]+" y="([\d.]+)"', svg)
    assert tallest_bar is not None
    top_y = float(tallest_bar.group(1))
    top = int(gridlines[-1].replace(",", ""))
    assert top_y == pytest.approx(10 + 136 * (1 - tallest / top), abs=0.01)


def test_csv_export_is_exactly_the_filtered_timeline(client):
    for i in range(7):
        claim = ClaimFactory.create(
            summary=f"claim {i}",
            first_reported=date(2024, 6, 1 + i),
            place="Eastport" if i % 2 else "Westport",
        )
        MentionFactory.create(claim=claim, claimant=SourceFactory.create(name=f"Speaker {i}"))
    ClaimFactory.create(
        summary='=HYPERLINK("http://evil.example")',
        place="Eastport",
        first_reported=date(2024, 5, 1),
    )
    response = client.get(reverse("claims:timeline_csv"), {"place": "eastport", "order": "oldest"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert response.streaming
    rows = list(
        csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig")))
    )
    assert [r["summary"] for r in rows] == [
        '\'=HYPERLINK("http://evil.example")',
        "claim 1",
        "claim 3",
        "claim 5",
    ]
    assert rows[1]["claimants"] == "Speaker 1"
    assert rows[1]["place"] == "Eastport"
    assert rows[1]["url"].endswith(f"/claims/{Claim.objects.get(summary='claim 1').pk}/")


def test_csv_export_writes_quantities_as_plain_numbers(client):
    for n, quantity in enumerate(["3000", "1.50", "12000000", "0.25"]):
        ClaimFactory.create(
            summary=f"quantity {n}", quantity=Decimal(quantity), first_reported=date(2024, 6, 1 + n)
        )
    response = client.get(reverse("claims:timeline_csv"), {"order": "oldest"})
    rows = list(
        csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig")))
    )
    assert [row["quantity"] for row in rows] == ["3000", "1.5", "12000000", "0.25"]


def test_csv_download_starts_with_a_byte_order_mark_for_spreadsheets(client):
    # Without it Excel on Windows read the file in its local code page: "→" came out as three
    # Latin characters, Cyrillic names as gibberish.
    claim = ClaimFactory.create(summary="~3,000 troops → Eastport", first_reported=date(2024, 6, 1))
    MentionFactory.create(claim=claim, claimant=SourceFactory.create(name="Ким Ён Чхоль"))
    response = client.get(reverse("claims:timeline_csv"))
    body = b"".join(response.streaming_content)
    assert body.startswith(b"\xef\xbb\xbfid,summary,")
    assert body.count(b"\xef\xbb\xbf") == 1
    (row,) = csv.DictReader(io.StringIO(body.decode("utf-8-sig")))
    assert (row["summary"], row["claimants"]) == ("~3,000 troops → Eastport", "Ким Ён Чхоль")
    # The API's export is read by scripts: a mark there would be part of the first header.
    api = b"".join(client.get("/api/v1/exports/claims.csv").streaming_content)
    assert api.startswith(b"id,")


def test_csv_export_refuses_invalid_filters(client):
    response = client.get(reverse("claims:timeline_csv"), {"date_from": "not a date"})
    assert response.status_code == 400
    assert "Enter a valid date" in response.content.decode()


def test_expanding_a_row_shows_the_claims_story_in_date_order(client):
    claim = ClaimFactory.create(first_reported=date(2024, 6, 21))
    later = MentionFactory.create(
        claim=claim,
        stance="confirms",
        stated_on=date(2024, 10, 24),
        claimant=SourceFactory.create(name="White House"),
        quote="The White House corroborated the report.",
    )
    first = MentionFactory.create(
        claim=claim,
        stance="asserts",
        stated_on=date(2024, 6, 21),
        claimant=SourceFactory.create(name="TV Station"),
        quote="The station claimed engineers would deploy.",
    )
    StatusChangeFactory.create(claim=claim, to_status="confirmed", note="Satellite images.")
    html = client.get(reverse("claims:claim_timeline", args=[claim.pk])).content.decode()
    assert "<html" not in html
    assert html.index("Asserted by") < html.index("Confirmed by") < html.index("Marked")
    assert "The station claimed engineers would deploy." in html
    assert f"{first.article.get_absolute_url()}#mention-{first.pk}" in html
    assert f"#mention-{later.pk}" in html
    assert "Satellite images." in html


def test_expanding_a_row_merged_since_the_page_loaded_shows_the_survivors_story(client):
    survivor = ClaimFactory.create(summary="Convoy crossed the river")
    MentionFactory.create(claim=survivor, quote="The ministry said the convoy crossed.")
    duplicate = ClaimFactory.create(summary="Convoy crossing")
    MentionFactory.create(claim=duplicate, quote="Witnesses saw the convoy cross.")
    editorial.claim_merge(
        claim_id=duplicate.pk, into_claim_id=survivor.pk, note="", editor=EditorFactory.create()
    )
    response = client.get(
        reverse("claims:claim_timeline", args=[duplicate.pk]), headers={"HX-Request": "true"}
    )
    # A fragment for the row, not a redirect to (and so a copy of) the whole claim page.
    assert response.status_code == 200
    html = response.content.decode()
    assert "<html" not in html
    assert f"Claim #{duplicate.pk} was merged into" in html
    assert f'<a href="{survivor.get_absolute_url()}">claim #{survivor.pk}</a>' in html
    assert "The ministry said the convoy crossed." in html
    assert "Witnesses saw the convoy cross." in html


def _fill(n: int) -> None:
    outlet = SourceFactory.create()
    for i in range(n):
        claim = ClaimFactory.create(first_reported=date(2024, 1, 1) + timedelta(days=i))
        MentionFactory.create(claim=claim, publisher=outlet)
        MentionFactory.create(claim=claim, publisher=outlet)
        StatusChangeFactory.create(claim=claim, to_status="confirmed")


def _count_queries(client, url, params=None) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url, params or {}).status_code == 200
    return len(queries)


def test_timeline_queries_do_not_grow_with_rows(client, django_assert_max_num_queries):
    client.force_login(EditorFactory.create())
    _fill(3)
    few = _count_queries(client, TIMELINE, {"status": "confirmed"})
    _fill(45)
    with django_assert_max_num_queries(few):
        response = client.get(TIMELINE, {"status": "confirmed"})
    assert len(_summaries(response.content.decode())) == 48
    assert few <= 12


def test_chart_is_cached_until_the_data_changes(client, django_assert_num_queries):
    claim = ClaimFactory.create(first_reported=date(2024, 6, 17))
    chart_url = reverse("claims:timeline_chart")
    assert "1 unverified" in client.get(chart_url).content.decode()
    with django_assert_num_queries(1):  # the fingerprint; the chart comes from the cache
        client.get(chart_url)
    StatusChangeFactory.create(claim=claim, to_status="confirmed")
    html = client.get(chart_url).content.decode()
    assert "1 confirmed" in html
    assert "unverified" not in html


def test_a_deploy_that_changes_the_drawing_does_not_serve_the_old_one(client, monkeypatch):
    ClaimFactory.create(first_reported=date(2024, 6, 17))
    chart_url = reverse("claims:timeline_chart")
    client.get(chart_url)
    # The cache outlives a deploy; the key carries a digest of the code that draws the chart.
    assert len(views.CHART_CODE_VERSION) == 12
    monkeypatch.setattr(views, "CHART_CODE_VERSION", "after-deploy")
    with CaptureQueriesContext(connection) as queries:
        assert "1 unverified" in client.get(chart_url).content.decode()
    assert len(queries) > 1  # drawn again, not read from the cache


@pytest.mark.parametrize(
    "changed",
    [
        "claims/charts.py",
        "claims/selectors.py",
        "claims/models.py",  # the status labels in the bars' titles and the legend
        "claims/filters.py",  # which claims a query string counts
        "claims/templatetags/claimtrack.py",  # status_label, in the legend
        "templates/claims/_chart.html",
    ],
)
def test_the_chart_code_version_changes_with_each_file_that_shapes_the_chart(monkeypatch, changed):
    before = views._chart_code_version()
    real_read_bytes = Path.read_bytes
    target = (Path(settings.BASE_DIR) / changed).resolve()

    def read_bytes(path: Path) -> bytes:
        data = real_read_bytes(path)
        return data + b"\n# a deploy\n" if path.resolve() == target else data

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    assert views._chart_code_version() != before


def test_the_first_link_on_the_timeline_skips_to_the_results(client):
    html = client.get(TIMELINE).content.decode()
    body = html[html.index("<body") :]
    first = re.search(r"<a [^>]*>[^<]*</a>", body)
    assert first is not None
    assert first.group() == '<a class="skip" href="#results">Skip to results</a>'
    assert '<section class="timeline-main" id="results" tabindex="-1"' in html
    other = client.get(reverse("sources:source_list")).content.decode()
    assert "Skip to results" not in other
    assert '<a class="skip" href="#content">Skip to content</a>' in other
