"""Editors' acts on claims: verdicts, merges, splits, summary edits, corrections of a
claim's structured parts and of a mention's attribution. Each one is recorded.

Verdicts are StatusChange rows; the other acts are EditorialEvent rows. Machine
re-extraction keeps away from what these functions set: Claim.summary_edited,
Claim.merged_into, Mention.pinned_by_editor and the StatusChange history.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Min
from django.db.models.functions import TruncDate
from django.utils import timezone

from claims.models import Claim, DatePrecision, EditorialEvent, Mention, StatusChange
from claims.services import lock_claim_writes

SUMMARY_MAX_LENGTH = 500
Editor = AbstractBaseUser | AnonymousUser | None


class EditorialError(Exception):
    """An editorial act that cannot be done; the message is for the editor to read."""


class ClaimChanged(EditorialError):  # noqa: N818 - the name the API and the views share
    """Someone else acted on the claim between the editor loading it and submitting."""

    def __init__(self, claim: Claim, last_change: StatusChange | None) -> None:
        self.claim = claim
        self.last_change = last_change
        by = ""
        if last_change is not None:
            who = last_change.editor.get_username() if last_change.editor else "someone"
            by = f" (set by {who} at {last_change.created_at:%d %b %Y %H:%M} UTC)"
        super().__init__(
            f"This claim changed while you were looking: it is now "
            f"{claim.get_status_display()}{by}. Nothing was saved; check the new state "
            f"and try again if you still want to change it."
        )


def _editor_or_none(editor: Editor) -> Any:
    """The user to record, or None (a management command acting without one)."""
    if editor is None or not editor.is_authenticated:
        return None
    if not isinstance(editor, get_user_model()):
        raise EditorialError("Only a user account can be recorded as the editor.")
    return editor


def _live_claim_for_update(claim_id: int) -> Claim:
    try:
        claim = Claim.objects.select_for_update().get(pk=claim_id)
    except Claim.DoesNotExist:
        raise EditorialError(f"There is no claim #{claim_id}.") from None
    if claim.merged_into_id is not None:
        raise EditorialError(
            f"Claim #{claim.pk} was merged into claim #{claim.merged_into_id}; "
            f"act on that claim instead."
        )
    return claim


def claim_first_reported(*, claim_id: int) -> date | None:
    """The earliest date any of the claim's mentions was stated or published (the same
    rule as the extractor's)."""
    dates = Mention.objects.filter(claim_id=claim_id).aggregate(
        stated=Min("stated_on"), published=Min(TruncDate("article__published_at"))
    )
    found = [d for d in (dates["stated"], dates["published"]) if d is not None]
    return min(found) if found else None


def claim_set_status(
    *,
    claim_id: int,
    to_status: str,
    expected_status: str,
    note: str,
    evidence_url: str = "",
    evidence_mention_id: int | None = None,
    editor: Editor,
) -> StatusChange:
    """Record a verdict, but only if the claim is still in the status the editor saw."""
    if to_status not in Claim.Status.values:
        raise EditorialError(f"{to_status!r} is not a status; choose one of the listed ones.")
    if expected_status not in Claim.Status.values:
        raise EditorialError(f"{expected_status!r} is not a status.")
    note = note.strip()
    if not note:
        raise EditorialError("A note is required: say why the status changes.")
    if to_status == expected_status:
        raise EditorialError(
            f"The claim is already {Claim.Status(to_status).label}; choose another status."
        )

    with transaction.atomic():
        # The conditional update is the lock: of two editors who saw the same status,
        # exactly one changes a row; the other learns what happened instead of overwriting.
        changed = Claim.objects.filter(
            pk=claim_id, status=expected_status, merged_into__isnull=True
        ).update(status=to_status, updated_at=timezone.now())
        if changed != 1:
            try:
                claim = Claim.objects.get(pk=claim_id)
            except Claim.DoesNotExist:
                raise EditorialError(f"There is no claim #{claim_id}.") from None
            if claim.merged_into_id is not None:
                raise EditorialError(
                    f"Claim #{claim.pk} was merged into claim #{claim.merged_into_id} "
                    f"while you were looking; act on that claim instead."
                )
            last = (
                StatusChange.objects.filter(claim_id=claim_id)
                .select_related("editor")
                .order_by("-created_at", "-id")
                .first()
            )
            raise ClaimChanged(claim, last)
        # Under the claim's row lock (the update above): a split or a merge, which lock the
        # claim before moving its mentions, cannot take the evidence elsewhere meanwhile.
        if (
            evidence_mention_id is not None
            and not Mention.objects.filter(pk=evidence_mention_id, claim_id=claim_id).exists()
        ):
            raise EditorialError("The evidence must be one of this claim's own mentions.")
        return StatusChange.objects.create(
            claim_id=claim_id,
            from_status=expected_status,
            to_status=to_status,
            editor=_editor_or_none(editor),
            note=note,
            evidence_url=evidence_url.strip(),
            evidence_mention_id=evidence_mention_id,
        )


