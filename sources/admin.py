from django.contrib import admin

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


@admin.register(Feed)
class FeedAdmin(admin.ModelAdmin):
    list_display = [
        "url",
        "source",
        "is_active",
        "healthy",
        "consecutive_failures",
        "last_success_at",
        "next_poll_at",
    ]
    list_filter = ["is_active"]
    search_fields = ["url", "title", "source__name"]
    readonly_fields = ["last_polled_at", "last_success_at", "last_error", "consecutive_failures"]

    @admin.display(boolean=True, description="healthy")
    def healthy(self, feed: Feed) -> bool:
        return feed.is_healthy


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ["id", "title", "publisher", "published_at", "state", "failure_kind", "attempts"]
    list_filter = ["state", "failure_kind", "language", "publisher"]
    search_fields = ["title", "url", "canonical_url"]
    date_hierarchy = "created_at"
    raw_id_fields = ["publisher", "feed", "duplicate_of"]
    readonly_fields = ["content_hash", "claimed_at", "created_at", "updated_at", "fetched_at"]
    exclude = ["raw_html_compressed"]
