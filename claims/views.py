"""The timeline, a claim's page and the editors' acts on it. Thin: parse, call, render."""

from __future__ import annotations

import csv
import hashlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.db import transaction
from django.db.models.functions import Length
from django.http import (
    HttpRequest,
    HttpResponse,
    HttpResponseBadRequest,
    HttpResponsePermanentRedirect,
    StreamingHttpResponse,
)
from django.http.response import HttpResponseBase, HttpResponseRedirectBase
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from claims import charts, editorial, selectors
from claims.charts import LAYOUTS, chart_svg, chart_table
from claims.filters import ClaimFilter
from claims.forms import (
    ClaimPartsForm,
    MentionAttributionForm,
    MergeForm,
    SplitForm,
    StatusForm,
    SummaryForm,
)
from claims.models import Claim, Mention
from claims.permissions import Action, abilities_for, editor_required
from claims.shortcuts import claim_addressed_or_moved
from sources.models import Source
from sources.validators import without_control_characters

CHART_CACHE_SECONDS = 120


def _chart_code_version() -> str:
    """A digest of the code that draws the chart: its HTML is cached in a cache that
    outlives a deploy, and a new drawing must not wait for the old entries to expire. The
    drawing reads the status labels (claims/models.py, through the template's status_label
    filter too) and the filters' meaning (claims/filters.py), not only charts and selectors."""
    claims_app = Path(charts.__file__).parent
    sources = [
        Path(charts.__file__),
        Path(selectors.__file__),
        claims_app / "models.py",
        claims_app / "filters.py",
        claims_app / "templatetags" / "claimtrack.py",
        Path(settings.BASE_DIR) / "templates" / "claims" / "_chart.html",
    ]
    return hashlib.sha256(b"".join(path.read_bytes() for path in sources)).hexdigest()[:12]


CHART_CODE_VERSION = _chart_code_version()


def is_htmx(request: HttpRequest) -> bool:
    """An htmx request wants a fragment, not the whole page."""
    return request.headers.get("HX-Request") == "true"


def _filtered(request: HttpRequest) -> ClaimFilter:
    return ClaimFilter(request.GET or None, queryset=selectors.claims_live())


def _query_without(request: HttpRequest, *names: str) -> str:
    query = request.GET.copy()
    for name in names:
        query.pop(name, None)
    return query.urlencode()


@require_GET
def timeline(request: HttpRequest) -> HttpResponse:
    claim_filter = _filtered(request)
    after = None
    cursor_error = ""
    if request.GET.get("after"):
        try:
            after = selectors.Cursor.parse(request.GET["after"])
        except ValueError as exc:
            cursor_error = str(exc)
    base_query = _query_without(request, "after")
    if cursor_error and is_htmx(request):
        # "Load more" with a position that is none: the button's slot says so (site.js
        # swaps this 400 in, the header marking it as written for the reader).
        response = render(
            request,
            "claims/_cursor_error.html",
            {"cursor_error": cursor_error, "base_query": base_query, "fragment": True},
            status=400,
        )
        response["X-Claimtrack-Swap-Error"] = "1"
        return response
    valid = claim_filter.form.is_valid() if claim_filter.is_bound else True
    claims = claim_filter.qs if valid and not cursor_error else Claim.objects.none()
    page = selectors.timeline_page(
        claims=claims,
        basis=claim_filter.basis,
        oldest_first=claim_filter.oldest_first,
        after=after,
    )
    context = {
        "page": page,
        "base_query": base_query,
        "basis": claim_filter.basis,
    }
    if is_htmx(request) and after is not None:
        # "Load more": only the next rows and the next button.
        return render(request, "claims/_timeline_rows.html", context)
    context.update(
        {
            "filter": claim_filter,
            "form_valid": valid,
            "filter_errors": _filter_errors(claim_filter),
            "selected_source": request.GET.get("source", ""),
            "selected_claimant": request.GET.get("claimant", ""),
            "source_choices": selectors.filter_source_choices(
                fingerprint=selectors.timeline_fingerprint()
            ),
            "after": after,
            "toggle_order_query": _toggled(request, "order", "oldest", "newest"),
            "toggle_dates_query": _toggled(request, "dates", "event", "reported"),
            "csv_query": base_query,
            "cursor_error": cursor_error,
        }
    )
    return render(request, "claims/timeline.html", context, status=400 if cursor_error else 200)


