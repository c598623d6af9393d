"""Product search, one interface over what each database does well.

Matching. Both databases search `Product.search_document`: the words of the name, category, shop and
description, each followed by its spelling key (see `spelling_key`), so "kripik" finds "keripik" and
"tjitjadas" finds "Cicadas". SQLite matches with an FTS5 index; PostgreSQL with a GIN-indexed tsvector and,
when that finds nothing, trigram similarity (pg_trgm) for typos the spelling key does not cover.

Bounded work. A common word matches a fifth of a million products; ranking or even counting all of them
costs hundreds of milliseconds. So search takes at most LAPAK_SEARCH_CANDIDATES products, walking an index
of the listing columns in the order of the chosen sort, and ranks only those. For relevance that order is
the shop's recent orders (fewest first), then a fixed random number: when more products match than can be
ranked, the candidates come from the least-served shops. Pages are cut from the ranked candidates, so page
25 costs what page 1 costs, and the count says "more than N" instead of counting.

Fairness. The relevance ordering blends how well the name matches the query with exposure for shops that
had few orders recently: score = relevance + LAPAK_SEARCH_EXPOSURE_WEIGHT / (1 + recent orders). Then shops
are interleaved — each shop's best product first, then every shop's second best — so one seller with many
listings cannot fill the first page (LAPAK_SEARCH_SPREAD turns this off).
"""

import functools
import re
import unicodedata
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from django.conf import settings
from django.db import connection
from django.utils.translation import gettext_lazy

from lapak.core.money import MAX_RUPIAH
from lapak.core.regions import kecamatan_by_distance

from .models import Product

KEY_PREFIX = "qq"  # marks spelling keys inside the document; no Indonesian word starts with it
_WORD = re.compile(r"[a-z0-9]+")
_VARIANTS = [("oe", "u"), ("dj", "j"), ("tj", "c"), ("nj", "ny"), ("sj", "sy"), ("ch", "kh"), ("ph", "f")]
SELECTIVE = 2000  # SQLite: fewer matches than this are looked up by id instead of walking an index

# key in the URL, label for people, candidate order in SQL (None: relevance)
SORTS = [
    ("relevansi", gettext_lazy("Paling sesuai"), None),
    ("terdekat", gettext_lazy("Kecamatan terdekat"), None),
    ("termurah", gettext_lazy("Harga terendah"), "price, id"),
    ("termahal", gettext_lazy("Harga tertinggi"), "price DESC, id DESC"),
    ("terbaru", gettext_lazy("Terbaru"), "id DESC"),
]
FAIR_ORDER = "shop_recent_orders, shuffle, id"


def words(text: str) -> list[str]:
    folded = unicodedata.normalize("NFKD", text or "").encode("ascii", "ignore").decode().lower()
    return _WORD.findall(folded)


@functools.lru_cache(maxsize=100_000)  # ranking keys the words of hundreds of names per query
def spelling_key(word: str) -> str:
    """The consonant skeleton of a word after old-spelling fixes: keripik/kripik/keripiq -> krpk.
    Vowels are what people most often drop, add or swap when typing Indonesian on a phone."""
    for old, new in _VARIANTS:
        word = word.replace(old, new)
    word = word.replace("q", "k")
    skeleton = word[0] + re.sub(r"[aeiou]", "", word[1:])
    return re.sub(r"(.)\1+", r"\1", skeleton)  # doubled letters: "nanas" and "nannas" alike


def _key(word: str) -> str | None:
    return spelling_key(word) if len(word) >= 3 and not word.isdigit() else None


def search_document(*parts: str) -> str:
    tokens = []
    for word in words(" ".join(parts)):
        tokens.append(word)
        if _key(word):
            tokens.append(KEY_PREFIX + _key(word))
    return " ".join(tokens)


def _query_terms(q: str) -> list[tuple[str, str | None]]:
    return [(w, _key(w)) for w in words(q)][:8]


def relevance(name: str, terms: list[tuple[str, str | None]]) -> float:
    """How well a product's name answers the query, 0–1.5. Every candidate already contains every query
    word somewhere (name, category, shop or description); this prefers those where the name does, exactly
    rather than by prefix or spelling key, in the query's order."""
    if not terms:
        return 0.0
    name_words = words(name)
    keys = [_key(w) for w in name_words]
    positions, score = [], 0.0
    for word, key in terms:
        hit = next(((i, 1.0) for i, w in enumerate(name_words) if w == word), None)
        hit = hit or next(((i, 0.8) for i, w in enumerate(name_words) if w.startswith(word)), None)
        hit = hit or next(((i, 0.6) for i, k in enumerate(keys) if key and k == key), None)
        if hit:
            positions.append(hit[0])
            score += hit[1]
    score /= len(terms)
    if len(positions) == len(terms) and positions == sorted(positions):
        score += 0.3 + (0.2 if positions[0] == 0 else 0.0)  # the query reads as in the name
    return score


