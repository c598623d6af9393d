from django.core.management.base import BaseCommand, CommandError

from lapak.program.roster import roster_sync


class Command(BaseCommand):
    help = "Sync the ASN roster from BKPSDM's CSV/XLSX by NIP; bad rows and missing ASN are reported."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--dry-run", action="store_true", help="check and report without saving")

    def handle(self, *args, file, dry_run, **options):
        try:
            result = roster_sync(file, actor=None, dry_run=dry_run)
        except FileNotFoundError as exc:
            raise CommandError(f"Berkas tidak ditemukan: {file}") from exc
        out = self.stdout
        prefix = "(uji coba, tidak disimpan) " if dry_run else ""
        out.write(
            f"{prefix}baru={result.created} diubah={result.updated} sama={result.unchanged} "
            f"ditolak={len(result.rejected)} tidak_ada_di_berkas={len(result.missing)}"
        )
        for r in result.rejected:
            out.write(f"  baris {r.row}, kolom {r.column} ({r.value!r}): {r.reason}")
        for nip, name in result.missing:
            out.write(f"  tidak ada di berkas: {nip} {name}")
