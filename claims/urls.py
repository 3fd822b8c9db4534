from django.urls import path

from claims import views

app_name = "claims"

urlpatterns = [
    path("", views.timeline, name="timeline"),
    path("claims.csv", views.timeline_csv, name="timeline_csv"),
    path("chart/", views.timeline_chart, name="timeline_chart"),
    path("claims/<int:pk>/", views.claim_detail, name="claim_detail"),
    path("claims/<int:pk>/timeline/", views.claim_timeline, name="claim_timeline"),
    path("claims/<int:pk>/status/", views.claim_set_status, name="claim_set_status"),
    path("claims/<int:pk>/summary/", views.claim_edit_summary, name="claim_edit_summary"),
    path("claims/<int:pk>/details/", views.claim_edit_parts, name="claim_edit_parts"),
    path("claims/<int:pk>/merge/", views.claim_merge, name="claim_merge"),
    path("claims/<int:pk>/merge/preview/", views.claim_merge_preview, name="claim_merge_preview"),
    path("mentions/<int:pk>/split/", views.mention_split, name="mention_split"),
    path("claims/<int:pk>/claimants/", views.claimant_suggestions, name="claimant_suggestions"),
    path(
        "claims/<int:pk>/mentions/<int:mention_pk>/attribution/",
        views.mention_correct,
        name="mention_correct",
    ),
]
