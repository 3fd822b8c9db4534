"""A photo caption ending in its photographer and outlet, "(Name/Outlet)" or doubled
"((Name/Outlet))" as some sites print it, is page furniture, not the outlet's report of an
event. Texts of our own."""

from __future__ import annotations

from datetime import date

from claims.nlp.boilerplate import is_boilerplate_paragraph
from claims.nlp.pipeline import extract_claims


def test_a_caption_with_a_doubled_bracket_credit_gives_no_claim() -> None:
    claims = extract_claims(
        "Storm kills 30\n\nThe storm killed 30 people on Sunday, civil defence officials said."
        "\n\nRescuers search the rubble of a school on Tuesday in the hill town of Dravo, which "
        "was damaged by the storm. ((Mara Lind/Daily Planet))",
        published=date(2025, 10, 7),
        title="Storm kills 30",
        publisher="The Daily Planet",
    )
    assert [c.quote[:9] for c in claims] == ["The storm"]


def test_a_single_bracket_credit_with_a_slash_is_a_caption() -> None:
    assert is_boilerplate_paragraph(
        "Residents wade through a flooded street in the river port. (John Roe/Wire Service)"
    )


def test_a_sentence_ending_in_an_ordinary_bracket_is_no_caption() -> None:
    assert not is_boilerplate_paragraph(
        "The ministry said 12 people had died in the flooding (nine of them children)."
    )
