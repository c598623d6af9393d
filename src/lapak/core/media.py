"""Where uploaded files live. Public images (product photos, logos) sit under MEDIA_ROOT and are served from
their own folders only; private uploads (import spreadsheets, transfer proofs, in-store receipts, appeal
evidence) sit under PRIVATE_MEDIA_ROOT, which no URL maps: views that check who asks hand them out."""

import mimetypes
import os
import uuid
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.http import FileResponse, Http404
from django.utils import timezone
from django.utils._os import safe_join
from django.utils.deconstruct import deconstructible

PUBLIC_FOLDERS = ("produk", "logo")


class PrivateStorage(FileSystemStorage):
    """FileSystemStorage on PRIVATE_MEDIA_ROOT (read per call: tests change it) without URLs. Files stored
    before private uploads moved out of MEDIA_ROOT are still found there, under the same names."""

    @property
    def base_location(self):
        return settings.PRIVATE_MEDIA_ROOT

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    @property
    def base_url(self):
        return None

    def url(self, name):
        raise ValueError("Private files have no URL; serve them through a view that checks who asks.")

    def path(self, name):
        private = super().path(name)
        if not os.path.exists(private):
            legacy = safe_join(os.path.abspath(settings.MEDIA_ROOT), name)
            if os.path.exists(legacy):
                return legacy
        return private


private_storage = PrivateStorage()


def private() -> PrivateStorage:
    """For `storage=` of model fields (a callable keeps migrations free of the instance)."""
    return private_storage


@deconstructible
class RandomName:
    """upload_to: `<folder>/<yyyy>/<mm>/<uuid4 hex><extension>`: not guessable, not the user's file name."""

    def __init__(self, folder: str):
        self.folder = folder

    def __call__(self, instance, filename: str) -> str:
        extension = PurePosixPath(filename).suffix.lower()
        if not extension[1:].isalnum() or len(extension) > 6:
            extension = ""
        return f"{self.folder}/{timezone.localdate():%Y/%m}/{uuid.uuid4().hex}{extension}"

    def __eq__(self, other):
        return isinstance(other, RandomName) and other.folder == self.folder


def public_media_path(path: str) -> Path | None:
    """The file under MEDIA_ROOT a public media URL names, or None: only regular files inside the public
    folders, named by plain parts (no `..`, `.`, empty parts, backslashes, NUL, `%`, absolute paths)."""
    parts = path.split("/")
    if len(parts) < 2 or parts[0] not in PUBLIC_FOLDERS:
        return None
    for part in parts:
        if part in ("", ".", "..") or part.startswith(".") or any(c in part for c in "\\\x00%:"):
            return None
    folder = (Path(settings.MEDIA_ROOT) / parts[0]).resolve()
    full = folder.joinpath(*parts[1:]).resolve()
    if not full.is_relative_to(folder) or not full.is_file():
        return None
    return full


def private_file_response(field) -> FileResponse:
    """A private upload for someone the calling view has checked; a missing file is a 404, never a 500."""
    if not field:
        raise Http404
    try:
        handle = field.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    content_type = mimetypes.guess_type(field.name)[0] or "application/octet-stream"
    response = FileResponse(handle, content_type=content_type)
    response["Cache-Control"] = "private, no-store"
    return response
