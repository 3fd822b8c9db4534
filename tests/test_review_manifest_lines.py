"""`ingest --manifest`: a line that cannot be imported is reported by its number and the
lines after it are still imported, whatever the line holds.

Bad inputs tried: a NUL character (JSON's \\u0000) in a title, in a URL's host, in a byline,
in an outlet's name and in a path (before, the first four crashed the command with a
database error and the fifth with "embedded null byte", and nothing after them was
imported); half a surrogate pair (JSON's \\ud800) in a path, a title, an outlet's name and a
byline, and a line of JSON nested too deep to parse (before, each crashed the command:
UnicodeEncodeError opening the file or writing the row, RecursionError reading the
manifest); a line longer than the manifest's limit, before a good line (before, read
whole into memory).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sources import imports
from sources.imports import BadInput, manifest_read
from sources.models import Article
from tests.support.commands import ingest

pytestmark = pytest.mark.django_db


def test_nul_characters_are_bad_lines_and_the_rest_is_imported(tmp_path: Path) -> None:
    lines = [
        {"url": "https://news.example/a", "title": "A\u0000title"},
        {"url": "https://ne\u0000ws.example/b"},
        {"url": "https://news.example/c", "byline": "By\u0000line"},
        {"url": "https://news.example/d", "source": "Out\u0000let"},
        {"path": "story\u0000.txt"},
        {"url": "https://news.example/good", "title": "Good"},
    ]
    manifest = tmp_path / "manifest.jsonl"
    manifest.write_text("".join(json.dumps(line) + "\n" for line in lines))

    out, err, error = ingest("--manifest", str(manifest))

    assert error is not None
    for number, field in enumerate(["title", "url", "byline", "source", "path"], start=1):
        assert f"line {number}: {field} contains a NUL character" in err
    assert "line 6" not in err
    assert list(Article.objects.values_list("url", "title")) == [
        ("https://news.example/good", "Good")
    ]
    assert "5 bad inputs" in out


def test_an_overlong_line_is_reported_without_being_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(imports, "MAX_LINE_CHARS", 100)
    manifest = tmp_path / "manifest.jsonl"
    exactly = json.dumps({"url": "https://news.example/" + "x" * 40})
    exactly += " " * (100 - len(exactly))
    manifest.write_text(
        json.dumps({"url": "https://news.example/" + "y" * 500})
        + "\n"
        + exactly
        + "\n"
        + json.dumps({"url": "https://news.example/next"})
        + "\n"
    )

    items = list(manifest_read(manifest))

    assert isinstance(items[0], BadInput)
    assert str(items[0]) == "line 1: longer than 100 characters; not read"
    assert [getattr(item, "url", None) for item in items[1:]] == [
        "https://news.example/" + "x" * 40,
        "https://news.example/next",
    ]
    assert [item.where for item in items] == ["line 1", "line 2", "line 3"]


def test_half_surrogate_pairs_and_json_nested_too_deep_are_bad_lines(tmp_path: Path) -> None:
    # JSON spells half a surrogate pair (\ud800) as readily as a NUL: it crashed the command
    # (UnicodeEncodeError opening the file, or psycopg's writing the row). JSON nested a
    # thousand deep raised RecursionError, not JSONDecodeError, while the manifest was
    # read: nothing at all was imported.
    lines = [
        "[" * 5000,
        json.dumps({"path": "story\ud800.txt"}),
        json.dumps({"url": "https://news.example/a", "title": "A\udfff title"}),
        json.dumps({"url": "https://news.example/b", "source": "Out\ud800let"}),
        json.dumps({"url": "https://news.example/c", "byline": "By \ud83d"}),
        json.dumps({"url": "https://news.example/good", "title": "Good \U0001f600"}),
    ]
    manifest = tmp_path / "manifest.jsonl"
    manifest.write_text("".join(line + "\n" for line in lines))

    out, err, error = ingest("--manifest", str(manifest))

    assert error is not None
    assert "line 1: not valid JSON (nested too deeply)" in err
    for number, field, half in [(2, "path", "d800"), (3, "title", "dfff"), (5, "byline", "d83d")]:
        assert f"line {number}: {field} contains \\u{half}, half of a surrogate pair" in err
    assert "line 4: source contains \\ud800" in err
    assert "line 6" not in err
    assert list(Article.objects.values_list("url", "title")) == [
        ("https://news.example/good", "Good \U0001f600")
    ]
    assert "5 bad inputs" in out


def test_a_line_that_is_not_utf8_is_a_bad_line_and_the_others_are_imported(
    tmp_path: Path,
) -> None:
    # One Latin-1 byte (é saved by an editor set to Latin-1) on line 3 of 5. Before, the
    # whole manifest was refused as 'line 1 and after are not UTF-8 text' (the text reader
    # decodes a block of lines ahead, so the number was the block's, not the line's) and
    # nothing was imported, not even the lines before it.
    lines = [
        json.dumps({"url": f"https://news.example/{n}", "title": f"Story {n}"}).encode()
        for n in range(1, 6)
    ]
    lines[2] = b'{"url": "https://news.example/3", "title": "Caf\xe9 owners protest"}'
    manifest = tmp_path / "manifest.jsonl"
    manifest.write_bytes(b"".join(line + b"\n" for line in lines))

    out, err, error = ingest("--manifest", str(manifest))

    assert error is not None
    assert err.strip().splitlines() == [
        "line 3: not UTF-8 text (the byte 0xe9 at column 48); save the manifest as UTF-8"
    ]
    assert list(Article.objects.order_by("url").values_list("url", flat=True)) == [
        f"https://news.example/{n}" for n in (1, 2, 4, 5)
    ]
    assert "4 article(s)" in out
    assert "1 bad input" in out


def test_a_binary_file_given_as_manifest_is_not_reported_line_by_line(tmp_path: Path) -> None:
    manifest = tmp_path / "photo.jsonl"
    manifest.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\xff\xfe\x00\x81 some \xc0 bytes\n" * 500)

    items = list(manifest_read(manifest))

    assert len(items) == 12  # line 2 ("\x1a") is UTF-8: not valid JSON
    assert all(isinstance(item, BadInput) for item in items)
    assert str(items[0]) == (
        "line 1: not UTF-8 text (the byte 0x89 at column 1); save the manifest as UTF-8"
    )
    assert str(items[-1]) == (
        f"{manifest}: more than 10 lines are not UTF-8 text (not a manifest, or not saved "
        "as UTF-8); not read from line 12 on"
    )


def test_a_few_lines_not_utf8_are_not_said_to_list_nothing(tmp_path: Path) -> None:
    manifest = tmp_path / "manifest.jsonl"
    manifest.write_bytes(b'{"url": "https://news.example/caf\xe9"}\n')

    assert [str(item) for item in manifest_read(manifest)] == [
        "line 1: not UTF-8 text (the byte 0xe9 at column 34); save the manifest as UTF-8"
    ]
