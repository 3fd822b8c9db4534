"""Sources, their track record, articles with their quotes, and the editors' ingest page."""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.defaultfilters import pluralize
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from claims import selectors
from claims.highlight import article_highlighted
from claims.models import Mention
from claims.permissions import Action, editor_required
from claims.views import is_htmx
from sources import feeds, services
from sources.forms import FeedForm, FilesForm, UrlsForm, upload_extension
from sources.models import Article, Feed, Source
from sources.tasks import article_fetch_task

SOURCES_PER_PAGE = 100
QUEUE_WINDOW = timedelta(hours=24)
QUEUE_LIMIT = 60
KNOWN_NAMED = 5  # known articles named by number after URLs are sent


@require_GET
def source_list(request: HttpRequest) -> HttpResponse:
    kind = request.GET.get("kind", "")
    if kind not in Source.Kind.values:
        kind = ""
    # Found by a part of its name: hundreds of claimants, a hundred to a page.
    # (PostgreSQL text holds no NUL: a pasted one would be a 500.)
    q = request.GET.get("q", "").replace("\x00", "").strip()[:200]
    sources = selectors.source_list()
    if kind:
        sources = sources.filter(kind=kind)
    if q:
        sources = sources.filter(name__icontains=q)
    page = Paginator(sources, SOURCES_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "sources/source_list.html",
        {
            "page": page,
            "kind": kind,
            "kinds": Source.Kind.choices,
            "q": q,
            # What the kind tabs and the pager carry along.
            "q_query": urlencode({"q": q}) if q else "",
            "list_query": urlencode({k: v for k, v in (("kind", kind), ("q", q)) if v}),
        },
    )


@require_GET
def source_detail(request: HttpRequest, slug: str) -> HttpResponse:
    source = get_object_or_404(Source.objects.select_related("parent"), slug=slug)
    domains = list(source.domains.all())
    feeds = list(source.feeds.all())
    articles = selectors.source_articles(source=source)
    return render(
        request,
        "sources/source_detail.html",
        {
            "source": source,
            "domains": domains,
            "people": selectors.source_members_record(source=source),
            "feeds": feeds,
            "overview": selectors.source_overview(source=source),
            "articles": articles,
            # A person or a ministry quoted in the news publishes nothing here: its page
            # has no "Articles it published" column, empty for ever.
            "publishes": bool(articles or feeds or domains),
        },
    )


@require_GET
def article_detail(request: HttpRequest, pk: int) -> HttpResponse:
    article = get_object_or_404(
        Article.objects.select_related("publisher", "duplicate_of").defer("raw_html_compressed"),
        pk=pk,
    )
    mentions = list(Mention.objects.filter(article=article).select_related("claim", "claimant"))
    highlighted = article_highlighted(text=article.text, mentions=mentions)
    return render(
        request,
        "sources/article_detail.html",
        {
            "article": article,
            "highlighted": highlighted,
            "mentions": sorted(mentions, key=lambda m: m.start),
            # The panel lists mentions (each its stance, its place in the text) under a
            # count of claims, as the ingest queue counts them.
            "claim_count": len({m.claim_id for m in mentions}),
        },
    )


# --- Ingest (editors) ---------------------------------------------------------------


@dataclass(frozen=True)
class QueueRow:
    article: Article
    claim_count: int  # distinct claims among its mentions; 0 until extracted


def _queue() -> list[QueueRow]:
    """What editors are waiting on: anything whose claims step has not ended (a fetched
    article is only half way), and what changed in the last day."""
    since = timezone.now() - QUEUE_WINDOW
    articles = list(
        Article.objects.filter(~Article.ended_q() | Q(updated_at__gte=since))
        .select_related("publisher")
        .defer("text", "raw_html_compressed")
        .order_by("-created_at", "-id")[:QUEUE_LIMIT]
    )
    # Counted for the page's rows only, not for everything in the window.
    extracted = [a.pk for a in articles if a.state == Article.State.EXTRACTED]
    counts = dict(
        Mention.objects.filter(article_id__in=extracted)
        .order_by()
        .values("article_id")
        .annotate(claims=Count("claim_id", distinct=True))
        .values_list("article_id", "claims")
    )
    return [QueueRow(article=a, claim_count=counts.get(a.pk, 0)) for a in articles]


def _busy(queue: list[QueueRow]) -> bool:
    return any(not row.article.has_ended for row in queue)


