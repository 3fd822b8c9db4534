"""A .txt or .html file holding a NUL byte is refused with a reason naming it ("contains NUL
bytes: not a text file"), as an empty file is, and the other files of the same upload or
command are still imported. PostgreSQL text cannot hold NUL: before, such a file was a
database error (a 500 on the upload page, the files before it already imported; the
`ingest` command stopped at it).

Bad inputs tried: a NUL in a .txt's text, in an .html page's paragraph, through the
service, the upload page and `ingest FILE...`.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from sources.models import Article
from sources.services import article_ingest_file
from tests.factories import EditorFactory

pytestmark = pytest.mark.django_db

GOOD = b"Rain in the valley\n\nOfficials said it rained for three days in the valley.\n"
OTHER = b"Snow on the pass\n\nOfficials said the pass was closed by snow on Monday.\n"
NUL_TXT = b"Broken file\n\nOfficials said\x00 it rained.\n"
NUL_HTML = (
    b"<html><head><title>Broken page</title></head><body><article><h1>Broken page</h1>"
    b"<p>Officials said the bridge over the river was closed to traffic on Monday morning "
    b"after inspectors found\x00 cracks in two of its supports.</p>"
    b"<p>Engineers expect the repairs to take at least three weeks, officials added.</p>"
    b"</article></body></html>"
)


@pytest.mark.parametrize(("name", "data"), [("broken.txt", NUL_TXT), ("broken.html", NUL_HTML)])
def test_a_file_with_a_nul_byte_is_refused_with_the_reason(
    tmp_path: Path, name: str, data: bytes
) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(ValidationError) as caught:
        article_ingest_file(path=path)
    assert caught.value.messages == [f"{path}: the file contains NUL bytes: not a text file."]
    assert not Article.objects.exists()


def test_the_upload_page_names_the_file_and_imports_the_others() -> None:
    client = Client()
    client.force_login(EditorFactory.create())
    response = client.post(
        reverse("sources:ingest_files"),
        {
            "documents": [
                SimpleUploadedFile("first.txt", GOOD),
                SimpleUploadedFile("broken.txt", NUL_TXT),
                SimpleUploadedFile("last.txt", OTHER),
            ]
        },
        follow=True,
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "2 files imported." in html
    assert "broken.txt: the file contains NUL bytes: not a text file." in html
    assert set(Article.objects.values_list("title", flat=True)) == {
        "Rain in the valley",
        "Snow on the pass",
    }


def test_the_ingest_command_reports_the_file_and_imports_the_others(tmp_path: Path) -> None:
    paths = []
    for name, data in [("first.txt", GOOD), ("broken.txt", NUL_TXT), ("last.txt", OTHER)]:
        path = tmp_path / name
        path.write_bytes(data)
        paths.append(str(path))
    out, err = io.StringIO(), io.StringIO()

    with pytest.raises(CommandError) as caught:
        call_command("ingest", *paths, stdout=out, stderr=err)

    assert caught.value.returncode == 1
    assert f"{paths[1]}: the file contains NUL bytes: not a text file." in err.getvalue()
    assert set(Article.objects.values_list("title", flat=True)) == {
        "Rain in the valley",
        "Snow on the pass",
    }
