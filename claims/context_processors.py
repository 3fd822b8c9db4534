from __future__ import annotations

from urllib.parse import urlsplit

from django.http import HttpRequest
from django.utils.http import url_has_allowed_host_and_scheme

from claims.permissions import Abilities, abilities_for


def abilities(request: HttpRequest) -> dict[str, Abilities]:
    """What the signed-in user may do, for templates to show exactly the allowed controls."""
    return {"abilities": abilities_for(request.user)}


def login_next(request: HttpRequest) -> dict[str, str]:
    """Where "Log in" should come back to. After a POST (an editor's form refused because
    the session ended) that is the page the form was on: the POST address itself only
    answers POST, so coming back to it would be a 405. Not to the logout page: logging in
    would land on "Log out?". On the login page itself, where it was already going (its own
    address would nest: ?next=/accounts/login/%3Fnext%3D...)."""
    match = request.resolver_match
    if match is not None and match.view_name == "logout":
        return {"login_next": ""}
    if match is not None and match.view_name == "login":
        return {"login_next": request.GET.get("next", "")}
    if request.method in {"GET", "HEAD"}:
        return {"login_next": request.get_full_path()}
    referer = request.headers.get("Referer", "")
    if referer and url_has_allowed_host_and_scheme(
        referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        parts = urlsplit(referer)
        return {"login_next": parts.path + (f"?{parts.query}" if parts.query else "")}
    return {"login_next": ""}
