from django.conf import settings
from django.contrib import admin
from django.db.models import Q, QuerySet
from django.http import HttpRequest

from sources.models import Article, Feed, Source, SourceDomain


class SourceDomainInline(admin.TabularInline):
    model = SourceDomain
    extra = 0


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "parent", "created_at"]
    list_filter = ["kind"]
    search_fields = ["name", "slug", "domains__domain"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [SourceDomainInline]
    raw_id_fields = ["parent"]


# Feed.health in the words the ingest and source pages use.
FEED_HEALTH_LABELS = {
    "new": "not polled yet",
    "healthy": "healthy",
    "failing": "last poll failed",
    "unhealthy": "unhealthy",
}


class FeedHealthFilter(admin.SimpleListFilter):
    """Feed.health as a filter: the feeds that stopped, or are failing, found in one click."""

    title = "health"
    parameter_name = "health"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin) -> list[tuple[str, str]]:
        return list(FEED_HEALTH_LABELS.items())

    def queryset(self, request: HttpRequest, queryset: QuerySet[Feed]) -> QuerySet[Feed]:
        limit = settings.CLAIMTRACK_FEED_UNHEALTHY_AFTER
        conditions = {
            "new": Q(consecutive_failures=0, last_polled_at__isnull=True),
            "healthy": Q(consecutive_failures=0, last_polled_at__isnull=False),
            "failing": Q(consecutive_failures__gt=0, consecutive_failures__lt=limit),
            "unhealthy": Q(consecutive_failures__gte=limit),
        }
        value = self.value()
        return queryset.filter(conditions[value]) if value in conditions else queryset


@admin.register(Feed)
class FeedAdmin(admin.ModelAdmin):
    list_display = [
        "url",
        "source",
        "is_active",
        "health",
        "consecutive_failures",
        "last_success_at",
        "next_poll_at",
    ]
    list_filter = ["is_active", FeedHealthFilter]
    search_fields = ["url", "title", "source__name"]
    readonly_fields = ["last_polled_at", "last_success_at", "last_error", "consecutive_failures"]

    @admin.display(description="health", ordering="consecutive_failures")
    def health(self, feed: Feed) -> str:
        # A tick said "healthy" of a feed whose last polls failed, as long as they were
        # fewer than the unhealthy threshold.
        return FEED_HEALTH_LABELS[feed.health]


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ["id", "title", "publisher", "published_at", "state", "failure_kind", "attempts"]
    list_filter = ["state", "failure_kind", "language", "publisher"]
    search_fields = ["title", "url", "canonical_url"]
    date_hierarchy = "created_at"
    raw_id_fields = ["publisher", "feed", "duplicate_of"]
    readonly_fields = ["content_hash", "claimed_at", "created_at", "updated_at", "fetched_at"]
    exclude = ["raw_html_compressed"]
