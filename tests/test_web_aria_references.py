"""Every aria-describedby / aria-labelledby on a page names an element that is on it.

A reference to a missing id is silently ignored by screen readers: the help under a field
or the error that refused it is never read out. Django names `<id>_helptext` and
`<id>_error` on a widget whenever the field has help text or an error, so the template
has to render them under those ids. Bad inputs tried: a filter date that is not a date,
dates in the wrong order, an unknown stance, a URL list with a line that is not a URL, a
feed address that is not one, an empty merge target.
"""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from django.urls import reverse

from tests.factories import ClaimFactory, MentionFactory

pytestmark = pytest.mark.django_db


class _References(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.references: list[tuple[str, str, str]] = []  # (tag#id, attribute, id named)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if values.get("id"):
            self.ids.add(str(values["id"]))
        for name in ("aria-describedby", "aria-labelledby"):
            for named in (values.get(name) or "").split():
                self.references.append((f"{tag}#{values.get('id', '')}", name, named))


def _dangling(html: str) -> list[tuple[str, str, str]]:
    parser = _References()
    parser.feed(html)
    return [ref for ref in parser.references if ref[2] not in parser.ids]


@pytest.mark.parametrize(
    "query",
    [
        "date_from=2024-13-01",
        "date_from=2024-10-01&date_to=2024-01-01",
        "stance=bogus",
        "date_from=bad&date_to=worse&stance=bogus&status=bogus",
    ],
)
def test_a_refused_timeline_filter_is_described_by_its_own_error(client, query):
    html = client.get(f"{reverse('claims:timeline')}?{query}").content.decode()
    assert 'aria-invalid="true"' in html
    assert _dangling(html) == []


def test_the_claim_page_names_the_merge_fields_help(editor_client):
    claim = ClaimFactory.create()
    MentionFactory.create(claim=claim)
    html = editor_client.get(claim.get_absolute_url()).content.decode()
    assert 'aria-describedby="id_merge_into_helptext"' in html
    assert _dangling(html) == []


def test_a_refused_merge_keeps_its_references(editor_client):
    claim = ClaimFactory.create()
    MentionFactory.create(claim=claim)
    response = editor_client.post(reverse("claims:claim_merge", args=[claim.pk]), {"into": ""})
    assert response.status_code == 400
    assert _dangling(response.content.decode()) == []


def test_the_ingest_page_names_the_outlet_fields_help(editor_client):
    html = editor_client.get(reverse("sources:ingest")).content.decode()
    assert 'aria-describedby="id_urls_source_helptext"' in html
    assert _dangling(html) == []


def test_a_refused_url_list_is_described_by_its_error(editor_client):
    response = editor_client.post(reverse("sources:ingest_urls"), {"urls": "not a url"})
    assert response.status_code == 400
    html = response.content.decode()
    assert 'aria-describedby="id_urls_urls_error"' in html
    assert 'id="id_urls_urls_error"' in html
    assert _dangling(html) == []


def test_a_refused_feed_is_described_by_its_error(editor_client):
    response = editor_client.post(reverse("sources:ingest_feed"), {"url": "", "every_minutes": "0"})
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="id_feed_every_minutes_error"' in html
    assert _dangling(html) == []
