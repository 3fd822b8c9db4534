"""Checks on text people type that ends up in XML: shared by the web forms and the API."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError

# What XML 1.0 cannot carry (Django's feed writer refuses the same set): C0 controls other
# than tab, line feed and carriage return. Notes, summaries, outlets' names and addresses
# are shown in the Atom feeds, where one such character made every request a 500.
CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")


def no_control_characters(value: str) -> None:
    if CONTROL_CHARACTERS.search(value):
        raise ValidationError(
            "Control characters (other than tabs and line breaks) are not allowed.",
            code="control_characters",
        )


def without_control_characters(value: str) -> str:
    return CONTROL_CHARACTERS.sub("", value)


# Form feed and vertical tab come with text pasted from PDFs and word processors (a page or
# a line break): in a note, a summary or a name they are spaces, not an error to show.
_PAGE_BREAKS = str.maketrans({"\x0b": " ", "\x0c": " "})


def page_breaks_as_spaces(value: str) -> str:
    return value.translate(_PAGE_BREAKS)
