"""An editor corrects how the machine read a mention (who said it, the cue, the stance, the
hedge, the date it was said): the correction is recorded as an editorial event with each
value before and after, shown in the claim's history, and the mention is pinned, so that
re-extraction (--force) does not put the machine's reading back.

Before, the admin saved such edits as bare rows: nothing recorded who changed what, the
quote and its offsets could be typed over (the quote then no longer matched the article),
and the next `extract_claims --force` silently undid the correction.

Bad inputs tried: a field that is not correctable (the quote), a correction that changes
nothing, a stance that does not exist, a cue longer than the field, a mention that does not
exist, a mention of a claim merged into another; the quote, start and end posted to the
mention's admin form.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest
from django.test import Client

from claims import services
from claims.editorial import EditorialError, mention_correct
from claims.models import Claim, EditorialEvent, Mention
from sources.models import Source
from tests.factories import ClaimFactory, MentionFactory, UserFactory
from tests.support.admin import admin_form_data
from tests.support.claims import make_article

pytestmark = pytest.mark.django_db

TEXT = (
    "The port authority said on Monday that about 40 ships were waiting to unload at the "
    "northern terminal. Dock workers denied that the strike had caused the delays."
)


def _extracted() -> Mention:
    article = make_article(TEXT, published=date(2025, 3, 4), publisher="Harbour Times")
    services.article_extract_claims(article_id=article.pk)
    return Mention.objects.filter(article=article).order_by("start").first()  # type: ignore[return-value]


def test_a_correction_is_recorded_pinned_and_survives_re_extraction() -> None:
    mention = _extracted()
    machine = (mention.claimant_text, mention.cue, mention.stance)
    editor = UserFactory.create(username="desk")
    minister = Source.objects.create(name="Port Minister", slug="port-minister", kind="person")

    corrected = mention_correct(
        mention_id=mention.pk,
        editor=editor,
        changes={"claimant": minister, "claimant_text": "the port minister", "stance": "neither"},
        note="The statement was the minister's, read out by the authority.",
    )

    assert corrected.pinned_by_editor is True
    event = EditorialEvent.objects.get(kind=EditorialEvent.Kind.MENTION_EDIT)
    assert (event.claim_id, event.editor, event.note) == (
        mention.claim_id,
        editor,
        "The statement was the minister's, read out by the authority.",
    )
    changes = {c["field"]: (c["before"], c["after"]) for c in event.details["changes"]}
    assert changes["claimant_text"] == (machine[0], "the port minister")
    assert changes["stance"] == ("Asserts", "Neither confirms nor denies")
    assert changes["claimant"][1] == "Port Minister"
    assert event.details["mention_id"] == mention.pk

    outcome = services.article_extract_claims(article_id=mention.article_id, force=True)

    assert outcome.done
    again = Mention.objects.get(pk=mention.pk)
    assert (again.claimant_id, again.claimant_text, again.stance, again.cue) == (
        minister.pk,
        "the port minister",
        "neither",
        machine[1],
    )
    # The rest of the article is still the machine's: the second statement is there once.
    quotes = list(Mention.objects.filter(article_id=mention.article_id).values_list("quote"))
    assert len(quotes) == len(set(quotes)) >= 2


def test_correcting_the_date_moves_the_claims_first_report() -> None:
    claim = ClaimFactory.create(first_reported=date(2025, 3, 4))
    mention = MentionFactory.create(
        claim=claim,
        stated_on=date(2025, 3, 4),
        article__published_at=datetime(2025, 3, 4, 9, tzinfo=UTC),
    )

    mention_correct(mention_id=mention.pk, editor=None, changes={"stated_on": date(2025, 2, 27)})

    mention.refresh_from_db()
    claim.refresh_from_db()
    assert (mention.stated_on, mention.stated_on_precision) == (date(2025, 2, 27), "day")
    assert claim.first_reported == date(2025, 2, 27)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"quote": "Something else."}, "not quote"),
        ({"cue": "said"}, "Nothing was changed"),
        ({"stance": "maybe"}, "Stance:"),
        ({"cue": "x" * 201}, "Cue:"),
    ],
)
def test_bad_corrections_are_refused_and_change_nothing(
    changes: dict[str, Any], message: str
) -> None:
    mention = MentionFactory.create(cue="said")
    before = Mention.objects.filter(pk=mention.pk).values().get()

    with pytest.raises(EditorialError, match=message):
        mention_correct(mention_id=mention.pk, editor=None, changes=changes)

    assert Mention.objects.filter(pk=mention.pk).values().get() == before
    assert not EditorialEvent.objects.exists()


def test_a_missing_mention_or_a_merged_claim_is_refused() -> None:
    with pytest.raises(EditorialError, match="There is no mention #999999"):
        mention_correct(mention_id=999999, editor=None, changes={"cue": "told"})

    survivor = ClaimFactory.create()
    merged = ClaimFactory.create(merged_into=survivor)
    mention = MentionFactory.create(claim=merged)
    with pytest.raises(EditorialError, match=f"merged into claim #{survivor.pk}"):
        mention_correct(mention_id=mention.pk, editor=None, changes={"cue": "told"})
    assert not EditorialEvent.objects.exists()


@pytest.fixture
def staff() -> Client:
    client = Client()
    client.force_login(UserFactory.create(username="root", is_staff=True, is_superuser=True))
    return client


def test_the_mention_admin_records_corrections_and_keeps_the_quote(staff: Client) -> None:
    mention = MentionFactory.create(cue="said")
    url = f"/admin/claims/mention/{mention.pk}/change/"
    page = staff.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    for read_only in ("quote", "start", "end", "article", "claim"):
        assert f'name="{read_only}"' not in html

    saved = staff.post(
        url,
        admin_form_data(page)
        | {"cue": "insisted", "quote": "Typed over.", "start": "3", "end": "5"},
    )

    assert saved.status_code == 302
    mention_after = Mention.objects.get(pk=mention.pk)
    assert (mention_after.cue, mention_after.pinned_by_editor) == ("insisted", True)
    assert (mention_after.quote, mention_after.start, mention_after.end) == (
        mention.quote,
        mention.start,
        mention.end,
    )
    event = EditorialEvent.objects.get()
    assert event.details["changes"] == [
        {"field": "cue", "label": "Cue", "before": "said", "after": "insisted"}
    ]
    assert event.editor is not None
    assert event.editor.get_username() == "root"

    # The claim's page tells the story.
    story = Client().get(Claim.objects.get(pk=mention.claim_id).get_absolute_url())
    assert "A mention was corrected" in story.content.decode()
    assert "<del>said</del> → <ins>insisted</ins>" in story.content.decode()


def test_the_claim_admin_inline_goes_through_the_same_record(staff: Client) -> None:
    mention = MentionFactory.create(cue="said", hedge="")
    url = f"/admin/claims/claim/{mention.claim_id}/change/"
    page = staff.get(url)
    data = admin_form_data(page)
    prefix = next(
        inline.formset.prefix
        for inline in page.context["inline_admin_formsets"]
        if inline.formset.model is Mention
    )
    data[f"{prefix}-0-hedge"] = "reportedly"

    saved = staff.post(url, data)

    assert saved.status_code == 302
    mention.refresh_from_db()
    assert (mention.hedge, mention.pinned_by_editor) == ("reportedly", True)
    assert EditorialEvent.objects.get().details["changes"][0]["after"] == "reportedly"
