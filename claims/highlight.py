"""An article's text as HTML paragraphs with every claim quote marked and linked.

The text comes from someone else's web page: every character of it goes through
escape() here, and the only markup is what this module writes around it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

from claims.models import Mention

_PARAGRAPH_BREAK = re.compile(r"\n\s*")


@dataclass
class Highlighted:
    html: SafeString
    shown: list[Mention]
    # Quotes whose offsets no longer match the text (the article was re-fetched) or
    # that overlap a quote already marked: listed beside the text instead.
    not_marked: list[Mention]


def _open_mark(mention: Mention, first: bool) -> SafeString:
    return format_html(
        '<mark class="quote stance-{}"{}><a href="{}" title="{}">',
        mention.stance,
        format_html(' id="mention-{}"', mention.pk) if first else "",
        mention.claim.get_absolute_url(),
        f"Claim #{mention.claim_id}: {mention.claim.summary}",
    )


_CLOSE_MARK = mark_safe("</a></mark>")


def article_highlighted(*, text: str, mentions: list[Mention]) -> Highlighted:
    """Mentions need `claim` loaded (select_related) for the links and titles."""
    shown: list[Mention] = []
    not_marked: list[Mention] = []
    position = 0
    for mention in sorted(mentions, key=lambda m: (m.start, m.end)):
        fits = 0 <= mention.start < mention.end <= len(text)
        matches = fits and text[mention.start : mention.end] == mention.quote
        if not matches or mention.start < position:
            not_marked.append(mention)
        else:
            shown.append(mention)
            position = mention.end

    out: list[str] = ["<p>"]
    cursor = 0

    def emit(chunk: str, inside: Mention | None) -> None:
        # A paragraph break inside a quote closes the mark and reopens it in the next one.
        pieces = _PARAGRAPH_BREAK.split(chunk)
        for n, piece in enumerate(pieces):
            if n:
                if inside is not None:
                    out.append(_CLOSE_MARK)
                out.append("</p><p>")
                if inside is not None:
                    out.append(_open_mark(inside, first=False))
            out.append(escape(piece))

    for mention in shown:
        emit(text[cursor : mention.start], None)
        out.append(_open_mark(mention, first=True))
        emit(text[mention.start : mention.end], mention)
        out.append(_CLOSE_MARK)
        cursor = mention.end
    emit(text[cursor:], None)
    out.append("</p>")
    html = "".join(out).replace("<p></p>", "")
    return Highlighted(
        html=mark_safe(html),  # noqa: S308 - every piece of text above went through escape()
        shown=shown,
        not_marked=not_marked,
    )