@dataclass
class Candidate:
    id: int
    merchant_id: int
    name: str
    kecamatan_id: str | None
    shop_recent_orders: int
    shuffle: int
    score: float = 0.0


class SearchResults(Sequence):
    """The ranked candidates; slicing loads those products (a fixed number of queries per page)."""

    def __init__(self, ids: list[int], more: bool):
        self.ids, self.more = ids, more  # more: further products match beyond the ones ranked here

    def __len__(self) -> int:
        return len(self.ids)

    def __getitem__(self, index):
        if not isinstance(index, slice):
            return self[index : index + 1][0] if index >= 0 else self[len(self) + index :][0]
        ids = self.ids[index]
        products = Product.objects.filter(pk__in=ids).select_related("merchant__kecamatan", "category")
        by_id = {p.pk: p for p in products.prefetch_related("photos")}
        return [by_id[pk] for pk in ids if pk in by_id]


def _where(filters: dict, alias: str = "") -> tuple[list[str], list]:
    a = f"{alias}." if alias else ""
    sql, params = [f"{a}listed"], []
    if filters.get("category"):
        sql.append(f"{a}category_id = (SELECT id FROM catalog_category WHERE slug = %s)")
        params.append(filters["category"])
    if filters.get("kecamatan"):
        sql.append(f"{a}kecamatan_id = %s")
        params.append(filters["kecamatan"])
    if filters.get("price_min") is not None:
        sql.append(f"{a}price >= %s")
        params.append(filters["price_min"])
    if filters.get("price_max") is not None:
        sql.append(f"{a}price <= %s")
        params.append(filters["price_max"])
    for flag in ("halal", "eligible"):
        if filters.get(flag):
            sql.append(f"{a}{flag}")
    if filters.get("in_stock"):
        sql.append(f"({a}stock IS NULL OR {a}stock > 0)")
    return sql, params


def _sqlite_match(terms, prefix_last: bool) -> str:
    last = len(terms) - 1
    return " AND ".join(
        f'("{w}"' + ("*" if prefix_last and i == last else "") + (f' OR "{KEY_PREFIX}{key}")' if key else ")")
        for i, (w, key) in enumerate(terms)
    )


def _tsquery(terms, prefix_last: bool) -> str:
    last = len(terms) - 1
    return " & ".join(
        f"({w}" + (":*" if prefix_last and i == last else "") + (f" | {KEY_PREFIX}{key})" if key else ")")
        for i, (w, key) in enumerate(terms)
    )


def _index_for(order: str, filters: dict) -> str:
    """The SQLite index to walk when many products match (its planner would look up every match)."""
    if order != FAIR_ORDER:
        return "listing_newest" if order.startswith("id") else "listing_price"
    if filters.get("category"):
        return "listing_category"
    return "listing_kecamatan" if filters.get("kecamatan") else "listing_fair"


COLUMNS = "id, merchant_id, name, kecamatan_id, shop_recent_orders, shuffle"


def _candidates(terms, filters: dict, order: str, limit: int, *, kecamatan_order: list[str] | None = None):
    """Up to `limit` listed products matching `terms` and `filters`, walked in `order`. With
    `kecamatan_order`, kecamatan by kecamatan in that order, as one UNION ALL that the database stops reading
    once it has enough (the arms run in turn, each walking its kecamatan's index).

    Words match whole (or by spelling key) first, which the indexes answer fastest; only when nothing matches
    is the last word taken as the beginning of a word still being typed ("kerip"), and on PostgreSQL then by
    trigram similarity."""
    for attempt in ("whole", "prefix", "trigram") if terms else ("browse",):
        if attempt == "trigram" and connection.vendor != "postgresql":
            break
        rows = _fetch(terms, filters, order, limit, kecamatan_order, attempt)
        if rows:
            break
    return [Candidate(*row) for row in rows]


