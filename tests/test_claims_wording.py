"""Which wording titles a claim, and claimants that name no one: the claims step's writes
on texts of our own."""

from __future__ import annotations

from datetime import date

import pytest
from django.template import Context, Template

from claims import services
from claims.models import Claim, Mention
from claims.nlp.types import Claimant, ClaimCandidate
from sources.models import Source
from tests.support.claims import candidate, make_article, person, place

pytestmark = pytest.mark.django_db

TEXT = (
    "It noted that the Ruritanian army may attack Northland positions near Kastoria soon. "
    "The Ostland government suspects the Ruritanian army may attack Northland positions "
    "near Kastoria soon."
)
CONTENT = "the Ruritanian army may attack Northland positions near Kastoria soon"


def _extract(text: str, candidates: list[ClaimCandidate]) -> None:
    article = make_article(text, published=date(2025, 3, 6))
    services.article_extract_claims(article_id=article.pk, extractor=lambda _a: candidates)


def test_a_named_claimant_titles_the_claim_rather_than_an_it_noted_wrapper() -> None:
    first = candidate(
        TEXT,
        "It noted that the Ruritanian army may attack Northland positions near Kastoria soon.",
        content=CONTENT,
        claimant=Claimant("Daily Planet", "It", "outlet"),
        cue="noted",
        actor="Ruritania",
        where=place("Kastoria", "GR"),
        summary="It noted that the Ruritanian army may attack Northland positions…",
    )
    second = candidate(
        TEXT,
        "The Ostland government suspects the Ruritanian army may attack Northland positions "
        "near Kastoria soon.",
        content=CONTENT,
        claimant=Claimant("Ostland", "The Ostland government", "government"),
        cue="suspects",
        actor="Ruritania",
        where=place("Kastoria", "GR"),
        summary="The Ruritanian army may attack Northland positions near Kastoria soon",
    )
    _extract(TEXT, [first, second])
    claim = Claim.objects.get()
    assert claim.mentions.count() == 2
    assert claim.summary == "The Ruritanian army may attack Northland positions near Kastoria soon"


def test_a_structured_summary_wins_over_a_long_sentence() -> None:
    text = (
        "Officials said the deployment of about 2,000 Ruritanian troops to the Kastoria region "
        "was discussed at length by the two governments and their allies during the summit "
        "held in the capital over the weekend, among other matters of mutual concern. "
        "The defence ministry said 2,000 Ruritanian troops were sent to the Kastoria region."
    )
    long_one = candidate(
        text,
        text.split(". ", maxsplit=1)[0] + ".",
        claimant=person("Ann Example", "Officials"),
        actor="Ruritania",
        where=place("Kastoria", "GR", "region"),
        quantity=2000,
        unit="troops",
        summary=(
            "The deployment of about 2,000 Ruritanian troops to the Kastoria region was "
            "discussed at length by the two governments and their allies during the…"
        ),
    )
    structured = candidate(
        text,
        "The defence ministry said 2,000 Ruritanian troops were sent to the Kastoria region.",
        claimant=Claimant("Ruritania", "The defence ministry", "government"),
        actor="Ruritania",
        where=place("Kastoria", "GR", "region"),
        quantity=2000,
        unit="troops",
        summary="2,000 Ruritanian troops → Kastoria region",
    )
    _extract(text, [long_one, structured])
    assert Claim.objects.get().summary == "2,000 Ruritanian troops → Kastoria region"


def test_a_later_article_that_says_it_whole_replaces_a_cut_summary_once() -> None:
    cut = "The Ruritanian army may attack Northland positions near Kastoria soon, officials…"
    first = candidate(TEXT, TEXT.split(". ", maxsplit=1)[0] + ".", content=CONTENT, summary=cut)
    _extract(TEXT, [first])
    assert Claim.objects.get().summary == cut
    later_text = (
        "Ostland said the Ruritanian army may attack Northland positions near Kastoria soon."
    )
    later = candidate(
        later_text,
        later_text,
        content=CONTENT,
        claimant=Claimant("Ostland", "Ostland", "government"),
        summary="The Ruritanian army may attack Northland positions near Kastoria soon",
    )
    _extract(later_text, [later])
    claim = Claim.objects.get()
    assert claim.mentions.count() == 2
    assert claim.summary == "The Ruritanian army may attack Northland positions near Kastoria soon"


def test_generic_reports_are_unattributed_not_a_source() -> None:
    text = "Earlier reports indicated that the Ruritanian army had lost 40 tanks near Kastoria."
    report = candidate(
        text,
        text,
        content="the Ruritanian army had lost 40 tanks near Kastoria",
        claimant=Claimant("media reports", "Earlier reports", "anonymous"),
        cue="indicated",
    )
    _extract(text, [report])
    mention = Mention.objects.get()
    assert mention.claimant is None
    assert mention.claimant_text == "Earlier reports"
    assert not Source.objects.filter(name__icontains="reports").exists()


def test_a_named_anonymous_source_is_still_a_source() -> None:
    text = "An unnamed Ruritanian official said the army had lost 40 tanks near Kastoria."
    official = candidate(
        text,
        text,
        content="the army had lost 40 tanks near Kastoria",
        claimant=Claimant("Ruritania", "An unnamed Ruritanian official", "anonymous"),
        cue="said",
    )
    _extract(text, [official])
    mention = Mention.objects.get()
    assert mention.claimant is not None
    assert mention.claimant.kind == Source.Kind.ANONYMOUS


@pytest.mark.parametrize(
    ("quote", "shown"),
    [
        (
            "“We will not withdraw,” the minister said.",
            "“\u2018We will not withdraw,\u2019 the minister said.”",
        ),
        ("The army said it withdrew.", "“The army said it withdrew.”"),
        ('He called it "a lie".', "“He called it 'a lie'.”"),
    ],
)
def test_quotes_are_shown_in_one_pair_of_marks(quote: str, shown: str) -> None:
    rendered = Template("{% load claimtrack %}{{ q|quoted }}").render(Context({"q": quote}))
    assert rendered.replace("&#x27;", "'") == shown
    assert not rendered.startswith("““")
