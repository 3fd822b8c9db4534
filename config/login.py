"""The login page: Django's, except for a visitor who is already logged in, and for an
address that keeps failing (the API's token endpoint, which checks the same passwords, is
throttled; without a limit here, guessing would simply move to this form)."""

from __future__ import annotations

import contextlib
import hashlib
from typing import Any

from django.contrib import messages
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from rest_framework.throttling import BaseThrottle

# Failed log-ins one address may make within the window; then it waits for the window
# to end. Counted per address, not per account, so nobody can lock an editor out.
LOGIN_FAILURES_ALLOWED = 10
LOGIN_FAILURE_WINDOW = 15 * 60


class LoginForm(AuthenticationForm):
    def __init__(self, request: HttpRequest | None = None, *args: Any, **kwargs: Any) -> None:
        super().__init__(request, *args, **kwargs)
        if request is not None and request.user.is_authenticated:
            # The page first says who is logged in; the cursor must not jump past that
            # into "log in as someone else".
            self.fields["username"].widget.attrs.pop("autofocus", None)


def failures_key(address: str) -> str:
    return "login:failures:" + hashlib.sha256(address.encode()).hexdigest()[:32]


def _client_address(request: HttpRequest) -> str:
    # REST framework's reading of the address (REMOTE_ADDR, or X-Forwarded-For behind
    # CLAIMTRACK_API_NUM_PROXIES proxies), as the API's throttle sees it.
    return str(BaseThrottle().get_ident(request))  # type: ignore[arg-type]


class LoginView(auth_views.LoginView):
    authentication_form = LoginForm

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        # The admin sends a logged-in account that is not staff here: say why, rather
        # than offer to "Go back" to the admin, which sends it here again.
        user = self.request.user
        context["admin_refused"] = (
            user.is_authenticated
            and not user.is_staff
            and str(context.get("next", "")).startswith(reverse("admin:index"))
        )
        return context

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        key = failures_key(_client_address(request))
        # Counted before the password is checked, by one atomic increment: read first and
        # raised after the check (which takes a large part of a second), every guess of a
        # burst sent together saw the same count and all were checked. A log-in that
        # succeeds, and an attempt refused unchecked, give their count back.
        cache.add(key, 0, timeout=LOGIN_FAILURE_WINDOW)
        try:
            attempts = cache.incr(key)
        except ValueError:  # expired between the two calls
            cache.set(key, 1, timeout=LOGIN_FAILURE_WINDOW)
            attempts = 1
        if attempts > LOGIN_FAILURES_ALLOWED:
            _uncount(key)
            messages.error(
                request,
                "Too many failed log-ins from your address: wait a quarter of an hour and "
                "try again.",
            )
            form = self.get_form_class()(request)
            return self.render_to_response(self.get_context_data(form=form), status=429)
        response = super().post(request, *args, **kwargs)
        if 300 <= response.status_code < 400:
            _uncount(key)  # logged in: only failures count
        return response


def _uncount(key: str) -> None:
    with contextlib.suppress(ValueError):  # the window ended meanwhile
        cache.decr(key)


def admin_login(request: HttpRequest, extra_context: dict[str, Any] | None = None) -> HttpResponse:
    """AdminSite.login: the login page above, then back to the admin."""
    return auth_views.redirect_to_login(
        request.GET.get(REDIRECT_FIELD_NAME) or reverse("admin:index")
    )