def _filter_errors(claim_filter: ClaimFilter) -> list[tuple[str, list[str]]]:
    """Each invalid filter's errors under the label the form shows, not its query name."""
    if not claim_filter.is_bound or claim_filter.form.is_valid():
        return []
    fields = claim_filter.form.fields
    return [
        (str(fields[name].label) if name in fields else "", list(errors))
        for name, errors in claim_filter.form.errors.items()
    ]


@require_GET
def timeline_chart(request: HttpRequest) -> HttpResponse:
    """The chart and count over the filtered timeline, loaded after the rows (htmx): it
    aggregates every filtered claim, so it is cached, keyed by the filters and by the
    data's fingerprint (any new claim, mention, verdict or merge makes a new key)."""
    claim_filter = _filtered(request)
    if claim_filter.is_bound and not claim_filter.form.is_valid():
        return HttpResponse("")
    filters = sorted(
        (k, v) for k in request.GET for v in request.GET.getlist(k) if k not in {"after", "order"}
    )
    digest = hashlib.sha256(urlencode(filters).encode()).hexdigest()[:32]
    key = f"claims:chart:{CHART_CODE_VERSION}:{selectors.timeline_fingerprint()}:{digest}"
    html = cache.get(key)
    if html is None:
        chart = selectors.timeline_chart(claims=claim_filter.qs, basis=claim_filter.basis)
        table = chart_table(chart)
        html = render_to_string(
            "claims/_chart.html",
            {
                "chart": chart,
                "chart_svgs": [chart_svg(chart, layout) for layout in LAYOUTS],
                "chart_table": table,
                # The legend names the statuses the table has columns for, in that order.
                "legend": [(s, chart.totals[s]) for s in table.statuses],
                "filtered": claim_filter.is_filtered,
            },
        )
        cache.set(key, html, CHART_CACHE_SECONDS)
    return HttpResponse(html)


def _toggled(request: HttpRequest, name: str, on: str, off: str) -> str:
    query = request.GET.copy()
    query.pop("after", None)
    query[name] = off if query.get(name) == on else on
    return query.urlencode()


CSV_COLUMNS = [
    "id",
    "summary",
    "status",
    "first_reported",
    "event_date",
    "actor",
    "action",
    "quantity",
    "unit",
    "place",
    "claimants",
    "sources",
    "mentions",
    "last_activity",
    "url",
    # The claimants again, by what they said of the claim, as the page's rows give them;
    # last, so that a sheet reading the columns above by position is not thrown.
    "said_by",
    "denied_by",
    "neither_by",
]


class _Echo:
    def write(self, value: str) -> str:
        return value


