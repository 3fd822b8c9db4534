"""Who may do what: every editorial action names its permission here, and only here.

Views use `editor_required(Action.X)`; templates use the `abilities` context (from
`abilities_for`) so a control is shown exactly when its action would be allowed.
"""

from __future__ import annotations

import enum
import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from django.contrib.auth.models import (
    AbstractBaseUser,
    AnonymousUser,
    Group,
    Permission,
    PermissionsMixin,
)
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import HttpRequest, HttpResponse

EDITORS_GROUP = "Editors"


class Action(enum.Enum):
    SET_STATUS = "claims.add_statuschange"
    EDIT_CLAIM = "claims.change_claim"  # merge, split, edit a summary
    INGEST = "sources.add_article"
    ADD_FEED = "sources.add_feed"
    RETRY = "sources.change_article"


# The Editors group's permissions as (app_label, codename). The data migration
# claims/0003 holds a frozen copy; `editors_group_ensure` brings an existing database
# (or a flushed test database) up to this list.
EDITOR_PERMISSIONS: tuple[tuple[str, str], ...] = (
    ("claims", "view_claim"),
    ("claims", "change_claim"),
    ("claims", "view_mention"),
    ("claims", "change_mention"),
    ("claims", "view_statuschange"),
    ("claims", "add_statuschange"),
    ("claims", "view_editorialevent"),
    ("claims", "add_editorialevent"),
    ("sources", "view_source"),
    ("sources", "view_article"),
    ("sources", "add_article"),
    ("sources", "change_article"),
    ("sources", "view_feed"),
    ("sources", "add_feed"),
    ("sources", "change_feed"),
)

User = AbstractBaseUser | AnonymousUser


@dataclass(frozen=True)
class Abilities:
    set_status: bool
    edit_claim: bool
    ingest: bool
    add_feed: bool
    retry: bool

    @property
    def any(self) -> bool:
        return self.set_status or self.edit_claim or self.ingest


def user_can(user: User, action: Action) -> bool:
    if isinstance(user, PermissionsMixin) and user.is_authenticated:
        return user.has_perm(action.value)
    return False


def abilities_for(user: User) -> Abilities:
    return Abilities(
        set_status=user_can(user, Action.SET_STATUS),
        edit_claim=user_can(user, Action.EDIT_CLAIM),
        ingest=user_can(user, Action.INGEST),
        add_feed=user_can(user, Action.ADD_FEED),
        retry=user_can(user, Action.RETRY),
    )


ViewFunc = TypeVar("ViewFunc", bound=Callable[..., HttpResponse])


def editor_required(action: Action) -> Callable[[ViewFunc], ViewFunc]:
    """Anonymous GETs go to the login page; everything else without the permission is 403."""

    def decorator(view: ViewFunc) -> ViewFunc:
        @functools.wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if user_can(request.user, action):
                return view(request, *args, **kwargs)
            if not request.user.is_authenticated and request.method in {"GET", "HEAD"}:
                return redirect_to_login(request.get_full_path())
            raise PermissionDenied(f"Editors only: this needs {action.value}.")

        return wrapped  # type: ignore[return-value]

    return decorator


def editors_group_ensure() -> Group:
    """The Editors group with exactly EDITOR_PERMISSIONS (idempotent)."""
    group, _ = Group.objects.get_or_create(name=EDITORS_GROUP)
    wanted = Q()
    for app_label, codename in EDITOR_PERMISSIONS:
        wanted |= Q(content_type__app_label=app_label, codename=codename)
    permissions = list(Permission.objects.filter(wanted))
    if len(permissions) != len(EDITOR_PERMISSIONS):
        found = {(p.content_type.app_label, p.codename) for p in permissions}
        missing = sorted(set(EDITOR_PERMISSIONS) - found)
        raise RuntimeError(f"Permissions missing (run migrate first): {missing}")
    group.permissions.set(permissions)
    return group
