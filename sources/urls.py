from django.urls import path

from sources import views

app_name = "sources"

urlpatterns = [
    path("articles/<int:pk>/", views.article_detail, name="article_detail"),
    path("sources/<slug:slug>/", views.source_detail, name="source_detail"),
]
