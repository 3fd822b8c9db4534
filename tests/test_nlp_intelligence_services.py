"""A national intelligence or security service named by its usual acronym is an
intelligence claimant, as "intelligence" in its full name makes it; a government ministry
or an outlet stays what it is.

Bad inputs tried: an acronym inside a longer name ("the SBU press office"), a plural
("spies"), and names that only look alike (a ministry, a newspaper).
"""

from __future__ import annotations

import pytest

from claims.nlp.attribution import _kind_of


@pytest.mark.parametrize(
    "name",
    [
        "the SBU",
        "Ukraine's HUR",
        "the FSB",
        "MI5",
        "the Mossad",
        "the DGSE",
        "the BND",
        "ASIO",
        "the SBU press office",
        "military intelligence",
        "Western spies",
    ],
)
def test_intelligence_services_are_intelligence_claimants(name: str) -> None:
    assert _kind_of(name) == "intelligence"


@pytest.mark.parametrize(
    ("name", "kind"),
    [("the Defence Ministry", "government"), ("The Daily Courier", "outlet")],
)
def test_other_bodies_keep_their_kind(name: str, kind: str) -> None:
    assert _kind_of(name) == kind
