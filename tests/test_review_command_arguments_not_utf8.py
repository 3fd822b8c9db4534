"""A command-line argument holding bytes that are not UTF-8 (typed in a terminal set to
Latin-1) is refused with a reason, and nothing is stored.

Python reads such bytes as half surrogate pairs ("\\udcff"). Before, `ingest --title`,
`--source` or `--byline` and `add_feed --source` crashed with UnicodeEncodeError once the
row was written, and a URL holding one (`ingest`, `add_feed`) crashed url_normalize's
quote() with the same error.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from sources.models import Article, Feed, Source
from sources.urlnorm import InvalidURLError, url_normalize

pytestmark = pytest.mark.django_db

TEXT = "The ministry said the bridge would stay closed until repairs were finished. " * 3


def _run(*args: str) -> tuple[str, CommandError | None]:
    err = io.StringIO()
    try:
        call_command(*args, stdout=io.StringIO(), stderr=err)
    except CommandError as exc:
        return err.getvalue(), exc
    return err.getvalue(), None


@pytest.mark.parametrize("option", ["--title", "--source", "--byline", "--published"])
def test_an_ingest_option_that_is_not_utf8_is_refused(tmp_path: Path, option: str) -> None:
    story = tmp_path / "story.txt"
    story.write_text(f"Bridge closed\n{TEXT}", encoding="utf-8")

    _, error = _run("ingest", str(story), option, "Caf\udce9")

    assert error is not None
    assert f"argument {option}: 'Caf\\udce9' is not UTF-8 text" in str(error)
    assert not Article.objects.exists()
    assert not Source.objects.exists()


def test_an_ingested_url_that_is_not_utf8_is_a_bad_input() -> None:
    err, error = _run("ingest", "https://news.example/caf\udce9", "https://news.example/good")

    assert error is not None
    assert "contains U+DCE9, half of a surrogate pair" in err
    assert list(Article.objects.values_list("url", flat=True)) == ["https://news.example/good"]


@pytest.mark.parametrize(
    "args",
    [
        ("https://feed.example/rss", "--source", "Caf\udce9"),
        ("https://feed.example/caf\udce9",),
    ],
    ids=["source", "url"],
)
def test_a_feed_argument_that_is_not_utf8_is_refused(args: tuple[str, ...]) -> None:
    _, error = _run("add_feed", *args)

    assert error is not None
    assert "not UTF-8" in str(error)
    assert not Feed.objects.exists()
    assert not Source.objects.exists()


@pytest.mark.parametrize("url", ["https://news.example/\ud800", "https://news.example/?q=\udfff"])
def test_url_normalize_refuses_half_a_surrogate_pair(url: str) -> None:
    with pytest.raises(InvalidURLError, match="half of a surrogate pair"):
        url_normalize(url)
