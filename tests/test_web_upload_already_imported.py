"""The ingest page's upload says how many files were imported and how many were already
there. It counted every file it did not refuse as imported: the same file sent twice was
'1 file imported.' both times, though the second changed nothing (`manage.py ingest`
already said '1 already imported before').
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


def test_a_file_sent_again_is_said_to_be_there_already(editor_client: Client) -> None:
    assert "1 file imported." in _upload(editor_client, [SimpleUploadedFile("rain.txt", GOOD)])

    html = _upload(
        editor_client,
        [SimpleUploadedFile("rain.txt", GOOD), SimpleUploadedFile("snow.txt", OTHER)],
    )

    assert "1 file imported; 1 was imported before (not changed)." in html
    assert Article.objects.count() == 2


def test_only_files_imported_before(editor_client: Client) -> None:
    _upload(editor_client, [SimpleUploadedFile("rain.txt", GOOD)])

    html = _upload(editor_client, [SimpleUploadedFile("copy.txt", GOOD)])

    assert "No files imported; 1 was imported before (not changed)." in html


def test_two_files_with_one_text_are_one_import(editor_client: Client) -> None:
    html = _upload(
        editor_client,
        [SimpleUploadedFile("rain.txt", GOOD), SimpleUploadedFile("rain-copy.txt", GOOD)],
    )

    assert "1 file imported; 1 was imported before (not changed)." in html
    assert Article.objects.count() == 1
