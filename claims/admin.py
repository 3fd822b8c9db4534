from django.contrib import admin
from django.http import HttpRequest
from django.utils.html import format_html
from django.utils.safestring import SafeString

from claims.models import Claim, EditorialEvent, Mention, StatusChange


class MentionInline(admin.TabularInline):
    """A mention is added to or taken off a claim by a merge or a split on the claim page,
    where it is recorded; here its details can be corrected."""

    model = Mention
    extra = 0
    can_delete = False
    fields = ["article", "quote", "claimant", "cue", "stance", "hedge", "stated_on"]
    raw_id_fields = ["article", "claimant"]

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
    to itself for ever. Claims come from extraction and splits, not from this form."""

    list_display = ["id", "summary", "status", "actor", "place", "first_reported"]
    list_filter = ["status"]
    search_fields = ["summary", "actor", "place"]
    readonly_fields = ["editorial_acts", "summary", "summary_edited", "status", "merged_into"]
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


@admin.register(Mention)
class MentionAdmin(admin.ModelAdmin):
    list_display = ["id", "claim", "article", "claimant_text", "cue", "stance", "stated_on"]
    list_filter = ["stance"]
    search_fields = ["quote", "claimant_text"]
    raw_id_fields = ["article", "claimant"]
    # Moving a mention to another claim is a split or a merge, recorded on the claim page.
    readonly_fields = ["claim"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


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
