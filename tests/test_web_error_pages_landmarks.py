"""The two error pages that stand alone (no base template, so that they render when the
rest cannot: the server error, the refused form) hold their words in a <main> landmark, as
every other page does: a screen reader's 'next landmark' found nothing on them (axe-core
region). Bad inputs tried: each page rendered as Django renders it."""

from __future__ import annotations

import re

import pytest
from django.template.loader import render_to_string


@pytest.mark.parametrize("template", ["500.html", "403_csrf.html"])
def test_the_page_says_everything_inside_its_main_landmark(template):
    html = render_to_string(template, {"no_cookie": True})
    body = re.search(r"<body>(.*)</body>", html, re.S)
    assert body
    assert re.fullmatch(r"<main>.*<h1>.*</main>", body.group(1), re.S)
