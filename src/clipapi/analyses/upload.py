"""Streams a multipart upload to disk, counting bytes as they arrive.

Starlette's form parser would buffer the whole body before we could refuse it; here the
500 MB cap holds while reading, memory stays flat, and a refused upload leaves no file.
"""

from __future__ import annotations

import errno
import uuid
from dataclasses import dataclass, field
from pathlib import Path, PurePath
from typing import IO

from python_multipart import MultipartParser
from python_multipart.multipart import parse_options_header
from starlette.requests import Request

from clipapi.errors import BadRequest, InsufficientStorage, PayloadTooLarge

MAX_PARTS = 16
MAX_FIELD_BYTES = 8 * 1024
FORM_OVERHEAD_BYTES = 1024 * 1024  # headers and small fields around the file part


@dataclass
class UploadForm:
    path: Path | None = None
    filename: str = ""
    size: int = 0
    fields: dict[str, str] = field(default_factory=dict)

    def discard(self) -> None:
        if self.path is not None:
            self.path.unlink(missing_ok=True)


class _Collector:
    def __init__(self, dest_dir: Path, max_bytes: int) -> None:
        self.form = UploadForm()
        self.dest_dir = dest_dir
        self.max_bytes = max_bytes
        self.parts = 0
        self._header_field = b""
        self._header_value = b""
        self._headers: dict[bytes, bytes] = {}
        self._name = ""
        self._file: IO[bytes] | None = None
        self._value = bytearray()

    def on_part_begin(self) -> None:
        self.parts += 1
        if self.parts > MAX_PARTS:
            raise BadRequest(f"Too many form fields (at most {MAX_PARTS})")
        self._headers = {}
        self._value = bytearray()

    def on_header_field(self, data: bytes, start: int, end: int) -> None:
        self._header_field += data[start:end]

    def on_header_value(self, data: bytes, start: int, end: int) -> None:
        self._header_value += data[start:end]

    def on_header_end(self) -> None:
        self._headers[self._header_field.lower()] = self._header_value
        self._header_field = b""
        self._header_value = b""

    def on_headers_finished(self) -> None:
        _, options = parse_options_header(self._headers.get(b"content-disposition", b""))
        self._name = options.get(b"name", b"").decode("utf-8", "replace")
        if b"filename" in options:
            if self._name != "file" or self.form.path is not None:
                raise BadRequest("Send exactly one file, in the form field 'file'")
            raw = options[b"filename"].decode("utf-8", "replace")
            self.form.filename = PurePath(raw.replace("\\", "/")).name[:255] or "upload"
            suffix = PurePath(self.form.filename).suffix.lower()[:8]
            self.form.path = self.dest_dir / f"{uuid.uuid4().hex}{suffix}"
            self._file = self.form.path.open("wb")

    def on_part_data(self, data: bytes, start: int, end: int) -> None:
        chunk = data[start:end]
        if self._file is not None:
            self.form.size += len(chunk)
            if self.form.size > self.max_bytes:
                raise PayloadTooLarge(
                    f"Upload exceeds the {self.max_bytes // (1024 * 1024)} MB limit"
                )
            self._file.write(chunk)
            return
        self._value += chunk
        if len(self._value) > MAX_FIELD_BYTES:
            raise BadRequest(f"Form field {self._name!r} is too long")

    def on_part_end(self) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None
        elif self._name:
            self.form.fields[self._name] = self._value.decode("utf-8", "replace")

    def close(self) -> None:
        if self._file is not None:
            self._file.close()


async def read_upload(request: Request, dest_dir: Path, max_bytes: int) -> UploadForm:
    content_type, options = parse_options_header(request.headers.get("content-type", ""))
    boundary = options.get(b"boundary")
    if content_type != b"multipart/form-data" or not boundary or len(boundary) > 200:
        raise BadRequest("Send the video as multipart/form-data with a 'file' field")
    declared = request.headers.get("content-length")
    if (
        declared is not None
        and declared.isdigit()
        and int(declared) > max_bytes + FORM_OVERHEAD_BYTES
    ):
        raise PayloadTooLarge(f"Upload exceeds the {max_bytes // (1024 * 1024)} MB limit")
    collector = _Collector(dest_dir, max_bytes)
    parser = MultipartParser(
        boundary,
        {
            "on_part_begin": collector.on_part_begin,
            "on_part_data": collector.on_part_data,
            "on_part_end": collector.on_part_end,
            "on_header_field": collector.on_header_field,
            "on_header_value": collector.on_header_value,
            "on_header_end": collector.on_header_end,
            "on_headers_finished": collector.on_headers_finished,
        },
        max_size=max_bytes + FORM_OVERHEAD_BYTES,
    )
    try:
        async for chunk in request.stream():
            parser.write(chunk)
        parser.finalize()
    except OSError as exc:
        collector.close()
        collector.form.discard()
        if exc.errno == errno.ENOSPC:
            raise InsufficientStorage() from exc
        raise
    except Exception as exc:
        collector.close()
        collector.form.discard()
        if isinstance(exc, BadRequest | PayloadTooLarge):
            raise
        raise BadRequest("Malformed multipart body") from exc
    collector.close()
    if collector.form.path is None or collector.form.size == 0:
        collector.form.discard()
        raise BadRequest("The form has no file, or the file is empty (field 'file')")
    return collector.form
