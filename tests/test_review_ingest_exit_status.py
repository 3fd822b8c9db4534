"""`manage.py ingest` says by its exit status whether the work it did went through.

Without a broker (the embedded shape) the fetch and the claims step run inside the command,
so when it ends every article has ended too. An article that failed there (a 404, a page
with no text) made `ingest URL` print '1 article(s): 1 failed' and exit 0: a script or a
Makefile took it for a success. It now exits 1 and names the article and its reason, as
`--wait` does. With a broker the command ends as the work begins, and says so (exit 0).

`--timeout nan` passed the 'positive number' check (nan <= 0 is false) and `--wait` then
waited for ever: no time is ever past a deadline of nan.
"""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command

from sources.models import Article
from tests.support.commands import ingest_output
from tests.support.http import LocalSite, Reply
from tests.support.pages import BREITBART, page_html
from tests.support.pipeline import apply_local_fetch_settings
from tests.support.worker import tasks_through_broker

pytestmark = pytest.mark.django_db(transaction=True)  # after-commit tasks run at commit

HTML = {"Content-Type": "text/html; charset=utf-8"}


def test_in_process_a_failed_article_without_wait_exits_1_and_is_named(
    settings, site: LocalSite
) -> None:
    apply_local_fetch_settings(settings)
    site.routes["/story"] = Reply(200, page_html(BREITBART), HTML)
    site.routes["/gone"] = Reply(404, b"<html><body>no</body></html>", HTML)

    out, error = ingest_output(site.url("/story"), site.url("/gone"))

    assert error is not None
    assert error.returncode == 1
    assert "Not every article got through" in str(error)
    gone = Article.objects.get(url=site.url("/gone"))
    assert f"[failed] #{gone.pk} {site.url('/gone')}: " in out
    assert "(not_found)" in out
    assert "[extracted]" not in out  # only the ones that need a person are named


def test_in_process_articles_that_went_through_exit_0(settings, site: LocalSite) -> None:
    apply_local_fetch_settings(settings)
    site.routes["/story"] = Reply(200, page_html(BREITBART), HTML)

    out, error = ingest_output(site.url("/story"))

    assert error is None, out
    assert "1 article(s): 1 extracted; 0 bad inputs" in out


def test_with_a_broker_the_command_ends_as_the_work_begins_and_exits_0(site: LocalSite) -> None:
    site.routes["/gone"] = Reply(404, b"<html><body>no</body></html>", HTML)
    with tasks_through_broker():
        out, error = ingest_output(site.url("/gone"))
    assert error is None, out
    assert "1 article(s): 1 queued; 0 bad inputs" in out


@pytest.mark.parametrize("timeout", ["nan", "inf", "-inf", "0"])
def test_a_timeout_that_is_not_a_positive_number_of_seconds_is_refused(timeout: str) -> None:
    with pytest.raises(CommandError, match="--timeout must be a positive number of seconds"):
        call_command(
            "ingest",
            "https://news.example/story",
            "--wait",
            f"--timeout={timeout}",
            stdout=io.StringIO(),
            stderr=io.StringIO(),
        )
    assert not Article.objects.exists()
