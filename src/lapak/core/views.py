from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_safe
from django.views.static import serve

from .media import public_media_path
from .regions import desa_list


@require_safe
def desa_options(request):
    """HTMX: the <option>s of the desa/kelurahan select for the chosen kecamatan."""
    return render(
        request, "core/partials/desa_options.html", {"desa": desa_list(request.GET.get("kecamatan"))}
    )


@require_safe
def public_media(request, path):
    """Logos and product photos, in debug and under `lapak serve` alike; anything else under /media/: 404."""
    found = public_media_path(path)
    if found is None:
        raise Http404
    return serve(request, found.name, document_root=found.parent)
