"""A claim's summary reads as a statement, not a fragment of its sentence: a showing verb after
the reporting verb ("purports to show ...") is dropped, a participle the parser hung on the
reporting verb ("... to target occupied Zanzibar") stays in the claim, and a summary cut from its
sentence never ends on an article, a preposition or "to". Texts of our own."""

from __future__ import annotations

from datetime import date

from claims.nlp.pipeline import extract_claims
from claims.nlp.structure import summary_of


def _summaries(text: str) -> list[str]:
    claims = extract_claims(text, published=date(2025, 3, 6), publisher="The Daily Planet")
    return [c.summary for c in claims]


def test_what_an_image_purports_to_show_is_the_claim() -> None:
    summaries = _summaries(
        "Troops seen\n\nThis image purports to show approximately 400 Tanzanian military "
        "personnel gathered on the parade grounds of a military facility in Mombasa, Kenya. "
        "(Bordurian National Intelligence Service)"
    )
    assert (
        "Approximately 400 Tanzanian military personnel gathered on the parade grounds of a "
        "military facility in Mombasa, Kenya" in summaries
    ), summaries


def test_a_participle_after_the_object_ends_the_claim() -> None:
    summaries = _summaries(
        "Rockets\n\nOn Thursday, TNA published a screed condemning Nairobi for using American "
        "ATACMS missiles to target occupied Zanzibar."
    )
    assert summaries, summaries
    assert summaries[0].endswith("to target occupied Zanzibar"), summaries


def _summary(content: str, *, clipped: bool = False) -> str:
    return summary_of(
        content=content,
        quantity=None,
        actor_iso=None,
        unit="",
        place=None,
        action="",
        clipped=clipped,
    )


def test_a_clipped_summary_does_not_end_on_an_open_phrase() -> None:
    assert (
        _summary("a tirade condemning rockets to", clipped=True) == "A tirade condemning rockets…"
    )
    # A whole sentence may end on a preposition.
    assert _summary("that is something to keep an eye on") == "That is something to keep an eye on"


def test_a_passive_reports_subject_starts_the_claim() -> None:
    said = _summaries(
        "News\n\nLibyan mercenaries were said by residents to have taken part in the raid on Bol."
    )
    assert said == ["Libyan mercenaries have taken part in the raid on Bol"], said
    accused = _summaries(
        "News\n\nThe Chadian army has been accused by rights groups of killing dozens of "
        "civilians in the village of Bol in May 2023."
    )
    assert accused == [
        "The Chadian army killing dozens of civilians in the village of Bol in May 2023"
    ], accused