@require_GET
def timeline_csv(request: HttpRequest) -> HttpResponseBase:
    """Exactly the filtered timeline, in its order, streamed a keyset page at a time."""
    claim_filter = _filtered(request)
    if claim_filter.is_bound and not claim_filter.form.is_valid():
        errors = "; ".join(
            f"{name}: {' '.join(errs)}" for name, errs in claim_filter.form.errors.items()
        )
        return HttpResponseBadRequest(
            f"The filters are not valid: {errors}", content_type="text/plain; charset=utf-8"
        )
    writer = csv.writer(_Echo())
    site = request.build_absolute_uri("/").rstrip("/")

    def lines() -> Iterator[str]:
        # A byte order mark first: Excel on Windows reads a CSV without one in the local
        # code page ("→" shown as three Latin letters). This download is for spreadsheets;
        # the API's export and export_claims, read by scripts, have none.
        yield "\ufeff" + writer.writerow(CSV_COLUMNS)
        for row in selectors.timeline_iter(
            claims=claim_filter.qs,
            basis=claim_filter.basis,
            oldest_first=claim_filter.oldest_first,
        ):
            c = row.claim
            yield writer.writerow(
                [
                    c.pk,
                    _csv_safe(c.summary),
                    c.status,
                    c.first_reported.isoformat() if c.first_reported else "",
                    c.event_date.isoformat() if c.event_date else "",
                    _csv_safe(c.actor),
                    _csv_safe(c.action),
                    # Fixed-point: a normalized Decimal of 3000 prints as "3E+3".
                    "" if c.quantity is None else f"{c.quantity.normalize():f}",
                    _csv_safe(c.unit),
                    _csv_safe(c.place),
                    _csv_safe("; ".join(cl.name for cl in row.claimants)),
                    row.source_count,
                    row.mention_count,
                    row.last_activity.isoformat() if row.last_activity else "",
                    site + c.get_absolute_url(),
                    *(
                        _csv_safe("; ".join(cl.name for cl in voices))
                        for voices in (row.said_by, row.denied_by, row.neither_by)
                    ),
                ]
            )

    stamp = timezone.now().strftime("%Y%m%d-%H%M")
    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="claims-{stamp}.csv"'
    return response


def _csv_safe(value: str) -> str:
    # Text from news pages must not become a formula when a spreadsheet opens the file.
    if value[:1] in {"=", "+", "-", "@", "\t", "\r"}:
        return "'" + value
    return value


def _claim_to_act_on(request: HttpRequest, pk: int) -> Claim | HttpResponseRedirectBase:
    """The claim an editor's form acts on, or, if it was merged since the page was loaded,
    the survivor's page saying that nothing was saved (the API's 409 `merged`). A bare
    redirect, as a GET gets, would drop the editor's act without a word."""
    claim = selectors.claim_addressed(pk=pk)
    if claim.merged_into_id is not None:
        return _merged_refusal(request, claim.pk, claim.merged_into_id)
    return claim


def _merged_since(request: HttpRequest, pk: int) -> HttpResponseRedirectBase | None:
    """After a refused act: the survivor's page if the claim was merged while the act was
    on its way (the service's own refusal then names a claim the editor cannot act on)."""
    into = Claim.objects.filter(pk=pk).values_list("merged_into_id", flat=True).first()
    return None if into is None else _merged_refusal(request, pk, into)


def _merged_refusal(request: HttpRequest, pk: int, into: int) -> HttpResponseRedirectBase:
    messages.error(
        request,
        f"Claim #{pk} was merged into claim #{into} while you were looking, so nothing was "
        f"saved. This is claim #{into}: act on it here if you still want to.",
    )
    return redirect("claims:claim_detail", pk=into)


def _edit_refused(
    request: HttpRequest, claim: Claim, exc: editorial.EditorialError, **form: Any
) -> HttpResponse:
    """An edit the service refused (409): the survivor's page if the claim was merged
    meanwhile, else the claim as it is now with the editor's form and the reason."""
    if (merged := _merged_since(request, claim.pk)) is not None:
        return merged
    (refused,) = form.values()
    refused.add_error(None, str(exc))
    claim.refresh_from_db()
    return _claim_page(request, claim, status=409, **form)


