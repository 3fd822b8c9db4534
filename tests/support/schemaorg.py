"""Checks JSON-LD against the hand-written schema.org subset in tests/fixtures/schemaorg:
every @type exists, every property is defined on its node's type or an ancestor, and every
value has one of the property's expected types (a node of a fitting type, or a literal of
a fitting data type: absolute URL, ISO date or date-time, number, text)."""

from __future__ import annotations

import json
from datetime import date, datetime
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

VOCABULARY = Path(__file__).resolve().parent.parent / "fixtures" / "schemaorg" / "vocabulary.json"


@cache
def vocabulary() -> dict[str, Any]:
    return dict(json.loads(VOCABULARY.read_text()))


def ancestry(type_name: str) -> list[str]:
    types = vocabulary()["types"]
    chain = []
    current: str | None = type_name
    while current is not None:
        chain.append(current)
        current = types[current]["parent"]
    return chain


def allowed_properties(type_name: str) -> dict[str, list[str]]:
    types = vocabulary()["types"]
    allowed: dict[str, list[str]] = {}
    for name in ancestry(type_name):
        for prop, ranges in types[name]["properties"].items():
            allowed.setdefault(prop, ranges)
    return allowed


def _is_text(value: Any) -> bool:
    return isinstance(value, str) and bool(value.strip())


def _is_url(value: Any) -> bool:
    parts = urlsplit(value) if isinstance(value, str) else None
    return bool(parts and parts.scheme in {"http", "https"} and parts.netloc)


def _is_date(value: Any) -> bool:
    try:
        date.fromisoformat(value)
    except (TypeError, ValueError):
        return False
    return len(value) == 10


def _is_datetime(value: Any) -> bool:
    try:
        parsed = datetime.fromisoformat(value)
    except (TypeError, ValueError):
        return False
    return "T" in value and parsed.tzinfo is not None


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


LITERALS = {
    "Text": _is_text,
    "URL": _is_url,
    "Date": _is_date,
    "DateTime": _is_datetime,
    "Number": _is_number,
    "Integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
    "Boolean": lambda v: isinstance(v, bool),
}


def _literal_problems(value: Any, path: str, expected: list[str] | None) -> list[str]:
    if any(LITERALS[t](value) for t in expected or [] if t in LITERALS):
        return []
    return [f"{path}: {value!r} is not one of {expected}"]


def _property_problems(type_name: str, key: str, value: Any, path: str) -> list[str]:
    if key == "@context":
        if path != "$" or value not in {"https://schema.org", "https://schema.org/"}:
            return [f"{path}: @context must be https://schema.org, at the top only"]
        return []
    if key.startswith("@"):
        return [f"{path}: unexpected keyword {key}"]
    allowed = allowed_properties(type_name)
    if key not in allowed:
        return [f"{path}.{key}: not a property of {type_name} (or its ancestors)"]
    return problems(value, path=f"{path}.{key}", expected=allowed[key])


def problems(node: Any, *, path: str = "$", expected: list[str] | None = None) -> list[str]:
    """Everything in `node` the vocabulary does not allow, as readable lines (empty: valid)."""
    if isinstance(node, list):
        return [
            p
            for i, item in enumerate(node)
            for p in problems(item, path=f"{path}[{i}]", expected=expected)
        ]
    if not isinstance(node, dict):
        return _literal_problems(node, path, expected)
    types = vocabulary()["types"]
    type_name = str(node.get("@type"))
    if type_name not in types:
        return [f"{path}: @type {type_name!r} is not a schema.org type of the vocabulary"]
    found = []
    if expected is not None:
        node_types = [t for t in expected if t in types]
        if not any(t in ancestry(type_name) for t in node_types):
            found.append(f"{path}: a {type_name} where {expected} is expected")
    for key, value in node.items():
        if key != "@type":
            found += _property_problems(type_name, key, value, path)
    return found
