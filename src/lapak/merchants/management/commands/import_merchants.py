from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.management.base import BaseCommand, CommandError

from lapak.core.exports import write_table
from lapak.merchants.importing import FIELDS, import_job_create, import_run, rejection_rows
from lapak.merchants.models import ImportJob


class Command(BaseCommand):
    help = "Import DKUPP's merchant spreadsheet (CSV or XLSX). Re-running the same file changes nothing."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, nargs="?")
        parser.add_argument("--dry-run", action="store_true", help="report what would change; write nothing")
        parser.add_argument(
            "--verified", action="store_true", help="new businesses are already verified by DKUPP"
        )
        parser.add_argument(
            "--map",
            action="append",
            default=[],
            metavar="HEADER=FIELD",
            help=f"column mapping; fields: {', '.join(FIELDS)}",
        )
        parser.add_argument(
            "--rejections", type=Path, help="write rejected rows (.xlsx or .csv) to fix and re-import"
        )
        parser.add_argument(
            "--resume", type=int, metavar="JOB_ID", help="continue an import that was interrupted"
        )

    def handle(self, *args, file, dry_run, verified, map, rejections, resume, **options):
        if resume:
            job = ImportJob.objects.filter(pk=resume).first()
            if job is None:
                raise CommandError(f"Tidak ada impor nomor {resume}.")
        else:
            if file is None or not file.exists():
                raise CommandError("Sebutkan berkas CSV/XLSX yang ada.")
            try:
                with file.open("rb") as handle:
                    job = import_job_create(
                        actor=None,
                        upload=File(handle, name=file.name),
                        dry_run=dry_run,
                        mark_verified=verified,
                    )
            except ValidationError as exc:
                raise CommandError(" ".join(exc.messages)) from exc
            headers = job.headers
            for item in map:
                header, _, field = item.partition("=")
                if header not in headers or field not in FIELDS:
                    raise CommandError(f"--map {item}: kolom atau field tidak dikenal.")
                job.mapping = {h: f for h, f in job.mapping.items() if f != field} | {header: field}
            job.save(update_fields=["mapping"])
            self.stdout.write("Kolom: " + ", ".join(f"{h} → {f}" for h, f in job.mapping.items()))
            ignored = [h for h in headers if h not in job.mapping]
            if ignored:
                self.stdout.write("Diabaikan: " + ", ".join(ignored))

        def progress(job):
            self.stdout.write(f"  {job.rows_done:,}/{job.total_rows:,} baris ({job.percent}%)")

        import_run(job, progress=progress)
        if job.status == ImportJob.Status.FAILED:
            raise CommandError(job.error)
        verb = "akan " if job.dry_run else ""
        self.stdout.write(
            self.style.SUCCESS(
                f"Impor #{job.pk}{' (uji coba, tidak ada yang ditulis)' if job.dry_run else ''}: "
                f"{job.created:,} {verb}dibuat, {job.updated:,} {verb}diubah, {job.unchanged:,} sama, "
                f"{job.rejected:,} ditolak, {job.repaired:,} diperbaiki (nomor HP tanpa 0)."
            )
        )
        if rejections and job.rejected:
            headers, rows, delimiter = rejection_rows(job)
            write_table(rejections, headers, rows, delimiter=delimiter)
            self.stdout.write(f"Baris yang ditolak beserta alasannya: {rejections}")
