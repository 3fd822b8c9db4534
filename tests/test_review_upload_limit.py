"""An uploaded file over the ingest form's limit (MAX_UPLOAD_BYTES) is not stored: past the
limit its data is read and counted but kept nowhere, and the ingest page refuses that file by
name and size while the other files of the same request are imported (as for an empty file
or one with NUL bytes; before, the whole upload was refused).

Before, Django wrote every uploaded file whole to a temporary file before the form looked
at its size (DATA_UPLOAD_MAX_MEMORY_SIZE does not count files): an upload, by an editor or
by anyone posting to any URL (the CSRF check reads the body first), could fill the disk.

Bad inputs tried: a .txt one byte over the limit, beside a small one, through the request
parser and through the ingest page.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, RequestFactory
from django.urls import reverse

from sources.forms import MAX_UPLOAD_BYTES
from sources.models import Article
from tests.factories import EditorFactory

SMALL = b"Rain in the valley\n\nOfficials said it rained for three days.\n"


def _files() -> dict[str, list[SimpleUploadedFile]]:
    big = b"x" * (MAX_UPLOAD_BYTES + 1)
    return {
        "documents": [
            SimpleUploadedFile("big.txt", big, content_type="text/plain"),
            SimpleUploadedFile("small.txt", SMALL, content_type="text/plain"),
        ]
    }


def test_a_file_over_the_limit_is_counted_not_stored(settings, tmp_path: Path) -> None:
    settings.FILE_UPLOAD_TEMP_DIR = str(tmp_path)
    request = RequestFactory().post("/ingest/files/", _files())

    big, small = request.FILES.getlist("documents")

    assert (big.name, big.size) == ("big.txt", MAX_UPLOAD_BYTES + 1)
    assert big.read() == b""
    assert small.read() == SMALL
    # The storing handlers kept at most the limit of it on disk.
    assert all(p.stat().st_size <= MAX_UPLOAD_BYTES for p in tmp_path.iterdir())


@pytest.mark.django_db
def test_the_ingest_page_names_the_file_and_imports_the_others() -> None:
    client = Client()
    client.force_login(EditorFactory.create())

    response = client.post(reverse("sources:ingest_files"), _files(), follow=True)

    assert response.status_code == 200
    html = response.content.decode()
    assert "1 file imported." in html
    assert (
        f"big.txt: {MAX_UPLOAD_BYTES + 1:,} bytes is over the {MAX_UPLOAD_BYTES:,}-byte limit."
        in html
    )
    # The small file went in; nothing of the big one was stored.
    assert list(Article.objects.values_list("title", flat=True)) == ["Rain in the valley"]
    assert not Article.objects.filter(text__contains="xxxx").exists()
