"""Scoring the claim extractor against hand-annotated gold files (format: docs/evaluation.md).

Pure: give it the gold lines, an extractor and a way to read article files; it returns a
``Report`` with precision, recall and F1 for claim detection and for each part of a claim.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from claims.nlp.types import ClaimCandidate

FIELDS = (
    "claimant",
    "stance",
    "cue",
    "chain",
    "hedge",
    "actor",
    "quantity",
    "unit",
    "place",
    "event_date",
    "stated_on",
)
STANCES = frozenset({"asserts", "confirms", "denies", "neither"})
# A predicted quote and a gold quote are the same claim when their overlap covers at least
# this share of the shorter of the two spans.
MIN_OVERLAP = 0.5


class GoldFormatError(ValueError):
    """A gold file line that cannot be used; the message says which line and why."""


@dataclass(frozen=True)
class GoldClaim:
    quote: str
    expected: dict[str, Any]  # only the fields the annotator filled in


@dataclass(frozen=True)
class GoldArticle:
    file: str
    published: date | None
    title: str
    publisher: str
    claims: list[GoldClaim]
    not_claims: list[str]
    optional: list[str]
    line: int


@dataclass
class Score:
    correct: int = 0
    predicted: int = 0  # predictions that count (detection) / that gave a value (fields)
    gold: int = 0

    @property
    def precision(self) -> float:
        return self.correct / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.correct / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class ArticleResult:
    file: str
    missed: list[str] = field(default_factory=list)  # gold quotes no prediction matched
    spurious: list[str] = field(default_factory=list)  # predictions matching no gold claim
    boilerplate: list[str] = field(default_factory=list)  # predictions on a not-claim
    wrong: list[str] = field(default_factory=list)  # "field: expected X, got Y"


@dataclass
class Report:
    detection: Score = field(default_factory=Score)
    fields: dict[str, Score] = field(default_factory=lambda: {f: Score() for f in FIELDS})
    articles: list[ArticleResult] = field(default_factory=list)


Extractor = Callable[[str, GoldArticle], list[ClaimCandidate]]


# -- reading gold files --------------------------------------------------------------------------


def _fail(line: int, message: str) -> GoldFormatError:
    return GoldFormatError(f"gold line {line}: {message}")


def parse_gold_line(raw: str, *, line: int) -> GoldArticle:  # noqa: PLR0912 (one check per key)
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as error:
        raise _fail(line, f"not valid JSON ({error.msg} at column {error.colno})") from error
    if not isinstance(data, dict):
        raise _fail(line, "must be a JSON object with at least 'file' and 'claims'")
    file = data.get("file")
    if not isinstance(file, str) or not file:
        raise _fail(line, "'file' (the article text's path, relative to the repository) is missing")
    published: date | None = None
    if data.get("published"):
        try:
            published = date.fromisoformat(str(data["published"]))
        except ValueError as error:
            raise _fail(
                line, f"'published' must be YYYY-MM-DD, got {data['published']!r}"
            ) from error
    claims_raw = data.get("claims", [])
    if not isinstance(claims_raw, list):
        raise _fail(line, "'claims' must be a list of objects")
    claims: list[GoldClaim] = []
    for index, item in enumerate(claims_raw):
        if (
            not isinstance(item, dict)
            or not isinstance(item.get("quote"), str)
            or not item["quote"]
        ):
            raise _fail(line, f"claim {index} needs a non-empty 'quote' string")
        expected = {k: v for k, v in item.items() if k in FIELDS and v not in (None, "", [])}
        stance = expected.get("stance")
        if stance is not None and stance not in STANCES:
            raise _fail(line, f"claim {index}: stance {stance!r} is not one of {sorted(STANCES)}")
        if "quantity" in expected:
            try:
                expected["quantity"] = Decimal(str(expected["quantity"]))
            except InvalidOperation as error:
                raise _fail(line, f"claim {index}: quantity must be a number") from error
        unknown = set(item) - {*FIELDS, "quote", "note"}
        if unknown:
            raise _fail(line, f"claim {index}: unknown keys {sorted(unknown)}")
        claims.append(GoldClaim(item["quote"], expected))
    lists: dict[str, list[str]] = {}
    for key in ("not_claims", "optional"):
        value = data.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
            raise _fail(line, f"'{key}' must be a list of non-empty strings")
        lists[key] = value
    return GoldArticle(
        file=file,
        published=published,
        title=str(data.get("title", "")),
        publisher=str(data.get("publisher", "")),
        claims=claims,
        not_claims=lists["not_claims"],
        optional=lists["optional"],
        line=line,
    )


def load_gold(lines: Iterable[str]) -> list[GoldArticle]:
    articles = []
    for number, raw in enumerate(lines, start=1):
        if raw.strip() and not raw.lstrip().startswith("#"):
            articles.append(parse_gold_line(raw, line=number))
    return articles


# -- comparing -----------------------------------------------------------------------------------

_WORD = re.compile(r"[\w]+", re.UNICODE)


def _words(text: str) -> list[str]:
    words = [w.casefold() for w in _WORD.findall(text.replace("\u2019", "'"))]
    return [w for w in words if w not in ("the", "a", "an", "s")]


def _singular(word: str) -> str:
    return word[:-1] if word.endswith("s") and not word.endswith("ss") else word


def _contains(gold: str, *predicted: str) -> bool:
    """Every word of the gold value is in one of the predicted values ("Kherson" in "Kherson
    Oblast"), or every word of a predicted value is in the gold value ("Blinken" for "Antony
    Blinken" is not accepted: the prediction must name at least what the gold names)."""
    gold_words = set(_words(gold))
    if not gold_words:
        return False
    for value in predicted:
        words = set(_words(value))
        if words and gold_words <= words:
            return True
    return False


def _iso(value: Any) -> str:
    return value.iso() if value is not None and hasattr(value, "iso") else ""


def field_value(candidate: ClaimCandidate, name: str) -> str:  # noqa: PLR0911 (one per field)
    """The candidate's value for a field as text (empty when it has none)."""
    if name == "claimant":
        return candidate.claimant.name if candidate.claimant else ""
    if name == "quantity":
        return str(candidate.quantity.value) if candidate.quantity else ""
    if name == "unit":
        return candidate.quantity.unit if candidate.quantity else candidate.unit
    if name == "place":
        return candidate.place.name if candidate.place else ""
    if name in ("event_date", "stated_on"):
        return _iso(getattr(candidate, name))
    if name == "actor":
        return candidate.actor or (candidate.participants[0] if candidate.participants else "")
    if name == "chain":
        return " > ".join(candidate.chain)
    return str(getattr(candidate, name) or "")


def field_correct(  # noqa: PLR0911 (one comparison per field)
    candidate: ClaimCandidate, name: str, expected: Any
) -> bool:
    if name == "claimant":
        claimant = candidate.claimant
        return claimant is not None and _contains(str(expected), claimant.name, claimant.text)
    if name == "stance":
        return candidate.stance == expected
    if name == "cue":
        gold_cue, got_cue = _words(str(expected)), _words(candidate.cue)
        return bool(gold_cue and got_cue) and (
            gold_cue[0] == got_cue[0] or set(gold_cue) <= set(got_cue)
        )
    if name == "chain":
        items = expected if isinstance(expected, list) else [expected]
        chain = candidate.chain
        return len(chain) >= len(items) and all(
            _contains(str(item), got) for item, got in zip(items, chain, strict=False)
        )
    if name == "hedge":
        return _contains(str(expected), candidate.hedge)
    if name == "actor":
        return _contains(str(expected), candidate.actor, *candidate.participants[:1])
    if name == "quantity":
        return candidate.quantity is not None and candidate.quantity.value == expected
    if name == "unit":
        got = field_value(candidate, "unit")
        gold_words = [_singular(w) for w in _words(str(expected))]
        got_words = [_singular(w) for w in _words(got)]
        return bool(gold_words and got_words) and gold_words[-1] == got_words[-1]
    if name == "place":
        place = candidate.place
        return place is not None and _contains(str(expected), place.name, place.text)
    if name in ("event_date", "stated_on"):
        return _iso(getattr(candidate, name)) == str(expected)
    raise ValueError(f"unknown field {name!r}")


def _span(text: str, quote: str, *, article: GoldArticle) -> tuple[int, int]:
    start = text.find(quote)
    if start < 0:
        raise _fail(article.line, f"quote not found in {article.file}: {quote[:60]!r}")
    return start, start + len(quote)


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> float:
    shared = min(a[1], b[1]) - max(a[0], b[0])
    if shared <= 0:
        return 0.0
    return shared / max(1, min(a[1] - a[0], b[1] - b[0]))


def evaluate_article(  # noqa: PLR0912 (matching, then scoring each field)
    article: GoldArticle, text: str, predicted: list[ClaimCandidate], report: Report
) -> ArticleResult:
    result = ArticleResult(article.file)
    gold_spans = [_span(text, claim.quote, article=article) for claim in article.claims]
    pairs = sorted(
        (
            (_overlap(gold_span, (cand.start, cand.end)), g_index, p_index)
            for g_index, gold_span in enumerate(gold_spans)
            for p_index, cand in enumerate(predicted)
        ),
        reverse=True,
    )
    matched_gold: dict[int, int] = {}
    matched_pred: set[int] = set()
    for share, g_index, p_index in pairs:
        if share < MIN_OVERLAP:
            break
        if g_index in matched_gold or p_index in matched_pred:
            continue
        matched_gold[g_index] = p_index
        matched_pred.add(p_index)
    ignore = [_span(text, quote, article=article) for quote in article.optional]
    boilerplate = [_span(text, quote, article=article) for quote in article.not_claims]
    detection = report.detection
    detection.gold += len(article.claims)
    detection.correct += len(matched_gold)
    for p_index, cand in enumerate(predicted):
        if p_index in matched_pred:
            detection.predicted += 1
            continue
        span = (cand.start, cand.end)
        if any(_overlap(span, b) >= MIN_OVERLAP for b in boilerplate):
            result.boilerplate.append(cand.quote[:80])
            detection.predicted += 1
        elif any(_overlap(span, o) >= MIN_OVERLAP for o in ignore):
            continue
        else:
            # An unmatched prediction also overlapping a matched gold claim is a second reading
            # of one sentence: still a false positive, the gold file lists what counts.
            result.spurious.append(cand.quote[:80])
            detection.predicted += 1
    for g_index, claim in enumerate(article.claims):
        p_index_or_none = matched_gold.get(g_index)
        if p_index_or_none is None:
            result.missed.append(claim.quote[:80])
        for name, expected in claim.expected.items():
            score = report.fields[name]
            score.gold += 1
            if p_index_or_none is None:
                continue
            cand = predicted[p_index_or_none]
            got = field_value(cand, name)
            if got:
                score.predicted += 1
            if field_correct(cand, name, expected):
                score.correct += 1
            else:
                result.wrong.append(
                    f"{claim.quote[:40]!r} {name}: expected {expected!r}, got {got!r}"
                )
    report.articles.append(result)
    return result


def evaluate(
    gold_lines: Iterable[str],
    extractor: Extractor,
    *,
    root: Path | None = None,
    read_text: Callable[[str], str] | None = None,
) -> Report:
    """Run ``extractor`` on every gold article and score it.

    Article files are read with ``read_text(path)``; by default relative to ``root`` (the
    repository, where gold files name them from).
    """
    base = root or Path()

    def default_read(path: str) -> str:
        target = base / path
        if not target.is_file():
            raise FileNotFoundError(f"article file {path!r} not found under {base.resolve()}")
        return target.read_text(encoding="utf-8")

    reader = read_text or default_read
    report = Report()
    for article in load_gold(gold_lines):
        text = reader(article.file)
        evaluate_article(article, text, extractor(text, article), report)
    return report


def format_report(report: Report, *, details: bool = False) -> str:
    """A plain-text table: precision, recall, F1 and counts per line."""
    lines = [f"{'':<12} {'P':>6} {'R':>6} {'F1':>6}   correct/predicted/gold"]

    def row(name: str, score: Score) -> str:
        return (
            f"{name:<12} {score.precision:6.2f} {score.recall:6.2f} {score.f1:6.2f}   "
            f"{score.correct}/{score.predicted}/{score.gold}"
        )

    lines.append(row("detection", report.detection))
    lines.extend(row(name, report.fields[name]) for name in FIELDS if report.fields[name].gold)
    boilerplate = sum(len(a.boilerplate) for a in report.articles)
    lines.append(f"boilerplate predicted as claims: {boilerplate}")
    if details:
        for article in report.articles:
            lines.append(f"\n{article.file}")
            lines.extend(f"  missed: {q}" for q in article.missed)
            lines.extend(f"  spurious: {q}" for q in article.spurious)
            lines.extend(f"  boilerplate: {q}" for q in article.boilerplate)
            lines.extend(f"  wrong {w}" for w in article.wrong)
    return "\n".join(lines)
