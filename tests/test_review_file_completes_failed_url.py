"""`ingest FILE --url URL` for a URL whose fetch had failed (a paywall, a site that is
down): the file completes that article, as the README says, and the summary says it was
imported. It said '1 already imported before', as of a file imported twice, because the
article row was older than the command.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from sources.models import Article
from tests.support.commands import ingest_output
from tests.support.http import LocalSite, Reply
from tests.support.pipeline import apply_local_fetch_settings

pytestmark = pytest.mark.django_db(transaction=True)  # after-commit tasks run at commit

HTML = {"Content-Type": "text/html; charset=utf-8"}
TEXT = (
    "Harbour reopens\n"
    "The port authority said on Monday that the harbour had reopened after the storm, "
    "and that the first ships carrying grain and fuel had already come in.\n"
)


def test_a_file_that_completes_a_failed_url_is_said_to_be_imported(
    settings, site: LocalSite, tmp_path: Path
) -> None:
    apply_local_fetch_settings(settings)
    site.routes["/story"] = Reply(404, b"<html><body>gone</body></html>", HTML)
    ingest_output(site.url("/story"))
    assert Article.objects.get().state == Article.State.FAILED
    story = tmp_path / "story.txt"
    story.write_text(TEXT)

    out, error = ingest_output(str(story), "--url", site.url("/story"))

    assert error is None, out
    article = Article.objects.get()
    assert article.title == "Harbour reopens"
    assert "already imported before" not in out

    again, error = ingest_output(str(story), "--url", site.url("/story"))
    assert error is None, again
    assert "1 already imported before" in again
