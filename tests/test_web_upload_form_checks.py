"""The ingest page's file upload: what is wrong with the form itself is said once, on the
field, and what is wrong with one file is said of that file.

A publication date in the future was passed on to the importer with each file, which
refused each one in turn: 'a.txt: '2099-01-01' is in the future...', then the same of
b.txt, as if the files were at fault, and the date field showed nothing. It is now the
date field's error (400), as any other bad field is.

A file called '.html' (only an extension) passed the form's check, but was stored under
its pathlib suffix, which is empty for such a name: the importer then said '.html: only
.html, .htm and .txt files can be imported, not a file without an extension.'
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
PAGE = (
    b"<html><head><title>Bridge closes</title></head><body><article><h1>Bridge closes</h1>"
    b"<p>The council said on Tuesday that the old bridge over the river would close to "
    b"traffic for three weeks while engineers repair two of its supports.</p>"
    b"</article></body></html>"
)


def test_a_publication_date_in_the_future_is_the_date_fields_error(
    editor_client: Client,
) -> None:
    response = editor_client.post(
        reverse("sources:ingest_files"),
        {
            "documents": [SimpleUploadedFile("a.txt", GOOD), SimpleUploadedFile("b.txt", OTHER)],
            "published": "2099-01-01",
        },
    )

    assert response.status_code == 400
    form = response.context["files_form"]
    assert form.errors["published"] == [
        "'2099-01-01' is in the future: an article cannot have been published after "
        "tomorrow. Check the year."
    ]
    html = response.content.decode()
    assert "is in the future: an article cannot have been published after tomorrow" in html
    assert "a.txt:" not in html
    assert not Article.objects.exists()


def test_a_file_named_only_by_its_extension_is_imported(editor_client: Client) -> None:
    response = editor_client.post(
        reverse("sources:ingest_files"),
        {"documents": [SimpleUploadedFile(".html", PAGE), SimpleUploadedFile(".TXT", GOOD)]},
        follow=True,
    )

    assert response.status_code == 200
    assert "2 files imported." in response.content.decode()
    assert set(Article.objects.values_list("title", flat=True)) == {
        "Bridge closes",
        "Rain in the valley",
    }
