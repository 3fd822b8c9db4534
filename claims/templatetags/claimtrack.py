"""Small presentation helpers for claims: dates as precise as they are, quantities, stances."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from claims.models import Claim, Mention

register = template.Library()

STANCE_PHRASES = {
    Mention.Stance.ASSERTS: "asserted by",
    Mention.Stance.CONFIRMS: "confirmed by",
    Mention.Stance.DENIES: "denied by",
    Mention.Stance.NEITHER: "neither confirmed nor denied by",
}
QUALIFIER_WORDS = {
    Claim.QuantityQualifier.APPROXIMATE: "~",
    Claim.QuantityQualifier.AT_LEAST: "at least ",
    Claim.QuantityQualifier.AT_MOST: "up to ",
}


_NESTED_QUOTES = str.maketrans({"\u201c": "\u2018", "\u201d": "\u2019", '"': "'"})


@register.filter
def quoted(text: str) -> str:
    """A quote in quotation marks, its own double marks made single (nested): a mention that
    starts with the speaker's words ("“We believe …,” the minister said.") no longer opens with a
    doubled mark. Escaped by the template as usual."""
    return f"\u201c{str(text).translate(_NESTED_QUOTES)}\u201d"


@register.filter
def stance_phrase(stance: str) -> str:
    return STANCE_PHRASES.get(stance, stance)  # type: ignore[call-overload]


@register.simple_tag
def fuzzy_date(value: date | None, precision: str = "day") -> str:
    """A date only as precise as the text made it: 21 Jun 2024, Jul 2024, 2024."""
    if value is None:
        return ""
    if precision == "year":
        return f"{value.year}"
    if precision == "month":
        return f"{value:%b %Y}"
    return f"{value.day} {value:%b %Y}"


def _number(value: Decimal) -> str:
    value = value.normalize()
    if value == value.to_integral_value():
        return f"{int(value):,}"
    return f"{value:,f}"


@register.simple_tag
def quantity(claim: Claim) -> str:
    if claim.quantity is None:
        return ""
    text = _number(claim.quantity)
    if claim.quantity_qualifier == Claim.QuantityQualifier.RANGE and claim.quantity_max:
        text = f"{text}\u2013{_number(claim.quantity_max)}"
    else:
        text = QUALIFIER_WORDS.get(claim.quantity_qualifier, "") + text  # type: ignore[call-overload]
    return f"{text} {claim.unit}".strip()


@register.filter
def percent(value: float | None) -> str:
    return "" if value is None else f"{value * 100:.0f}%"


@register.filter
def status_label(value: str) -> str:
    try:
        return str(Claim.Status(value).label)
    except ValueError:
        return value


@register.simple_tag
def source_options(choices: list[Any], selected: str | None, empty_label: str) -> SafeString:
    """<option>s for a source menu; hundreds of them, so built here rather than by a
    template loop (which costs more than the rest of the timeline page)."""
    return format_html(
        '<option value="">{}</option>{}',
        empty_label,
        format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            ((c.slug, " selected" if c.slug == selected else "", c.name) for c in choices),
        ),
    )
