from django.urls import path

from sources import views

app_name = "sources"

urlpatterns = [
    path("sources/", views.source_list, name="source_list"),
    path("sources/<slug:slug>/", views.source_detail, name="source_detail"),
    path("articles/<int:pk>/", views.article_detail, name="article_detail"),
    path("articles/<int:pk>/retry/", views.article_retry_view, name="article_retry"),
    path("ingest/", views.ingest, name="ingest"),
    path("ingest/queue/", views.ingest_queue, name="ingest_queue"),
    path("ingest/urls/", views.ingest_urls, name="ingest_urls"),
    path("ingest/feed/", views.ingest_feed, name="ingest_feed"),
    path("ingest/files/", views.ingest_files, name="ingest_files"),
]