def _fetch(terms, filters, order, limit, kecamatan_order, attempt: str) -> list[tuple]:
    where, params = _where(filters)
    hint = ""
    if attempt == "trigram":
        where.append("%s <%% search_document")
        params.append(" ".join(w for w, _key in terms))
    elif terms and connection.vendor == "sqlite":
        expression = _sqlite_match(terms, prefix_last=attempt == "prefix")
        if order == FAIR_ORDER and not (
            kecamatan_order or filters.get("kecamatan") or filters.get("category")
        ):
            return _fetch_fair_sqlite(expression, filters, limit)
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM (SELECT 1 FROM catalog_product_fts WHERE catalog_product_fts MATCH %s "
                "LIMIT %s)",
                [expression, SELECTIVE],
            )
            matches = cursor.fetchone()[0]
        if not matches:
            return []
        if matches >= SELECTIVE:
            hint = f" INDEXED BY {'listing_kecamatan' if kecamatan_order else _index_for(order, filters)}"
        where.append("id IN (SELECT rowid FROM catalog_product_fts WHERE catalog_product_fts MATCH %s)")
        params.append(expression)
    elif terms:
        where.append("search_vector @@ to_tsquery('simple', %s)")
        params.append(_tsquery(terms, prefix_last=attempt == "prefix"))
    condition = " AND ".join(where)
    if kecamatan_order:
        arm = f"SELECT * FROM (SELECT {COLUMNS} FROM catalog_product{hint} WHERE {condition} "
        arm += f"AND kecamatan_id = %s ORDER BY {order} LIMIT %s) AS nearby"
        sql = " UNION ALL ".join([arm] * len(kecamatan_order)) + " LIMIT %s"
        params = [value for code in kecamatan_order for value in (*params, code, limit)]
    else:
        sql = f"SELECT {COLUMNS} FROM catalog_product{hint} WHERE {condition} ORDER BY {order} LIMIT %s"
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, limit])
        return cursor.fetchall()


def _fetch_fair_sqlite(expression: str, filters: dict, limit: int) -> list[tuple]:
    """SQLite, fair order without a kecamatan or category filter: walk the listing's own FTS index, whose
    rowid is the fair order, and stop after `limit` (catalog migration 0005). The other filters are checked
    on each product as it comes; kecamatan and category are selective enough to walk their B-trees instead."""
    where, params = _where(filters, alias="p")
    columns = ", ".join(f"p.{column}" for column in COLUMNS.split(", "))
    sql = (
        f"SELECT {columns} FROM catalog_listing_fts f JOIN catalog_product p ON p.id = f.product_id "
        f"WHERE catalog_listing_fts MATCH %s AND {' AND '.join(where)} ORDER BY f.rowid LIMIT %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [expression, *params, limit])
        return cursor.fetchall()


def _interleave(ranked: list[Candidate]) -> list[Candidate]:
    """Each shop's best first, then each shop's second best, … keeping the ranking within each round."""
    slot = Counter()
    rounds = []
    for candidate in ranked:
        rounds.append((slot[candidate.merchant_id], candidate))
        slot[candidate.merchant_id] += 1
    return [candidate for _round, candidate in sorted(rounds, key=lambda pair: pair[0])]


def _price_bound(value: int | None) -> int | None:
    return None if value is None else min(max(value, -1), MAX_RUPIAH + 1)


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
    near: str = "",
) -> SearchResults:
    """Listed products (active, of verified shops) matching `q` and the filters, ranked; paginate the result.
    `near` is the buyer's kecamatan for sort="terdekat"."""
    filters = {
        "category": category,
        "kecamatan": kecamatan,
        # Every price lies in 0..MAX_RUPIAH, so clamping changes no result and keeps the bound in the
        # database's integer range (SQLite overflows above 2**63).
        "price_min": _price_bound(price_min),
        "price_max": _price_bound(price_max),
        "halal": halal,
        "eligible": eligible,
        "in_stock": in_stock,
    }
    limit = settings.LAPAK_SEARCH_CANDIDATES
    terms = _query_terms(q)
    if q.strip() and not terms:
        return SearchResults([], False)
    order = next((order for key, _label, order in SORTS if key == sort), None)
    if sort == "terdekat" and near:
        candidates = _nearest(terms, filters, near, limit + 1)
    else:
        candidates = _candidates(terms, filters, order or FAIR_ORDER, limit + 1)
    more = len(candidates) > limit
    if order is None and not (sort == "terdekat" and near):
        weight = settings.LAPAK_SEARCH_EXPOSURE_WEIGHT
        for c in candidates:
            c.score = relevance(c.name, terms) + weight / (1 + c.shop_recent_orders)
        candidates.sort(key=lambda c: (-c.score, c.shop_recent_orders, c.shuffle, c.id))
        if settings.LAPAK_SEARCH_SPREAD:
            candidates = _interleave(candidates)
    return SearchResults([c.id for c in candidates[:limit]], more)


def _nearest(terms, filters, near, limit) -> list[Candidate]:
    """Kecamatan by distance from `near` (a chosen kecamatan filter wins); within one, the fair order."""
    order = [filters["kecamatan"]] if filters["kecamatan"] else kecamatan_by_distance(near)
    return _candidates(terms, {**filters, "kecamatan": ""}, FAIR_ORDER, limit, kecamatan_order=order)
