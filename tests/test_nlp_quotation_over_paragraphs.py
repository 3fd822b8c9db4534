"""A quotation running over paragraphs, in news style: the first paragraph opens it and leaves it
open, the next reopens it and names the speaker ('"We arrested them ...," he said.'). The first
paragraph's words are that speaker's, not lost for want of one. A paragraph left open before
the outlet's own words stays speakerless. Texts of our own."""

from __future__ import annotations

from datetime import date

from claims.nlp.pipeline import extract_claims
from claims.nlp.types import ClaimCandidate

_SPOKESMAN = "Police spokesman Ade Bello said the men were detained on Sunday near the river."
_OPEN = '"Those held belong to a gang that has robbed farmers across the district for months.'


def _claims(text: str) -> list[ClaimCandidate]:
    return extract_claims(
        "News\n\n" + text, published=date(2025, 8, 19), publisher="The Daily Planet"
    )


def test_an_open_quotation_is_said_by_the_speaker_of_the_next_paragraph() -> None:
    claims = _claims(
        f'{_SPOKESMAN}\n\n{_OPEN}\n\n"Officers arrested them during a raid on Kembo village," '
        "he said."
    )
    assert [c.quote[:6] for c in claims] == ["Police", '"Those', '"Offic']
    held = claims[1]
    assert held.claimant is not None
    assert held.claimant.name == "Ade Bello"


def test_an_open_quotation_before_the_outlets_words_has_no_speaker() -> None:
    claims = _claims(
        f"{_SPOKESMAN}\n\n{_OPEN}\n\nThe district has seen a rise in armed robberies this year."
    )
    assert not any("Those held" in c.quote for c in claims)