def _claim_page(
    request: HttpRequest,
    claim: Claim,
    *,
    status_form: StatusForm | None = None,
    summary_form: SummaryForm | None = None,
    parts_form: ClaimPartsForm | None = None,
    merge_form: MergeForm | None = None,
    split_form: SplitForm | None = None,
    attribution_form: MentionAttributionForm | None = None,
    merge_target: Claim | None = None,
    conflict: editorial.ClaimChanged | None = None,
    status: int = 200,
) -> HttpResponse:
    mentions = selectors.claim_mentions(claim=claim)
    abilities = abilities_for(request.user)
    context = {
        "claim": claim,
        "mentions": mentions,
        "history": selectors.claim_history(claim=claim),
        "related": selectors.claim_related(claim=claim),
        "conflict": conflict,
    }
    if abilities.set_status:
        context["status_form"] = status_form or StatusForm(claim=claim, mentions=mentions)
    if abilities.edit_claim:
        context["summary_form"] = summary_form or SummaryForm(
            initial={"summary": claim.summary, "expected_summary": claim.summary}
        )
        context["parts_form"] = parts_form or ClaimPartsForm.for_claim(claim)
        context["merge_form"] = merge_form or MergeForm()
        context["merge_target"] = merge_target
        # A refused split comes back open under its mention, with the editor's words.
        context["split_form"] = split_form or SplitForm()
        # Each mention's "Correct the attribution" form is loaded when opened (a claim may
        # have hundreds of mentions); a refused one comes back drawn, open, under its
        # mention with what the editor typed.
        context["attribution_form"] = attribution_form
        context["claimant_names"] = _claimant_names(mentions)
    return render(request, "claims/claim_detail.html", context, status=status)


@require_GET
def claim_detail(request: HttpRequest, pk: int) -> HttpResponse:
    claim = claim_addressed_or_moved(pk=pk, url_name="claims:claim_detail")
    if isinstance(claim, HttpResponsePermanentRedirect):
        return claim
    return _claim_page(request, claim)


@require_GET
def claim_timeline(request: HttpRequest, pk: int) -> HttpResponse:
    """The claim's story in date order: the fragment a timeline row expands into."""
    claim = selectors.claim_addressed(pk=pk)
    merged_from = None
    if claim.merged_into_id is not None:
        # Merged since the timeline was loaded: the survivor's story, said so. A redirect
        # to the survivor's page would put a whole page inside the row.
        merged_from, claim = claim, selectors.claim_addressed(pk=claim.merged_into_id)
    entries = selectors.claim_timeline(claim=claim)
    return render(
        request,
        "claims/_claim_timeline.html",
        {"claim": claim, "entries": entries, "merged_from": merged_from},
    )


@require_POST
@editor_required(Action.SET_STATUS)
def claim_set_status(request: HttpRequest, pk: int) -> HttpResponse:
    claim = _claim_to_act_on(request, pk)
    if isinstance(claim, HttpResponseRedirectBase):
        return claim
    mentions = selectors.claim_mentions(claim=claim)
    form = StatusForm(request.POST, claim=claim, mentions=mentions)
    # The form was drawn for the status the editor saw, which may no longer be current.
    form.fields["to_status"].choices = Claim.Status.choices  # type: ignore[attr-defined]
    if not form.is_valid():
        return _claim_page(request, claim, status_form=form, status=400)
    data = form.cleaned_data
    try:
        editorial.claim_set_status(
            claim_id=claim.pk,
            to_status=data["to_status"],
            expected_status=data["expected_status"],
            note=data["note"],
            evidence_url=data["evidence_url"],
            evidence_mention_id=data["evidence_mention"],
            editor=request.user,
        )
    except editorial.ClaimChanged as exc:
        # Show the page as it is now, with the editor's words kept in the form.
        fresh = StatusForm(
            initial={
                "expected_status": exc.claim.status,
                # The verdict the editor chose stays selected: a form reset to its first
                # choice would record the wrong status on a hasty second submit.
                "to_status": data["to_status"],
                "note": data["note"],
                "evidence_url": data["evidence_url"],
                "evidence_mention": data["evidence_mention"],
            },
            claim=exc.claim,
            mentions=mentions,
        )
        return _claim_page(request, exc.claim, status_form=fresh, conflict=exc, status=409)
    except editorial.EditorialError as exc:
        if (merged := _merged_since(request, claim.pk)) is not None:
            return merged
        form.add_error(None, str(exc))
        return _claim_page(request, claim, status_form=form, status=400)
    messages.success(request, f"Status set to {Claim.Status(data['to_status']).label}.")
    return redirect(claim)


