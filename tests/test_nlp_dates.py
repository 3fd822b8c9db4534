"""Date expressions resolved against the publication date, each with its precision.

Bad inputs tried here: impossible days ("February 30"), a lower-case "may" (a modal, not the
month), "the day before" with nothing to count back from, bare years inside names ("the 1950
Korean War"), text without any date, a date outside the years 1 to 9999 ("3000 years ago",
"tomorrow" in an article dated 9999-12-31: the ValueError or OverflowError failed the whole
article's claims extraction).
"""

from __future__ import annotations

from datetime import date

import pytest

from claims.nlp.dates import find_dates, resolve_date

THURSDAY = date(2024, 10, 24)  # a Thursday
JUNE = date(2024, 6, 27)


@pytest.mark.parametrize(
    ("words", "published", "iso", "precision"),
    [
        ("On Thursday", THURSDAY, "2024-10-24", "day"),
        ("on Tuesday", JUNE, "2024-06-25", "day"),
        ("last Thursday", THURSDAY, "2024-10-17", "day"),
        ("next Monday", THURSDAY, "2024-10-28", "day"),
        ("surfaced on June 21 on", JUNE, "2024-06-21", "day"),
        ("in September 2022", JUNE, "2022-09", "month"),
        ("as early as July 2024", JUNE, "2024-07", "month"),
        ("as early as July", JUNE, "2024-07", "month"),
        ("on Sept. 9, 2018", THURSDAY, "2018-09-09", "day"),
        ("21 June 2024", THURSDAY, "2024-06-21", "day"),
        ("2024-06-21", THURSDAY, "2024-06-21", "day"),
        ("this week", JUNE, "2024-06", "month"),
        ("last month", JUNE, "2024-05", "month"),
        ("next month", JUNE, "2024-07", "month"),
        ("earlier this year", THURSDAY, "2024", "year"),
        ("last year", THURSDAY, "2023", "year"),
        ("since 1986", THURSDAY, "1986", "year"),
        ("yesterday", JUNE, "2024-06-26", "day"),
        ("three days ago", JUNE, "2024-06-24", "day"),
        ("in December", date(2025, 1, 10), "2024-12", "month"),
        ("December 28", date(2025, 1, 10), "2024-12-28", "day"),
        # A bare day a few weeks ahead is last year's in a report of the past ("the March 3
        # raid" in a February article), this year's in a sentence that looks ahead.
        ("recalled the March 3 raid", date(2025, 2, 14), "2024-03-03", "day"),
        ("the flood of June 2 left", JUNE, "2024-06-02", "day"),
        ("the summit will open on March 3", date(2025, 2, 14), "2025-03-03", "day"),
        ("troops must leave by March 3", date(2025, 2, 14), "2025-03-03", "day"),
        ("polls are expected to open on May 12", date(2025, 3, 20), "2025-05-12", "day"),
        ("six people were killed on May 12", date(2025, 3, 20), "2024-05-12", "day"),
        # Looking ahead: the coming day; looking back (or a plain report): the last one.
        ("talks will resume on Saturday", THURSDAY, "2024-10-26", "day"),
        ("the vote is scheduled for Monday", THURSDAY, "2024-10-28", "day"),
        ("troops may have crossed on Saturday", THURSDAY, "2024-10-19", "day"),
        ("the convoy crossed on Saturday", THURSDAY, "2024-10-19", "day"),
        ("the minister will speak on Thursday", THURSDAY, "2024-10-24", "day"),
        ("officials may have met in November", JUNE, "2023-11", "month"),
        ("officials may meet in November", JUNE, "2024-11", "month"),
    ],
)
def test_resolves_with_precision(words: str, published: date, iso: str, precision: str) -> None:
    resolved = resolve_date(words, published=published)
    assert resolved is not None
    assert resolved.iso() == iso
    assert resolved.precision == precision


def test_the_day_before_counts_back_from_the_last_day_mentioned() -> None:
    mentions = find_dates(
        "Reports surfaced on June 21. Putin spoke the day before.", published=JUNE
    )
    assert [m.date.iso() for m in mentions] == ["2024-06-21", "2024-06-20"]
    assert resolve_date("the day before", published=JUNE) is None


def test_offsets_point_at_the_words() -> None:
    text = "Officials said on Tuesday that troops arrived in March 2023."
    mentions = find_dates(text, published=JUNE)
    assert [text[m.start : m.end] for m in mentions] == ["on Tuesday", "March 2023"]


@pytest.mark.parametrize(
    "words",
    [
        "troops may attack soon",
        "on February 30",
        "the 1950 Korean War never ended",
        "no date here at all",
        "",
    ],
)
def test_not_dates(words: str) -> None:
    assert find_dates(words, published=JUNE) == []


@pytest.mark.parametrize(
    ("words", "published"),
    [
        ("The ruins were built 3000 years ago.", JUNE),
        ("It happened 30000 months ago.", JUNE),
        ("It began 999999999 days ago.", JUNE),
        ("It began 99999999999999999999 weeks ago.", JUNE),
        ("They arrive tomorrow.", date(9999, 12, 31)),
        ("They arrive next year.", date(9999, 12, 31)),
        ("They left yesterday.", date(1, 1, 1)),
        ("They left last year.", date(1, 1, 1)),
        ("They left on Tuesday.", date(1, 1, 1)),
    ],
)
def test_a_date_outside_the_years_1_to_9999_is_no_date(words: str, published: date) -> None:
    assert find_dates(words, published=published) == []


def test_the_dates_around_one_outside_the_years_1_to_9999_are_still_found() -> None:
    text = "Built 3000 years ago, it was shelled on Tuesday and again in March 2023."
    mentions = find_dates(text, published=JUNE)
    assert [text[m.start : m.end] for m in mentions] == ["on Tuesday", "March 2023"]
