"""Filters of the API's own lists (mentions, sources, articles). The claims list uses the
timeline's ClaimFilter (claims.filters) unchanged."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import QuerySet
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework.request import Request

from claims.filters import ClaimFilter, SourceChoiceFilter
from claims.models import Mention
from sources.models import Article, Source


class TimelineFilterBackend(DjangoFilterBackend):
    """DjangoFilterBackend that leaves the bound filter set on the view: the timeline's
    order and date basis are filters too, and the paginator needs them."""

    def filter_queryset(self, request: Request, queryset: QuerySet[Any], view: Any) -> Any:
        filterset = self.get_filterset(request, queryset, view)
        if filterset is None:
            return queryset
        if not filterset.is_valid():
            from django_filters import utils

            raise utils.translate_validation(filterset.errors)
        view.filterset = filterset
        return filterset.qs


class MentionFilter(django_filters.FilterSet):
    claim = django_filters.NumberFilter(field_name="claim_id", min_value=1, max_value=2**63 - 1)
    article = django_filters.NumberFilter(field_name="article_id", min_value=1, max_value=2**63 - 1)
    claimant = SourceChoiceFilter(method=None, field_name="claimant", label="Claimant (slug)")
    publisher = SourceChoiceFilter(
        method=None, field_name="article__publisher", label="Published by (slug)"
    )
    stance = django_filters.ChoiceFilter(choices=Mention.Stance.choices)

    class Meta:
        model = Mention
        fields: list[str] = []


class ArticleFilter(django_filters.FilterSet):
    state = django_filters.ChoiceFilter(choices=Article.State.choices)
    publisher = SourceChoiceFilter(method=None, field_name="publisher", label="Publisher (slug)")

    class Meta:
        model = Article
        fields: list[str] = []


class SourceFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=Source.Kind.choices)

    class Meta:
        model = Source
        fields: list[str] = []


__all__ = ["ArticleFilter", "ClaimFilter", "MentionFilter", "SourceFilter", "TimelineFilterBackend"]
