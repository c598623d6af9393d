"""DKUPP's page for products the rules flagged: the queue, oldest first, and the two decisions."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from lapak.accounts.permissions import role_required
from lapak.accounts.roles import Role

from .models import Product
from .review import BLOCK_REASON_MAX, flagged_waiting, product_flag_allow, product_flag_block

PER_PAGE = 50


class FlagDecisionForm(forms.Form):
    produk = forms.IntegerField(min_value=1)
    keputusan = forms.ChoiceField(choices=Product.FlagDecision.choices)
    alasan = forms.CharField(required=False, strip=True)  # required for blocking: the service says so


@role_required(Role.ADMIN_DKUPP)
def flagged_products(request):
    """Fixed queries whatever the queue's length: session and user, one count, one page of rows."""
    page_number = request.GET.get("hal", "")
    here = reverse("catalog:flagged_products") + (f"?hal={page_number}" if page_number.isdigit() else "")
    failed = None
    if request.method == "POST":
        form = FlagDecisionForm(request.POST)
        if not form.is_valid():
            return HttpResponseBadRequest(_("Keputusan tidak dikenal."))
        data = form.cleaned_data
        product = get_object_or_404(Product.objects.only("name"), pk=data["produk"])
        try:
            if data["keputusan"] == Product.FlagDecision.ALLOWED:
                product_flag_allow(product=product, actor=request.user)
                done = _("“%(name)s” boleh dijual; pemiliknya sudah diberi tahu.")
            else:
                product_flag_block(product=product, actor=request.user, reason=data["alasan"])
                done = _("“%(name)s” tetap diblokir; pemiliknya sudah diberi tahu alasannya.")
        except ValidationError as exc:
            if exc.code != "reason":  # decided meanwhile by someone else: it has left the queue
                messages.error(request, exc.messages[0])
                return redirect(here)
            failed = {
                "pk": product.pk,
                "name": product.name,
                "message": exc.messages[0],
                "reason": data["alasan"],
            }
        else:
            messages.success(request, done % {"name": product.name})
            return redirect(here)
    rows = flagged_waiting().select_related("merchant")
    rows = rows.only("name", "description", "flag_reason", "flagged_at", "merchant__name")
    page = Paginator(rows, PER_PAGE).get_page(page_number)
    context = {"page": page, "failed": failed, "reason_max": BLOCK_REASON_MAX}
    return render(request, "catalog/flagged_products.html", context)