def claim_merge_check(*, claim_id: int, into_claim_id: int) -> Claim:
    """The claim a merge would fold this one into, for the editor to look at before
    confirming (with `mention_count`); claim_merge's own refusals, without its locks."""
    found = {
        c.pk: c
        for c in Claim.objects.annotate(mention_count=Count("mentions")).filter(
            pk__in=[claim_id, into_claim_id]
        )
    }
    _refuse_merge(claim_id, into_claim_id, found)
    return found[into_claim_id]


def _refuse_merge(claim_id: int, into_claim_id: int, found: Mapping[int, Claim]) -> None:
    """Raise EditorialError when `claim_id` cannot be merged into `into_claim_id`; `found`
    holds those of the two claims that exist."""
    if claim_id == into_claim_id:
        raise EditorialError("A claim cannot be merged into itself.")
    for pk in (claim_id, into_claim_id):
        if pk not in found:
            raise EditorialError(f"There is no claim #{pk}.")
    for pk in (claim_id, into_claim_id):
        if found[pk].merged_into_id is not None:
            raise EditorialError(
                f"Claim #{pk} was already merged into claim #{found[pk].merged_into_id}."
            )


def claim_merge(
    *,
    claim_id: int,
    into_claim_id: int,
    editor: Editor,
    note: str = "",
) -> Claim:
    """Fold a duplicate claim into another: its mentions and history move, its row stays
    (merged_into set) so that its old URL redirects to the survivor."""
    if claim_id == into_claim_id:
        _refuse_merge(claim_id, into_claim_id, {})  # no need to lock anything to say so
    with transaction.atomic():
        # An extraction batch may hold one of these claims until its commit and then want
        # the other: wait for it first, as it waits for us.
        lock_claim_writes()
        # Lock in id order so two merges of the same pair in opposite directions cannot
        # deadlock; the second one then finds a merged claim and stops.
        locked = {
            c.pk: c
            for c in Claim.objects.select_for_update()
            .filter(pk__in=sorted([claim_id, into_claim_id]))
            .order_by("pk")
        }
        _refuse_merge(claim_id, into_claim_id, locked)
        duplicate, survivor = locked[claim_id], locked[into_claim_id]

        mention_ids = list(Mention.objects.filter(claim=duplicate).values_list("pk", flat=True))
        status_change_ids = list(
            StatusChange.objects.filter(claim=duplicate).values_list("pk", flat=True)
        )
        # Pinned: the extractor must not move these back on re-extraction.
        Mention.objects.filter(pk__in=mention_ids).update(claim=survivor, pinned_by_editor=True)
        StatusChange.objects.filter(pk__in=status_change_ids).update(claim=survivor)
        EditorialEvent.objects.filter(claim=duplicate).update(claim=survivor)
        # Claims merged earlier into the duplicate now point at the survivor directly, so
        # a redirect is always one hop.
        Claim.objects.filter(merged_into=duplicate).update(merged_into=survivor)

        now = timezone.now()
        Claim.objects.filter(pk=duplicate.pk).update(merged_into=survivor, updated_at=now)
        firsts = [d for d in (duplicate.first_reported, survivor.first_reported) if d]
        Claim.objects.filter(pk=survivor.pk).update(
            first_reported=min(firsts) if firsts else None, updated_at=now
        )
        details = {
            "merged_claim_id": duplicate.pk,
            "merged_summary": duplicate.summary,
            "merged_status": duplicate.status,
            "into_claim_id": survivor.pk,
            "mention_ids": mention_ids,
            "status_change_ids": status_change_ids,
        }
        who = _editor_or_none(editor)
        EditorialEvent.objects.create(
            claim=survivor, kind=EditorialEvent.Kind.MERGE, editor=who, note=note, details=details
        )
        EditorialEvent.objects.create(
            claim=duplicate, kind=EditorialEvent.Kind.MERGE, editor=who, note=note, details=details
        )
    survivor.refresh_from_db()
    return survivor


