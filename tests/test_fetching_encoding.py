"""decode_body() reads the charset the way browsers do, and refuses what is not text.

Bad inputs tried: an unknown charset label on bytes that are not UTF-8; a non-text codec
name as charset (base64) and Python codecs that are not
charsets (idna, punycode, undefined, the escape codecs, a label with a NUL), in the header
or in <meta charset>; random binary bytes declared as UTF-8 and as windows-1252;
UTF-16 without a byte-order mark labelled UTF-8; a UTF-8 byte-order mark on invalid UTF-8;
a header charset that is wrong for the bytes (Latin-1 bytes said to be UTF-8); UTF-8 with a
stray broken byte; windows-1252 with a byte it does not define. Good inputs:
charset from the header, from <meta charset>, from <meta http-equiv>, from <?xml encoding?>,
a BOM overriding the header, UTF-8 without any declaration, undeclared windows-1252, labels
browsers read as windows-1252 (iso-8859-1, us-ascii), Shift_JIS and KOI8-R pages.
"""

from __future__ import annotations

import codecs
import random

import pytest

from sources.fetching import FetchError, FetchResult, decode_body, fetch
from tests.support.fetching import fetch_env  # noqa: F401
from tests.support.http import LocalSite, Reply

pytestmark = pytest.mark.usefixtures("fetch_env")

TEXT = "Caf\u00e9 cr\u00e8me \u2014 \u201cquoted\u201d na\u00efve r\u00e9sum\u00e9"


def result(body: bytes, charset: str | None = None, content_type: str = "text/html") -> FetchResult:
    return FetchResult(
        requested_url="https://news.example/story",
        final_url="https://news.example/story",
        status=200,
        content_type=content_type,
        charset=charset,
        body=body,
    )


def html(text: str, head: str = "") -> str:
    return f"<html><head>{head}<title>t</title></head><body><p>{text}</p></body></html>"


def test_the_header_charset_decides():
    assert TEXT in decode_body(result(html(TEXT).encode("cp1252"), charset="windows-1252"))


@pytest.mark.parametrize(
    "head",
    [
        '<meta charset="windows-1252">',
        "<meta charset=windows-1252>",
        '<meta http-equiv="Content-Type" content="text/html; charset=windows-1252">',
    ],
)
def test_meta_declarations_are_read(head: str):
    assert TEXT in decode_body(result(html(TEXT, head).encode("cp1252")))


def test_the_xml_declaration_is_read():
    body = f'<?xml version="1.0" encoding="windows-1252"?><rss><title>{TEXT}</title></rss>'
    assert TEXT in decode_body(result(body.encode("cp1252"), content_type="application/rss+xml"))


def test_a_bom_overrides_the_header():
    body = codecs.BOM_UTF16_LE + html(TEXT).encode("utf-16-le")
    assert TEXT in decode_body(result(body, charset="iso-8859-1"))


def test_undeclared_utf8_and_undeclared_windows_1252():
    assert TEXT in decode_body(result(html(TEXT).encode("utf-8")))
    assert TEXT in decode_body(result(html(TEXT).encode("cp1252")))


@pytest.mark.parametrize("label", ["iso-8859-1", "ISO-8859-1", "us-ascii", "latin1"])
def test_labels_browsers_read_as_windows_1252(label: str):
    # \u201c and \u201d exist in windows-1252 (0x93/0x94), not in ISO-8859-1.
    assert TEXT in decode_body(result(html(TEXT).encode("cp1252"), charset=label))


def test_a_header_that_lies_falls_back_to_what_the_bytes_are():
    assert TEXT in decode_body(result(html(TEXT).encode("cp1252"), charset="utf-8"))


@pytest.mark.parametrize(
    ("codec", "text"),
    [
        ("shift_jis", "\u65e5\u672c\u8a9e\u306e\u8a18\u4e8b"),
        ("koi8-r", "\u041d\u043e\u0432\u043e\u0441\u0442\u0438"),
    ],
)
def test_other_scripts_in_their_legacy_charsets(codec: str, text: str):
    assert text in decode_body(result(html(text).encode(codec), charset=codec))


@pytest.mark.parametrize("charset", ["utf-8", None])
def test_utf8_with_a_stray_broken_byte_keeps_its_accents(charset: str | None):
    body = html(TEXT * 3).encode("utf-8")
    body = body[:40] + b"\xe2\x80" + body[40:]  # half of a character, cut off
    text = decode_body(result(body, charset=charset))
    assert TEXT in text
    assert text.count("\ufffd") == 1


def test_a_declared_legacy_charset_with_an_undefined_byte_is_still_used():
    body = html(TEXT).encode("cp1252") + b"\x81"  # 0x81 has no character in windows-1252
    assert TEXT in decode_body(result(body, charset="windows-1252"))


