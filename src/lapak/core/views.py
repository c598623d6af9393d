from django.shortcuts import render
from django.views.decorators.http import require_safe

from .regions import desa_list


@require_safe
def desa_options(request):
    """HTMX: the <option>s of the desa/kelurahan select for the chosen kecamatan."""
    return render(
        request, "core/partials/desa_options.html", {"desa": desa_list(request.GET.get("kecamatan"))}
    )