@require_POST
@editor_required(Action.EDIT_CLAIM)
def claim_edit_summary(request: HttpRequest, pk: int) -> HttpResponse:
    claim = _claim_to_act_on(request, pk)
    if isinstance(claim, HttpResponseRedirectBase):
        return claim
    form = SummaryForm(request.POST)
    if not form.is_valid():
        return _claim_page(request, claim, summary_form=form, status=400)
    try:
        editorial.claim_edit_summary(
            claim_id=claim.pk,
            summary=form.cleaned_data["summary"],
            expected_summary=form.cleaned_data["expected_summary"] or None,
            note=form.cleaned_data["note"],
            editor=request.user,
        )
    except editorial.EditorialError as exc:
        return _edit_refused(request, claim, exc, summary_form=form)
    messages.success(request, "Summary updated.")
    return redirect(claim)


@require_POST
@editor_required(Action.EDIT_CLAIM)
def claim_edit_parts(request: HttpRequest, pk: int) -> HttpResponse:
    claim = _claim_to_act_on(request, pk)
    if isinstance(claim, HttpResponseRedirectBase):
        return claim
    form = ClaimPartsForm.for_claim(claim, request.POST)
    if form.is_valid() and not form.changes():
        form.add_error(None, "Nothing was changed: correct a detail first.")
    if not form.is_valid():
        return _claim_page(request, claim, parts_form=form, status=400)
    try:
        editorial.claim_edit_parts(
            claim_id=claim.pk,
            changes=form.changes(),
            expected=form.seen(),
            note=form.cleaned_data["note"],
            editor=request.user,
        )
    except editorial.EditorialError as exc:
        return _edit_refused(request, claim, exc, parts_form=form)
    messages.success(request, "Details corrected.")
    return redirect(claim)


@require_POST
@editor_required(Action.EDIT_CLAIM)
def claim_merge(request: HttpRequest, pk: int) -> HttpResponse:
    claim = _claim_to_act_on(request, pk)
    if isinstance(claim, HttpResponseRedirectBase):
        return claim
    form = MergeForm(request.POST)
    if not form.is_valid():
        return _claim_page(request, claim, merge_form=form, status=400)
    if not form.confirmed:
        try:
            target = editorial.claim_merge_check(
                claim_id=claim.pk, into_claim_id=form.cleaned_data["into"]
            )
        except editorial.EditorialError as exc:
            return _merge_refused(request, claim, form, exc)
        confirm = MergeForm(
            initial={"into": target.pk, "note": form.cleaned_data["note"], "confirm": target.pk}
        )
        return _claim_page(request, claim, merge_form=confirm, merge_target=target)
    try:
        survivor = editorial.claim_merge(
            claim_id=claim.pk,
            into_claim_id=form.cleaned_data["into"],
            note=form.cleaned_data["note"],
            editor=request.user,
        )
    except editorial.EditorialError as exc:
        return _merge_refused(request, claim, form, exc)
    messages.success(request, f"Claim #{claim.pk} was merged into this claim.")
    return redirect(survivor)


def _merge_refused(
    request: HttpRequest, claim: Claim, form: MergeForm, exc: editorial.EditorialError
) -> HttpResponse:
    if (merged := _merged_since(request, claim.pk)) is not None:
        return merged
    form.add_error("into", str(exc))
    return _claim_page(request, claim, merge_form=form, status=400)


@require_GET
@editor_required(Action.EDIT_CLAIM)
def claim_merge_preview(request: HttpRequest, pk: int) -> HttpResponse:
    """Which claim the number typed in the merge form is (htmx, as the editor types)."""
    claim = selectors.claim_addressed(pk=pk)
    form = MergeForm(request.GET)
    target, problem = None, ""
    if request.GET.get("into", "").strip():
        if not form.is_valid() and form.has_error("into"):
            problem = " ".join(str(e) for e in form.errors["into"])
        else:
            try:
                target = editorial.claim_merge_check(
                    claim_id=claim.pk, into_claim_id=form.cleaned_data["into"]
                )
            except editorial.EditorialError as exc:
                problem = str(exc)
    return render(
        request,
        "claims/_merge_target.html",
        {"claim": claim, "target": target, "problem": problem, "preview": True},
    )


