import sys
import time

from django.core.management.base import BaseCommand, CommandError

from lapak.demo.seed import seed as seed_demo
from lapak.merchants.models import Merchant
from lapak.program.models import Opd


class Command(BaseCommand):
    help = "Seed deterministic Subang demo data into an empty database."

    def add_arguments(self, parser):
        parser.add_argument("--umkm", type=int, default=400, help="number of UMKM/koperasi (default 400)")
        parser.add_argument("--asn", type=int, default=300, help="number of ASN (default 300)")
        parser.add_argument("--months", type=int, default=6, help="months of history (default 6)")
        parser.add_argument("--seed", type=int, default=2026, help="random seed (default 2026)")

    def handle(self, *args, umkm, asn, months, seed: int, **options):
        if Opd.objects.exists() or Merchant.objects.exists():
            raise CommandError(
                "Basis data sudah berisi data. Seed hanya untuk basis data kosong: "
                "jalankan `lapak flush` dulu, atau `lapak demo --reset`."
            )
        started = time.perf_counter()
        last = {}

        def progress(label, done, total):
            # One line per 10% step (and the last): readable in a terminal and in a CI log alike.
            step = done * 10 // total
            if last.get(label) != step or done == total:
                last[label] = step
                self.stdout.write(f"  {label}: {done:,}/{total:,} ({done * 100 // total}%)")
                sys.stdout.flush()

        self.stdout.write(f"Seeding {umkm:,} UMKM, {asn:,} ASN, {months} months, seed {seed} …")
        seed_demo(umkm=umkm, asn=asn, months=months, seed=seed, progress=progress)
        self.stdout.write(self.style.SUCCESS(f"Seeded in {time.perf_counter() - started:.1f} s."))
