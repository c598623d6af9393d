"""Request bodies Django cannot or will not read are answered here, before any view: a body over
DATA_UPLOAD_MAX_MEMORY_SIZE (file uploads aside) is a 413, a multipart body without a valid boundary a 400.
Without this, a view that reads the body raises, and under debug the API answers with a 500 traceback."""

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.http import HttpResponse, JsonResponse
from django.http.multipartparser import MultiPartParser, MultiPartParserError
from django.utils.html import escape
from django.utils.translation import gettext as _

_REFUSED = (RequestDataTooBig, MultiPartParserError, TooManyFieldsSent, TooManyFilesSent)


def _refusal(request, status: int, message: str) -> HttpResponse:
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": message}, status=status)
    title = escape(_("Permintaan tidak dapat diproses"))
    page = (
        '<!doctype html><html lang="id"><head><meta charset="utf-8"><meta name="viewport"'
        f' content="width=device-width, initial-scale=1"><title>{title}</title></head><body>'
        f"<h1>{title}</h1><p>{escape(message)}</p>"
        f'<p><a href="/">{escape(_("Ke beranda"))}</a></p></body></html>'
    )
    return HttpResponse(page, status=status)


def _too_big(request) -> HttpResponse:
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE / 1024 / 1024
    return _refusal(
        request,
        413,
        _("Data yang dikirim terlalu besar (maksimal %(mb).1f MB, di luar berkas unggahan).") % {"mb": limit},
    )


def _malformed(request) -> HttpResponse:
    return _refusal(
        request, 400, _("Data formulir yang dikirim rusak atau tidak lengkap. Muat ulang halaman.")
    )


def _content_length(request) -> int:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0


def _valid_boundary(request) -> bool:
    boundary = (request.content_params or {}).get("boundary", "")
    # The parser's own check, made before any view reads the body.
    return bool(boundary) and MultiPartParser.boundary_re.fullmatch(boundary) is not None


class RequestBodyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in ("GET", "HEAD", "OPTIONS"):
            limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
            multipart = request.content_type == "multipart/form-data"
            if multipart and not _valid_boundary(request):
                return _malformed(request)
            if not multipart and limit is not None and _content_length(request) > limit:
                return _too_big(request)
        return self.get_response(request)

    def process_exception(self, request, exception):
        """What only reading shows (a chunked body over the limit, too many fields, a broken part)."""
        if isinstance(exception, RequestDataTooBig):
            return _too_big(request)
        if isinstance(exception, _REFUSED):
            return _malformed(request)
        return None