@require_POST
@editor_required(Action.EDIT_CLAIM)
def mention_split(request: HttpRequest, pk: int) -> HttpResponse:
    mention = get_object_or_404(Mention, pk=pk)
    form = SplitForm(request.POST, mention_id=mention.pk)
    valid = form.is_valid()
    # The split is from the claim whose page the form was drawn on (older pages do not say:
    # the mention's own). Since moved by a merge or a split, the mention is on a claim the
    # editor never saw, and splitting it from there would act blind.
    seen: int | None = form.cleaned_data.get("from_claim")
    claim = _claim_to_act_on(request, seen if seen is not None else mention.claim_id)
    if isinstance(claim, HttpResponseRedirectBase):
        return claim
    if not valid:
        return _claim_page(request, claim, split_form=form, status=400)
    try:
        new = editorial.mention_split(
            mention_id=mention.pk,
            summary=form.cleaned_data["summary"],
            note=form.cleaned_data["note"],
            editor=request.user,
            from_claim_id=claim.pk,
        )
    except editorial.EditorialError as exc:
        if (merged := _merged_since(request, claim.pk)) is not None:
            return merged
        if (moved := _moved_since(request, mention.pk, claim.pk)) is not None:
            return moved
        form.add_error(None, str(exc))
        return _claim_page(request, claim, split_form=form, status=400)
    messages.success(request, f"The mention now has a claim of its own (split from #{claim.pk}).")
    return redirect(new)


def _moved_since(
    request: HttpRequest, mention_id: int, seen: int
) -> HttpResponseRedirectBase | None:
    """After a refused split: the page of the claim the mention is on now, if it is no longer
    on the one the editor saw (the refusal shown on that page would sit under a mention it
    no longer lists)."""
    now_on = Mention.objects.filter(pk=mention_id).values_list("claim_id", flat=True).first()
    if now_on is None or now_on == seen:
        return None
    messages.error(
        request,
        f"The mention was moved from claim #{seen} to claim #{now_on} while you were "
        f"looking, so nothing was saved. This is claim #{now_on}: split it here if you "
        f"still want to.",
    )
    return redirect("claims:claim_detail", pk=now_on)


def _claimant_names(mentions: list[Mention]) -> list[str]:
    """The names an editor most likely means when correcting a claimant: this claim's
    claimants and the outlets that published its mentions."""
    names = {m.claimant.name for m in mentions if m.claimant} | {
        m.article.publisher.name for m in mentions if m.article.publisher
    }
    return sorted(names, key=str.casefold)


@require_http_methods(["GET", "POST"])
@editor_required(Action.EDIT_CLAIM)
def mention_correct(request: HttpRequest, pk: int, mention_pk: int) -> HttpResponse:
    """Correct how one of the claim's mentions is attributed (claimant, cue, stance, hedge,
    date), as mention_correct in the admin does, but on the claim page, for editors. GET:
    the form, for the claim page's panel (htmx) or, without JavaScript, on a page of its own."""
    if request.method == "GET":
        return _mention_correct_form(request, pk, mention_pk)
    return _mention_correct_post(request, pk, mention_pk)


def _mention_correct_post(request: HttpRequest, pk: int, mention_pk: int) -> HttpResponse:
    claim = _claim_to_act_on(request, pk)
    if isinstance(claim, HttpResponseRedirectBase):
        return claim
    mention = Mention.objects.select_related("claimant").filter(pk=mention_pk).first()
    if mention is None or mention.claim_id != claim.pk:
        return _mention_not_here(request, claim, mention_pk, mention)
    form = MentionAttributionForm(request.POST, mention=mention)
    if form.is_valid() and not form.corrected():
        form.add_error(None, "Nothing was changed: correct the attribution first.")
    if not form.is_valid():
        return _claim_page(request, claim, attribution_form=form, status=400)
    try:
        # One transaction: a new claimant the form adds as a Source is not left behind
        # when the correction is refused.
        with transaction.atomic():
            editorial.mention_correct(
                mention_id=mention.pk,
                changes=form.changes(),
                expected=form.seen(),
                from_claim_id=claim.pk,
                note=form.cleaned_data["note"],
                editor=request.user,
            )
    except editorial.EditorialError as exc:
        return _attribution_refused(request, claim, form, exc)
    messages.success(request, "Attribution corrected.")
    return redirect(f"{claim.get_absolute_url()}#m-{mention.pk}")


