"""A web process gets ready before its first request: config/wsgi.py (and asgi.py) load
the URL patterns, with every view module, and freeze the heap out of the garbage
collector's full passes, which otherwise walked ~120,000 start-up objects in the middle of
a request every few requests (60-90 ms each; bench/pages.py's source page p95 133 ms).

Each entry point is imported in a fresh interpreter, as gunicorn or an ASGI server does.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

PROBE = """
import gc, json, sys
import {module}
print(json.dumps({{
    "frozen": gc.get_freeze_count(),
    "views": [m for m in ("claims.views", "sources.views", "claims.api.views") if m in sys.modules],
}}))
"""


@pytest.mark.parametrize("module", ["config.wsgi", "config.asgi"])
def test_the_entry_point_loads_the_views_and_freezes_the_start_up_heap(module: str) -> None:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings"}
    done = subprocess.run(
        [sys.executable, "-c", PROBE.format(module=module)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    probe = json.loads(done.stdout.strip().splitlines()[-1])
    assert probe["views"] == ["claims.views", "sources.views", "claims.api.views"]
    # Django, the apps and the URL patterns: tens of thousands of objects (0 before).
    assert probe["frozen"] > 50_000
