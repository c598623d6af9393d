"""The access-control matrix: every URL pattern and every API operation, tried as every role and as the wrong
owner. A route that is not declared here fails the test, so a new page or endpoint cannot go live without
someone deciding who may open it.

Allowed means the page answers (200, or a redirect that is not to the login page). Refused means: anonymous
is sent to log in (302 to /masuk/) or refused (401/403/404); a logged-in person gets 403 or 404, never the
page."""

import pytest
from django.test import Client
from django.urls import URLResolver, get_resolver

from lapak.api import api
from tests.access_world import ACTORS, build_world
from tests.clock import TEST_NOW

EVERYONE = frozenset(ACTORS)
LOGGED_IN = EVERYONE - {"anon"}
BUYERS = frozenset({"asn", "asn2", "publik"})
DKUPP = frozenset({"dkupp"})
LEADERS = frozenset({"dkupp", "pimpinan"})
SHOP_OWNERS = frozenset({"owner", "owner2", "kop"})
STAFF = frozenset({"opd", "opd2", "dkupp", "pimpinan"})  # two-factor is theirs

# route name -> (URL arguments, taken from the world's ids where they name one, who may use it[, method]).
# A POST-only route is tried with an empty POST: refused is 403/404 or the login page, allowed is anything
# else (a form error, a redirect).
PAGES = {
    "insights:home": ({}, EVERYONE),
    "insights:statistics": ({}, EVERYONE),
    "insights:dkupp_home": ({}, DKUPP),
    "insights:pimpinan_home": ({}, {"pimpinan"}),
    "insights:dashboard": ({}, LEADERS),
    "insights:dashboard_export": ({"table": "kecamatan", "fmt": "csv"}, LEADERS),
    "insights:program_report": ({"month": "last_month", "fmt": "xlsx"}, LEADERS),
    "insights:shop_dashboard": ({"merchant_id": "euis"}, {"owner"}),
    "insights:opd_dashboard": ({"code": "DINKES"}, {"opd", "dkupp", "pimpinan"}),
    "insights:audit_log": ({}, DKUPP),
    "insights:my_data": ({}, LOGGED_IN),
    "core:desa_options": ({}, EVERYONE),
    "accounts:login": ({}, EVERYONE),
    "accounts:logout": ({}, EVERYONE, "POST"),
    "accounts:register": ({}, EVERYONE),
    "accounts:home": ({}, LOGGED_IN),
    "accounts:switch_role": ({}, LOGGED_IN, "POST"),
    "accounts:profile": ({}, LOGGED_IN),
    "accounts:buyer_home": ({}, {"publik"}),
    # Two-factor is for staff; anyone else who opens these pages is sent home, shown nothing.
    "accounts:two_factor_verify": ({}, LOGGED_IN),
    "accounts:two_factor_setup": ({}, LOGGED_IN),
    "accounts:recovery_codes": ({}, LOGGED_IN),
    "accounts:reauth": ({}, LOGGED_IN),
    "accounts:api_tokens": ({}, STAFF),
    "accounts:password_reset": ({}, EVERYONE),
    "accounts:password_reset_done": ({}, EVERYONE),
    "accounts:password_reset_confirm": ({"uidb64": "MQ", "token": "salah-token"}, EVERYONE),
    "accounts:password_reset_complete": ({}, EVERYONE),
    "merchants:directory": ({}, EVERYONE),
    "merchants:owner_home": ({}, {"owner", "owner2"}),
    "merchants:onboarding_start": ({}, SHOP_OWNERS),
    "merchants:detail": ({"pk": "euis"}, {"owner"}),
    "merchants:onboarding": ({"pk": "euis", "step": 1}, {"owner"}),
    "merchants:koperasi_add_member": ({"pk": "koperasi"}, {"kop"}, "POST"),
    "merchants:koperasi_home": ({}, {"kop"}),
    "merchants:registry": ({}, DKUPP),
    "merchants:dkupp_merchant": ({"pk": "euis"}, DKUPP),
    "merchants:verification_queue": ({}, DKUPP),
    "merchants:eligibility_policy": ({}, DKUPP),
    "merchants:import_start": ({}, DKUPP),
    "merchants:import_job": ({"pk": "job"}, DKUPP),
    "merchants:import_rejections": ({"pk": "job", "fmt": "csv"}, DKUPP),
    "catalog:search": ({}, EVERYONE),
    "catalog:product_page": ({"product_id": "product"}, EVERYONE),
    "catalog:storefront": ({"pk": "euis"}, EVERYONE),
    "catalog:storefront_qr": ({"pk": "euis", "fmt": "svg"}, EVERYONE),
    "catalog:storefront_poster": ({"pk": "euis"}, EVERYONE),
    "catalog:product_list": ({"pk": "euis"}, {"owner"}),
    "catalog:product_new": ({"pk": "euis"}, {"owner"}),
    "catalog:product_edit": ({"pk": "euis", "product_id": "draft"}, {"owner"}),
    "catalog:product_copy": ({"pk": "euis", "product_id": "draft"}, {"owner"}, "POST"),
    "catalog:flagged_products": ({}, DKUPP),
    "notifications:inbox": ({}, LOGGED_IN),
    "orders:cart": ({}, LOGGED_IN),
    "orders:cart_add": ({"product_id": "product"}, LOGGED_IN, "POST"),
    "orders:checkout": ({}, LOGGED_IN),
    "orders:list": ({}, LOGGED_IN),
    "orders:detail": ({"pk": "euis_order"}, {"asn"}),
    "orders:receipt": ({"pk": "euis_order"}, {"asn"}),
    "orders:receipt_pdf": ({"pk": "euis_order"}, {"asn"}),
    "orders:shop_orders": ({"pk": "euis"}, {"owner"}),
    "orders:shop_detail": ({"pk": "euis", "order_id": "euis_order"}, {"owner"}),
    "orders:shop_delivery": ({"pk": "euis"}, {"owner"}),
    "orders:instore_mine": ({}, LOGGED_IN),
    "orders:instore_new": ({"merchant_id": "euis"}, LOGGED_IN),  # the service refuses one's own shop
    "orders:instore_detail": ({"pk": "claim"}, {"asn", "owner"}),
    "orders:instore_receipt": ({"pk": "claim"}, {"asn", "owner"}),
    "orders:instore_shop": ({"pk": "euis"}, {"owner"}),
    "payments:order_qris": ({"pk": "euis_order"}, {"asn", "owner"}),
    "payments:transfer_proof": ({"pk": "asep_order"}, {"asn"}),
    "payments:transfer_proof_image": ({"pk": "asep_order", "proof_id": "proof"}, {"asn", "owner2"}),
    "payments:shop_settings": ({"pk": "euis"}, {"owner"}),
    "program:asn_home": ({}, {"asn", "asn2"}),
    "program:opd_home": ({}, {"opd", "opd2"}),
    "program:opd_detail": ({"code": "DINKES"}, {"opd"}),
    "program:asn_history": ({}, {"asn", "asn2"}),
    "program:appeals": ({}, DKUPP),
    "program:appeal_evidence": ({"pk": "appeal"}, {"asn"} | DKUPP),
    "program:roster_import": ({}, DKUPP),
    "program:closes": ({}, DKUPP),
    "program:close_download": ({"pk": "close", "fmt": "csv"}, DKUPP),
    "program:rules": ({}, DKUPP),
    "program:rule_edit": ({"month": "month"}, DKUPP),
    "set_language": ({}, EVERYONE),
}

