"""/api/ — everything answers JSON, even an address that names nothing."""

from __future__ import annotations

from django.urls import path, re_path
from django.views.generic import RedirectView

from claims.api import views
from claims.api.exceptions import api_not_found

app_name = "api"

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="api:root", permanent=False)),
    path("v1/", views.api_root, name="root"),
    path("v1/schema", views.SchemaView.as_view(), name="schema"),
    path("v1/docs/", views.DocsView.as_view(), name="docs"),
    path("v1/auth/token/", views.TokenView.as_view(), name="token"),
    path("v1/claims/", views.ClaimList.as_view(), name="claim-list"),
    path("v1/claims/<int:pk>/", views.ClaimDetail.as_view(), name="claim-detail"),
    path("v1/claims/<int:pk>/status/", views.ClaimStatus.as_view(), name="claim-status"),
    path("v1/claims/<int:pk>/merge/", views.ClaimMerge.as_view(), name="claim-merge"),
    path("v1/mentions/", views.MentionList.as_view(), name="mention-list"),
    path("v1/mentions/<int:pk>/", views.MentionDetail.as_view(), name="mention-detail"),
    path("v1/sources/", views.SourceList.as_view(), name="source-list"),
    path("v1/sources/<slug:slug>/", views.SourceDetail.as_view(), name="source-detail"),
    path("v1/articles/", views.ArticleList.as_view(), name="article-list"),
    path("v1/articles/<int:pk>/", views.ArticleDetail.as_view(), name="article-detail"),
    path("v1/exports/claims.csv", views.ClaimExportCsv.as_view(), name="export-csv"),
    path("v1/exports/claims.jsonl", views.ClaimExportJsonLines.as_view(), name="export-jsonl"),
    # Any character, newlines included: nothing under /api/ falls through to the HTML 404.
    re_path(r"^(?P<path>[\s\S]*)\Z", api_not_found),
]