def _attribution_refused(
    request: HttpRequest,
    claim: Claim,
    form: MentionAttributionForm,
    exc: editorial.EditorialError,
) -> HttpResponse:
    mention_pk = form.mention.pk
    if Mention.objects.filter(pk=mention_pk, claim_id=claim.pk).exists():
        return _edit_refused(request, claim, exc, attribution_form=form)
    # Moved or deleted while the correction was on its way (the form would be drawn under
    # a mention the page no longer lists); a merge: the survivor's page.
    if (merged := _merged_since(request, claim.pk)) is not None:
        return merged
    return _mention_not_here(
        request, claim, mention_pk, Mention.objects.filter(pk=mention_pk).first()
    )


def _mention_not_here(
    request: HttpRequest, claim: Claim, mention_pk: int, mention: Mention | None
) -> HttpResponse:
    """A correction posted for a mention this claim does not have (any more): the claim's
    page saying why nothing was saved, 404 for one that is gone, 409 for one on another
    claim (a split moved it while the editor was looking)."""
    if mention is None:
        messages.error(
            request,
            f"Mention #{mention_pk} no longer exists (its article was re-extracted or "
            f"deleted), so nothing was saved.",
        )
        return _claim_page(request, claim, status=404)
    messages.error(
        request,
        f"Mention #{mention_pk} is on claim #{mention.claim_id}, not on this one, so nothing "
        f"was saved. Correct it on claim #{mention.claim_id} if you still want to.",
    )
    return _claim_page(request, claim, status=409)


def _mention_correct_form(request: HttpRequest, pk: int, mention_pk: int) -> HttpResponse:
    claim = selectors.claim_addressed(pk=pk)
    if claim.merged_into_id is not None:
        return redirect("claims:claim_detail", pk=claim.merged_into_id)
    mention = get_object_or_404(
        Mention.objects.select_related("claimant", "article__publisher"),
        pk=mention_pk,
        claim=claim,
    )
    context = {"claim": claim, "m": mention, "f": MentionAttributionForm(mention=mention)}
    if is_htmx(request):
        return render(request, "claims/_attribution_form.html", context)
    context["claimant_names"] = _claimant_names(selectors.claim_mentions(claim=claim))
    return render(request, "claims/mention_attribution.html", context)


CLAIMANT_SUGGESTIONS = 20


@require_GET
@editor_required(Action.EDIT_CLAIM)
def claimant_suggestions(request: HttpRequest, pk: int) -> HttpResponse:
    """The sources whose names hold what the editor typed in a claimant field (htmx, as
    they type): the options of the page's list of names, this claim's own claimants and
    outlets first. Without anything typed, those only."""
    claim = selectors.claim_addressed(pk=pk)
    typed = " ".join(without_control_characters(request.GET.get("claimant", "")).split())
    own = sorted(
        {
            *Source.objects.filter(mentions__claim=claim).values_list("name", flat=True),
            *Source.objects.filter(articles__mentions__claim=claim).values_list("name", flat=True),
        },
        key=str.casefold,
    )
    names = own
    if typed:
        folded = typed[:200].casefold()
        names = [name for name in own if folded in name.casefold()][:CLAIMANT_SUGGESTIONS]
        others = (
            Source.objects.filter(name__icontains=typed[:200])
            .exclude(name__in=names)
            .order_by(Length("name"), "name")
            .values_list("name", flat=True)
        )
        names += others[: CLAIMANT_SUGGESTIONS - len(names)]
    return render(request, "claims/_claimant_options.html", {"claimant_names": names})
