"""Product search, one interface over what each database does well.

SQLite: an FTS5 index (external content, kept in step by triggers) ranked with bm25.
PostgreSQL: full-text search on the same document ranked with ts_rank, plus trigram word matching (pg_trgm)
for typos the spelling key does not cover.

Both search `Product.search_document`: the words of the name, category, shop and description, each followed
by its spelling key (see `spelling_key`), so "kripik" finds "keripik" and "tjitjadas" finds "Cicadas".

Fairness: the default ordering interleaves shops — each shop's best match first, then every shop's second
best, and so on — so the first page shows as many sellers as it can, not the few with the most listings.
LAPAK_SEARCH_SPREAD (default True) turns this off for pure relevance.
"""

import re
import unicodedata

from django.conf import settings
from django.db import connection
from django.db.models import F, FloatField, Q, Value, Window
from django.db.models.expressions import RawSQL
from django.db.models.functions import RowNumber
from django.utils.translation import gettext_lazy

from lapak.merchants.eligibility import eligible_merchants_q
from lapak.merchants.models import Merchant

from .models import Product

KEY_PREFIX = "qq"  # marks spelling keys inside the document; no Indonesian word starts with it
_WORD = re.compile(r"[a-z0-9]+")
_VARIANTS = [("oe", "u"), ("dj", "j"), ("tj", "c"), ("nj", "ny"), ("sj", "sy"), ("ch", "kh"), ("ph", "f")]

# key in the URL, label for people, ordering (None: relevance, with shops interleaved)
SORTS = [
    ("relevansi", gettext_lazy("Paling sesuai"), None),
    ("termurah", gettext_lazy("Harga terendah"), "price"),
    ("termahal", gettext_lazy("Harga tertinggi"), "-price"),
    ("terbaru", gettext_lazy("Terbaru"), "-created_at"),
]


def words(text: str) -> list[str]:
    folded = unicodedata.normalize("NFKD", text or "").encode("ascii", "ignore").decode().lower()
    return _WORD.findall(folded)


def spelling_key(word: str) -> str:
    """The consonant skeleton of a word after old-spelling fixes: keripik/kripik/keripiq -> krpk.
    Vowels are what people most often drop, add or swap when typing Indonesian on a phone."""
    for old, new in _VARIANTS:
        word = word.replace(old, new)
    word = word.replace("q", "k")
    skeleton = word[0] + re.sub(r"[aeiou]", "", word[1:])
    return re.sub(r"(.)\1+", r"\1", skeleton)  # doubled letters: "nanas" and "nannas" alike


def search_document(*parts: str) -> str:
    tokens = []
    for word in words(" ".join(parts)):
        tokens.append(word)
        if len(word) >= 3 and not word.isdigit():
            tokens.append(KEY_PREFIX + spelling_key(word))
    return " ".join(tokens)


def _query_terms(q: str) -> list[tuple[str, str | None]]:
    return [(w, spelling_key(w) if len(w) >= 3 and not w.isdigit() else None) for w in words(q)][:8]


def _match(qs, q: str):
    """Filter to matches and annotate `rank` (higher is better)."""
    terms = _query_terms(q)
    if not terms:
        return qs.none()
    if connection.vendor == "sqlite":
        expression = " AND ".join(
            f'("{w}"*' + (f' OR "{KEY_PREFIX}{key}"*)' if key else ")") for w, key in terms
        )
        matching = RawSQL(
            "SELECT rowid FROM catalog_product_fts WHERE catalog_product_fts MATCH %s", [expression]
        )
        rank = RawSQL(
            "(SELECT -bm25(catalog_product_fts) FROM catalog_product_fts "
            "WHERE catalog_product_fts MATCH %s AND rowid = catalog_product.id)",
            [expression],
            output_field=FloatField(),
        )
        return qs.filter(id__in=matching).annotate(rank=rank)
    tsquery = " & ".join(f"({w}:*" + (f" | {KEY_PREFIX}{key}:*)" if key else ")") for w, key in terms)
    text = " ".join(w for w, _key in terms)
    matching = RawSQL(
        "SELECT id FROM catalog_product "
        "WHERE to_tsvector('simple', search_document) @@ to_tsquery('simple', %s) OR %s <%% search_document",
        [tsquery, text],
    )
    rank = RawSQL(
        "ts_rank(to_tsvector('simple', catalog_product.search_document), to_tsquery('simple', %s)) "
        "+ word_similarity(%s, catalog_product.search_document)",
        [tsquery, text],
        output_field=FloatField(),
    )
    return qs.filter(id__in=matching).annotate(rank=rank)


def product_search(
    *,
    q: str = "",
    category: str = "",
    kecamatan: str = "",
    price_min: int | None = None,
    price_max: int | None = None,
    halal: bool = False,
    eligible: bool = False,
    in_stock: bool = False,
    sort: str = "relevansi",
):
    """Active products of verified shops, filtered and ordered; a queryset to paginate."""
    qs = Product.objects.filter(status=Product.Status.ACTIVE, merchant__status=Merchant.Status.VERIFIED)
    if category:
        qs = qs.filter(category__slug=category)
    if kecamatan:
        qs = qs.filter(merchant__kecamatan_id=kecamatan)
    if price_min is not None:
        qs = qs.filter(price__gte=price_min)
    if price_max is not None:
        qs = qs.filter(price__lte=price_max)
    if halal:
        qs = qs.filter(merchant__permits__kind="halal")
    if eligible:
        qs = qs.filter(merchant__in=Merchant.objects.filter(eligible_merchants_q()))
    if in_stock:
        qs = qs.filter(Q(stock__gt=0) | Q(stock__isnull=True))
    qs = _match(qs, q) if q.strip() else qs.annotate(rank=Value(0.0, output_field=FloatField()))
    qs = qs.select_related("merchant__kecamatan", "category").prefetch_related("photos")
    order = next((order for key, _label, order in SORTS if key == sort), None)
    if order:
        return qs.order_by(order, "pk")
    if getattr(settings, "LAPAK_SEARCH_SPREAD", True):
        slot = Window(RowNumber(), partition_by=[F("merchant_id")], order_by=[F("rank").desc(), F("pk")])
        return qs.annotate(shop_slot=slot).order_by("shop_slot", "-rank", "pk")
    return qs.order_by("-rank", "pk")