def _queue_summary(queue: list[QueueRow]) -> str:
    """The queue in a sentence, for the live region a screen reader follows: the table is
    swapped whole every two seconds while busy, so as a live region it was read out whole
    or not at all."""
    pending = sum(1 for row in queue if not row.article.has_ended)
    failed = sum(1 for row in queue if row.article.ended_badly)
    done = len(queue) - pending - failed
    parts = [
        f"{n} {label}"
        for n, label in ((pending, "in progress"), (failed, "failed"), (done, "done"))
        if n
    ]
    return f"Queue: {', '.join(parts)}." if parts else "Nothing in the queue."


def _ingest_page(
    request: HttpRequest,
    *,
    urls_form: UrlsForm | None = None,
    feed_form: FeedForm | None = None,
    files_form: FilesForm | None = None,
    status: int = 200,
) -> HttpResponse:
    queue = _queue()
    return render(
        request,
        "sources/ingest.html",
        {
            "urls_form": urls_form or UrlsForm(),
            "feed_form": feed_form or FeedForm(),
            "files_form": files_form or FilesForm(),
            "queue": queue,
            "busy": _busy(queue),
            "queue_summary": _queue_summary(queue),
            "feeds": list(Feed.objects.select_related("source").order_by("-created_at")[:50]),
        },
        status=status,
    )


@require_GET
@editor_required(Action.INGEST)
def ingest(request: HttpRequest) -> HttpResponse:
    return _ingest_page(request)


@require_GET
@editor_required(Action.INGEST)
def ingest_queue(request: HttpRequest) -> HttpResponse:
    """The queue alone, polled by htmx while anything in it is unfinished."""
    return _queue_fragment(request)


def _queue_fragment(request: HttpRequest) -> HttpResponse:
    queue = _queue()
    return render(
        request,
        "sources/_ingest_queue.html",
        {
            "queue": queue,
            "busy": _busy(queue),
            "queue_summary": _queue_summary(queue),
            # Polled or after a retry: the sentence goes into the page's live region.
            "out_of_band": True,
        },
    )


def _source_or_none(name: str) -> Source | None:
    return services.source_get_or_create(name=name) if name.strip() else None


@require_POST
@editor_required(Action.INGEST)
def ingest_urls(request: HttpRequest) -> HttpResponse:
    form = UrlsForm(request.POST)
    if not form.is_valid():
        return _ingest_page(request, urls_form=form, status=400)
    try:
        source = _source_or_none(form.cleaned_data["source"])
    except ValidationError as exc:
        form.add_error("source", exc)
        return _ingest_page(request, urls_form=form, status=400)
    submitted: list[int] = []
    known: list[int] = []
    retried = 0
    for url in form.cleaned_data["urls"]:
        submission = services.article_submit_or_retry(url=url, source=source)
        (submitted if submission.queued else known).append(submission.article.pk)
        retried += submission.retried
    # A URL pasted twice, or two spellings of one article, is one article.
    known = [pk for pk in dict.fromkeys(known) if pk not in submitted]
    text = _submitted_text(submitted)
    if retried:
        # Past tense: with no broker the new try has already run when this is read.
        was = pluralize(retried, "was,were")
        text += f" {retried} of them had failed before and {was} tried again."
    if known:
        # Named, not "shown below": the queue holds only the unfinished and the last day's.
        named = ", ".join(f"#{pk}" for pk in known[:KNOWN_NAMED])
        more = f" and {len(known) - KNOWN_NAMED} more" if len(known) > KNOWN_NAMED else ""
        text += f" {len(known)} already known, not fetched again: {named}{more}."
    messages.success(request, text)
    return redirect("sources:ingest")


# What an article's state says once its tasks have run in-process.
_OUTCOMES = {
    Article.State.QUEUED: "still queued",
    Article.State.FETCHING: "still queued",
    Article.State.FETCHED: "fetched",
    Article.State.EXTRACTING: "fetched",
    Article.State.EXTRACTED: "fetched",
    Article.State.UNSUPPORTED: "in a language not yet supported",
    Article.State.DUPLICATE: "duplicates of known articles",
    Article.State.FAILED: "failed",
}


# The outcomes said differently of one article ("1 duplicate of a known article").
_ONE_OUTCOME = {"duplicates of known articles": "duplicate of a known article"}
_NOT_STARTED = (Article.State.QUEUED, Article.State.FETCHING)


def _submitted_text(ids: list[int]) -> str:
    """ "3 articles queued." with a broker. Without one (the demo), the tasks ran in the
    request, so the articles have ended already: "queued" would hide that two failed."""
    articles = f"{len(ids)} article{pluralize(len(ids))}"
    if not ids or not article_fetch_task.app.conf.task_always_eager:
        return f"{articles} queued."
    counts: dict[str, int] = {}
    for state in Article.objects.filter(pk__in=ids).values_list("state", flat=True):
        outcome = _OUTCOMES[Article.State(state)]
        counts[outcome] = counts.get(outcome, 0) + 1
    if set(counts) == {"still queued"}:
        return f"{articles} queued."
    parts = ", ".join(
        f"{counts[o]} {_ONE_OUTCOME.get(o, o) if counts[o] == 1 else o}"
        for o in dict.fromkeys(_OUTCOMES.values())
        if o in counts
    )
    return f"{articles} submitted: {parts} — see the queue below."


