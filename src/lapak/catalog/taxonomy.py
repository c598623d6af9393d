"""The category taxonomy: reference data, loaded by a migration and again by the demo seeder after a flush."""

CATEGORIES = [
    ("makanan-minuman", "Makanan & Minuman", ""),
    ("oleh-oleh", "Oleh-oleh", ""),
    ("sembako-hasil-bumi", "Sembako & Hasil Bumi", ""),
    ("hasil-laut", "Hasil Laut & Perikanan", ""),
    ("kerajinan", "Kerajinan", ""),
    ("fashion-batik", "Fashion & Batik", ""),
    ("kebutuhan-rumah", "Kebutuhan Rumah", ""),
    ("katering", "Katering & Nasi Kotak", ""),
    ("jasa", "Jasa", ""),
    (
        "logam-mulia",
        "Emas & logam mulia",
        "Emas batangan dan logam mulia adalah komoditas investasi, bukan produk UMKM.",
    ),
    ("voucher", "Voucher & kartu hadiah", "Voucher dan kartu hadiah bukan barang atau jasa UMKM."),
    ("pulsa-topup", "Pulsa, paket data & top-up", "Pulsa dan saldo digital bukan produk UMKM."),
]


def categories_load(category_model) -> None:
    """Upsert the taxonomy; `category_model` is the real model or a migration's historical one."""
    for position, (slug, name, blocked_reason) in enumerate(CATEGORIES):
        category_model.objects.update_or_create(
            slug=slug, defaults={"name": name, "blocked_reason": blocked_reason, "position": position}
        )