# The wrong owner, named explicitly: the same page for another shop's, person's or agency's object, opened by
# someone who owns a different one. Each must be refused.
WRONG_OWNER = [
    ("merchants:detail", {"pk": "asep"}, "owner"),
    (
        "catalog:product_edit",
        {"pk": "asep", "product_id": "draft"},
        "owner2",
    ),  # Euis's product via Asep's shop
    ("catalog:product_edit", {"pk": "euis", "product_id": "draft"}, "owner2"),
    ("orders:shop_detail", {"pk": "asep", "order_id": "euis_order"}, "owner2"),
    ("orders:detail", {"pk": "euis_order"}, "asn2"),
    ("orders:receipt_pdf", {"pk": "euis_order"}, "owner2"),
    ("payments:transfer_proof_image", {"pk": "asep_order", "proof_id": "proof"}, "owner"),
    (
        "payments:transfer_proof_image",
        {"pk": "euis_order", "proof_id": "proof"},
        "asn",
    ),  # proof of another order
    ("orders:instore_receipt", {"pk": "claim"}, "owner2"),
    ("program:appeal_evidence", {"pk": "appeal"}, "asn2"),
    ("insights:shop_dashboard", {"merchant_id": "asep"}, "owner"),
    ("insights:opd_dashboard", {"code": "DINKES"}, "opd2"),
    ("program:opd_detail", {"code": "DISDIK"}, "opd"),
    ("merchants:koperasi_add_member", {"pk": "euis"}, "kop"),
]

# Outside the matrix: Django's admin (its own staff permission checks, tested by Django) and the public media
# route (tests/core: only product photos and logos, no traversal).
NOT_IN_MATRIX_PREFIXES = ("admin:",)


