"""The API's JSON parser: REST framework's, except that a body nested too deeply for
Python's JSON decoder is a 400 like any other malformed body. REST framework catches only
ValueError; the decoder's RecursionError (a few kilobytes of `[[[[…`, anonymous on the
token endpoint) became a 500 with a logged traceback per request."""

from __future__ import annotations

from typing import Any

from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser


class SafeJSONParser(JSONParser):
    def parse(self, stream: Any, media_type: str | None = None, parser_context: Any = None) -> Any:
        try:
            return super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise ParseError("JSON parse error - the body is nested too deeply.") from None
