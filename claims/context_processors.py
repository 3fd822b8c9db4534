from __future__ import annotations

from django.http import HttpRequest

from claims.permissions import Abilities, abilities_for


def abilities(request: HttpRequest) -> dict[str, Abilities]:
    """What the signed-in user may do, for templates to show exactly the allowed controls."""
    return {"abilities": abilities_for(request.user)}
