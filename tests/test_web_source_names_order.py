"""Sources are listed in alphabetical order whatever the case of their first letter.

Claimants come out of the text as written: "army spokesperson", "al-Mawas",
"health ministry in Hamas-run Gaza" next to "AFP" and "Hamas". Sorted by code point (the
database's C collation, SQLite's binary one) every lower-case name went after "Z": on a
real set of reports the sources page put "army spokesperson" 70 rows below "AFP", and the
timeline's claimant menu did the same, so a reader scanning for a name did not find it
where the alphabet puts it.
"""

from __future__ import annotations

import re

import pytest

from sources.models import Source
from tests.factories import ArticleFactory, MentionFactory, SourceFactory

pytestmark = pytest.mark.django_db

NAMES = ["Zulu Times", "army spokesperson", "Alpha Agency", "bravo group", "Bravo Daily"]
EXPECTED = ["Alpha Agency", "army spokesperson", "Bravo Daily", "bravo group", "Zulu Times"]


def _sources() -> list[Source]:
    return [SourceFactory.create(name=name, kind=Source.Kind.OTHER) for name in NAMES]


def test_the_sources_page_lists_names_alphabetically_ignoring_case(client):
    _sources()
    html = client.get("/sources/").content.decode()
    listed = [n for n in re.findall(r'<a href="/sources/[^"/]+/">([^<]+)</a>', html) if n in NAMES]
    assert listed == EXPECTED


def test_the_timelines_source_menus_are_alphabetical_ignoring_case(client):
    for source in _sources():
        MentionFactory.create(claimant=source, publisher=source)
    html = client.get("/").content.decode()
    for menu in ("claimant", "source"):
        select = re.search(rf'<select name="{menu}"[^>]*>(.*?)</select>', html, re.S)
        assert select is not None
        options = re.findall(r"<option[^>]*>([^<]+)</option>", select.group(1))
        assert [o for o in options if o in NAMES] == EXPECTED, menu


def test_an_outlets_people_are_alphabetical_ignoring_case(client):
    outlet = SourceFactory.create(name="Northland Ministry", kind=Source.Kind.GOVERNMENT)
    for name in NAMES:
        person = SourceFactory.create(name=name, kind=Source.Kind.PERSON, parent=outlet)
        MentionFactory.create(claimant=person, article=ArticleFactory.create())
    html = client.get(outlet.get_absolute_url()).content.decode()
    positions = [html.find(f">{name}<") for name in EXPECTED]
    assert all(p > 0 for p in positions), positions
    assert positions == sorted(positions)
