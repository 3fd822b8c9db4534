"""`manage.py ingest` with files, URLs and a JSON Lines manifest, and `load_demo`.

Bad inputs tried (each reported with its line number while the good lines import): a
missing file, a line that is not JSON, a JSON array instead of an object, an unknown
extension, a bad date, an unknown field, a line with neither path nor url, a number where
a string belongs, a bad URL; on the command line: no input at all, --url with two files, a
URL typed without its scheme, a manifest that does not exist, an empty manifest (no bytes,
blank lines, a byte-order mark alone).
"""

from __future__ import annotations

import io
import json
import logging
import shutil
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from claims.models import Mention
from sources.models import Article
from tests.support.commands import ingest
from tests.support.http import LocalSite, Reply
from tests.support.pages import BREITBART, EXAMINER, PAGES, page_html, seed_txt
from tests.support.pipeline import apply_local_fetch_settings

pytestmark = pytest.mark.django_db(transaction=True)


def test_manifest_bad_lines_are_reported_by_number_and_good_lines_import(
    tmp_path: Path,
) -> None:
    shutil.copy(seed_txt(BREITBART), tmp_path / "breitbart.txt")
    shutil.copy(PAGES / f"{EXAMINER}.html", tmp_path / "examiner.html")
    (tmp_path / "scan.pdf").write_bytes(b"%PDF-1.7")
    lines = [
        json.dumps(
            {"path": "breitbart.txt", "source": "Breitbart News", "published": "2024-06-27"}
        ),
        json.dumps({"path": "missing.txt"}),
        '{"path": "examiner.html", "source": ',
        json.dumps({"path": "scan.pdf"}),
        json.dumps({"path": "breitbart.txt", "published": "June 27th"}),
        "",
        json.dumps({"path": "examiner.html", "outlet": "Washington Examiner"}),
        json.dumps({"source": "Nobody"}),
        json.dumps(["examiner.html"]),
        json.dumps({"path": "examiner.html", "published": 20241024}),
        json.dumps({"url": "ftp://example.com/story"}),
        json.dumps({"path": "examiner.html", "title": "Troops expected to attack"}),
    ]
    manifest = tmp_path / "manifest.jsonl"
    manifest.write_text("\n".join(lines) + "\n")

    out, err, error = ingest("--manifest", str(manifest))

    assert error is not None
    assert error.returncode == 1
    assert "line 2:" in err
    assert "missing.txt: no such file" in err
    assert "line 3: not valid JSON" in err
    assert "line 4:" in err
    assert "not a .pdf file" in err
    assert "line 5:" in err
    assert "'June 27th' is not a date" in err
    assert "line 6" not in err  # a blank line is not an input
    assert "line 7: unknown field(s) outlet" in err
    assert "line 8: needs a path" in err
    assert "line 9: each line must be a JSON object" in err
    assert "line 10: published must be a string" in err
    assert "line 11:" in err
    assert "only http and https" in err
    assert "line 1:" not in err
    assert "line 12:" not in err

    articles = Article.objects.order_by("pk")
    assert [a.state for a in articles] == ["extracted", "extracted"]
    assert articles[0].publisher is not None
    assert articles[0].publisher.name == "Breitbart News"
    assert articles[1].title == "Troops expected to attack"
    assert "2 article(s): 2 extracted; 9 bad inputs" in out


def test_files_and_options_on_the_command_line(tmp_path: Path) -> None:
    out, err, error = ingest(
        str(seed_txt(EXAMINER)),
        "--source",
        "Washington Examiner",
        "--published",
        "2024-10-24",
        "--byline",
        "Staff",
        "--title",
        "North Korean troops expected to attack",
        "-v",
        "2",
    )
    assert error is None, err
    article = Article.objects.get()
    assert article.title == "North Korean troops expected to attack"
    assert article.byline == "Staff"
    assert article.published_at is not None
    assert article.published_at.date().isoformat() == "2024-10-24"
    assert (
        f"[extracted] #{article.pk} North Korean troops expected to attack | "
        "Washington Examiner | 2024-10-24"
    ) in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((), "Give URLs or files to import"),
        (("a.txt", "b.txt", "--url", "https://example.com/a"), "--url and --title describe one"),
        (("https://example.com/a", "--url", "https://example.com/b"), "--url is for a file"),
        (("--manifest", "nope.jsonl", "x.txt"), "either --manifest or URLs/files"),
        (("https://example.com/a", "--timeout", "0"), "--timeout must be a positive"),
    ],
)
def test_bad_command_lines_are_refused(args: tuple[str, ...], message: str) -> None:
    _, _, error = ingest(*args)
    assert error is not None
    assert message in str(error)
    assert Article.objects.count() == 0


