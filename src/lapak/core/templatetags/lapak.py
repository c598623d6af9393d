"""Indonesian display of money, dates and masked personal data."""

from django import template
from django.utils import timezone

from lapak.core import privacy
from lapak.core.money import format_rupiah

register = template.Library()

MONTHS = ["Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des"]


@register.filter
def rupiah(amount) -> str:
    return "" if amount is None else format_rupiah(amount)


@register.filter
def tanggal(value) -> str:
    """28 Nov 2026 (in Asia/Jakarta for datetimes)."""
    if not value:
        return ""
    if hasattr(value, "hour"):
        value = timezone.localtime(value)
    return f"{value.day} {MONTHS[value.month - 1]} {value.year}"


@register.filter
def jam(value) -> str:
    """14.30 WIB."""
    return f"{timezone.localtime(value):%H.%M} WIB" if value else ""


register.filter("mask_nik", privacy.mask_nik)
register.filter("mask_nip", privacy.mask_nip)
register.filter("mask_phone", privacy.mask_phone)
register.filter("mask_email", privacy.mask_email)


@register.simple_tag(takes_context=True)
def page_url(context, number) -> str:
    """The current URL with its filters kept and the page (`hal`) set."""
    query = context["request"].GET.copy()
    query["hal"] = number
    query.pop("unduh", None)
    return "?" + query.urlencode()