def mention_split(
    *,
    mention_id: int,
    editor: Editor,
    summary: str = "",
    note: str = "",
    from_claim_id: int | None = None,
) -> Claim:
    """Move one mention off its claim into a new claim of its own (a wrong match undone).

    `from_claim_id`: the claim the editor saw the mention on; if the mention is on another
    one by now (a merge moved it), nothing is done.

    The new claim's summary is the editor's (summary_edited), or without one the
    mention's own quote (not marked as an editor's). Never the old claim's summary: two
    claims with the same title cannot be told apart on the timeline. Of the old claim's
    structured parts it takes only those its quote states (_parts_the_quote_states).
    """
    summary = " ".join(summary.split())
    if len(summary) > SUMMARY_MAX_LENGTH:
        raise EditorialError(f"A summary has at most {SUMMARY_MAX_LENGTH} characters.")
    with transaction.atomic():
        try:
            mention = Mention.objects.select_related("article").get(pk=mention_id)
        except Mention.DoesNotExist:
            raise EditorialError(f"There is no mention #{mention_id}.") from None
        old = _live_claim_for_update(mention.claim_id)
        # Re-read under the claim's lock: a concurrent split may have moved it already.
        mention = Mention.objects.select_for_update().get(pk=mention_id)
        if mention.claim_id != old.pk or from_claim_id not in (None, old.pk):
            raise EditorialError("This mention moved to another claim while you were looking.")
        if Mention.objects.filter(claim=old).count() < 2:
            raise EditorialError(
                "This is the claim's only mention: there is nothing to split it from. "
                "Edit the summary instead."
            )
        written = bool(summary)
        if not written:
            summary = _quote_as_summary(mention.quote)
        if summary.casefold() == " ".join(old.summary.split()).casefold():
            raise EditorialError(
                f"The new claim's summary is the same as claim #{old.pk}'s. Write what the "
                f"split-off mention claims, so that the two claims can be told apart."
            )
        stated = mention.stated_on or (
            timezone.localdate(mention.article.published_at)
            if mention.article.published_at
            else None
        )
        new = Claim.objects.create(
            summary=summary,
            summary_edited=written,
            first_reported=stated,
            **_parts_the_quote_states(old, mention.quote),
        )
        Mention.objects.filter(pk=mention.pk).update(claim=new, pinned_by_editor=True)
        Claim.objects.filter(pk=old.pk).update(
            first_reported=claim_first_reported(claim_id=old.pk), updated_at=timezone.now()
        )
        details = {
            "mention_id": mention.pk,
            "quote": mention.quote[:300],
            "from_claim_id": old.pk,
            "to_claim_id": new.pk,
        }
        who = _editor_or_none(editor)
        for claim in (old, new):
            EditorialEvent.objects.create(
                claim=claim, kind=EditorialEvent.Kind.SPLIT, editor=who, note=note, details=details
            )
    return new


# What an editor may correct in a mention: how the machine read its attribution. The quote
# and its place in the article are the article's own text; moving a mention to another
# claim is a split or a merge.
_MENTION_LABELS = {
    "claimant": "Claimant",
    "claimant_text": "Claimant as written",
    "cue": "Cue",
    "stance": "Stance",
    "hedge": "Hedge",
    "stated_on": "Stated on",
}
MENTION_CORRECTABLE = tuple(_MENTION_LABELS)
# What an editor may correct in a claim besides its summary and status: the structured
# parts the machine read, which the timeline's filters, the related claims and matching use.
_CLAIM_PART_LABELS = {
    "actor": "Actor",
    "action": "Action",
    "quantity": "Quantity",
    "quantity_max": "Quantity, up to",
    "quantity_qualifier": "Quantity is",
    "unit": "Unit",
    "place": "Place",
    "event_date": "Event date",
    "event_date_precision": "Event date precision",
}
CLAIM_PARTS_CORRECTABLE = tuple(_CLAIM_PART_LABELS)


