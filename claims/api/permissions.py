"""Who may write through the API: the same actions, checked by the same function, as the
web pages (claims.permissions). Reads are public."""

from __future__ import annotations

from typing import Any

from rest_framework.permissions import SAFE_METHODS, BasePermission
from rest_framework.request import Request

from claims.permissions import Action, user_can


class EditorAction(BasePermission):
    """Unsafe methods need the view's `editor_action`: anonymous gets 401, others 403."""

    message = "Editors only."

    def has_permission(self, request: Request, view: Any) -> bool:
        if request.method in SAFE_METHODS:
            return True
        action: Action = view.editor_action
        if user_can(request.user, action):
            return True
        self.message = f"Editors only: this needs the permission {action.value}."
        return False
