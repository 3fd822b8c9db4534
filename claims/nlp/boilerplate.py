"""What is page furniture, not reporting: share buttons, follow-us lines, read-more links,
newsletter prompts, photo captions and credit lines.

Generic patterns only, compiled once. A paragraph that is boilerplate never reaches the parser,
which also keeps the claims step cheap.
"""

from __future__ import annotations

import re

_NETWORKS = (
    r"facebook|twitter|x|instagram|linkedin|telegram|tumblr|whatsapp|reddit|pinterest|email"
    r"|e-mail|print|share|copy link|copy|flipboard|threads|bluesky|mastodon|youtube|tiktok"
    r"|vk|weibo|wechat|line|viber|messenger|pocket|mix|comments?|comment|tweet|save"
)
# A paragraph that is only share-button words: "Facebook Twitter LinkedIn".
_SHARE_ONLY = re.compile(r"^(?:(?:" + _NETWORKS + r")[\s,|•·/]*)+$", re.IGNORECASE)
_FOLLOW = re.compile(
    r"^(?:please\s+)?(?:follow|like)\s+(?:us|.{1,80}?)\s+on\s+"
    r"(?:" + _NETWORKS + r")\b",
    re.IGNORECASE,
)
_PROMPTS = re.compile(
    r"^\(?(?:click here|read more|read also:|see also:|related(?: stories| articles| coverage)?:|"
    r"recommended(?: for you|:)|more from|more:|also read:?|watch:|watch now|listen:|"
    r"advertisement|sponsored|source link|source:|sign up|subscribe|get our|get the latest|"
    r"download (?:the|our) app|this (?:article|story) (?:was|has been) (?:updated|corrected)|"
    r"copyright|©|all rights reserved|reporting by|additional reporting|editing by|writing by|"
    r"(?:the )?(?:associated press|reuters|afp) contributed|image(?: source)?:|photo:|"
    r"caption:|credit:|file photo|pictured:|share this|share on|tags?:|filed under|"
    r"we want to hear|have a tip|contact the author|email the author)",
    re.IGNORECASE,
)
_NEWSLETTER = re.compile(
    r"\b(?:newsletter|sign up (?:for|to)|subscribe (?:to|for|now)|inbox|"
    r"read more from (?:the )?|click here to|terms of (?:use|service)|privacy policy|"
    r"unsubscribe|cookie)\b",
    re.IGNORECASE,
)
# The photo credit that ends a caption: "(AP Photo/Ng Han Guan, File)",
# "(Kristina Kormilitsyna, Sputnik, Kremlin Pool Photo via AP, File)", "(Getty Images)".
_CREDIT_PAREN = re.compile(
    r"\((?=[^()]*\b(?:photo|photos|photograph|ap|afp|reuters|getty|images|epa|pool|file|via|"
    r"shutterstock|xinhua|tass|sputnik|anadolu|courtesy|handout)\b)[^()]{2,160}\)\s*\.?$",
    re.IGNORECASE,
)
# A photographer and the outlet, in single or doubled brackets, ending a caption:
# "... on the outskirts of the capital. ((Jane Doe/Associated Press))", "(John Roe/Wire)".
_CREDIT_SLASH_PAREN = re.compile(r"\(\(?[A-Z][\w.'’ -]{1,60}/[A-Z][\w.&'’ -]{1,60}\)?\)\s*\.?$")
# A bare credit line: "Korean Central News Agency/Korea News Service via AP".
_CREDIT_LINE = re.compile(
    r"(?:\b[\w.&'’ -]{2,60}/[\w.&'’ -]{2,60}\b|\bvia (?:AP|AFP|Reuters|Getty Images)\b|"
    r"\b(?:AP|AFP|Reuters|EPA|Getty Images) Photo\b|\bPhoto(?:graph)?:)\s*$"
)


def is_boilerplate_paragraph(text: str) -> bool:
    stripped = text.strip()
    if not stripped:
        return True
    if _SHARE_ONLY.match(stripped) or _FOLLOW.match(stripped) or _PROMPTS.match(stripped):
        return True
    words = stripped.split()
    if len(words) <= 25 and _NEWSLETTER.search(stripped):
        return True
    # A shouted line is a link or a banner, not a sentence of a report.
    if len(words) >= 3 and _shouted(stripped):
        return True
    return bool(_CREDIT_PAREN.search(stripped) or _CREDIT_SLASH_PAREN.search(stripped))


_ASCII_LOWER = bytes(range(ord("a"), ord("z") + 1))


def _shouted(text: str) -> bool:
    """Whether over nine letters in ten are capitals."""
    # Every paragraph and sentence is asked. When more than a tenth of its characters are a-z,
    # capitals cannot make nine tenths of its letters: counted on bytes, without a Python step
    # per character (in UTF-8 no byte of another character is in a-z).
    encoded = text.encode("utf-8", "surrogatepass")
    if (len(encoded) - len(encoded.translate(None, _ASCII_LOWER))) * 10 > len(text):
        return False
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and sum(c.isupper() for c in letters) / len(letters) > 0.9


def is_boilerplate_sentence(text: str) -> bool:
    stripped = text.strip()
    if is_boilerplate_paragraph(stripped):
        return True
    # A sentence without a verb-ending punctuation that ends in a credit is a caption line.
    return bool(stripped[-1:] not in '.!?”"’' and _CREDIT_LINE.search(stripped))


def strip_trailing_credit(text: str) -> str:
    """The headline without a photo credit glued to its end (seen in scraped titles)."""
    match = _CREDIT_LINE.search(text)
    return text[: match.start()].rstrip() if match else text
