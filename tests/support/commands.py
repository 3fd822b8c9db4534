"""Running `manage.py ingest` as a person would, for the tests that read what it says."""

from __future__ import annotations

import io

from django.core.management import call_command
from django.core.management.base import CommandError


def ingest(*args: str) -> tuple[str, str, CommandError | None]:
    """`ingest` with `args`: what it printed, what it printed as errors, and the error it
    ended with (None when it succeeded)."""
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("ingest", *args, stdout=out, stderr=err)
    except CommandError as exc:
        return out.getvalue(), err.getvalue(), exc
    return out.getvalue(), err.getvalue(), None


def ingest_output(*args: str) -> tuple[str, CommandError | None]:
    """`ingest` with `args`: what it printed and the error it ended with."""
    out, _, error = ingest(*args)
    return out, error
