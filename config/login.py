"""The login page's form: Django's, except for a visitor who is already logged in."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.forms import AuthenticationForm
from django.http import HttpRequest


class LoginForm(AuthenticationForm):
    def __init__(self, request: HttpRequest | None = None, *args: Any, **kwargs: Any) -> None:
        super().__init__(request, *args, **kwargs)
        if request is not None and request.user.is_authenticated:
            # The page first says who is logged in; the cursor must not jump past that
            # into "log in as someone else".
            self.fields["username"].widget.attrs.pop("autofocus", None)
