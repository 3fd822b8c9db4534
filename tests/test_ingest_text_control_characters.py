"""Stored article text holds no control characters other than tab and line breaks: a .txt
file's bell (\\x07) or escape (\\x1b) is dropped when the text is normalized, the rest kept
as it was. Before, they were stored, showed on the article page and could reach a claim's
quote. The HTML path normalizes with the same function, so both agree.

Bad inputs tried: a bell, an escape sequence and a DEL inside a .txt's title and body, a
form feed and a record separator between paragraphs (still taken as line breaks).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from sources.extraction import text_normalize_whitespace
from sources.services import article_ingest_file


@pytest.mark.django_db
def test_a_txt_file_imports_without_its_control_characters(tmp_path: Path) -> None:
    path = tmp_path / "bell.txt"
    path.write_bytes(
        b"Rain in the\x07 valley\n\n"
        b"Officials said\x07 it rained for three days.\n"
        b"The \x1b[1mriver\x1b[0m rose by two metres\x7f overnight.\n"
    )

    article = article_ingest_file(path=path)
    article.refresh_from_db()

    assert article.title == "Rain in the valley"
    assert article.text == (
        "Officials said it rained for three days.\nThe [1mriver[0m rose by two metres overnight."
    )


def test_whitespace_controls_still_part_lines_and_words() -> None:
    assert text_normalize_whitespace("One.\x0cTwo.\x1eThree\x1fwords\x0bend.") == (
        "One.\nTwo.\nThree words\nend."
    )
