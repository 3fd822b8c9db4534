"""The day a statement was made goes to who made it, not to whom it is about: in "troops
recaptured the town from Harakat Zendan on Monday, the army said", Monday dates the
recapture; the group's statement in the next sentence has no date. Texts of our own."""

from __future__ import annotations

from datetime import date

from claims.nlp.pipeline import extract_claims


def test_a_date_in_what_was_said_is_no_day_its_subject_spoke() -> None:
    first, second = extract_claims(
        "News\n\nGovernment troops recaptured the town of Kel Dara from Harakat Zendan on "
        "Monday after two days of fighting, the army said.\n\nHarakat Zendan said in a "
        "statement that its fighters had withdrawn for tactical reasons.",
        published=date(2025, 2, 11),
        publisher="The Daily Planet",
    )
    assert first.event_date is not None
    assert first.event_date.value == date(2025, 2, 10)
    assert second.claimant is not None
    assert second.claimant.name == "Harakat Zendan"
    assert second.stated_on is None


def test_a_speakers_own_date_still_carries_to_their_next_statement() -> None:
    first, second = extract_claims(
        "News\n\nThe Zendan Front said on Monday that its fighters had withdrawn from Kel Dara."
        "\n\nThe Zendan Front also said that it had lost only a handful of men.",
        published=date(2025, 2, 11),
        publisher="The Daily Planet",
    )
    assert first.stated_on is not None
    assert second.stated_on is not None
    assert second.stated_on.value == date(2025, 2, 10)
