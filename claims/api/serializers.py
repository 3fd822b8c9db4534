"""What the API reads and writes. Serializers parse and present; they decide nothing:
the reads come from claims.selectors, the writes go to claims.editorial and
sources.services."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.validators import URLValidator
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from claims import selectors
from claims.models import Claim, EditorialEvent, Mention, StatusChange
from sources.forms import MAX_URLS
from sources.models import Article, Feed, Source
from sources.validators import no_control_characters, page_breaks_as_spaces

VERDICTS = frozenset(
    {Claim.Status.CONFIRMED, Claim.Status.DENIED, Claim.Status.DISPUTED, Claim.Status.RETRACTED}
)


def absolute(context: dict[str, Any], path: str) -> str:
    request = context.get("request")
    return request.build_absolute_uri(path) if request is not None else path


class ProseCharField(serializers.CharField):
    """Text a person writes (a note, an outlet's name), as the web forms' ProseField takes
    it: a page break (form feed, vertical tab) is a space; other control characters are
    refused."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("validators", [no_control_characters])
        super().__init__(**kwargs)

    def to_internal_value(self, data: Any) -> str:
        return page_breaks_as_spaces(super().to_internal_value(data))


@extend_schema_field({"type": "number", "nullable": True})
class NumberField(serializers.Field):
    """A decimal as a JSON number: 3000, not "3000.00"."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("read_only", True)
        super().__init__(**kwargs)

    def to_representation(self, value: Decimal | None) -> int | float | None:
        if value is None:
            return None
        return int(value) if value == value.to_integral_value() else float(value)


@extend_schema_field(OpenApiTypes.URI)
class PageUrlField(serializers.Field):
    """The object's web page (get_absolute_url), absolute."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("read_only", True)
        kwargs.setdefault("source", "*")
        super().__init__(**kwargs)

    def to_representation(self, value: Any) -> str:
        return absolute(self.context, value.get_absolute_url())


@extend_schema_field(OpenApiTypes.URI)
class ApiUrlField(serializers.Field):
    """The object's address in this API."""

    def __init__(self, view_name: str, lookup: str = "pk", **kwargs: Any) -> None:
        kwargs.setdefault("read_only", True)
        kwargs.setdefault("source", "*")
        self.view_name = view_name
        self.lookup = lookup
        super().__init__(**kwargs)

    def to_representation(self, value: Any) -> str:
        key = getattr(value, self.lookup)
        return absolute(self.context, reverse(self.view_name, args=[key]))


# --- Sources ------------------------------------------------------------------------


class SourceRefSerializer(serializers.ModelSerializer[Source]):
    url = ApiUrlField("api:source-detail", lookup="slug")

    class Meta:
        model = Source
        fields = ["slug", "name", "kind", "url"]


class SourceListSerializer(serializers.ModelSerializer[Source]):
    url = ApiUrlField("api:source-detail", lookup="slug")
    html_url = PageUrlField()
    # A field may be called `parent`/`source`/`fields` (DRF takes declared fields off the
    # class); the stubs see the Field attributes of those names.
    parent = serializers.SlugRelatedField[Source](  # type: ignore[assignment]
        slug_field="slug", read_only=True, allow_null=True
    )
    domains = serializers.SlugRelatedField[Any](slug_field="domain", many=True, read_only=True)
    article_count = serializers.IntegerField(read_only=True, default=0)
    mention_count = serializers.IntegerField(
        read_only=True, default=0, help_text="Mentions in which the source is the claimant."
    )

    class Meta:
        model = Source
        fields = [
            "slug",
            "name",
            "kind",
            "parent",
            "homepage",
            "description",
            "aliases",
            "domains",
            "article_count",
            "mention_count",
            "url",
            "html_url",
        ]

    def to_representation(self, instance: Source) -> dict[str, Any]:
        data = super().to_representation(instance)
        data["article_count"] = data["article_count"] or 0
        data["mention_count"] = data["mention_count"] or 0
        return data


class TrackRecordSerializer(serializers.Serializer[selectors.TrackRecord]):
    confirmed = serializers.IntegerField()
    denied = serializers.IntegerField()
    open = serializers.IntegerField(help_text="Unverified or disputed.")
    retracted = serializers.IntegerField()
    resolved = serializers.IntegerField(help_text="Confirmed plus denied.")
    total = serializers.IntegerField()
    share_confirmed = serializers.FloatField(
        allow_null=True, help_text="Confirmed among resolved; null (not 0) when none is resolved."
    )
    median_days_to_confirmation = serializers.FloatField(allow_null=True)
    confirmations_timed = serializers.IntegerField()


class FeedSerializer(serializers.ModelSerializer[Feed]):
    is_healthy = serializers.BooleanField(read_only=True)

    class Meta:
        model = Feed
        fields = [
            "url",
            "title",
            "is_active",
            "is_healthy",
            "last_polled_at",
            "last_success_at",
            "consecutive_failures",
            "last_error",
        ]


class SourceDetailSerializer(SourceListSerializer):
    track_record = serializers.SerializerMethodField()
    feeds = FeedSerializer(many=True, read_only=True)
    claims_feed = serializers.SerializerMethodField()

    class Meta(SourceListSerializer.Meta):
        fields = [*SourceListSerializer.Meta.fields, "track_record", "feeds", "claims_feed"]

    @extend_schema_field(TrackRecordSerializer)
    def get_track_record(self, source: Source) -> dict[str, Any]:
        record = selectors.source_track_record(source=source)
        return dict(TrackRecordSerializer(record).data)

    @extend_schema_field(OpenApiTypes.URI)
    def get_claims_feed(self, source: Source) -> str:
        return absolute(self.context, reverse("feeds:source", args=[source.slug]))


# --- Articles -----------------------------------------------------------------------


class ArticleListSerializer(serializers.ModelSerializer[Article]):
    url = ApiUrlField("api:article-detail")
    html_url = PageUrlField()
    address = serializers.CharField(
        source="url", allow_null=True, help_text="The URL as submitted (normalized)."
    )
    publisher = SourceRefSerializer(read_only=True, allow_null=True)
    state_label = serializers.CharField(source="get_state_display", read_only=True)

    class Meta:
        model = Article
        fields = [
            "id",
            "address",
            "canonical_url",
            "title",
            "byline",
            "publisher",
            "published_at",
            "language",
            "state",
            "state_label",
            "failure_kind",
            "failure_message",
            "attempts",
            "duplicate_of",
            "created_at",
            "fetched_at",
            "updated_at",
            "url",
            "html_url",
        ]


class ArticleDetailSerializer(ArticleListSerializer):
    class Meta(ArticleListSerializer.Meta):
        fields = [*ArticleListSerializer.Meta.fields, "text"]


class ArticleSubmitSerializer(serializers.Serializer[Any]):
    urls = serializers.ListField(
        child=serializers.CharField(max_length=2000, validators=[no_control_characters]),
        min_length=1,
        max_length=MAX_URLS,
        help_text=f"Article URLs to fetch (at most {MAX_URLS}). Nothing is queued when any "
        "of them is not a fetchable URL.",
    )
    source = ProseCharField(  # type: ignore[assignment]
        max_length=200,
        required=False,
        allow_blank=True,
        default="",
        help_text="The outlet's name; otherwise it comes from the site's domain.",
    )


class SubmittedArticleSerializer(ArticleListSerializer):
    created = serializers.BooleanField(
        read_only=True,
        help_text="False when the URL was already known: nothing new was made (one that had "
        "failed is queued again).",
    )

    class Meta(ArticleListSerializer.Meta):
        fields = [*ArticleListSerializer.Meta.fields, "created"]


class SubmitResultSerializer(serializers.Serializer[Any]):
    queued = serializers.IntegerField(
        help_text="URLs queued for fetching: new ones, and known ones that had failed."
    )
    known = serializers.IntegerField(help_text="URLs already known and not queued again.")
    articles = SubmittedArticleSerializer(many=True)


# --- Mentions -----------------------------------------------------------------------


class ArticleRefSerializer(serializers.ModelSerializer[Article]):
    url = ApiUrlField("api:article-detail")
    html_url = PageUrlField()
    address = serializers.CharField(source="url", allow_null=True)
    publisher = SourceRefSerializer(read_only=True, allow_null=True)

    class Meta:
        model = Article
        fields = [
            "id",
            "title",
            "address",
            "canonical_url",
            "publisher",
            "published_at",
            "url",
            "html_url",
        ]


class MentionSerializer(serializers.ModelSerializer[Mention]):
    url = ApiUrlField("api:mention-detail")
    claim_url = serializers.SerializerMethodField()
    article = ArticleRefSerializer(read_only=True)
    claimant = SourceRefSerializer(read_only=True, allow_null=True)
    chain = serializers.ListField(child=serializers.CharField(), read_only=True)

    class Meta:
        model = Mention
        fields = [
            "id",
            "claim",
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
            "stated_on_precision",
            "article",
            "url",
            "claim_url",
        ]

    @extend_schema_field(OpenApiTypes.URI)
    def get_claim_url(self, mention: Mention) -> str:
        return absolute(self.context, reverse("api:claim-detail", args=[mention.claim_id]))


# --- Claims -------------------------------------------------------------------------


class ClaimantSerializer(serializers.Serializer[selectors.Claimant]):
    name = serializers.CharField()
    slug = serializers.CharField(allow_blank=True, help_text="Empty when no known source.")


class ClaimFieldsSerializer(serializers.ModelSerializer[Claim]):
    url = ApiUrlField("api:claim-detail")
    html_url = PageUrlField()
    quantity = NumberField()
    quantity_max = NumberField()

    class Meta:
        model = Claim
        fields = [
            "id",
            "summary",
            "status",
            "actor",
            "action",
            "quantity",
            "quantity_max",
            "quantity_qualifier",
            "unit",
            "place",
            "place_country",
            "event_date",
            "event_date_precision",
            "first_reported",
            "url",
            "html_url",
        ]


class TimelineRowSerializer(ClaimFieldsSerializer):
    """One claim as a row of the timeline: its fields and what the row shows beside them.
    Serializes claims that carry their row (see `claims_with_rows`)."""

    claimants = ClaimantSerializer(source="timeline_row.claimants", many=True, read_only=True)
    source_count = serializers.IntegerField(
        source="timeline_row.source_count",
        read_only=True,
        help_text="Outlets that published a mention.",
    )
    mention_count = serializers.IntegerField(source="timeline_row.mention_count", read_only=True)
    last_activity = serializers.DateField(
        source="timeline_row.last_activity", read_only=True, allow_null=True
    )

    class Meta(ClaimFieldsSerializer.Meta):
        fields = [
            *ClaimFieldsSerializer.Meta.fields,
            "claimants",
            "source_count",
            "mention_count",
            "last_activity",
        ]


def claims_with_rows(rows: list[selectors.TimelineRow]) -> list[Claim]:
    for row in rows:
        row.claim.timeline_row = row  # type: ignore[attr-defined]
    return [row.claim for row in rows]


class StatusChangeSerializer(serializers.ModelSerializer[StatusChange]):
    editor = serializers.SlugRelatedField[Any](
        slug_field="username", read_only=True, allow_null=True
    )

    class Meta:
        model = StatusChange
        fields = [
            "id",
            "from_status",
            "to_status",
            "editor",
            "note",
            "evidence_url",
            "evidence_mention",
            "created_at",
        ]


class EditorialEventSerializer(serializers.ModelSerializer[EditorialEvent]):
    editor = serializers.SlugRelatedField[Any](
        slug_field="username", read_only=True, allow_null=True
    )
    details = serializers.DictField(read_only=True)

    class Meta:
        model = EditorialEvent
        fields = ["id", "kind", "editor", "note", "details", "created_at"]


class ClaimLinksSerializer(serializers.Serializer[Claim]):
    feed = serializers.URLField(help_text="Atom feed of the claim's new mentions and verdicts.")
    claim_review = serializers.URLField(
        allow_null=True, help_text="schema.org ClaimReview (JSON-LD); null without a verdict."
    )


class ClaimDetailSerializer(ClaimFieldsSerializer):
    mentions = serializers.SerializerMethodField()
    status_history = serializers.SerializerMethodField()
    editorial_events = serializers.SerializerMethodField()
    links = serializers.SerializerMethodField()

    class Meta(ClaimFieldsSerializer.Meta):
        fields = [
            *ClaimFieldsSerializer.Meta.fields,
            "place_geonameid",
            "mentions",
            "status_history",
            "editorial_events",
            "links",
        ]

    @extend_schema_field(MentionSerializer(many=True))
    def get_mentions(self, claim: Claim) -> list[dict[str, Any]]:
        mentions = selectors.claim_mentions(claim=claim)
        return list(MentionSerializer(mentions, many=True, context=self.context).data)

    def _history(self, claim: Claim) -> list[selectors.TimelineEntry]:
        cache = self.context.setdefault("_history", {})
        if claim.pk not in cache:
            cache[claim.pk] = selectors.claim_history(claim=claim)
        return cache[claim.pk]

    @extend_schema_field(StatusChangeSerializer(many=True))
    def get_status_history(self, claim: Claim) -> list[dict[str, Any]]:
        changes = [e.status_change for e in self._history(claim) if e.status_change is not None]
        return list(StatusChangeSerializer(changes, many=True).data)

    @extend_schema_field(EditorialEventSerializer(many=True))
    def get_editorial_events(self, claim: Claim) -> list[dict[str, Any]]:
        events = [e.event for e in self._history(claim) if e.event is not None]
        return list(EditorialEventSerializer(events, many=True).data)

    @extend_schema_field(ClaimLinksSerializer)
    def get_links(self, claim: Claim) -> dict[str, Any]:
        review = None
        if claim.status in VERDICTS:
            review = absolute(self.context, reverse("claim_review_jsonld", args=[claim.pk]))
        return {
            "feed": absolute(self.context, reverse("feeds:claim", args=[claim.pk])),
            "claim_review": review,
        }


class ClaimStatusRequestSerializer(serializers.Serializer[Any]):
    to_status = serializers.ChoiceField(choices=Claim.Status.choices)
    expected_status = serializers.ChoiceField(
        choices=Claim.Status.choices,
        help_text="The status you saw. If the claim has changed since, nothing is saved and "
        "the answer is 409 with the current state.",
    )
    note = ProseCharField(max_length=5000, help_text="Why the status changes.")
    evidence_url = serializers.URLField(
        max_length=2000,
        required=False,
        allow_blank=True,
        default="",
        # Only web pages, as on the claim page's form: the address becomes a link there
        # and in the feeds (REST framework's URLField also takes ftp:// and ftps://).
        validators=[no_control_characters, URLValidator(schemes=["http", "https"])],
        help_text="A web page (http or https) that shows it.",
    )
    evidence_mention = serializers.IntegerField(
        required=False,
        allow_null=True,
        default=None,
        min_value=1,
        help_text="One of this claim's own mentions.",
    )


class ClaimStatusResultSerializer(serializers.Serializer[Any]):
    claim = ClaimFieldsSerializer()
    status_change = StatusChangeSerializer()


class ClaimMergeRequestSerializer(serializers.Serializer[Any]):
    into = serializers.IntegerField(
        min_value=1,
        max_value=2**63 - 1,
        help_text="The claim that stays. This claim's mentions and history move there and "
        "its addresses redirect.",
    )
    note = ProseCharField(
        max_length=2000,
        required=False,
        allow_blank=True,
        default="",
    )


class ClaimConflictSerializer(serializers.Serializer[Any]):
    status = serializers.ChoiceField(choices=Claim.Status.choices)
    merged_into = serializers.IntegerField(allow_null=True)
    last_change = StatusChangeSerializer(allow_null=True)


# --- Errors (documentation only: claims.api.exceptions builds them) -----------------


class ErrorDetailSerializer(serializers.Serializer[Any]):
    status = serializers.IntegerField()
    code = serializers.CharField()
    message = serializers.CharField()
    fields = serializers.DictField(  # type: ignore[assignment]
        child=serializers.ListField(child=serializers.CharField()),
        required=False,
        help_text="On 400: the messages per field (nested fields dotted, e.g. `urls.2`).",
    )
    retry_after = serializers.IntegerField(required=False, help_text="On 429: seconds to wait.")
    current = ClaimConflictSerializer(required=False, help_text="On 409: the claim as it is now.")


class ErrorSerializer(serializers.Serializer[Any]):
    error = ErrorDetailSerializer()
