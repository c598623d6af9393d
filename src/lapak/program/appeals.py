"""Appeals after a close. A decision never edits a sealed month: an accepted appeal seals a new version that
copies every line (set-based), changes the appellant's and records why; the old version keeps its hash."""

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from lapak.core.audit import audit_record
from lapak.core.images import clean_image
from lapak.notifications.services import Message, notify

from .close import canonical_hash
from .corrections import month_lock
from .models import Appeal, Asn, CloseLine, PeriodClose


def appeal_submit(*, close: PeriodClose, asn: Asn, reason: str, evidence=None) -> Appeal:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Tulis alasan banding Anda."))
    with transaction.atomic():
        Asn.objects.select_for_update().filter(pk=asn.pk).values_list("pk").first()  # one open appeal
        latest = PeriodClose.objects.filter(period=close.period).order_by("-version").first()
        if not latest.lines.filter(asn=asn).exists():
            raise ValidationError(_("Anda tidak ada di daftar bulan ini."))
        if Appeal.objects.filter(close__period=close.period, asn=asn, status=Appeal.Status.OPEN).exists():
            raise ValidationError(_("Banding Anda untuk bulan ini masih diperiksa DKUPP."))
        appeal = Appeal.objects.create(
            close=latest,
            asn=asn,
            reason=reason,
            evidence=clean_image(evidence, max_side=1600, name="bukti") if evidence else "",
        )
        audit_record(actor=asn.user, action="program.appeal", obj=appeal, changes={"close": latest.pk})
    return appeal


def appeal_decide(
    *, appeal: Appeal, actor, accept: bool, note: str, new_status: str = "", new_counted: int | None = None
) -> Appeal:
    """DKUPP's decision, with a note for the ASN. Accepting states the corrected status (and, if it changes,
    the counted amount) and seals the next version of the month."""
    note = (note or "").strip()
    if not note:
        raise ValidationError(_("Tulis pertimbangan keputusan untuk ASN."))
    if accept and new_status not in CloseLine.Status.values:
        raise ValidationError(_("Pilih status yang benar untuk ASN ini."))
    with transaction.atomic():
        appeal = (
            Appeal.objects.select_for_update().select_related("close__rule", "asn__user").get(pk=appeal.pk)
        )
        if appeal.status != Appeal.Status.OPEN:
            raise ValidationError(_("Banding ini sudah diputuskan."))
        appeal.status = Appeal.Status.ACCEPTED if accept else Appeal.Status.REJECTED
        appeal.decision_note, appeal.decided_by, appeal.decided_at = note, actor, timezone.now()
        if accept:
            appeal.new_status, appeal.new_counted = new_status, new_counted
            appeal.result = _new_version(appeal, actor)
        appeal.save()
        audit_record(
            actor=actor,
            action="program.appeal_decide",
            obj=appeal,
            changes={"accept": accept, "status": new_status, "counted": new_counted, "note": note},
        )
        month = f"{appeal.close.period:%m/%Y}"
        text = (
            _("Banding bulan %(month)s diterima: %(note)s")
            if accept
            else _("Banding bulan %(month)s ditolak: %(note)s")
        ) % {"month": month, "note": note}
        notify([Message(appeal.asn.user, text)])
    return appeal


def _new_version(appeal: Appeal, actor) -> PeriodClose:
    # Two appeals of one month accepted at once: the second waits here and builds on the first's version.
    month_lock(appeal.close.period)
    previous = PeriodClose.objects.filter(period=appeal.close.period).order_by("-version").first()
    reason = _("Banding %(nip)s diterima: %(note)s") % {"nip": appeal.asn.nip, "note": appeal.decision_note}
    close = PeriodClose.objects.create(
        period=previous.period,
        version=previous.version + 1,
        rule=previous.rule,
        sha256="",
        reason=reason[:300],
        closed_by=actor,
    )
    columns = "asn_id, nip, name, opd_code, obligation, counted, status"
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO program_closeline (close_id, {columns}) "
            f"SELECT %s, {columns} FROM program_closeline WHERE close_id = %s",
            [close.pk, previous.pk],
        )
    changes = {"status": appeal.new_status}
    if appeal.new_counted is not None:
        changes["counted"] = appeal.new_counted
    CloseLine.objects.filter(close=close, asn=appeal.asn).update(**changes)
    close.sha256, close.lines_count = canonical_hash(close, close.rule)
    close.save(update_fields=["sha256", "lines_count"])
    return close


def status_history(asn: Asn):
    """Every sealed version's line for this ASN, newest month and version first."""
    return (
        CloseLine.objects.filter(asn=asn)
        .select_related("close")
        .annotate(period=F("close__period"), version=F("close__version"), reason=F("close__reason"))
        .order_by("-close__period", "-close__version")
    )
