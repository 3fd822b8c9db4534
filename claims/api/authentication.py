"""How API clients authenticate: the documented `Authorization: Token <key>`, and the same
key as `Authorization: Bearer <key>`, what most HTTP clients and API tools send for a
token. Before, a Bearer header was not read at all: reads went through as anonymous and a
write answered 401 "Authentication credentials were not provided", though they were."""

from __future__ import annotations

from rest_framework.authentication import TokenAuthentication


class BearerTokenAuthentication(TokenAuthentication):
    keyword = "Bearer"
