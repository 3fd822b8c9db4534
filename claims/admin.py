from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.forms import BaseInlineFormSet, ModelForm
from django.http import HttpRequest
from django.utils.html import format_html
from django.utils.safestring import SafeString

from claims.editorial import (
    CLAIM_PARTS_CORRECTABLE,
    MENTION_CORRECTABLE,
    EditorialError,
    claim_edit_parts,
    mention_correct,
)
from claims.models import Claim, EditorialEvent, Mention, StatusChange

# The article's own text and where the quote sits in it: never typed over.
_MENTION_READ_ONLY = ["claim", "article", "quote", "content", "start", "end", "chain"]


def _mention_correct_from_form(request: HttpRequest, form: ModelForm[Any]) -> None:
    """A mention's admin form saved: the corrections go through the editorial service,
    which records them and pins the mention, instead of a bare save."""
    changed = [name for name in form.changed_data if name in MENTION_CORRECTABLE]
    if not changed:
        return
    try:
        mention_correct(
            mention_id=form.instance.pk,
            editor=request.user,
            changes={name: form.cleaned_data[name] for name in changed},
            note="Corrected in the admin.",
        )
    except EditorialError as exc:
        messages.error(request, f"Mention #{form.instance.pk} was not changed: {exc}")


class MentionInline(admin.TabularInline):
    """A mention is added to or taken off a claim by a merge or a split on the claim page,
    where it is recorded; here how its attribution was read can be corrected (recorded too,
    and kept through re-extraction)."""

    model = Mention
    extra = 0
    can_delete = False
    fields = ["quote", "claimant", "claimant_text", "cue", "stance", "hedge", "stated_on"]
    readonly_fields = ["quote"]
    raw_id_fields = ["claimant"]

    def has_add_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


class StatusChangeInline(admin.TabularInline):
    model = StatusChange
    extra = 0
    can_delete = False
    readonly_fields = [
        "from_status",
        "to_status",
        "editor",
        "note",
        "evidence_url",
        "evidence_mention",
        "created_at",
    ]

    def has_add_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


@admin.register(Claim)
class ClaimAdmin(admin.ModelAdmin):
    """Status, summary and merges are editorial acts: done on the claim page, which records
    each one (StatusChange, EditorialEvent) with its editor and note. Here they are
    read-only: changed here they left no trace, and a claim merged into itself redirected
    to itself for ever. Claims come from extraction and splits, not from this form.

    The structured parts (actor, quantity, place, date ...) can be corrected here: saved
    through claim_edit_parts, recorded with their values before and after, and kept from
    re-extraction. What is derived (the gazetteer entry, the first report) is read-only."""

    list_display = ["id", "summary", "status", "actor", "place", "first_reported"]
    list_filter = ["status"]
    search_fields = ["summary", "actor", "place"]
    readonly_fields = [
        "editorial_acts",
        "summary",
        "summary_edited",
        "status",
        "merged_into",
        "place_geonameid",
        "place_country",
        "first_reported",
    ]
    inlines = [MentionInline, StatusChangeInline]

    @admin.display(description="Status, summary, merges")
    def editorial_acts(self, claim: Claim) -> SafeString:
        return format_html(
            'Set the status, edit the summary, merge or split on <a href="{}">the claim '
            "page</a>, where each act is recorded with its editor and note.",
            claim.get_absolute_url(),
        )

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: Claim, form: Any, change: bool) -> None:
        changed = [name for name in form.changed_data if name in CLAIM_PARTS_CORRECTABLE]
        if not changed:
            return
        try:
            claim_edit_parts(
                claim_id=obj.pk,
                editor=request.user,
                changes={name: form.cleaned_data[name] for name in changed},
                note="Corrected in the admin.",
            )
        except EditorialError as exc:
            messages.error(request, f"Claim #{obj.pk}'s details were not changed: {exc}")

    def save_formset(
        self,
        request: HttpRequest,
        form: Any,
        formset: BaseInlineFormSet[Any, Any, Any],
        change: Any,
    ) -> None:
        if formset.model is not Mention:
            super().save_formset(request, form, formset, change)
            return
        changed = [f for f in formset.forms if f.instance.pk is not None and f.has_changed()]
        for mention_form in changed:
            _mention_correct_from_form(request, mention_form)
        # What the admin's own history entry lists, as formset.save() would have set it.
        formset.new_objects, formset.deleted_objects = [], []
        formset.changed_objects = [(f.instance, f.changed_data) for f in changed]


@admin.register(Mention)
class MentionAdmin(admin.ModelAdmin):
    list_display = ["id", "claim", "article", "claimant_text", "cue", "stance", "stated_on"]
    list_filter = ["stance"]
    search_fields = ["quote", "claimant_text"]
    raw_id_fields = ["claimant"]
    # Moving a mention to another claim is a split or a merge, recorded on the claim page;
    # corrections of its attribution are recorded as editorial events and pin it.
    readonly_fields = [*_MENTION_READ_ONLY, "pinned_by_editor", "stated_on_precision"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: Mention, form: Any, change: bool) -> None:
        _mention_correct_from_form(request, form)


@admin.register(StatusChange)
class StatusChangeAdmin(admin.ModelAdmin):
    """Verdicts are an audit trail: readable here, never edited or deleted."""

    list_display = ["claim", "from_status", "to_status", "editor", "created_at"]
    list_filter = ["to_status"]

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


@admin.register(EditorialEvent)
class EditorialEventAdmin(admin.ModelAdmin):
    """Merges, splits and summary edits: an audit trail, readable here, never edited."""

    list_display = ["claim", "kind", "editor", "created_at"]
    list_filter = ["kind"]
    raw_id_fields = ["claim"]

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False
