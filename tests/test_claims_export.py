"""export_claims: the JSON Lines and CSV contract, and extract_claims as a person runs it.

Bad inputs tried: an unknown --article for both commands, an article already extracted
without --force, an unwritable --output path, a claim with no mention left (editor's work).
"""

from __future__ import annotations

import csv
import io
import json
from datetime import date

import pytest
from django.core.management import CommandError, call_command

from claims.models import Claim, Mention, StatusChange
from claims.services import article_extract_claims
from tests.support.claims import candidate, make_article, outlet, person, place

pytestmark = pytest.mark.django_db

TEXT = (
    "The Sudanese army said on Monday that the Rapid Support Forces had shelled El Fasher "
    "with at least 40 rockets. RSF spokesman Al-Fateh Qureshi denied the attack."
)

CLAIM_KEYS = [
    "id",
    "summary",
    "status",
    "first_reported",
    "actor",
    "quantity",
    "unit",
    "place",
    "event_date",
    "mentions",
]
MENTION_KEYS = [
    "article_url",
    "article_title",
    "source",
    "published",
    "quote",
    "start",
    "end",
    "claimant",
    "claimant_text",
    "chain",
    "cue",
    "stance",
    "hedge",
    "stated_on",
]


@pytest.fixture
def extracted():
    article = make_article(TEXT, published=date(2025, 5, 13), publisher="Darfur Daily")
    shelled = "the Rapid Support Forces had shelled El Fasher with at least 40 rockets"
    candidates = [
        candidate(
            TEXT,
            "The Sudanese army said on Monday that " + shelled + ".",
            content=shelled,
            claimant=outlet("Sudanese Armed Forces"),
            cue="said",
            actor="Rapid Support Forces",
            where=place("El Fasher", "SD"),
            quantity=40,
            unit="rockets",
            qualifier="at_least",
            stated_on="2025-05-12",
            event_date="2025-05",
            summary="RSF shelled El Fasher with 40+ rockets",
            chain=["Sudanese Armed Forces"],
        ),
        candidate(
            TEXT,
            "RSF spokesman Al-Fateh Qureshi denied the attack.",
            content="the Rapid Support Forces shelled El Fasher",
            claimant=person("Al-Fateh Qureshi", "RSF spokesman Al-Fateh Qureshi", "RSF"),
            cue="denied",
            stance="denies",
            actor="Rapid Support Forces",
            where=place("El Fasher", "SD"),
        ),
    ]
    article_extract_claims(article_id=article.pk, extractor=lambda _a: candidates)
    return article


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("export_claims", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_jsonl_has_exactly_the_contract_keys_and_values(extracted) -> None:
    lines = run().splitlines()
    assert len(lines) == 1
    record = json.loads(lines[0])
    assert list(record) == CLAIM_KEYS
    claim = Claim.objects.get()
    assert record["id"] == claim.pk
    assert record["summary"] == "RSF shelled El Fasher with 40+ rockets"
    assert record["status"] == "unverified"
    assert record["first_reported"] == "2025-05-12"
    assert (record["actor"], record["quantity"], record["unit"], record["place"]) == (
        "Rapid Support Forces",
        40,
        "rockets",
        "El Fasher",
    )
    assert record["event_date"] == "2025-05"  # month precision stays a month
    first, second = record["mentions"]
    assert list(first) == MENTION_KEYS
    assert first["article_url"] == extracted.canonical_url
    assert first["source"] == "Darfur Daily"
    assert first["published"] == "2025-05-13"
    assert TEXT[first["start"] : first["end"]] == first["quote"]
    assert (first["claimant"], first["chain"], first["stated_on"]) == (
        "Sudanese Armed Forces",
        ["Sudanese Armed Forces"],
        "2025-05-12",
    )
    assert (second["claimant"], second["stance"], second["stated_on"]) == (
        "Al-Fateh Qureshi",
        "denies",
        None,
    )


def test_csv_read_back_equals_the_database_rows(extracted) -> None:
    rows = list(csv.DictReader(io.StringIO(run("--format", "csv"))))
    mentions = Mention.objects.select_related("claim", "claimant", "article").order_by("start")
    assert len(rows) == mentions.count() == 2
    for row, mention in zip(rows, mentions, strict=True):
        assert list(row) == CLAIM_KEYS[:-1] + MENTION_KEYS
        assert int(row["id"]) == mention.claim_id
        assert row["summary"] == mention.claim.summary
        assert row["quote"] == mention.quote
        assert (int(row["start"]), int(row["end"])) == (mention.start, mention.end)
        assert row["claimant"] == (mention.claimant.name if mention.claimant else "")
        assert row["claimant_text"] == mention.claimant_text
        assert json.loads(row["chain"]) == mention.chain
        assert (row["cue"], row["stance"], row["hedge"]) == (
            mention.cue,
            mention.stance,
            mention.hedge,
        )
        assert row["article_title"] == mention.article.title


def test_csv_file_keeps_would_be_formulas_as_text(extracted) -> None:
    # As the download does: the file was written raw, and a quote such as '=HYPERLINK(...)'
    # ran as a formula in the spreadsheet that opened it. JSON Lines keeps the exact text.
    claim = Claim.objects.order_by("pk").first()
    assert claim is not None
    Claim.objects.filter(pk=claim.pk).update(summary='=HYPERLINK("https://example.org")')
    Mention.objects.filter(claim=claim).update(claimant_text="@once", cue="+said", hedge="-maybe")
    rows = [
        r for r in csv.DictReader(io.StringIO(run("--format", "csv"))) if r["id"] == str(claim.pk)
    ]
    assert rows
    for row in rows:
        assert row["summary"] == '\'=HYPERLINK("https://example.org")'
        assert (row["claimant_text"], row["cue"], row["hedge"]) == ("'@once", "'+said", "'-maybe")
    (record,) = [r for r in map(json.loads, run().splitlines()) if r["id"] == claim.pk]
    assert record["summary"] == '=HYPERLINK("https://example.org")'
    assert record["mentions"][0]["claimant_text"] == "@once"


def test_export_of_one_article_and_claims_without_mentions(extracted) -> None:
    other = make_article("Heavy rain flooded Port Sudan on Friday.", publisher="Red Sea Post")
    article_extract_claims(
        article_id=other.pk,
        extractor=lambda _a: [
            candidate(
                other.text,
                "Heavy rain flooded Port Sudan on Friday.",
                where=place("Port Sudan", "SD"),
            )
        ],
    )
    assert len(run().splitlines()) == 2
    only = [json.loads(line) for line in run("--article", str(other.pk)).splitlines()]
    assert [r["mentions"][0]["source"] for r in only] == ["Red Sea Post"]

    # A confirmed claim whose mentions are gone is still exported, with an empty list/row.
    claim = Claim.objects.get(place="Port Sudan")
    StatusChange.objects.create(
        claim=claim, from_status="unverified", to_status="confirmed", note="x"
    )
    Mention.objects.filter(claim=claim).delete()
    record = [json.loads(line) for line in run().splitlines() if json.loads(line)["id"] == claim.pk]
    assert record[0]["mentions"] == []
    rows = [
        r for r in csv.DictReader(io.StringIO(run("--format", "csv"))) if r["id"] == str(claim.pk)
    ]
    assert len(rows) == 1
    assert rows[0]["quote"] == ""


def test_export_to_a_file_and_bad_arguments(extracted, tmp_path) -> None:
    target = tmp_path / "claims.jsonl"
    run("--output", str(target))
    assert json.loads(target.read_text(encoding="utf-8").splitlines()[0])["id"]
    with pytest.raises(CommandError, match="There is no article with id 424242"):
        run("--article", "424242")
    with pytest.raises(CommandError, match="Cannot write"):
        run("--output", str(tmp_path / "missing-dir" / "out.jsonl"))


def test_extract_claims_command_reports_and_refuses_clearly() -> None:
    text = "Officials said 200 families were evacuated from Kherson."
    article = make_article(text)
    with pytest.raises(CommandError, match="There is no article with id 999999"):
        call_command(
            "extract_claims", "--article", "999999", stdout=io.StringIO(), stderr=io.StringIO()
        )
    with pytest.raises(CommandError):
        call_command("extract_claims", stdout=io.StringIO(), stderr=io.StringIO())
    # An article already done, without --force: the reason names --force.
    article_extract_claims(
        article_id=article.pk,
        extractor=lambda _a: [candidate(text, text, where=place("Kherson", "UA"))],
    )
    out = io.StringIO()
    with pytest.raises(CommandError, match="--force"):
        call_command(
            "extract_claims", "--article", str(article.pk), stdout=out, stderr=io.StringIO()
        )
    assert "use --force" in out.getvalue()
