from django.contrib import admin

from claims.models import Claim, EditorialEvent, Mention, StatusChange


class MentionInline(admin.TabularInline):
    model = Mention
    extra = 0
    fields = ["article", "quote", "claimant", "cue", "stance", "hedge", "stated_on"]
    raw_id_fields = ["article", "claimant"]


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
    list_display = ["id", "summary", "status", "actor", "place", "first_reported"]
    list_filter = ["status"]
    search_fields = ["summary", "actor", "place"]
    raw_id_fields = ["merged_into"]
    inlines = [MentionInline, StatusChangeInline]


@admin.register(Mention)
class MentionAdmin(admin.ModelAdmin):
    list_display = ["id", "claim", "article", "claimant_text", "cue", "stance", "stated_on"]
    list_filter = ["stance"]
    search_fields = ["quote", "claimant_text"]
    raw_id_fields = ["claim", "article", "claimant"]


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
