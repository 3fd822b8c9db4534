"""The timeline's filters, all in the query string so that a view can be shared.

Used by the timeline page, its CSV export and (the same rules) the API.
"""

from __future__ import annotations

import re
from typing import Any

import django_filters
from django import forms
from django.conf import settings
from django.contrib.postgres.search import SearchQuery
from django.db.models import Exists, OuterRef, Q, QuerySet

from claims.models import Claim, Mention
from claims.selectors import DateBasis, timeline_date
from sources.models import Source

SEARCH_CONFIG = "english"
# Hyphens and dashes between two letters: outlets write one name "Al-Badia", "Al Badia"
# and "Al\u2011Badia" (a non-breaking hyphen), and a reader types any of them.
_JOINER = re.compile(r"(?<=\w)[-\u2010\u2011\u2012\u2013](?=\w)")
_JOINED_WORDS = r"[\s\-\u2010\u2011\u2012\u2013]+"


def _search_words(text: str) -> str:
    """The search text with names joined by a hyphen split into their words, as the index
    holds them whichever way an article joined them (PostgreSQL keeps "al-badia" as one
    more word beside "al" and "badia" only when the text has that very hyphen)."""
    return _JOINER.sub(" ", text)


def name_pattern(text: str) -> str:
    """A case-insensitive regular expression for `text` with its words joined by spaces,
    hyphens or dashes, whichever the stored name has."""
    words = [re.escape(word) for word in re.split(_JOINED_WORDS, text.strip()) if word]
    return _JOINED_WORDS.join(words)


def claims_search(claims: QuerySet[Claim], text: str) -> QuerySet[Claim]:
    """Full text over summaries and quotes: on PostgreSQL the trigger-maintained
    Claim.search_vector and its GIN index (migration claims/0006); a plain substring
    match on the embedded SQLite."""
    text = text.strip()
    if not text:
        return claims
    if settings.IS_POSTGRES:
        query = SearchQuery(_search_words(text), config=SEARCH_CONFIG, search_type="websearch")
        return claims.filter(search_vector=query)
    return claims.filter(
        Q(summary__icontains=text)
        | Exists(Mention.objects.filter(claim_id=OuterRef("pk"), quote__icontains=text))
    )


class SourceChoiceFilter(django_filters.ModelChoiceFilter):
    """A source by its slug, so URLs read `?source=daily-courier`."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("queryset", Source.objects.only("pk", "name", "slug").order_by("name"))
        kwargs.setdefault("to_field_name", "slug")
        kwargs.setdefault("method", "filter_nothing")
        # Django's default ("That choice is not one of the available choices") does not
        # say which value, nor that a slug is expected (a name or an id is a common guess).
        kwargs.setdefault(
            "error_messages",
            {
                "invalid_choice": "There is no source with the slug “%(value)s”; a source's "
                "slug is the last part of its page's address, /sources/<slug>/."
            },
        )
        super().__init__(*args, **kwargs)


# Year first only: Django also reads 01/06/2024 as 6 January (the US order), which a
# reader elsewhere means as 1 June, and would silently get the wrong months. The page's
# date inputs always send this form.
ISO_DATE: dict[str, Any] = {
    "input_formats": ["%Y-%m-%d"],
    "error_messages": {"invalid": "Enter a valid date as year-month-day, e.g. 2024-06-21."},
}


class ClaimFilterForm(forms.Form):
    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", "“To” must not be before “From”.")
        return data


class ClaimFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label="Search", method="filter_nothing")
    status = django_filters.MultipleChoiceFilter(
        choices=Claim.Status.choices,
        widget=forms.CheckboxSelectMultiple,
        label="Status",
        distinct=False,  # no join, no duplicates: DISTINCT would only defeat the index
    )
    place = django_filters.CharFilter(label="Place", method="filter_name")
    actor = django_filters.CharFilter(label="Actor", method="filter_name")
    source = SourceChoiceFilter(label="Published by", empty_label="Any outlet")
    claimant = SourceChoiceFilter(label="Claimant", empty_label="Anyone")
    stance = django_filters.ChoiceFilter(
        choices=Mention.Stance.choices,
        label="Stance",
        empty_label="Any stance",
        method="filter_nothing",
    )
    date_from = django_filters.DateFilter(
        label="From",
        method="filter_nothing",
        widget=forms.DateInput(attrs={"type": "date"}),
        **ISO_DATE,
    )
    date_to = django_filters.DateFilter(
        label="To",
        method="filter_nothing",
        widget=forms.DateInput(attrs={"type": "date"}),
        **ISO_DATE,
    )
    dates = django_filters.ChoiceFilter(
        choices=[("reported", "First reported"), ("event", "Event date")],
        label="Dates by",
        empty_label=None,
        method="filter_nothing",
    )
    order = django_filters.ChoiceFilter(
        choices=[("newest", "Newest first"), ("oldest", "Oldest first")],
        label="Order",
        empty_label=None,
        method="filter_nothing",
    )

    class Meta:
        model = Claim
        fields: list[str] = []
        form = ClaimFilterForm

    def filter_name(self, queryset: QuerySet[Claim], name: str, value: str) -> QuerySet[Claim]:
        """A place or an actor containing `value`, its words joined by spaces or hyphens
        as the stored name has them ("al-badia" finds "Al Badia")."""
        pattern = name_pattern(value)
        return queryset.filter(**{f"{name}__iregex": pattern}) if pattern else queryset

    def filter_nothing(self, queryset: QuerySet[Claim], name: str, value: Any) -> QuerySet[Claim]:
        # Applied together in filter_queryset: they depend on each other.
        return queryset

    @property
    def basis(self) -> DateBasis:
        data = self.form.cleaned_data if self.form.is_valid() else {}
        return "event" if data.get("dates") == "event" else "reported"

    @property
    def oldest_first(self) -> bool:
        data = self.form.cleaned_data if self.form.is_valid() else {}
        return data.get("order") == "oldest"

    @property
    def is_filtered(self) -> bool:
        data = self.form.cleaned_data if self.form.is_valid() else {}
        return any(data.get(k) for k in self.filters if k not in {"dates", "order"})

    def filter_queryset(self, queryset: QuerySet[Claim]) -> QuerySet[Claim]:
        queryset = super().filter_queryset(queryset)
        data = self.form.cleaned_data
        # Publisher, claimant and stance describe one and the same mention: "claims
        # that Agency X denied in an article of Outlet Y".
        mention = Q()
        if data.get("source"):
            mention &= Q(article__publisher=data["source"])
        if data.get("claimant"):
            mention &= Q(claimant=data["claimant"])
        if data.get("stance"):
            mention &= Q(stance=data["stance"])
        if mention:
            queryset = queryset.filter(
                Exists(Mention.objects.filter(mention, claim_id=OuterRef("pk")))
            )
        if data.get("date_from") or data.get("date_to"):
            queryset = queryset.alias(filter_date=timeline_date(self.basis))
            if data.get("date_from"):
                queryset = queryset.filter(filter_date__gte=data["date_from"])
            if data.get("date_to"):
                queryset = queryset.filter(filter_date__lte=data["date_to"])
        if data.get("q"):
            queryset = claims_search(queryset, data["q"])
        return queryset