def test_an_unknown_charset_on_bytes_that_are_not_utf8_fails():
    with pytest.raises(FetchError) as caught:
        decode_body(result(html(TEXT).encode("cp1252"), charset="x-klingon"))
    assert caught.value.kind == "encoding"
    assert caught.value.permanent is True
    assert "declares the character set 'x-klingon'" in caught.value.message


def test_an_unknown_charset_on_utf8_bytes_is_read_as_utf8():
    assert TEXT in decode_body(result(html(TEXT).encode("utf-8"), charset="x-klingon"))


def test_a_codec_that_is_not_a_charset_counts_as_unknown():
    with pytest.raises(FetchError) as caught:
        decode_body(result(b"\xff\xfe\xfd not utf-8", charset="base64"))
    assert caught.value.kind == "encoding"


# Python's codecs take these labels, but they are not character sets: decoding with idna,
# punycode or undefined raised UnicodeError (not UnicodeDecodeError), a NUL in the label
# ValueError, out of decode_body; the fetch ended as an internal error.
NOT_CHARSETS = [
    "idna",
    "punycode",
    "undefined",
    "unicode_escape",
    "raw-unicode-escape",
    "utf-8\x00",
]


@pytest.mark.parametrize("charset", NOT_CHARSETS)
def test_a_python_codec_that_is_not_a_charset_counts_as_unknown(charset: str):
    with pytest.raises(FetchError) as caught:
        decode_body(result(html(TEXT).encode("cp1252"), charset=charset))
    assert caught.value.kind == "encoding"
    assert caught.value.permanent is True
    assert TEXT in decode_body(result(html(TEXT).encode("utf-8"), charset=charset))


@pytest.mark.parametrize("label", ["idna", "punycode", "undefined"])
def test_a_meta_charset_that_is_not_a_charset_counts_as_unknown(label: str):
    head = f"<meta charset={label}>"
    with pytest.raises(FetchError) as caught:
        decode_body(result(html(TEXT, head).encode("cp1252")))
    assert caught.value.kind == "encoding"
    assert TEXT in decode_body(result(html(TEXT, head).encode("utf-8")))


@pytest.mark.parametrize("charset", ["utf-8", "windows-1252", None])
def test_binary_garbage_is_not_text(charset: str | None):
    garbage = random.Random(7).randbytes(20_000)
    with pytest.raises(FetchError) as caught:
        decode_body(result(garbage, charset=charset))
    assert caught.value.kind == "encoding"
    assert caught.value.permanent is True
    assert "does not read as text" in caught.value.message


# Counted as unreadable: C0 controls but tab, line feed, form feed and carriage return, and
# U+FFFD. Not counted: those four, DEL, C1 controls, other non-ASCII text.
@pytest.mark.parametrize("bad", ["\x00", "\x07", "\x0b", "\x1b", "\x1f", "\ufffd"])
def test_unreadable_characters_are_refused_just_over_two_percent(bad: str):
    filler = "\u00e9t\u00e9 \u201cok\u201d \u4e2d\u6587 \U0001f600 \x7f\x85 \t\n\x0c\r"
    text = (filler * 500)[:10_000]
    # 2% of 10,000 characters: 200 bad ones are allowed, 201 are not.
    allowed = text[:9_800] + bad * 200
    assert decode_body(result(allowed.encode("utf-8"), charset="utf-8")) == allowed
    with pytest.raises(FetchError) as caught:
        decode_body(result((text[:9_799] + bad * 201).encode("utf-8"), charset="utf-8"))
    assert "does not read as text" in caught.value.message


def test_characters_that_only_look_unusual_are_readable():
    # Tab, line feed, form feed, carriage return, DEL and C1 controls, emoji, CJK.
    text = "\t\n\x0c\r\x7f\x85\x9f\U0001f600\u4e2d" * 2_000
    assert decode_body(result(text.encode("utf-8"), charset="utf-8")) == text


def test_utf16_without_bom_labelled_utf8_is_not_text():
    with pytest.raises(FetchError) as caught:
        decode_body(result(html(TEXT * 20).encode("utf-16-le"), charset="utf-8"))
    assert caught.value.kind == "encoding"


def test_a_utf8_bom_on_invalid_utf8_fails():
    with pytest.raises(FetchError) as caught:
        decode_body(result(codecs.BOM_UTF8 + b"<html>\xff\xfe\xc3</html>"))
    assert caught.value.kind == "encoding"
    assert "byte-order mark" in caught.value.message


def test_an_empty_body_decodes_to_nothing():
    assert decode_body(result(b"")) == ""


def test_a_fetched_page_decodes_end_to_end(site: LocalSite):
    site.routes["/latin"] = Reply(
        200, html(TEXT).encode("cp1252"), {"Content-Type": "text/html; charset=windows-1252"}
    )
    site.routes["/meta"] = Reply(
        200,
        html(TEXT, '<meta charset="windows-1252">').encode("cp1252"),
        {"Content-Type": "text/html"},
    )
    assert TEXT in decode_body(fetch(site.url("/latin")))
    assert TEXT in decode_body(fetch(site.url("/meta")))