@require_POST
@editor_required(Action.ADD_FEED)
def ingest_feed(request: HttpRequest) -> HttpResponse:
    form = FeedForm(request.POST)
    if not form.is_valid():
        return _ingest_page(request, feed_form=form, status=400)
    try:
        feed, created = feeds.feed_add(
            url=form.cleaned_data["url"],
            source_name=form.cleaned_data["source"] or None,
            every_minutes=form.cleaned_data["every_minutes"],
        )
    except ValidationError as exc:
        form.add_error(None, exc)
        return _ingest_page(request, feed_form=form, status=400)
    said = f"Feed {'added' if created else 'updated'}: {feed.url}."
    if not feed.is_active:
        messages.warning(request, f"{said} {feeds.PAUSED}")
        return redirect("sources:ingest")
    text = f"{said} It is polled on its schedule"
    if article_fetch_task.app.conf.task_always_eager:
        # The demo: no broker, no worker, and no beat unless someone started it.
        text += (
            ", while celery beat runs (no broker is set: start `.venv/bin/celery -A config beat`)"
        )
    messages.success(request, text + ".")
    return redirect("sources:ingest")


@require_POST
@editor_required(Action.INGEST)
def ingest_files(request: HttpRequest) -> HttpResponse:
    form = FilesForm(request.POST, request.FILES)
    if not form.is_valid():
        return _ingest_page(request, files_form=form, status=400)
    data = form.cleaned_data
    imported, before, failed = 0, 0, list(form.refused)
    stored: set[int] = set()
    started = timezone.now()
    with tempfile.TemporaryDirectory(prefix="claimtrack-upload-") as tmp:
        for number, upload in enumerate(data["documents"]):
            # The upload's name is not trusted as a path: only its extension is kept.
            suffix = upload_extension(upload.name)
            path = Path(tmp) / f"upload-{number}{suffix}"
            with path.open("wb") as out:
                for chunk in upload.chunks():
                    out.write(chunk)
            try:
                article = services.article_ingest_file(
                    path=path,
                    source=data["source"] or None,
                    published=data["published"],
                    byline=data["byline"] or None,
                )
            except ValidationError as exc:
                # The service names the file it read ("<path>: the file is empty."): that
                # is the temporary copy, so the prefix goes and the upload's name is said once.
                message = " ".join(exc.messages).removeprefix(f"{path}: ")
                failed.append(f"{upload.name}: {message.replace(str(path), upload.name)}")
                continue
            # Two files of one upload with the same text are one article: the second, too,
            # changed nothing.
            if services.article_imported_since(article, started) and article.pk not in stored:
                imported += 1
            else:
                before += 1
            stored.add(article.pk)
    if imported or before:
        text = f"{imported or 'No'} file{pluralize(imported)} imported"
        if before:
            # The same text (or URL) is kept once: that file changed nothing.
            text += f"; {before} {pluralize(before, 'was,were')} imported before (not changed)"
        messages.add_message(request, messages.SUCCESS if imported else messages.INFO, f"{text}.")
    for problem in failed:
        messages.error(request, problem)
    return redirect("sources:ingest")


@require_POST
@editor_required(Action.RETRY)
def article_retry_view(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        article, requeued = services.article_retry(article_id=pk)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("sources:ingest")
    if is_htmx(request):
        return _queue_fragment(request)
    if not requeued:
        # A Retry from a page read earlier (a second click, another editor): it was queued
        # again already, or has ended since. "Tried again" would be said of nothing done.
        text = (
            f"Article #{article.pk} was not tried again: it is no longer failed "
            f"({article.get_state_display().lower()})."
        )
    elif article_fetch_task.app.conf.task_always_eager and article.state not in _NOT_STARTED:
        # Without a broker (the demo) the fetch ran in this request: "queued again" would
        # hide that it failed again, or that it worked.
        outcome = _OUTCOMES[Article.State(article.state)]
        text = f"Article #{article.pk} was tried again: {_ONE_OUTCOME.get(outcome, outcome)}."
    else:
        text = f"Article #{article.pk} is queued again."
    messages.add_message(request, messages.SUCCESS if requeued else messages.INFO, text)
    return redirect("sources:ingest")
