"""A .txt file in UTF-16 with its byte-order mark (what Windows Notepad saves as "Unicode")
is imported; it was refused as 'not UTF-8 and its encoding cannot be recognised'.

A .txt file declares no encoding, and guessing one is not safe: charset_normalizer (which
trafilatura uses for .html files, where a page's <meta charset> guides it) reads the
windows-1252 text "São Paulo ... Ms Muñoz" as cp1250, "Săo Paulo ... Ms Muńoz", and
KOI8-R Russian as cp932. A byte-order mark is certain, so that alone is read; a .txt in
another encoding without one is still refused, saying so.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.exceptions import ValidationError

from sources.services import article_ingest_file

pytestmark = pytest.mark.django_db

WESTERN = (
    "Officials in São Paulo said on Monday that the port would reopen. The minister, "
    "Ms Muñoz, said the fund\u2019s €5m would go to the harbour in the Açores."
)


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-be", "utf-32"])
def test_a_text_file_with_a_byte_order_mark_is_read(tmp_path: Path, codec: str) -> None:
    path = tmp_path / "story.txt"
    content = f"Harbour news\n{WESTERN}\n"
    path.write_bytes(
        b"\xfe\xff" + content.encode(codec) if codec == "utf-16-be" else content.encode(codec)
    )

    article = article_ingest_file(path=path)

    assert (article.title, article.text) == ("Harbour news", WESTERN)


def test_a_text_file_in_a_legacy_encoding_is_still_refused(tmp_path: Path) -> None:
    path = tmp_path / "story.txt"
    path.write_bytes(f"Harbour news\n{WESTERN}\n".encode("cp1252"))

    with pytest.raises(ValidationError) as refused:
        article_ingest_file(path=path)

    assert refused.value.code == "file_encoding"
    assert "not UTF-8" in " ".join(refused.value.messages)
