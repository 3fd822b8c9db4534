"""/healthz is public: when a part does not answer, it says which part, and the error
itself (which names internal hosts, ports, users and databases) goes to the log only.

Bad input tried: a broker URL naming an internal host that does not resolve.
"""

from __future__ import annotations

import logging

import pytest
from django.test import Client

from config.celery import app

pytestmark = pytest.mark.django_db

INTERNAL = "broker-7.internal.invalid"


def test_a_failing_broker_is_named_without_its_error(
    client: Client, settings, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    settings.CELERY_TASK_ALWAYS_EAGER = False
    monkeypatch.setattr(app.conf, "broker_url", f"redis://{INTERNAL}:6390/0")
    monkeypatch.setattr(app.conf, "broker_read_url", None)

    with caplog.at_level(logging.WARNING, logger="config.health"):
        response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json() == {"status": "unhealthy", "problems": {"broker": "not answering"}}
    assert INTERNAL not in response.content.decode()
    assert INTERNAL in caplog.text