def test_a_url_without_scheme_and_a_missing_manifest_are_bad_inputs(tmp_path: Path) -> None:
    _, err, error = ingest("example.com/story")
    assert error is not None
    assert "write the URL in full: https://example.com/story" in err

    _, err, error = ingest("--manifest", str(tmp_path / "none.jsonl"))
    assert error is not None
    assert "the manifest cannot be opened" in err
    # Nothing was imported: no "others" to speak of.
    assert str(error) == "1 input(s) could not be imported (see above); nothing was imported."


@pytest.mark.parametrize("content", ["", "\n\n   \n", "\ufeff"])
def test_an_empty_manifest_is_an_error_not_zero_articles(tmp_path: Path, content: str) -> None:
    # The wrong file, or an export that wrote nothing: "0 article(s)" and success hid it.
    manifest = tmp_path / "empty.jsonl"
    manifest.write_text(content)
    _, err, error = ingest("--manifest", str(manifest))
    assert error is not None
    assert "the manifest lists nothing" in err
    assert str(error) == "1 input(s) could not be imported (see above); nothing was imported."
    assert Article.objects.count() == 0


def test_urls_with_wait_print_how_each_ended(site: LocalSite, settings) -> None:
    apply_local_fetch_settings(settings)
    site.routes["/story"] = Reply(200, page_html(BREITBART))
    site.routes["/gone"] = Reply(404, b"<html><body>no</body></html>")

    out, _err, error = ingest(site.url("/story"), site.url("/gone"), "--wait", "--timeout", "20")

    assert error is not None  # one article failed
    assert "Not every article got through" in str(error)
    story = Article.objects.get(url=site.url("/story"))
    gone = Article.objects.get(url=site.url("/gone"))
    mentions = Mention.objects.filter(article=story)
    claims = mentions.values("claim").distinct().count()
    assert claims > 1
    assert (
        f"[extracted] #{story.pk} Rumors Swirl North Korea Is Preparing to Deploy Troops to "
        f"Ukraine | Breitbart | 2024-06-27 | {claims} claims, {mentions.count()} mentions\n"
    ) in out
    assert f"[failed] #{gone.pk} {site.url('/gone')}:" in out
    assert "404 Not Found" in out
    assert "(failed by reason: not_found 1)" in out


def test_load_demo_is_idempotent_and_creates_the_demo_editor(settings) -> None:
    settings.DEBUG = True
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    call_command("load_demo", stdout=out)

    assert Article.objects.filter(state=Article.State.EXTRACTED).count() == 2
    titles = set(Article.objects.values_list("title", flat=True))
    assert titles == {
        "Rumors Swirl North Korea Is Preparing to Deploy Troops to Ukraine",
        "North Korean troops expected to attack as regime defends right to engage",
    }
    editor = get_user_model().objects.get(username="editor")
    assert editor.check_password("claimtrack-demo")
    assert editor.groups.filter(name="Editors").exists()
    assert "password claimtrack-demo" in out.getvalue()
    assert "already exists" in out.getvalue()


def test_load_demo_shows_its_own_lines_not_the_tasks_log(settings, caplog) -> None:
    """What `make demo` prints first: the tasks, run in-process, logged each step at INFO
    with timestamps and Celery task ids around the two lines written for a person."""
    settings.DEBUG = True
    out = io.StringIO()
    with caplog.at_level(logging.DEBUG):
        call_command("load_demo", stdout=out)
    steps = [r for r in caplog.records if r.name.split(".")[0] in ("sources", "claims", "celery")]
    assert [r.getMessage() for r in steps if r.levelno < logging.WARNING] == []
    assert "Demo articles: 2 article(s): 2 extracted; 0 bad inputs" in out.getvalue()
    assert Article.objects.filter(state=Article.State.EXTRACTED).count() == 2


def test_load_demo_without_debug_creates_no_user(settings) -> None:
    settings.DEBUG = False
    call_command("load_demo", stdout=io.StringIO())
    assert Article.objects.count() == 2
    assert not get_user_model().objects.filter(username="editor").exists()
