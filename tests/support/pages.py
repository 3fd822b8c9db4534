"""The seed articles as files and as realistic pages, and what their bodies should read."""

from __future__ import annotations

import re
from pathlib import Path

from django.conf import settings

from sources.extraction import text_normalize_whitespace

ROOT = Path(settings.BASE_DIR)
PAGES = ROOT / "tests" / "fixtures" / "pages"
SEEDS = ROOT / "demo" / "seeds"

BREITBART = "breitbart-2024-06-27-north-korea-engineers"
EXAMINER = "washington-examiner-2024-10-24-north-korean-troops-kursk"
BREITBART_CANONICAL = (
    "https://www.breitbart.com/asia/2024/06/27/"
    "rumors-swirl-north-korea-is-preparing-to-deploy-troops-to-ukraine/"
)
EXAMINER_CANONICAL = (
    "https://www.washingtonexaminer.com/policy/defense/3200876/"
    "north-korean-troops-expected-to-attack-as-regime-defends-right-to-engage/"
)


def page_html(name: str) -> bytes:
    return (PAGES / f"{name}.html").read_bytes()


def seed_txt(name: str) -> Path:
    return SEEDS / f"{name}.txt"


def seed_body_paragraphs(name: str) -> list[str]:
    """The article body as a person would mark it: the seed file without its title line,
    the scraper's trailer ("Source link"), share-button labels and photo captions.
    """
    text = text_normalize_whitespace(seed_txt(name).read_text())
    lines = text.split("\n")
    body = lines[1:]
    if "Source link" in body:
        body = body[: body.index("Source link")]
    if "Facebook" in body:
        body = body[: body.index("Facebook")]
    captions = ("Soldiers march", "This image purports", "Russian President Vladimir Putin, left")
    return [line for line in body if not line.startswith(captions)]


def page_html_with_text(name: str, replace: str, by: str) -> bytes:
    """A fixture page with one sentence changed: a different article on the same template."""
    html = page_html(name).decode()
    assert replace in html
    return html.replace(replace, by).encode()


def distinct_story(opening: str) -> bytes:
    """The worker tests' page: the fixture article with its first sentence opened by
    `opening` ("In report number 3") and no declared canonical URL, so each is a distinct
    article at its own address."""
    html = re.sub(rb'<meta property="og:url"[^>]*>', b"", page_html(EXAMINER))
    return html.replace(
        b"The U.S. government suspects", f"{opening}, the U.S. government suspects".encode()
    )
