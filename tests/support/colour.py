"""Colour contrast as WCAG 2 defines it, for the browser tests' checks of computed styles."""

from __future__ import annotations

import re

_COLOUR = re.compile(r"rgba?\((\d+), (\d+), (\d+)(?:, ([\d.]+))?\)")


def parse(text: str) -> tuple[tuple[int, int, int], float]:
    """The first `rgb(…)` or `rgba(…)` in a computed style, and its alpha."""
    match = _COLOUR.search(text)
    if not match:
        raise ValueError(f"no colour in {text!r}")
    red, green, blue, alpha = match.groups()
    return (int(red), int(green), int(blue)), float(alpha) if alpha is not None else 1.0


def _luminance(rgb: tuple[int, int, int]) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    red, green, blue = (channel(v) for v in rgb)
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast(one: tuple[int, int, int], two: tuple[int, int, int]) -> float:
    lighter, darker = sorted((_luminance(one), _luminance(two)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


# The first opaque background behind an element (the page's white when none is set).
BACKGROUND_BEHIND = """e => {
    for (let n = e.parentElement; n; n = n.parentElement) {
        const colour = getComputedStyle(n).backgroundColor;
        if (colour !== 'rgba(0, 0, 0, 0)') return colour;
    }
    return 'rgb(255, 255, 255)';
}"""

# The first opaque background under an element's text: its own, else the one behind it.
BACKGROUND_UNDER = BACKGROUND_BEHIND.replace("n = e.parentElement", "n = e")
