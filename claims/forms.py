"""Editors' forms on the claim page. Validation here; the act itself in claims.editorial."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.validators import URLValidator
from django.db.models import Value
from django.db.models.functions import Lower
from django.urls import reverse

from claims.editorial import CLAIM_PARTS_CORRECTABLE, MENTION_CORRECTABLE, SUMMARY_MAX_LENGTH
from claims.filters import ISO_DATE
from claims.models import Claim, DatePrecision, Mention
from claims.services import source_name_normalize
from sources.forms import OwnIdsForm, ProseField
from sources.models import Source
from sources.services import source_get_or_create
from sources.validators import no_control_characters


def mention_label(mention: Mention) -> str:
    who = mention.claimant.name if mention.claimant else mention.claimant_text or "Unattributed"
    quote = mention.quote if len(mention.quote) <= 90 else mention.quote[:88] + "…"
    outlet = mention.article.publisher.name if mention.article.publisher else "unknown outlet"
    return f"{who} — “{quote}” ({outlet})"


EVIDENCE_URL_INVALID = "Enter a web address, such as https://example.org/report."


class EvidenceURLField(forms.URLField):
    """A web page as an editor pastes or types it: `example.org/report` is taken as
    https://example.org/report. The input is plain text (inputmode=url brings the URL
    keyboard on a phone): a browser's type=url refuses an address without its scheme,
    which the server accepts, so the two would disagree. Only http(s): the address
    becomes a link on the claim page and in feeds."""

    default_validators = [
        URLValidator(schemes=["http", "https"], message=EVIDENCE_URL_INVALID),
        no_control_characters,
    ]
    default_error_messages = {"invalid": EVIDENCE_URL_INVALID}

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("assume_scheme", "https")
        kwargs.setdefault(
            "widget",
            forms.TextInput(
                attrs={
                    "inputmode": "url",
                    "autocomplete": "off",
                    "autocapitalize": "off",
                    "spellcheck": "false",
                    "placeholder": "https://…",
                }
            ),
        )
        super().__init__(**kwargs)


class StatusForm(forms.Form):
    expected_status = forms.ChoiceField(choices=Claim.Status.choices, widget=forms.HiddenInput)
    # No verdict chosen for the editor: opening on the first other status (Confirmed, for
    # an unverified claim) recorded it for anyone who saved a note without touching the
    # menu, and a verdict is never edited or deleted.
    to_status = forms.ChoiceField(
        label="New status",
        choices=Claim.Status.choices,
        error_messages={"required": "Choose the new status."},
    )
    note = ProseField(
        label="Note",
        widget=forms.Textarea(attrs={"rows": 3, "placeholder": "Why the status changes"}),
        max_length=5000,
        error_messages={"required": "A note is required: say why the status changes."},
    )
    evidence_url = EvidenceURLField(
        label="Evidence URL",
        required=False,
        max_length=2000,
        help_text="A page that shows it; without http:// or https://, https:// is added.",
    )
    evidence_mention = forms.TypedChoiceField(
        label="…or one of this claim's mentions",
        required=False,
        coerce=int,
        empty_value=None,
    )

    def __init__(self, *args: Any, claim: Claim, mentions: list[Mention], **kwargs: Any) -> None:
        kwargs.setdefault("initial", {})
        kwargs["initial"].setdefault("expected_status", claim.status)
        super().__init__(*args, **kwargs)
        self.claim = claim
        to_status = self.fields["to_status"]
        assert isinstance(to_status, forms.ChoiceField)
        to_status.choices = [("", "Choose…")] + [
            (v, label) for v, label in Claim.Status.choices if v != claim.status
        ]
        evidence = self.fields["evidence_mention"]
        assert isinstance(evidence, forms.ChoiceField)
        evidence.choices = [("", "No mention")] + [(m.pk, mention_label(m)) for m in mentions]


class SummaryForm(OwnIdsForm):
    id_prefix = "summary"

    expected_summary = forms.CharField(widget=forms.HiddenInput, required=False, strip=False)
    summary = ProseField(
        label="Summary",
        max_length=SUMMARY_MAX_LENGTH,
        # Up to 500 characters: a one-line box showed a fifth of a long summary while it
        # was edited. A line break typed in it is a space (the service joins the words).
        widget=forms.Textarea(attrs={"rows": 3, "autocomplete": "off"}),
    )
    note = ProseField(
        label="Note (optional)",
        required=False,
        max_length=2000,
    )


# What a date input holds: a browser's type=date input takes only year-month-day, and it
# empties one that holds a date in the site's own format (en-gb's 21/06/2024), which the
# form then read as the date taken away.
DATE_INPUT_FORMAT = "%Y-%m-%d"


def _part(field: type[forms.Field], **kwargs: Any) -> Any:
    # Each part carries the value the editor saw (a hidden initial-… input): only what they
    # changed is sent, and a part someone else changed meanwhile is not written over.
    return field(required=False, show_hidden_initial=True, **kwargs)


class ClaimPartsForm(OwnIdsForm):
    """A claim's structured parts as an editor corrects them (claims.editorial.claim_edit_parts)."""

    id_prefix = "parts"

    actor = _part(ProseField, label="Actor", max_length=200)
    action = _part(ProseField, label="Action", max_length=200)
    quantity = _part(forms.DecimalField, label="Quantity", max_digits=20, decimal_places=2)
    quantity_qualifier = _part(
        forms.ChoiceField, label="The quantity is", choices=Claim.QuantityQualifier.choices
    )
    quantity_max = _part(
        forms.DecimalField, label="Up to (a range's top)", max_digits=20, decimal_places=2
    )
    unit = _part(ProseField, label="Unit", max_length=100)
    place = _part(ProseField, label="Place", max_length=200)
    event_date = _part(
        forms.DateField,
        label="Event date",
        widget=forms.DateInput(attrs={"type": "date"}, format=DATE_INPUT_FORMAT),
        **ISO_DATE,
    )
    event_date_precision = _part(
        forms.ChoiceField,
        label="Known to the",
        choices=[("", "—"), *DatePrecision.choices],
        help_text="How precisely the date is known: a month or a year is shown as such.",
    )
    note = ProseField(label="Note (optional)", required=False, max_length=2000)

    @classmethod
    def for_claim(cls, claim: Claim, data: Any = None) -> ClaimPartsForm:
        initial = {name: getattr(claim, name) for name in CLAIM_PARTS_CORRECTABLE}
        return cls(data, initial=initial)

    def changes(self) -> dict[str, Any]:
        return {
            name: self.cleaned_data[name]
            for name in self.changed_data
            if name in CLAIM_PARTS_CORRECTABLE
        }

    def seen(self) -> dict[str, Any]:
        """The values the editor saw of the parts they changed (the hidden initial inputs)."""
        seen: dict[str, Any] = {}
        for name in self.changes():
            field = self.fields[name]
            posted = self.data.get(self.add_initial_prefix(name))
            try:
                seen[name] = field.to_python(posted)
            except forms.ValidationError:
                continue  # not a value this form ever drew: no check rather than a crash
        return seen


