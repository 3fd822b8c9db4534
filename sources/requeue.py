"""Putting a failed article back in the queue (the ingest page's retry button)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from sources.models import Article
from sources.services import article_enqueue_fetch


def article_retry(*, article_id: int) -> Article:
    """Re-queue a failed article with a fresh set of attempts; anything else is left as is."""
    with transaction.atomic():
        article = Article.objects.filter(pk=article_id).first()
        if article is None:
            raise ValidationError(f"There is no article #{article_id}.", code="missing")
        if not article.url:
            raise ValidationError(
                "This article came from a file and has no URL to fetch again: "
                "upload the file again instead.",
                code="no_url",
            )
        # Conditional: two clicks (or two editors) re-queue it once.
        changed = Article.objects.filter(pk=article_id, state=Article.State.FAILED).update(
            state=Article.State.QUEUED,
            failure_kind="",
            failure_message="",
            attempts=0,
            claimed_at=None,
            next_attempt_at=timezone.now(),
            updated_at=timezone.now(),
        )
        if changed == 1:
            transaction.on_commit(lambda: article_enqueue_fetch(article_id=article_id))
    article.refresh_from_db()
    return article
