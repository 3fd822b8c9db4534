from django.contrib import admin
from django.urls import include, path

from claims import jsonld
from config import health
from config.login import LoginView, admin_login
from config.logout import LogoutView

# The admin's own login form would be a second way to guess passwords, without the login
# page's limit: that page signs staff in for the admin too.
admin.site.login = admin_login  # type: ignore[method-assign]

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("", include("sources.urls")),
    path("", include("claims.urls")),
    path("api/", include("claims.api.urls")),
    path("feeds/", include("claims.feeds")),
    path("claims/<int:pk>.jsonld", jsonld.claim_review_view, name="claim_review_jsonld"),
    path(
        "accounts/login/",
        LoginView.as_view(),
        name="login",
    ),
    path("accounts/logout/", LogoutView.as_view(), name="logout"),
]
