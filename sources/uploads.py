"""Uploaded files are kept only up to the size the ingest form takes.

Django writes every uploaded file whole to memory or to a temporary file before any form
sees it, and DATA_UPLOAD_MAX_MEMORY_SIZE does not count files: one request could fill the
disk. Installed first in FILE_UPLOAD_HANDLERS, for every request (the CSRF check reads a
POST body before any view runs, so a per-view handler would leave the other URLs open).
"""

from __future__ import annotations

import io
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import FileUploadHandler

from sources.forms import MAX_UPLOAD_BYTES


class OversizedUpload(UploadedFile):
    """What is left of a file over the limit: its name and its size, no content. The form
    refuses it by its size ("<name>: N bytes is over the limit"), naming the file."""

    def __init__(self, *, name: str, content_type: str, size: int, charset: str | None) -> None:
        super().__init__(io.BytesIO(), name, content_type, size, charset)


class SizeLimitUploadHandler(FileUploadHandler):
    """Passes a file's data on to the storing handlers until it is over MAX_UPLOAD_BYTES,
    then keeps nothing more of it (the rest is read and counted, not stored) and stands in
    for it with an OversizedUpload. The other files of the request are stored as usual."""

    def new_file(self, *args: Any, **kwargs: Any) -> None:
        super().new_file(*args, **kwargs)
        self.received = 0

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes | None:
        self.received += len(raw_data)
        # None: the handlers after this one (memory, temporary file) get nothing more.
        return None if self.received > MAX_UPLOAD_BYTES else raw_data

    def file_complete(self, file_size: int) -> UploadedFile | None:
        if file_size <= MAX_UPLOAD_BYTES:
            return None  # the next handler has the whole file
        return OversizedUpload(
            name=self.file_name or "",
            content_type=self.content_type or "",
            size=file_size,
            charset=self.charset,
        )
