"""The API's views. Thin: a serializer parses, a selector reads or a service acts."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, ClassVar, TypeVar

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Model, QuerySet
from django.http import (
    Http404,
    HttpResponseBase,
    HttpResponsePermanentRedirect,
    StreamingHttpResponse,
)
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    inline_serializer,
)
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework import exceptions, generics, serializers, status
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.decorators import api_view, permission_classes
from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.parsers import BaseParser, FormParser, MultiPartParser
from rest_framework.permissions import AllowAny
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from claims import editorial, selectors
from claims.api import serializers as s
from claims.api.exceptions import Conflict, no_such
from claims.api.filters import (
    ArticleFilter,
    ClaimFilter,
    MentionFilter,
    SourceFilter,
    TimelineFilterBackend,
)
from claims.api.pagination import NamePagination, TimelinePagination, pagination_parameters
from claims.api.parsers import SafeJSONParser
from claims.api.permissions import EditorAction
from claims.api.schema import API_DESCRIPTION, ExportSchema, errors
from claims.api.throttling import AnonReadThrottle
from claims.exports import ExportFormat, export_response
from claims.models import Claim, Mention, StatusChange
from claims.permissions import Action
from claims.shortcuts import claim_addressed_or_moved
from sources import services as source_services
from sources.models import Article, Source

_M = TypeVar("_M", bound=Model)

# Taken by every list and export and ignored: REST framework's own ?format=json, and `_`,
# the cache-buster that jQuery's `cache: false`, DataTables and other clients append
# (`_=1718000000000`) and do not always let their user turn off. Its value is never read,
# so it cannot change a selection the way a misspelt filter would.
IGNORED_PARAMETERS = frozenset({"format", "_"})


class ApiView(APIView):
    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)
        # PostgreSQL text cannot hold NUL: say so instead of failing deep in a query.
        for name, values in request.query_params.lists():
            if "\x00" in name or any("\x00" in v for v in values):
                raise exceptions.ValidationError(
                    {name.replace("\x00", ""): ["NUL characters are not allowed."]}
                )
        if request.method in {"GET", "HEAD"}:
            self.refuse_unknown_parameters(request)

    def refuse_unknown_parameters(self, request: Request) -> None:
        """A list or export answers 400 to a parameter it does not know: ignoring it would
        answer every claim for a misspelt filter (`?stauts=denied`) or one of another list
        (`?publisher=` is the mentions list's; the claims list says `source`), and an
        export would hand over the whole database as if it were the selection."""
        filterset_class = getattr(self, "filterset_class", None)
        if filterset_class is None:
            return
        known = list(filterset_class.base_filters)
        if getattr(self, "pagination_class", None) is not None:
            known += [parameter["name"] for parameter in pagination_parameters()]
        unknown = sorted(set(request.query_params) - set(known) - IGNORED_PARAMETERS)
        if unknown:
            takes = ", ".join(known)
            raise exceptions.ValidationError(
                {
                    name: [f"Not a parameter of this endpoint, which takes {takes}."]
                    for name in unknown
                }
            )


def _live_claim(pk: int) -> Claim:
    """A claim an editor may act on; a merged one is a conflict that names the survivor."""
    claim = selectors.claim_addressed(pk=pk)
    if claim.merged_into_id is not None:
        raise Conflict(
            f"Claim #{claim.pk} was merged into claim #{claim.merged_into_id}; act on that "
            "claim instead.",
            code="merged",
            current=_conflict_state(claim),
        )
    return claim


def _conflict_state(claim: Claim) -> dict[str, Any]:
    last = (
        StatusChange.objects.filter(claim_id=claim.pk)
        .select_related("editor")
        .order_by("-created_at", "-id")
        .first()
    )
    return {
        "status": claim.status,
        "merged_into": claim.merged_into_id,
        "last_change": s.StatusChangeSerializer(last).data if last is not None else None,
    }


class ApiDetail(ApiView, generics.RetrieveAPIView[_M]):
    """One object by its address; an unknown one is a 404 that names what was asked for."""

    what: ClassVar[str]

    def get_object(self) -> _M:
        try:
            return super().get_object()
        except Http404:
            key = self.kwargs[self.lookup_url_kwarg or self.lookup_field]
            raise exceptions.NotFound(no_such(self.what, key)) from None


# --- Root, schema, docs, token ------------------------------------------------------


@extend_schema(
    summary="The endpoints",
    tags=["index"],
    responses={200: OpenApiResponse(OpenApiTypes.OBJECT, description="Name → URL.")},
)
@api_view(["GET"])
@permission_classes([AllowAny])
def api_root(request: Request) -> Response:
    def url(name: str) -> str:
        return request.build_absolute_uri(reverse(name))

    return Response(
        {
            "claims": url("api:claim-list"),
            "mentions": url("api:mention-list"),
            "sources": url("api:source-list"),
            "articles": url("api:article-list"),
            "export_csv": url("api:export-csv"),
            "export_jsonl": url("api:export-jsonl"),
            "verdicts_feed": url("feeds:verdicts"),
            "token": url("api:token"),
            "schema": url("api:schema"),
            "docs": url("api:docs"),
        }
    )


class SchemaView(SpectacularAPIView):
    custom_settings = {"DESCRIPTION": API_DESCRIPTION}


class DocsView(SpectacularSwaggerView):
    template_name = "api/docs.html"
    url_name = "api:schema"


class TokenView(ObtainAuthToken):
    """Trade a username and password for the token to send as `Authorization: Token <key>`."""

    throttle_classes = [AnonReadThrottle]
    # ObtainAuthToken names its own parsers, REST framework's JSONParser among them.
    parser_classes = [FormParser, MultiPartParser, SafeJSONParser]

    @extend_schema(
        summary="Get your API token",
        responses={
            200: inline_serializer("Token", {"token": serializers.CharField()}),
            **errors(400, 429),
        },
    )
    def post(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().post(request, *args, **kwargs)


# --- Claims -------------------------------------------------------------------------

# The timeline's filters whose type the schema generator cannot read off claims.filters
# (they are applied together, by method); the rest it documents by itself.
CLAIM_FILTER_PARAMETERS = [
    OpenApiParameter(
        "q", str, description="Full-text search over summaries and quotes (web-search syntax)."
    ),
    OpenApiParameter("source", str, description="Published by: a source's slug."),
    OpenApiParameter("claimant", str, description="Claimant: a source's slug."),
    OpenApiParameter(
        "date_from", OpenApiTypes.DATE, description="From this day (by `dates`), inclusive."
    ),
    OpenApiParameter("date_to", OpenApiTypes.DATE, description="To this day, inclusive."),
    OpenApiParameter("place", str, description="Part of the place's name."),
    OpenApiParameter("actor", str, description="Part of the actor's name."),
]
EXPORT_FILTER_PARAMETERS = [
    *CLAIM_FILTER_PARAMETERS,
    OpenApiParameter(
        "order",
        str,
        enum=["newest", "oldest"],
        description="Accepted, so a timeline's query string can be reused as it is; an "
        "export is always in claim id order.",
    ),
]


class ClaimList(ApiView, generics.GenericAPIView[Any]):
    """Claims in timeline order, filtered exactly as the timeline page filters them."""

    queryset = Claim.objects.all()
    filter_backends = [TimelineFilterBackend]
    filterset_class = ClaimFilter
    pagination_class = TimelinePagination
    serializer_class = s.TimelineRowSerializer

    def get_queryset(self) -> QuerySet[Claim]:
        return selectors.claims_live()

    @extend_schema(
        summary="List claims (the timeline)",
        parameters=CLAIM_FILTER_PARAMETERS,
        responses={200: s.TimelineRowSerializer(many=True), **errors(400, 429)},
    )
    def get(self, request: Request) -> Response:
        claims = self.filter_queryset(self.get_queryset())
        filterset: ClaimFilter = self.filterset  # type: ignore[attr-defined]
        paginator: TimelinePagination = self.paginator  # type: ignore[assignment]
        rows = paginator.paginate_timeline(
            claims=claims,
            basis=filterset.basis,
            oldest_first=filterset.oldest_first,
            request=request,
        )
        data = s.TimelineRowSerializer(
            s.claims_with_rows(rows), many=True, context=self.get_serializer_context()
        ).data
        return paginator.get_paginated_response(data)


class ClaimDetail(ApiView):
    @extend_schema(
        summary="One claim with its mentions and status history",
        responses={
            200: s.ClaimDetailSerializer,
            301: OpenApiResponse(description="The claim was merged: the survivor's address."),
            **errors(404, 429),
        },
    )
    def get(self, request: Request, pk: int) -> HttpResponseBase:
        claim = claim_addressed_or_moved(pk=pk, url_name="api:claim-detail")
        if isinstance(claim, HttpResponsePermanentRedirect):
            return claim
        return Response(s.ClaimDetailSerializer(claim, context={"request": request}).data)


class ClaimStatus(ApiView):
    """Record a verdict. The same rule as the web page: only if the claim is still in the
    status you saw (`expected_status`); otherwise 409 with the current state."""

    permission_classes = [EditorAction]
    editor_action = Action.SET_STATUS

    @extend_schema(
        summary="Set a claim's status (editors)",
        request=s.ClaimStatusRequestSerializer,
        examples=[
            OpenApiExample(
                "Confirm with evidence",
                request_only=True,
                value={
                    "to_status": "confirmed",
                    "expected_status": "unverified",
                    "note": "Satellite images published by two agencies show the deployment.",
                    "evidence_url": "https://www.example.org/satellite-images",
                },
            )
        ],
        responses={201: s.ClaimStatusResultSerializer, **errors(400, 401, 403, 404, 409)},
    )
    def post(self, request: Request, pk: int) -> Response:
        claim = _live_claim(pk)
        form = s.ClaimStatusRequestSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        data = form.validated_data
        try:
            change = editorial.claim_set_status(
                claim_id=claim.pk,
                to_status=data["to_status"],
                expected_status=data["expected_status"],
                note=data["note"],
                evidence_url=data["evidence_url"],
                evidence_mention_id=data["evidence_mention"],
                editor=_editor(request),
            )
        except editorial.ClaimChanged as exc:
            raise Conflict(
                str(exc), code="claim_changed", current=_conflict_state(exc.claim)
            ) from None
        except editorial.EditorialError as exc:
            _live_claim(claim.pk)  # merged while this was on its way: 409 `merged`, not 400
            raise exceptions.ValidationError(str(exc)) from None
        claim.refresh_from_db()
        context = {"request": request}
        return Response(
            {
                "claim": s.ClaimFieldsSerializer(claim, context=context).data,
                "status_change": s.StatusChangeSerializer(change).data,
            },
            status=status.HTTP_201_CREATED,
        )


class ClaimMerge(ApiView):
    """Fold this claim into `into`: its mentions and history move there, and its addresses
    (web page, API, feed) redirect to the survivor."""

    permission_classes = [EditorAction]
    editor_action = Action.EDIT_CLAIM

    @extend_schema(
        summary="Merge a duplicate claim into another (editors)",
        request=s.ClaimMergeRequestSerializer,
        examples=[
            OpenApiExample(
                "Merge into claim 12",
                request_only=True,
                value={"into": 12, "note": "Same deployment, reported twice."},
            )
        ],
        responses={200: s.ClaimFieldsSerializer, **errors(400, 401, 403, 404, 409)},
    )
    def post(self, request: Request, pk: int) -> Response:
        claim = _live_claim(pk)
        form = s.ClaimMergeRequestSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        try:
            survivor = editorial.claim_merge(
                claim_id=claim.pk,
                into_claim_id=form.validated_data["into"],
                note=form.validated_data["note"],
                editor=_editor(request),
            )
        except editorial.EditorialError as exc:
            _live_claim(claim.pk)  # merged while this was on its way: 409 `merged`, not 400
            raise exceptions.ValidationError({"into": [str(exc)]}) from None
        return Response(s.ClaimFieldsSerializer(survivor, context={"request": request}).data)


def _editor(request: Request) -> AbstractBaseUser | None:
    user = request.user
    return user if isinstance(user, AbstractBaseUser) else None


# --- Mentions, sources, articles ----------------------------------------------------


class MentionList(ApiView, generics.ListAPIView[Mention]):
    """Mentions, newest first: who said what, where and when."""

    serializer_class = s.MentionSerializer
    filterset_class = MentionFilter
    filter_backends = [TimelineFilterBackend]

    def get_queryset(self) -> QuerySet[Mention]:
        return Mention.objects.select_related("article__publisher", "claimant").defer(
            "article__text", "article__raw_html_compressed"
        )

    @extend_schema(
        summary="List mentions", responses={200: s.MentionSerializer(many=True), **errors(400, 429)}
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)


class MentionDetail(ApiDetail[Mention]):
    serializer_class = s.MentionSerializer
    what = "mention"

    def get_queryset(self) -> QuerySet[Mention]:
        return MentionList.get_queryset(self)  # type: ignore[arg-type]

    @extend_schema(summary="One mention", responses={200: s.MentionSerializer, **errors(404, 429)})
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)


class SourceList(ApiView, generics.ListAPIView[Source]):
    """Sources by name, with how many articles they published and mentions they made."""

    serializer_class = s.SourceListSerializer
    filterset_class = SourceFilter
    filter_backends = [TimelineFilterBackend]
    pagination_class = NamePagination

    def get_queryset(self) -> QuerySet[Source]:
        return selectors.source_list().select_related("parent").prefetch_related("domains")

    @extend_schema(
        summary="List sources",
        responses={200: s.SourceListSerializer(many=True), **errors(400, 429)},
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)


class SourceDetail(ApiDetail[Source]):
    """A source with its track record: how the claims it put forward turned out."""

    serializer_class = s.SourceDetailSerializer
    what = "source"
    lookup_field = "slug"

    def get_queryset(self) -> QuerySet[Source]:
        return SourceList.get_queryset(self)  # type: ignore[arg-type]

    @extend_schema(
        summary="One source and its track record",
        responses={200: s.SourceDetailSerializer, **errors(404, 429)},
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)


class ArticleList(ApiView, generics.ListAPIView[Article]):
    """Articles, newest first, with their processing state; editors submit URLs here."""

    serializer_class = s.ArticleListSerializer
    filterset_class = ArticleFilter
    filter_backends = [TimelineFilterBackend]
    permission_classes = [EditorAction]
    editor_action = Action.INGEST

    def get_queryset(self) -> QuerySet[Article]:
        return Article.objects.select_related("publisher").defer("text", "raw_html_compressed")

    @extend_schema(
        summary="List articles",
        responses={200: s.ArticleListSerializer(many=True), **errors(400, 429)},
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    @extend_schema(
        summary="Submit article URLs for ingestion (editors)",
        request=s.ArticleSubmitSerializer,
        examples=[
            OpenApiExample(
                "Two articles",
                request_only=True,
                value={
                    "urls": [
                        "https://www.example.com/news/2024/10/24/story",
                        "https://www.example.org/world/2024/10/25/follow-up",
                    ],
                    "source": "",
                },
            )
        ],
        responses={202: s.SubmitResultSerializer, **errors(400, 401, 403)},
    )
    def post(self, request: Request) -> Response:
        form = s.ArticleSubmitSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        urls: list[str] = form.validated_data["urls"]
        problems: dict[str, list[str]] = {}
        for index, url in enumerate(urls):
            try:
                source_services.url_validate(url)
            except DjangoValidationError as exc:
                problems[str(index)] = list(exc.messages)
        if problems:
            # All or nothing, as on the ingest page: fix the list and send it again.
            raise exceptions.ValidationError({"urls": problems})
        source = None
        if form.validated_data["source"].strip():
            try:
                source = source_services.source_get_or_create(name=form.validated_data["source"])
            except DjangoValidationError as exc:
                raise exceptions.ValidationError({"source": list(exc.messages)}) from None
        submitted = []
        queued = 0
        for url in urls:
            # Sent again after it failed: queued again, as on the ingest page.
            submission = source_services.article_submit_or_retry(url=url, source=source)
            queued += submission.queued
            article = submission.article
            article.created = submission.created  # type: ignore[attr-defined]
            submitted.append(article)
        return Response(
            {
                "queued": queued,
                "known": len(submitted) - queued,
                "articles": s.SubmittedArticleSerializer(
                    submitted, many=True, context={"request": request}
                ).data,
            },
            status=status.HTTP_202_ACCEPTED,
        )


class ArticleDetail(ApiDetail[Article]):
    serializer_class = s.ArticleDetailSerializer
    what = "article"

    def get_queryset(self) -> QuerySet[Article]:
        return Article.objects.select_related("publisher").defer("raw_html_compressed")

    @extend_schema(
        summary="One article, its text and state",
        responses={200: s.ArticleDetailSerializer, **errors(404, 429)},
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)


# --- Exports ------------------------------------------------------------------------


class FirstRenderer(BaseContentNegotiation):
    """The export's body is the format its address names; only errors are rendered, and
    always as JSON, whatever the Accept header asks for."""

    def select_parser(self, request: Request, parsers: Iterable[BaseParser]) -> BaseParser | None:
        return next(iter(parsers), None)

    def select_renderer(
        self, request: Request, renderers: Iterable[BaseRenderer], format_suffix: str | None = None
    ) -> tuple[BaseRenderer, str]:
        renderer = next(iter(renderers))
        return renderer, renderer.media_type


class ClaimExport(ApiView, generics.GenericAPIView[Claim]):
    """Every claim the timeline filters select (no pagination), streamed in claim id order."""

    fmt: ExportFormat = "csv"
    queryset = Claim.objects.all()
    filter_backends = [TimelineFilterBackend]
    filterset_class = ClaimFilter
    pagination_class = None
    renderer_classes = [JSONRenderer]
    content_negotiation_class = FirstRenderer
    schema = ExportSchema()

    def get_queryset(self) -> QuerySet[Claim]:
        return selectors.claims_live()

    def export(self, request: Request) -> StreamingHttpResponse:
        claims = self.filter_queryset(self.get_queryset())
        return export_response(claims=claims, fmt=self.fmt)


class ClaimExportCsv(ClaimExport):
    """CSV, one row per mention with its claim's columns repeated: a spreadsheet shows who
    said what when. Text cells that a spreadsheet would run as formulas (starting with
    `=`, `+`, `-` or `@`) are prefixed with an apostrophe."""

    fmt = "csv"

    @extend_schema(
        summary="Export the filtered claims as CSV",
        parameters=EXPORT_FILTER_PARAMETERS,
        responses={
            (200, "text/csv"): OpenApiResponse(OpenApiTypes.STR, description="The CSV file."),
            **errors(400, 429),
        },
    )
    def get(self, request: Request) -> StreamingHttpResponse:
        return self.export(request)


class ClaimExportJsonLines(ClaimExport):
    """JSON Lines: one claim per line, its mentions inside (the `export_claims` format)."""

    fmt = "jsonl"

    @extend_schema(
        summary="Export the filtered claims as JSON Lines",
        parameters=EXPORT_FILTER_PARAMETERS,
        responses={
            (200, "application/jsonl"): OpenApiResponse(
                OpenApiTypes.STR, description="One JSON object per line."
            ),
            **errors(400, 429),
        },
    )
    def get(self, request: Request) -> StreamingHttpResponse:
        return self.export(request)