def _routes(patterns, namespace=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = namespace + (f"{pattern.namespace}:" if pattern.namespace else "")
            yield from _routes(pattern.url_patterns, inner)
        elif pattern.name:
            yield namespace + pattern.name


def _url(name, arguments, ids):
    from django.urls import reverse

    return reverse(name, kwargs={key: ids.get(value, value) for key, value in arguments.items()})


def _allowed(response, method="GET") -> bool:
    to_login = response.status_code == 302 and response["Location"].startswith("/masuk/")
    if method == "POST":
        return response.status_code not in (401, 403, 404) and not to_login
    return response.status_code == 200 or (response.status_code == 302 and not to_login)


def test_every_page_is_declared():
    web = {name for name in _routes(get_resolver().url_patterns) if not name.startswith("api-v1:")}
    undeclared = sorted(n for n in web - set(PAGES) if not n.startswith(NOT_IN_MATRIX_PREFIXES))
    assert undeclared == [], f"declare who may open these in tests/test_access_matrix.py: {undeclared}"
    assert sorted(set(PAGES) - web) == []


@pytest.fixture
def world(regions):
    return build_world(TEST_NOW)


def _client(world, actor) -> Client:
    client = Client()
    if actor != "anon":
        client.force_login(world.users[actor])
    return client


def test_each_page_as_every_role(world):
    wrong = []
    for name, (arguments, allowed, *method) in PAGES.items():
        url, method = _url(name, arguments, world.ids), (method or ["GET"])[0]
        for actor in ACTORS:
            response = _client(world, actor).generic(method, url)  # fresh: logging out must not carry over
            assert response.status_code < 500, (name, actor, response.status_code)
            if _allowed(response, method) != (actor in allowed):
                wrong.append(f"{name} as {actor}: {response.status_code} {response.get('Location', '')}")
    assert wrong == [], "\n".join(wrong)


def test_the_wrong_owner_is_refused(world):
    for name, arguments, actor in WRONG_OWNER:
        method = (PAGES[name][2:] or ["GET"])[0]
        response = _client(world, actor).generic(method, _url(name, arguments, world.ids))
        assert response.status_code in (403, 404), (name, actor, response.status_code)


# API operation -> (path arguments, who may call it, body). Tokens act with their account's roles. Bodies are
# valid, so a refusal is the authorisation's, not the validation's.
ADDRESS_IN = {
    "recipient": "Siti",
    "phone": "081234500009",
    "kecamatan_id": "32.13.01",
    "street": "Jl. Cagak 1",
}
API = {
    ("GET", "/api/v1/merchants/"): ({}, EVERYONE, None),
    ("GET", "/api/v1/merchants/{merchant_id}"): ({"merchant_id": "euis"}, EVERYONE, None),
    ("GET", "/api/v1/registry/merchants"): ({}, DKUPP, None),
    ("GET", "/api/v1/registry/merchants/{merchant_id}"): ({"merchant_id": "euis"}, DKUPP, None),
    ("GET", "/api/v1/registry/counts"): ({}, DKUPP, None),
    ("GET", "/api/v1/catalog/categories"): ({}, EVERYONE, None),
    ("GET", "/api/v1/catalog/products"): ({}, EVERYONE, None),
    ("GET", "/api/v1/catalog/products/{product_id}"): ({"product_id": "product"}, EVERYONE, None),
    ("GET", "/api/v1/shops/{merchant_id}/products"): ({"merchant_id": "euis"}, {"owner"}, None),
    ("POST", "/api/v1/shops/{merchant_id}/products"): ({"merchant_id": "euis"}, {"owner"}, {"name": "Opak"}),
    ("PATCH", "/api/v1/shops/{merchant_id}/products/{product_id}"): (
        {"merchant_id": "euis", "product_id": "draft"},
        {"owner"},
        {"price": 21_000},
    ),
    ("POST", "/api/v1/shops/{merchant_id}/products/{product_id}/duplicate"): (
        {"merchant_id": "euis", "product_id": "draft"},
        {"owner"},
        None,
    ),
    ("POST", "/api/v1/shops/{merchant_id}/products/{product_id}/photos"): (
        {"merchant_id": "euis", "product_id": "draft"},
        {"owner"},
        "photo",
    ),
    ("POST", "/api/v1/shops/{merchant_id}/stock-price"): ({"merchant_id": "euis"}, {"owner"}, []),
    ("GET", "/api/v1/orders/cart"): ({}, LOGGED_IN, None),
    ("PUT", "/api/v1/orders/cart/{product_id}"): ({"product_id": "product"}, LOGGED_IN, {"quantity": 0}),
    ("POST", "/api/v1/orders/checkout"): ({}, LOGGED_IN, {"shops": [], "address": ADDRESS_IN}),
    ("GET", "/api/v1/orders/"): ({}, LOGGED_IN, None),
    ("GET", "/api/v1/orders/{order_id}"): ({"order_id": "euis_order"}, {"asn"}, None),
    ("POST", "/api/v1/orders/{order_id}/{action}"): (
        {"order_id": "euis_order", "action": "batal"},
        {"asn"},
        {},
    ),
    ("GET", "/api/v1/orders/shop/{merchant_id}"): ({"merchant_id": "euis"}, {"owner"}, None),
    ("POST", "/api/v1/orders/shop/{merchant_id}/{order_id}/{action}"): (
        {"merchant_id": "euis", "order_id": "euis_order", "action": "proses"},
        {"owner"},
        {},
    ),
    # Gateways prove themselves with a signature, not a login: tests/payments.
    ("POST", "/api/v1/payments/midtrans"): ({}, EVERYONE, "gateway"),
    ("POST", "/api/v1/payments/xendit"): ({}, EVERYONE, "gateway"),
    ("GET", "/api/v1/program/progress"): ({}, {"asn", "asn2"}, None),
    ("GET", "/api/v1/program/closes/{month}"): ({"month": "last_month"}, DKUPP, None),
    ("POST", "/api/v1/program/roster"): ({}, DKUPP, "file"),
}

API_WRONG_OWNER = [
    ("GET", "/api/v1/orders/{order_id}", {"order_id": "euis_order"}, "asn2"),
    ("GET", "/api/v1/orders/shop/{merchant_id}", {"merchant_id": "asep"}, "owner"),
    ("GET", "/api/v1/shops/{merchant_id}/products", {"merchant_id": "asep"}, "owner"),
    (
        "PATCH",
        "/api/v1/shops/{merchant_id}/products/{product_id}",
        {"merchant_id": "asep", "product_id": "draft"},
        "owner2",
    ),
    (
        "POST",
        "/api/v1/orders/shop/{merchant_id}/{order_id}/{action}",
        {"merchant_id": "asep", "order_id": "euis_order", "action": "proses"},
        "owner2",
    ),
]


def test_every_api_operation_is_declared():
    schema = api.get_openapi_schema()
    operations = {(method.upper(), path) for path, ops in schema["paths"].items() for method in ops}
    assert sorted(operations - set(API)) == [], "declare who may call these in tests/test_access_matrix.py"
    assert sorted(set(API) - operations) == []


def _call(world, actor, method, path, arguments, body):
    import io

    from PIL import Image

    url = path.format(**{key: world.ids.get(value, value) for key, value in arguments.items()})
    headers = {} if actor == "anon" else {"HTTP_AUTHORIZATION": f"Bearer {world.tokens[actor]}"}
    headers["HTTP_IDEMPOTENCY_KEY"] = f"matriks-{actor}"
    client = Client()
    if body in ("photo", "file"):
        if body == "photo":
            buffer = io.BytesIO()
            Image.new("RGB", (40, 30), "orange").save(buffer, "PNG")
            upload = io.BytesIO(buffer.getvalue())
            upload.name = "foto.png"
        else:
            upload = io.BytesIO(b"NIP;Nama\n")
            upload.name = "asn.csv"
        return (
            client.generic(method, url, **headers) if False else client.post(url, {body: upload}, **headers)
        )
    if body == "gateway":
        return client.post(url, "{}", content_type="application/json", **headers)
    if body is None:
        return client.generic(method, url, **headers)
    import json

    return client.generic(method, url, json.dumps(body), content_type="application/json", **headers)


def test_each_api_operation_as_every_role(world):
    wrong = []
    for (method, path), (arguments, allowed, body) in API.items():
        for actor in ACTORS:
            response = _call(world, actor, method, path, arguments, body)
            assert response.status_code < 500, (method, path, actor, response.status_code)
            refused = response.status_code in (401, 403, 404)
            if body == "gateway":
                refused = False  # unsigned notifications are refused for everyone alike (403)
            if refused == (actor in allowed):
                wrong.append(f"{method} {path} as {actor}: {response.status_code}")
    assert wrong == [], "\n".join(wrong)


def test_the_api_refuses_the_wrong_owner(world):
    for method, path, arguments, actor in API_WRONG_OWNER:
        body = API[(method, path)][2]
        response = _call(world, actor, method, path, arguments, body)
        assert response.status_code in (403, 404), (method, path, actor, response.status_code)
