"""Posting an admin change form back as a browser would."""

from __future__ import annotations

from typing import Any


def admin_form_data(response: Any) -> dict[str, Any]:
    """What the change form would post back unchanged: its own fields and its inlines'."""
    data: dict[str, Any] = {}
    forms = [response.context["adminform"].form]
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        management = formset.management_form
        data |= {management.add_prefix(k): v for k, v in management.initial.items()}
        forms += formset.forms
    for form in forms:
        for name in form.fields:
            value = form[name].value()
            if value is not None and value is not False:
                data[form.add_prefix(name)] = value
    return data
