"""gzip for every response but the admin's.

BREACH reads a secret out of compressed responses whose body also echoes what the request
asked for: the attacker has the victim's browser send many guesses and watches the sizes.
The admin pairs the two: its API token list shows every editor's token key beside the search
box that echoes ?q=, and its pages are small and seldom loaded, so compressing them gains
little. Elsewhere the only secret in a body is the CSRF token, which Django masks anew in
every response.
"""

from __future__ import annotations

from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.middleware.gzip import GZipMiddleware


class GZipExceptAdminMiddleware(GZipMiddleware):
    def process_response(
        self, request: HttpRequest, response: HttpResponseBase
    ) -> HttpResponseBase:
        match = request.resolver_match
        if match is not None and "admin" in match.namespaces:
            return response
        return super().process_response(request, response)
