"""Claims (propositions), Mentions (a claim in one article) and StatusChanges (verdicts)."""

from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.urls import reverse

from sources.models import Article, Source


class DatePrecision(models.TextChoices):
    DAY = "day", "Day"
    MONTH = "month", "Month"
    YEAR = "year", "Year"


class Claim(models.Model):
    """One checkable proposition, independent of where it appeared."""

    class Status(models.TextChoices):
        UNVERIFIED = "unverified", "Unverified"
        CONFIRMED = "confirmed", "Confirmed"
        DENIED = "denied", "Denied"
        DISPUTED = "disputed", "Disputed"
        RETRACTED = "retracted", "Retracted"

    class QuantityQualifier(models.TextChoices):
        EXACT = "", "Exact"
        APPROXIMATE = "approx", "Approximately"
        AT_LEAST = "at_least", "At least"
        AT_MOST = "at_most", "Up to"
        RANGE = "range", "Range"

    summary = models.TextField()
    # An editor wrote the summary: machine output never overwrites it.
    summary_edited = models.BooleanField(default=False)

    actor = models.CharField(max_length=200, blank=True)
    action = models.CharField(max_length=200, blank=True)
    quantity = models.DecimalField(max_digits=20, decimal_places=2, null=True, blank=True)
    quantity_max = models.DecimalField(max_digits=20, decimal_places=2, null=True, blank=True)
    quantity_qualifier = models.CharField(
        max_length=10, choices=QuantityQualifier.choices, blank=True, default=""
    )
    unit = models.CharField(max_length=100, blank=True)
    place = models.CharField(max_length=200, blank=True)
    place_geonameid = models.PositiveIntegerField(null=True, blank=True)
    place_country = models.CharField(max_length=2, blank=True)
    event_date = models.DateField(null=True, blank=True)
    event_date_precision = models.CharField(
        max_length=5, choices=DatePrecision.choices, blank=True, default=""
    )
    first_reported = models.DateField(null=True, blank=True, db_index=True)
    # Machine bookkeeping for matching mentions across articles: the normalized keys (place,
    # event concept x participant) its mentions share, space-separated. Never shown.
    match_keys = models.TextField(blank=True, default="", editable=False)
    # Full-text document of the summary and every quote, for the timeline's search. On
    # PostgreSQL database triggers (migration claims/0006) keep it in step with whoever
    # writes claims or mentions; nothing in Python sets it. Empty on SQLite.
    search_vector = SearchVectorField(null=True, blank=True, editable=False)

    # The latest StatusChange's verdict, kept here so lists filter and sort on it.
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.UNVERIFIED)
    # A claim merged into another keeps its row so its old URL can redirect.
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="merged_claims"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-first_reported", "-id"]
        # Plain btree indexes, not db_index=True: on PostgreSQL that also makes a second,
        # varchar_pattern_ops ("_like") index of each, for LIKE 'prefix%', which no query
        # runs on these (the filters take icontains, which it cannot serve, the rest
        # equality), and every claim write paid for it. Named as db_index named them
        # (claims/0001), so migration 0008 only dropped the "_like" copies.
        indexes = [
            models.Index(fields=["actor"], name="claims_claim_actor_8a34cf2a"),
            models.Index(fields=["place"], name="claims_claim_place_8e5c1180"),
            models.Index(fields=["status"], name="claims_claim_status_c8a1541f"),
        ]

    def __str__(self) -> str:
        return self.summary

    def get_absolute_url(self) -> str:
        return reverse("claims:claim_detail", kwargs={"pk": self.pk})


class Mention(models.Model):
    """A claim as it appears in one article: the quote, who asserts it and how."""

    class Stance(models.TextChoices):
        ASSERTS = "asserts", "Asserts"
        CONFIRMS = "confirms", "Confirms"
        DENIES = "denies", "Denies"
        NEITHER = "neither", "Neither confirms nor denies"

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="mentions")
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="mentions")
    quote = models.TextField()
    # The proposition without its attribution, as the extractor read it; matching compares it.
    content = models.TextField(blank=True, default="")
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()

    claimant = models.ForeignKey(
        Source, null=True, blank=True, on_delete=models.SET_NULL, related_name="mentions"
    )
    claimant_text = models.CharField(max_length=300, blank=True)
    # Who the claimant cites, outermost first: ["Al Jazeera", "an anonymous Sudanese official"].
    chain = models.JSONField(default=list, blank=True)
    cue = models.CharField(max_length=200, blank=True)
    stance = models.CharField(max_length=10, choices=Stance.choices, default=Stance.ASSERTS)
    hedge = models.CharField(max_length=200, blank=True)
    stated_on = models.DateField(null=True, blank=True)
    stated_on_precision = models.CharField(
        max_length=5, choices=DatePrecision.choices, blank=True, default=""
    )
    # An editor moved this mention to its claim (split or merge) or corrected how its
    # attribution was read: re-extraction keeps it as it is.
    pinned_by_editor = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["article_id", "start"]
        constraints = [
            models.UniqueConstraint(
                fields=["article", "start", "end"], name="one_mention_per_span"
            ),
            models.CheckConstraint(
                condition=models.Q(end__gt=models.F("start")), name="span_order"
            ),
        ]

    def __str__(self) -> str:
        return self.quote[:80]


class StatusChange(models.Model):
    """An editor's verdict on a claim. Never edited or deleted."""

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(max_length=12, choices=Claim.Status.choices)
    to_status = models.CharField(max_length=12, choices=Claim.Status.choices)
    editor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    note = models.TextField()
    evidence_url = models.URLField(max_length=2000, blank=True)
    evidence_mention = models.ForeignKey(
        Mention, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.from_status} → {self.to_status}"


class EditorialEvent(models.Model):
    """An editor's act other than a verdict (merge, split, summary edit, a claim's details
    or a mention corrected). Never edited."""

    class Kind(models.TextChoices):
        MERGE = "merge", "Merged"
        SPLIT = "split", "Split"
        SUMMARY_EDIT = "summary_edit", "Summary edited"
        MENTION_EDIT = "mention_edit", "Mention corrected"
        PARTS_EDIT = "parts_edit", "Details corrected"

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="editorial_events")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    editor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    note = models.TextField(blank=True)
    # What moved where: claim ids, mention ids, the summary before and after.
    details = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} (claim {self.claim_id})"
