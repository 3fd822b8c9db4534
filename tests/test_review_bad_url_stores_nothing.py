"""`ingest` (a URL argument or a manifest line) with a URL that cannot be fetched stores
nothing, not even the outlet named with it.

Before, the outlet (--source, a manifest's "source") was created first and the URL checked
after: every mistyped URL left a Source with no article behind, listed on /sources/ for
good. The ingest page and the API check the URLs before anything else and never did.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sources.models import Article, Source
from tests.support.commands import ingest

pytestmark = pytest.mark.django_db


def test_a_bad_url_argument_leaves_no_outlet_behind() -> None:
    _, err, error = ingest("ftp://files.example/story", "--source", "Harbourside Gazette")

    assert error is not None
    assert "uses the ftp: scheme" in err
    assert not Source.objects.exists()
    assert not Article.objects.exists()


def test_a_manifest_line_with_a_bad_url_leaves_no_outlet_behind(tmp_path: Path) -> None:
    lines = [
        {"url": "https://exa mple.com/story", "source": "Valley Courier"},
        {"url": "https://news.example/good", "source": "Hill Post"},
    ]
    manifest = tmp_path / "manifest.jsonl"
    manifest.write_text("".join(json.dumps(line) + "\n" for line in lines))

    _, err, error = ingest("--manifest", str(manifest))

    assert error is not None
    assert "line 1: 'exa mple.com' is not a valid host name" in err
    assert list(Source.objects.values_list("name", flat=True)) == ["Hill Post"]
    assert list(Article.objects.values_list("url", flat=True)) == ["https://news.example/good"]