def mention_correct(
    *,
    mention_id: int,
    editor: Editor,
    changes: Mapping[str, Any],
    note: str = "",
    expected: Mapping[str, Any] | None = None,
    from_claim_id: int | None = None,
) -> Mention:
    """Correct what the extractor read of one mention (who said it, the cue, the stance,
    the hedge, the date it was said). The mention is then pinned: re-extraction leaves it
    as the editor made it. Recorded as an EditorialEvent on its claim with each field's
    value before and after.

    `expected`: the values the editor saw of the fields they change (the claimant by its
    name); if one of them is something else by now (another editor), nothing is saved.
    `from_claim_id`: the claim the editor saw the mention on; if the mention is on another
    one by now (a split moved it), nothing is saved.
    """
    _only(changes, _MENTION_LABELS, "of a mention")
    with transaction.atomic():
        try:
            claim_id = Mention.objects.values_list("claim_id", flat=True).get(pk=mention_id)
        except Mention.DoesNotExist:
            raise EditorialError(f"There is no mention #{mention_id}.") from None
        claim = _live_claim_for_update(claim_id)
        mention = (
            Mention.objects.select_for_update(of=("self",))
            .select_related("claimant")
            .get(pk=mention_id)
        )
        if mention.claim_id != claim.pk or from_claim_id not in (None, claim.pk):
            raise EditorialError("This mention moved to another claim while you were looking.")
        for name in changes:
            if expected is not None and name in expected:
                seen, now = expected[name], getattr(mention, name)
                if name == "claimant":
                    seen, now = seen or "", _shown(mention, name)
                if (seen in (None, "") and now in (None, "")) or seen == now:
                    continue
                raise EditorialError(
                    f"{_MENTION_LABELS[name]} was changed by someone else while you were "
                    f"looking: it is now “{_shown(mention, name) or 'none'}”. Nothing was saved."
                )

        def dated(m: Mention) -> None:
            if "stated_on" in changes:
                m.stated_on_precision = DatePrecision.DAY if m.stated_on else ""

        altered = _apply(mention, changes, _MENTION_LABELS, then=dated, exclude=["claimant"])
        mention.pinned_by_editor = True
        mention.save()
        if "stated_on" in changes:
            Claim.objects.filter(pk=claim.pk).update(
                first_reported=claim_first_reported(claim_id=claim.pk), updated_at=timezone.now()
            )
        EditorialEvent.objects.create(
            claim=claim,
            kind=EditorialEvent.Kind.MENTION_EDIT,
            editor=_editor_or_none(editor),
            note=note,
            details={"mention_id": mention.pk, "quote": mention.quote[:300], "changes": altered},
        )
    return mention


def claim_edit_parts(
    *,
    claim_id: int,
    editor: Editor,
    changes: Mapping[str, Any],
    note: str = "",
    expected: Mapping[str, Any] | None = None,
) -> Claim:
    """Correct the structured parts the machine read of a claim (actor, action, quantity,
    unit, place, event date). Recorded as an EditorialEvent with each value before and
    after; a claim with an editor's work is never rewritten by re-extraction. A place typed
    by an editor is taken as written: it no longer points at a gazetteer entry.

    `expected`: the values the editor saw of the parts they change; if one of them is
    something else by now (another editor), nothing is saved.
    """
    _only(changes, _CLAIM_PART_LABELS, "of a claim")
    with transaction.atomic():
        claim = _live_claim_for_update(claim_id)
        for name in changes:
            if expected is not None and name in expected:
                seen, now = expected[name], getattr(claim, name)
                if (seen in (None, "") and now in (None, "")) or seen == now:
                    continue
                raise EditorialError(
                    f"{_CLAIM_PART_LABELS[name]} was changed by someone else while you were "
                    f"looking: it is now “{_shown(claim, name) or 'none'}”. Nothing was saved."
                )
        place_before = claim.place

        def consistent(c: Claim) -> None:
            if c.place != place_before:
                c.place_geonameid, c.place_country = None, ""
            if "event_date" in changes and "event_date_precision" not in changes:
                c.event_date_precision = DatePrecision.DAY if c.event_date else ""
            if c.quantity is None:
                c.quantity_max, c.quantity_qualifier = None, ""

        altered = _apply(claim, changes, _CLAIM_PART_LABELS, then=consistent)
        low, high = claim.quantity, claim.quantity_max
        if low is not None and high is not None and high < low:
            raise EditorialError(
                f"The top of the range ({_shown(claim, 'quantity_max')}) is below the quantity "
                f"({_shown(claim, 'quantity')}). Nothing was saved."
            )
        claim.updated_at = timezone.now()
        derived = ["place_geonameid", "place_country", "quantity_max", "quantity_qualifier"]
        claim.save(update_fields=sorted({*changes, *derived, "event_date_precision", "updated_at"}))
        EditorialEvent.objects.create(
            claim=claim,
            kind=EditorialEvent.Kind.PARTS_EDIT,
            editor=_editor_or_none(editor),
            note=note,
            details={"changes": altered},
        )
    return claim


def _only(changes: Mapping[str, Any], labels: Mapping[str, str], of: str) -> None:
    unknown = sorted(set(changes) - set(labels))
    if unknown:
        raise EditorialError(
            f"Only {', '.join(labels)} {of} can be corrected, not {', '.join(unknown)}."
        )


