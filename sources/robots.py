"""What robots.txt says, cached per origin in the shared cache so every worker asks once.

Fetching robots.txt is the fetcher's job (sources/fetching.py, through the same safe path
as any page); this module only remembers the verdict and answers "may we fetch this URL".
Parsing is urllib.robotparser: first matching rule wins and no `*`/`$` wildcards, which
errs towards disallowing for rule orders it misreads but can let a wildcard rule through.
"""

from __future__ import annotations

import enum
import hashlib
import re
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import unquote, urlsplit
from urllib.robotparser import RobotFileParser

from django.core.cache import caches


class RobotsMode(enum.Enum):
    RULES = "rules"  # a robots.txt was read: obey its rules
    ALLOW_ALL = "allow_all"  # none (404 and friends): everything may be fetched
    DISALLOW_ALL = "disallow_all"  # 401/403 on robots.txt: the site keeps robots out


@dataclass(frozen=True)
class RobotsPolicy:
    mode: RobotsMode
    text: str = ""
    # Why: "404", "rules", "401"... for the log line and the error message.
    reason: str = ""

    def allows(self, url: str, user_agent: str) -> bool:
        if self.mode is RobotsMode.ALLOW_ALL:
            return True
        if self.mode is RobotsMode.DISALLOW_ALL:
            return False
        return _parsed(self.text).can_fetch(user_agent, url)


def robots_cache_key(origin: str) -> str:
    return "fetch:robots:" + hashlib.sha256(origin.encode()).hexdigest()[:32]


def robots_cached(*, origin: str) -> RobotsPolicy | None:
    stored = caches["default"].get(robots_cache_key(origin))
    if not isinstance(stored, dict):
        return None
    try:
        return RobotsPolicy(
            mode=RobotsMode(stored["mode"]), text=stored["text"], reason=stored["reason"]
        )
    except (KeyError, ValueError):
        # Written by another version of this code: ask the site again.
        return None


def robots_remember(*, origin: str, policy: RobotsPolicy, seconds: int) -> None:
    # Plain types, not the dataclass, so a deploy that renames it cannot break unpickling.
    caches["default"].set(
        robots_cache_key(origin),
        {"mode": policy.mode.value, "text": policy.text, "reason": policy.reason},
        timeout=seconds,
    )


# Claimtrack keeps its own pace per host (sources/politeness.py) and reads neither of these;
# robotparser int()s them after str.isdigit(), which "²" and 5,000 digits pass, and raised
# ValueError out of every fetch from the site.
_PACE_LINE = re.compile(r"\s*(?:crawl-delay|request-rate)\s*:", re.IGNORECASE)
_RULE_LINE = re.compile(r"\s*(?:allow|disallow)\s*:(.*)", re.IGNORECASE)


def _readable(line: str) -> bool:
    """False for the lines urllib.robotparser raises ValueError on: a pace, or a rule whose
    path (unquoted, as robotparser does) urlparse refuses ("Disallow: http://[")."""
    if _PACE_LINE.match(line):
        return False
    rule = _RULE_LINE.match(line)
    if rule is not None:
        try:
            urlsplit(unquote(rule.group(1).split("#", 1)[0].strip()))
        except ValueError:
            return False
    return True


@lru_cache(maxsize=64)
def _parsed(text: str) -> RobotFileParser:
    # Parsing a large robots.txt on every fetch of a busy host would cost more than the
    # fetch; the text itself is the key, so a changed file is parsed anew.
    parser = RobotFileParser()
    parser.parse(line for line in text.splitlines() if _readable(line))
    return parser
