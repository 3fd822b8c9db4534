"""The gold format and the scoring: matching rules, P/R/F1 arithmetic, and the gold files.

Bad inputs tried here: a line that is not JSON, a JSON list instead of an object, a missing
'file', a bad 'published' date, a claim without a quote, an unknown stance, an unknown key, a
quote that is not in the article, and an article file that does not exist.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from claims.evaluation import (
    GoldArticle,
    GoldFormatError,
    Score,
    evaluate,
    format_report,
    load_gold,
)
from claims.nlp.pipeline import extract_claims
from claims.nlp.types import Claimant, ClaimCandidate, Place, Quantity

ROOT = Path(__file__).resolve().parent.parent
TEXT = "Intro line.\nThe army said 40 soldiers moved to Kherson. Follow us on X.\n"


def candidate(quote: str, **parts: object) -> ClaimCandidate:
    start = TEXT.index(quote)
    return ClaimCandidate(
        quote=quote,
        start=start,
        end=start + len(quote),
        content=quote,
        **parts,  # type: ignore[arg-type]
    )


def gold_line(**overrides: object) -> str:
    import json

    row: dict[str, object] = {
        "file": "a.txt",
        "published": "2024-01-02",
        "claims": [
            {
                "quote": "The army said 40 soldiers",
                "claimant": "army",
                "stance": "asserts",
                "quantity": 40,
                "unit": "soldiers",
                "place": "Kherson",
            }
        ],
        "not_claims": ["Follow us on X."],
    }
    row.update(overrides)
    return json.dumps(row)


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("{not json", "not valid JSON"),
        ("[1, 2]", "must be a JSON object"),
        ('{"claims": []}', "'file'"),
        ('{"file": "a.txt", "published": "27 June"}', "YYYY-MM-DD"),
        ('{"file": "a.txt", "claims": [{"claimant": "x"}]}', "non-empty 'quote'"),
        ('{"file": "a.txt", "claims": [{"quote": "x", "stance": "maybe"}]}', "stance 'maybe'"),
        ('{"file": "a.txt", "claims": [{"quote": "x", "speaker": "y"}]}', "unknown keys"),
        ('{"file": "a.txt", "not_claims": "Source link"}', "'not_claims' must be a list"),
    ],
)
def test_bad_gold_lines_say_what_is_wrong(line: str, message: str) -> None:
    with pytest.raises(GoldFormatError, match=message) as caught:
        load_gold(["", line])
    assert "gold line 2" in str(caught.value)


def test_scoring_counts_matches_fields_and_boilerplate() -> None:
    good = candidate(
        "The army said 40 soldiers moved to Kherson.",
        claimant=Claimant("army", "The army"),
        quantity=Quantity(Decimal(40), "soldiers"),
        place=Place("Kherson Oblast", "Kherson", kind="region"),
    )
    junk = candidate("Follow us on X.", claimant=None)

    def extractor(text: str, article: GoldArticle) -> list[ClaimCandidate]:
        assert text == TEXT
        assert article.published == date(2024, 1, 2)
        return [good, junk]

    report = evaluate([gold_line()], extractor, read_text=lambda path: TEXT)
    assert (report.detection.correct, report.detection.predicted, report.detection.gold) == (
        1,
        2,
        1,
    )
    assert report.detection.precision == 0.5
    assert report.detection.recall == 1.0
    for name in ("claimant", "stance", "quantity", "unit", "place"):
        assert report.fields[name].correct == 1, name
    assert report.articles[0].boilerplate == ["Follow us on X."]
    text = format_report(report, details=True)
    assert "detection" in text
    assert "boilerplate predicted as claims: 1" in text


def test_a_small_overlap_is_not_a_match() -> None:
    far = candidate("Intro line.", claimant=None)
    report = evaluate([gold_line()], lambda text, a: [far], read_text=lambda path: TEXT)
    assert report.detection.correct == 0
    assert report.articles[0].missed
    assert report.articles[0].spurious == ["Intro line."]


def test_score_arithmetic() -> None:
    score = Score(correct=3, predicted=4, gold=6)
    assert score.precision == 0.75
    assert score.recall == 0.5
    assert round(score.f1, 3) == 0.6
    assert Score().f1 == 0.0


def test_missing_quote_and_missing_file_are_clear_errors() -> None:
    with pytest.raises(GoldFormatError, match="quote not found"):
        evaluate(
            [gold_line(claims=[{"quote": "not in the text"}])],
            lambda text, a: [],
            read_text=lambda path: TEXT,
        )
    with pytest.raises(FileNotFoundError, match=r"no-such-file\.txt"):
        evaluate([gold_line(file="no-such-file.txt")], lambda text, a: [], root=ROOT)


def _extract(text: str, article: GoldArticle) -> list[ClaimCandidate]:
    return extract_claims(
        text, published=article.published, title=article.title, publisher=article.publisher
    )


# Floors somewhat below what each set scores now (docs/evaluation.md has the figures), so a
# regression fails. heldout3 was scored once after all tuning and never tuned on.
@pytest.mark.parametrize(
    ("gold", "detection_f1", "field_f1", "place_f1"),
    [
        ("tests/gold/seeds.jsonl", 0.97, 0.95, 0.9),
        ("tests/gold/other_conflicts.jsonl", 0.95, 0.9, 0.85),
        ("tests/gold/heldout.jsonl", 0.9, 0.85, 0.5),
        ("tests/gold/heldout2.jsonl", 0.95, 0.9, 0.85),
        ("tests/gold/heldout3.jsonl", 0.9, 0.85, 0.7),
        # Written by the author of the fixes it exercises: a regression set, not an estimate.
        ("tests/gold/heldout4.jsonl", 0.95, 0.9, 0.75),
    ],
)
def test_gold_files_score_above_the_floor(
    gold: str, detection_f1: float, field_f1: float, place_f1: float
) -> None:
    lines = (ROOT / gold).read_text(encoding="utf-8").splitlines()
    report = evaluate(lines, _extract, root=ROOT)
    assert report.detection.f1 >= detection_f1, format_report(report, details=True)
    for name in ("claimant", "stance", "cue"):
        assert report.fields[name].f1 >= field_f1, format_report(report, details=True)
    assert report.fields["place"].f1 >= place_f1, format_report(report, details=True)
    assert sum(len(a.boilerplate) for a in report.articles) == 0
