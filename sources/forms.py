"""The ingest page's forms: URLs, a feed, uploaded files. They parse; services act."""

from __future__ import annotations

from typing import Any, ClassVar

from django import forms
from django.core.exceptions import ValidationError

from sources.feeds import MAX_POLL_MINUTES, MIN_POLL_MINUTES
from sources.services import published_parse, url_validate
from sources.validators import no_control_characters, page_breaks_as_spaces

MAX_URLS = 200
MAX_UPLOAD_BYTES = 10 * 1024 * 1024
UPLOAD_EXTENSIONS = (".html", ".htm", ".txt")


def upload_extension(name: str) -> str:
    """The importable extension an uploaded file's name ends with (lower-case), or "". Not
    pathlib's suffix, which is empty for a name that is only an extension (".html")."""
    lowered = name.lower()
    return next((ext for ext in UPLOAD_EXTENSIONS if lowered.endswith(ext)), "")


class ProseField(forms.CharField):
    """Text a person writes or pastes (a note, a summary, an outlet's name): a page break
    (form feed, vertical tab) is a space; any other control character but tab and line
    breaks is refused, as XML, and so the Atom feeds, cannot carry it."""

    default_validators = [no_control_characters]

    def to_python(self, value: Any) -> Any:
        value = super().to_python(value)
        return page_breaks_as_spaces(value) if isinstance(value, str) else value


class OwnIdsForm(forms.Form):
    """A form on a page that holds others with fields of the same name (the ingest page's
    three "Outlet" fields, the claim page's "Note"s): its ids are id_<id_prefix>_<field>, so
    each label points at its own form's field. The names sent are unchanged."""

    id_prefix: ClassVar[str]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", f"id_{self.id_prefix}_%s")
        super().__init__(*args, **kwargs)


class UrlsForm(OwnIdsForm):
    id_prefix = "urls"

    urls = forms.CharField(
        label="Article URLs, one per line",
        widget=forms.Textarea(
            attrs={"rows": 5, "placeholder": "https://www.example.com/news/2024/10/24/story"}
        ),
    )
    source = ProseField(
        label="Outlet (optional)",
        required=False,
        max_length=200,
        help_text="Otherwise the outlet comes from the site's domain.",
    )

    def clean_urls(self) -> list[str]:
        lines = [line.strip() for line in self.cleaned_data["urls"].splitlines()]
        lines = [line for line in lines if line]
        if not lines:
            raise ValidationError("Paste at least one URL.", code="empty")
        if len(lines) > MAX_URLS:
            raise ValidationError(
                f"At most {MAX_URLS} URLs at a time ({len(lines)} given).", code="too_many"
            )
        problems = []
        for number, line in enumerate(lines, start=1):
            try:
                url_validate(line)
            except ValidationError as exc:
                problems.append(f"line {number} ({line[:100]}): {' '.join(exc.messages)}")
        if problems:
            # Nothing is queued when a line is wrong: the editor fixes it and resubmits all.
            # Said on its own, not glued onto the first line's error.
            self.add_error(
                None,
                ValidationError(
                    "Nothing was queued. Fix the lines below and send the list again.",
                    code="nothing_queued",
                ),
            )
            raise ValidationError(problems, code="bad_url")
        return lines


class FeedForm(OwnIdsForm):
    id_prefix = "feed"

    url = forms.CharField(
        label="Feed URL (RSS or Atom)",
        max_length=2000,
        widget=forms.URLInput(attrs={"placeholder": "https://www.example.com/rss.xml"}),
    )
    source = ProseField(
        label="Outlet (optional)",
        required=False,
        max_length=200,
    )
    every_minutes = forms.IntegerField(
        label="Poll every (minutes)",
        required=False,
        min_value=MIN_POLL_MINUTES,
        max_value=MAX_POLL_MINUTES,
    )


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault(
            "widget", MultipleFileInput(attrs={"accept": ",".join(UPLOAD_EXTENSIONS)})
        )
        # An empty file goes on to the importer, which refuses it by name ("a.txt: the file
        # is empty.") while the others go in; FileField's own check refused the whole form
        # without saying which file it meant.
        kwargs.setdefault("allow_empty_file", True)
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data]
        return [single(data, initial)]


class FilesForm(OwnIdsForm):
    id_prefix = "files"

    # Not "files": a Form already has a `files` attribute (the uploaded data).
    documents = MultipleFileField(label="Files (.html, .htm or .txt)")
    source = ProseField(
        label="Outlet (optional)",
        required=False,
        max_length=200,
    )
    published = forms.DateField(
        label="Published (optional)",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    byline = ProseField(
        label="Byline (optional)",
        required=False,
        max_length=500,
    )

    def clean_documents(self) -> list[Any]:
        """The files to import. One over the size limit is left out and named in
        `self.refused`, like an empty file the import refuses: the others still go in."""
        files: list[Any] = self.cleaned_data["documents"]
        self.refused: list[str] = []
        kept: list[Any] = []
        for upload in files:
            name = upload.name or ""
            if not upload_extension(name):
                raise ValidationError(
                    f"{name}: only .html, .htm and .txt files can be imported.", code="type"
                )
            if upload.size > MAX_UPLOAD_BYTES:
                self.refused.append(
                    f"{name}: {upload.size:,} bytes is over the {MAX_UPLOAD_BYTES:,}-byte limit."
                )
            else:
                kept.append(upload)
        return kept

    def clean_published(self) -> Any:
        """Checked here, once, as the date field's error: passed on, a date in the future
        was refused by the importer once per file, each time as that file's fault."""
        published = self.cleaned_data["published"]
        published_parse(published)
        return published