class MergeForm(OwnIdsForm):
    id_prefix = "merge"

    into = forms.IntegerField(
        label="Merge this claim into claim #",
        min_value=1,
        help_text="The other claim keeps its number; this one's mentions and history move "
        "there and its address redirects.",
        error_messages={"invalid": "Give the other claim's number, e.g. 1234."},
        widget=forms.NumberInput(attrs={"autocomplete": "off"}),
    )
    note = ProseField(
        label="Note (optional)",
        required=False,
        max_length=2000,
    )
    # A merge is done only once the editor has seen which claim the number is: the first
    # submit shows it and asks again, carrying the number seen here.
    confirm = forms.IntegerField(required=False, widget=forms.HiddenInput)

    @property
    def confirmed(self) -> bool:
        data = self.cleaned_data
        return data.get("confirm") is not None and data.get("confirm") == data.get("into")


class SplitForm(forms.Form):
    summary = ProseField(
        label="Summary of the new claim",
        max_length=SUMMARY_MAX_LENGTH,
        required=False,
        help_text="What this mention claims, unlike the others. Left empty, its quote "
        "is the summary.",
    )
    note = ProseField(
        label="Note (optional)",
        required=False,
        max_length=2000,
    )
    # The claim the mention was on when the page was drawn (absent from older pages).
    from_claim = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)

    def __init__(self, *args: Any, mention_id: int | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The mention whose form was refused: the claim page reopens that one (it writes
        # each mention's inputs, and their ids, itself).
        self.mention_id = mention_id


def _source_named(name: str) -> Source | None:
    """The Source an editor means by `name`: as typed, in any letter case, else as the
    extractor names claimants ("the port authority" is "port authority")."""
    for candidate in dict.fromkeys([name, source_name_normalize(name)]):
        if not candidate:
            continue
        found = (
            Source.objects.annotate(name_lower=Lower("name"))
            .filter(name_lower=Lower(Value(candidate)))
            .order_by("pk")
            .first()
        )
        if found is not None:
            return found
    return None


class MentionAttributionForm(forms.Form):
    """How the machine read one mention's attribution, as an editor corrects it
    (claims.editorial.mention_correct). One per mention, loaded when its panel on the claim
    page opens, each with its own ids (id_attribution<mention>_<field>).

    The claimant is typed by name: an existing Source (any letter case), or a new one,
    added only when the editor says what kind of source it is, so that a misspelt name is
    refused rather than made a source. Empty, the mention has no claimant (the article's
    words for them may stay)."""

    claimant = _part(
        ProseField,
        label="Claimant",
        max_length=200,
        help_text="Who said it: a listed source's name, or a new one (then say its kind). "
        "Empty: no one in particular.",
        # The page's list of likely names (this claim's claimants and outlets).
        widget=forms.TextInput(attrs={"list": "claimant-names", "autocomplete": "off"}),
    )
    claimant_kind = forms.ChoiceField(
        label="A new claimant is",
        required=False,
        choices=[("", "— (an existing source)"), *Source.Kind.choices],
    )
    claimant_text = _part(ProseField, label="The article's words for them", max_length=300)
    cue = _part(ProseField, label="Cue", max_length=200)
    stance = forms.ChoiceField(
        label="Stance",
        choices=Mention.Stance.choices,
        show_hidden_initial=True,
        error_messages={
            "required": "Choose the stance.",
            "invalid_choice": "Choose one of the listed stances.",
        },
    )
    hedge = _part(ProseField, label="Hedge", max_length=200)
    stated_on = _part(
        forms.DateField,
        label="Said on",
        widget=forms.DateInput(attrs={"type": "date"}, format=DATE_INPUT_FORMAT),
        help_text="Empty: the article's publication date stands for it.",
        **ISO_DATE,
    )
    note = ProseField(label="Note (optional)", required=False, max_length=2000)

    def __init__(self, data: Any = None, *, mention: Mention) -> None:
        self.mention = mention
        initial = {name: getattr(mention, name) for name in MENTION_CORRECTABLE}
        initial["claimant"] = mention.claimant.name if mention.claimant else ""
        super().__init__(data, initial=initial, auto_id=f"id_attribution{mention.pk}_%s")
        # As the editor types, the page's list of names offers the sources that match (htmx).
        self.fields["claimant"].widget.attrs |= {
            "hx-get": reverse("claims:claimant_suggestions", args=[mention.claim_id]),
            "hx-trigger": "input changed delay:300ms",
            "hx-target": "#claimant-names",
            "hx-swap": "innerHTML",
        }
        self._claimant: Source | None = mention.claimant
        self._new_claimant: tuple[str, str] | None = None

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if "claimant" in self.changed_data and "claimant" in data:
            self._clean_claimant(" ".join(data["claimant"].split()), data.get("claimant_kind", ""))
        return data

    def _clean_claimant(self, name: str, kind: str) -> None:
        if not name:
            if kind:
                label = Source.Kind(kind).label.lower()
                self.add_error(
                    "claimant",
                    forms.ValidationError(
                        f"A claimant of the kind “{label}” needs a name. Type who said it, "
                        f"or leave the kind empty for no claimant at all.",
                        code="claimant_needs_name",
                    ),
                )
                return
            self._claimant = None
            return
        existing = _source_named(name)
        if existing is not None:
            self._claimant = existing
            return
        if not kind:
            self.add_error(
                "claimant_kind",
                forms.ValidationError(
                    f"No source is called “{name}”. Choose a listed name, or say what kind "
                    f"of source “{name}” is to add it.",
                    code="claimant_unknown",
                ),
            )
            return
        anonymous = kind == Source.Kind.ANONYMOUS
        self._new_claimant = (source_name_normalize(name, anonymous=anonymous) or name, kind)

    def corrected(self) -> list[str]:
        """The fields the editor changed, the claimant only if it is another source."""
        names = [name for name in self.changed_data if name in MENTION_CORRECTABLE]
        same = (self._claimant.pk if self._claimant else None) == self.mention.claimant_id
        if "claimant" in names and self._new_claimant is None and same:
            names.remove("claimant")
        return names

    def changes(self) -> dict[str, Any]:
        """The corrections for mention_correct. A new claimant is added as a Source here:
        call it in the transaction that makes the correction, so that a refused one adds
        none."""
        changes = {name: self.cleaned_data[name] for name in self.corrected()}
        if "claimant" in changes:
            if self._new_claimant is not None:
                name, kind = self._new_claimant
                self._claimant = source_get_or_create(name=name, kind=kind)
            changes["claimant"] = self._claimant
        return changes

    def seen(self) -> dict[str, Any]:
        """The values the editor saw of the fields they changed (the hidden initial inputs)."""
        seen: dict[str, Any] = {}
        for name in self.corrected():
            field = self.fields[name]
            try:
                seen[name] = field.to_python(self.data.get(self.add_initial_prefix(name)))
            except forms.ValidationError:
                continue  # not a value this form ever drew: no check rather than a crash
        return seen
