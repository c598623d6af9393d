from django.core.management.base import BaseCommand, CommandError

from lapak.core.audit import audit_chain_broken
from lapak.core.models import AuditEntry


class Command(BaseCommand):
    help = "Check the audit log's hash chain; name the first entry that was changed, removed or inserted."

    def handle(self, *args, **options):
        broken = audit_chain_broken()
        if broken is not None:
            raise CommandError(
                f"Rantai audit putus di catatan #{broken.pk} ({broken.at:%Y-%m-%d %H:%M}, {broken.action}): "
                "catatan ini atau yang sebelumnya diubah, dihapus atau disisipkan."
            )
        self.stdout.write(self.style.SUCCESS(f"Rantai audit utuh: {AuditEntry.objects.count():,} catatan."))
