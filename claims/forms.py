"""Editors' forms on the claim page. Validation here; the act itself in claims.editorial."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.validators import URLValidator

from claims.editorial import CLAIM_PARTS_CORRECTABLE, SUMMARY_MAX_LENGTH
from claims.filters import ISO_DATE
from claims.models import Claim, DatePrecision, Mention
from sources.forms import OwnIdsForm, ProseField
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
        widget=forms.DateInput(attrs={"type": "date"}),
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
