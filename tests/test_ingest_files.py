"""Importing local files: the two seed .txt files and the seed pages as .html.

Bad inputs tried: a .pdf, a file without extension, a missing file, a folder, an empty file,
a .txt with only a title, a .txt that is not UTF-8, a bad --url, a bad --published date,
an HTML page with no article. Each gives a ValidationError that names the file and the
problem, and stores nothing.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError

from sources.models import Article, Source, SourceDomain
from sources.services import article_ingest_file
from tests.support.pages import (
    BREITBART,
    BREITBART_CANONICAL,
    EXAMINER,
    EXAMINER_CANONICAL,
    PAGES,
    seed_txt,
)

pytestmark = pytest.mark.django_db


def test_both_seed_text_files_become_fetched_articles() -> None:
    breitbart = article_ingest_file(
        path=seed_txt(BREITBART),
        source="Breitbart News",
        published="2024-06-27",
        byline="Frances Martel",
        title="Rumors Swirl North Korea Is Preparing to Deploy Troops to Ukraine",
    )
    examiner = article_ingest_file(path=seed_txt(EXAMINER), source="Washington Examiner")

    breitbart.refresh_from_db()
    assert breitbart.state == Article.State.FETCHED
    assert breitbart.title == "Rumors Swirl North Korea Is Preparing to Deploy Troops to Ukraine"
    assert breitbart.byline == "Frances Martel"
    assert breitbart.published_at == datetime(2024, 6, 27, tzinfo=UTC)
    assert breitbart.published_from == Article.PublishedFrom.USER
    assert breitbart.publisher is not None
    assert breitbart.publisher.name == "Breitbart News"
    assert breitbart.publisher.kind == Source.Kind.OUTLET
    assert breitbart.text.startswith("Multiple outlets in Ukraine and South Korea reported")
    assert breitbart.url is None
    assert breitbart.canonical_url is None
    assert breitbart.language == "en"
    assert len(breitbart.content_hash) == 64

    # No title given: the first non-empty line is the title, the rest the text.
    assert examiner.title.startswith("North Korean troops expected to attack")
    assert examiner.text.startswith("The U.S. government suspects")
    assert examiner.published_at is None
    assert Article.objects.filter(state=Article.State.FETCHED).count() == 2


@pytest.mark.parametrize(
    ("name", "canonical", "outlet", "domain", "byline"),
    [
        (BREITBART, BREITBART_CANONICAL, "Breitbart", "breitbart.com", "Frances Martel"),
        (EXAMINER, EXAMINER_CANONICAL, "Washington Examiner", "washingtonexaminer.com", ""),
    ],
)
def test_seed_pages_get_publisher_from_their_domain(
    name: str, canonical: str, outlet: str, domain: str, byline: str
) -> None:
    article = article_ingest_file(path=PAGES / f"{name}.html")

    article.refresh_from_db()
    assert article.state == Article.State.FETCHED
    assert article.canonical_url == canonical
    assert article.publisher is not None
    assert article.publisher.name == outlet
    assert list(article.publisher.domains.values_list("domain", flat=True)) == [domain]
    assert article.byline == byline
    assert article.published_from == Article.PublishedFrom.PAGE
    assert article.raw_html.startswith("<!")
    assert "cookie" not in article.text.lower()


def test_a_known_parent_domain_maps_subdomains_to_its_source() -> None:
    wire = Source.objects.create(name="Some Wire Service", slug="wire")
    SourceDomain.objects.create(source=wire, domain="breitbart.com")

    article = article_ingest_file(path=PAGES / f"{BREITBART}.html")

    assert article.publisher == wire  # www.breitbart.com walks up to breitbart.com
    assert Source.objects.count() == 1


def test_given_values_win_over_the_page(tmp_path: Path) -> None:
    article = article_ingest_file(
        path=PAGES / f"{BREITBART}.html",
        url="https://mirror.example.org/copy?utm_source=x",
        source="Archive Copy",
        published="2024-06-28T09:00:00+02:00",
        byline="Someone Else",
        title="A Different Headline",
    )
    assert article.url == "https://mirror.example.org/copy"
    assert article.canonical_url == BREITBART_CANONICAL  # the page's declaration
    assert article.publisher is not None
    assert article.publisher.name == "Archive Copy"
    assert article.published_at == datetime(2024, 6, 28, 7, tzinfo=UTC)
    assert article.byline == "Someone Else"
    assert article.title == "A Different Headline"


def test_importing_the_same_file_twice_gives_the_same_article() -> None:
    first = article_ingest_file(path=seed_txt(EXAMINER), source="Washington Examiner")
    again = article_ingest_file(path=seed_txt(EXAMINER), source="Washington Examiner")
    page = article_ingest_file(path=PAGES / f"{EXAMINER}.html")
    page_again = article_ingest_file(path=PAGES / f"{EXAMINER}.html")

    assert again.pk == first.pk
    assert page_again.pk == page.pk
    assert Article.objects.count() == 2


def test_a_failed_url_is_completed_by_its_saved_file() -> None:
    failed = Article.objects.create(
        url=BREITBART_CANONICAL,
        state=Article.State.FAILED,
        failure_kind=Article.FailureKind.HTTP_CLIENT_ERROR,
        failure_message="The server answered 403 Forbidden",
    )
    article = article_ingest_file(path=PAGES / f"{BREITBART}.html", url=BREITBART_CANONICAL)

    assert article.pk == failed.pk
    assert article.state == Article.State.FETCHED
    assert article.failure_message == ""
    assert article.text.startswith("Multiple outlets")


def _write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("story.pdf", b"%PDF-1.7", "only .html, .htm and .txt files can be imported, not a .pdf"),
        ("README", b"text", "not a file without an extension"),
        ("empty.txt", b"", "the file is empty"),
        ("blank.html", b"  \n\t ", "the file is empty"),
        ("title-only.txt", b"Just a headline\n\n", "no text after its first line"),
        ("latin1.txt", "Title\nCaf\u00e9 cr\u00e8me\n".encode("latin-1"), "not UTF-8"),
        (
            "nav.html",
            b"<html><body><nav><a href='/'>Home</a></nav><p>Hi</p></body></html>",
            "No article text was found",
        ),
    ],
)
def test_bad_files_are_refused_with_the_reason(
    tmp_path: Path, name: str, data: bytes, message: str
) -> None:
    path = _write(tmp_path, name, data)
    with pytest.raises(ValidationError) as caught:
        article_ingest_file(path=path)
    text = " ".join(caught.value.messages)
    assert message in text
    assert str(path) in text
    assert Article.objects.count() == 0


def test_missing_files_and_folders_are_refused(tmp_path: Path) -> None:
    with pytest.raises(ValidationError, match="no such file"):
        article_ingest_file(path=tmp_path / "nope.txt")
    folder = tmp_path / "folder.html"
    folder.mkdir()
    with pytest.raises(ValidationError, match="is a folder"):
        article_ingest_file(path=folder)
    assert Article.objects.count() == 0


def test_a_folder_is_called_a_folder_whatever_its_name(tmp_path: Path) -> None:
    """`ingest pages/` said 'only .html, .htm and .txt files can be imported, not a file
    without an extension': the extension was checked first, and a folder has none."""
    folder = tmp_path / "pages"
    folder.mkdir()
    with pytest.raises(ValidationError) as caught:
        article_ingest_file(path=folder)
    assert caught.value.messages == [
        f"{folder}: is a folder, not a file; give the files in it "
        f"(e.g. {folder}/*.html {folder}/*.txt)."
    ]
    assert Article.objects.count() == 0


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"url": "ftp://example.com/a"}, "only http and https"),
        ({"url": "example.com/a"}, "has no scheme"),
        ({"published": "27/06/2024"}, "is not a date"),
        ({"published": "2024-13-01"}, "is not a date"),
        ({"source": "   "}, "A source needs a name"),
    ],
)
def test_bad_options_are_refused_and_nothing_is_stored(options: dict, message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        article_ingest_file(path=seed_txt(EXAMINER), **options)
    assert Article.objects.count() == 0
    assert Source.objects.count() == 0