def _apply(
    row: Mention | Claim,
    changes: Mapping[str, Any],
    labels: Mapping[str, str],
    *,
    then: Callable[[Any], None],
    exclude: Sequence[str] = (),
) -> list[dict[str, str]]:
    """Set `changes` on `row` (not saved), checked as its model checks them; what changed,
    each field with its label and its value before and after, as a person reads them.
    Raises EditorialError, naming the fields, when a value is refused or nothing changed."""
    before = {name: _shown(row, name) for name in changes}
    for name, value in changes.items():
        setattr(row, name, value)
    then(row)
    related = [f.name for f in row._meta.concrete_fields if f.is_relation]
    try:
        row.full_clean(exclude=[*related, *exclude], validate_unique=False)
    except ValidationError as exc:
        problems = "; ".join(
            f"{labels.get(name, name)}: {' '.join(errors)}"
            for name, errors in exc.message_dict.items()
        )
        raise EditorialError(f"The correction was not saved: {problems}") from None
    altered = [
        {"field": name, "label": labels[name], "before": before[name], "after": _shown(row, name)}
        for name in changes
        if before[name] != _shown(row, name)
    ]
    if not altered:
        raise EditorialError("Nothing was changed.")
    return altered


def _shown(row: Mention | Claim, name: str) -> str:
    """A field's value as the record shows it to a person."""
    if name == "claimant" and isinstance(row, Mention):
        return row.claimant.name if row.claimant_id and row.claimant else ""
    choices = getattr(row._meta.get_field(name), "choices", None)
    value = getattr(row, name)
    if choices:
        return str(dict(choices).get(value, value)) if value else ""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return f"{value.normalize():f}"
    return str(value if value is not None else "")


def _parts_the_quote_states(claim: Claim, quote: str) -> dict[str, Any]:
    """The structured parts of `claim` that a split-off mention's own quote states: a
    split undoes a wrong match, so the old claim's actor, place, number or date go along
    only where the quote says them too (its figure, written with or without thousands
    separators; its date's year or month)."""
    said = quote.casefold()
    digits = re.sub(r"(?<=\d)[,\u00a0\u202f ](?=\d{3}\b)", "", said)
    parts: dict[str, Any] = {}
    if claim.actor and claim.actor.casefold() in said:
        parts["actor"] = claim.actor
    if claim.action and claim.action.casefold() in said:
        parts["action"] = claim.action
    if claim.place and claim.place.casefold() in said:
        parts |= {
            "place": claim.place,
            "place_geonameid": claim.place_geonameid,
            "place_country": claim.place_country,
        }
    if claim.quantity is not None and re.search(
        rf"(?<![\d.]){claim.quantity.normalize():f}(?![\d])", digits
    ):
        parts |= {
            "quantity": claim.quantity,
            "quantity_max": claim.quantity_max,
            "quantity_qualifier": claim.quantity_qualifier,
            "unit": claim.unit,
        }
    when = claim.event_date
    if when is not None and (
        str(when.year) in said
        or (
            claim.event_date_precision != DatePrecision.YEAR
            and when.strftime("%B").casefold() in said
        )
    ):
        parts |= {"event_date": when, "event_date_precision": claim.event_date_precision}
    return parts


def _quote_as_summary(quote: str) -> str:
    quote = " ".join(quote.split())
    if len(quote) > SUMMARY_MAX_LENGTH:
        quote = quote[: SUMMARY_MAX_LENGTH - 1].rstrip() + "…"
    return quote


def claim_edit_summary(
    *,
    claim_id: int,
    summary: str,
    editor: Editor,
    expected_summary: str | None = None,
    note: str = "",
) -> Claim:
    """Replace the machine's summary; summary_edited keeps re-extraction from undoing it."""
    summary = " ".join(summary.split())
    if not summary:
        raise EditorialError("A summary cannot be empty.")
    if len(summary) > SUMMARY_MAX_LENGTH:
        raise EditorialError(f"A summary has at most {SUMMARY_MAX_LENGTH} characters.")
    with transaction.atomic():
        claim = _live_claim_for_update(claim_id)
        current = " ".join(claim.summary.split())
        if expected_summary is not None and " ".join(expected_summary.split()) != current:
            raise EditorialError(
                f"This claim's summary changed while you were looking: it is now "
                f"“{claim.summary}”. Nothing was saved."
            )
        if summary == current:
            raise EditorialError("The summary is unchanged.")
        before = claim.summary
        Claim.objects.filter(pk=claim.pk).update(
            summary=summary, summary_edited=True, updated_at=timezone.now()
        )
        EditorialEvent.objects.create(
            claim=claim,
            kind=EditorialEvent.Kind.SUMMARY_EDIT,
            editor=_editor_or_none(editor),
            note=note,
            details={"before": before, "after": summary},
        )
    claim.refresh_from_db()
    return claim
