"""An empty file among the uploads is refused by name and the others are imported, as a
file with NUL bytes or one over the size limit is.

Before, a file of zero bytes was refused by Django's FileField for the whole form ("The
submitted file is empty."): none of the files sent with it was imported and the message
did not say which file it meant. (A file of blank lines, a few bytes, already reached the
importer and was named.)

Bad inputs tried: a .txt of zero bytes between two good ones; a zero-byte file alone.
"""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from sources.models import Article

pytestmark = pytest.mark.django_db

GOOD = b"Rain in the valley\n\nOfficials said it rained for three days.\n"
OTHER = b"Snow on the pass\n\nThe road authority said the pass would stay closed.\n"


def _upload(client: Client, files: list[SimpleUploadedFile]) -> str:
    response = client.post(reverse("sources:ingest_files"), {"documents": files}, follow=True)
    assert response.status_code == 200
    return response.content.decode()


def test_an_empty_file_is_named_and_the_others_are_imported(editor_client: Client) -> None:
    html = _upload(
        editor_client,
        [
            SimpleUploadedFile("first.txt", GOOD),
            SimpleUploadedFile("zero.txt", b""),
            SimpleUploadedFile("last.txt", OTHER),
        ],
    )
    assert "2 files imported." in html
    assert "zero.txt: the file is empty." in html
    assert "The submitted file is empty." not in html
    assert set(Article.objects.values_list("title", flat=True)) == {
        "Rain in the valley",
        "Snow on the pass",
    }


def test_an_empty_file_alone_is_named(editor_client: Client) -> None:
    html = _upload(editor_client, [SimpleUploadedFile("zero.txt", b"")])
    assert "zero.txt: the file is empty." in html
    assert "files imported" not in html
    assert not Article.objects.exists()
