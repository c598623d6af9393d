"""The month-end close: every ASN's obligation, counted spend and status, sealed with a SHA-256.

The computation is one INSERT … SELECT (set-based, whatever the number of ASN) that applies the rules of
`program.counting.contributions` (a test keeps the two equal): completed orders placed in the month less
their refunds, and confirmed belanja langsung, at shops that counted when bought; per shop at most the rule's
share of the obligation. It runs in one transaction, so a crash leaves no half-closed month. Closing a closed
month returns the existing close: same lines, same hash.
"""

import datetime
import hashlib

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lapak.core.audit import audit_record

from .corrections import month_lock
from .counting import purchases_sql
from .models import ObligationRule, PeriodClose
from .rules import DATED_FIELDS, JAKARTA, TABLE_WEIGHTS, exempt_statuses, period_bounds

# Whole days from the second date to the first.
_DAYS = {
    "sqlite": lambda later, earlier: f"CAST(julianday({later}) - julianday({earlier}) AS INTEGER)",
    "postgresql": lambda later, earlier: f"(CAST({later} AS date) - CAST({earlier} AS date))",
}
# Scalar two-argument min/max: SQLite's MIN/MAX, PostgreSQL's LEAST/GREATEST.
_LEAST = {"sqlite": "MIN", "postgresql": "LEAST"}
_GREATEST = {"sqlite": "MAX", "postgresql": "GREATEST"}


def _obligation_sql(rule: ObligationRule, vendor: str) -> tuple[str, list]:
    """The obligation of ASN `a` as an SQL expression (before exemptions)."""
    if rule.kind == ObligationRule.Kind.FIXED:
        base, params = "%s", [rule.amount or 0]
    elif rule.kind == ObligationRule.Kind.PERCENT:
        base, params = "(a.tpp_amount * %s / 10000)", [rule.percent_bp or 0]
    else:  # the matching row with the heaviest filled criteria, as program.rules.TABLE_WEIGHTS
        weight = " + ".join(
            f"CASE WHEN r.{name} IS NULL THEN 0 ELSE {w} END"
            if name == "kelas_jabatan"
            else f"CASE WHEN r.{name} = '' THEN 0 ELSE {w} END"
            for name, w in TABLE_WEIGHTS.items()
        )
        base = (
            "COALESCE((SELECT r.amount FROM program_obligationtablerow r WHERE r.rule_id = %s "
            "AND r.eselon IN (a.eselon, '') "
            "AND (r.kelas_jabatan IS NULL OR r.kelas_jabatan = a.kelas_jabatan) "
            "AND r.golongan IN (a.golongan, '') AND r.employment_type IN (a.employment_type, '') "
            f"ORDER BY {weight} DESC, r.id LIMIT 1), 0)"
        )
        params = [rule.pk]
    if rule.minimum is not None:
        base, params = f"{_GREATEST[vendor]}({base}, %s)", [*params, rule.minimum]
    if rule.maximum is not None:
        base, params = f"{_LEAST[vendor]}({base}, %s)", [*params, rule.maximum]
    return base, params


STANDING_COLUMNS = "asn_id, user_id, nip, name, opd_id, opd_code, obligation, counted, status"


def standings_sql(period: datetime.date, rule: ObligationRule) -> tuple[str, list]:
    """One SELECT giving every ASN's standing for `period` under `rule`: the columns of STANDING_COLUMNS."""
    vendor = connection.vendor
    start, end = period_bounds(period)
    bought, bought_params = purchases_sql(rule, start, end)
    owed, owed_params = _obligation_sql(rule, vendor)
    exempt = sorted(exempt_statuses(rule))
    listed = ", ".join(["%s"] * len(exempt))
    days, least = _DAYS[vendor], _LEAST[vendor]
    cap = (
        "NULL"
        if not rule.max_share_per_merchant_bp
        else f"(o.obligation * {int(rule.max_share_per_merchant_bp)} / 10000)"
    )
    first, after = period, end.astimezone(JAKARTA).date()
    month = (after - first).days
    dated = rule.kind != ObligationRule.Kind.FIXED  # a fixed amount reads nothing of the ASN but the status
    # Days owed, as program.rules.status_segments: from the status changes after the month began, else from
    # the current status and the day it began.
    sql = f"""
        WITH {bought},
        spent AS (  -- per buyer, and per shop too when the rule caps a shop's share
            SELECT user_id, CAST(SUM(amount) AS BIGINT) AS amount  -- not NUMERIC on PostgreSQL
            FROM purchases GROUP BY user_id{", merchant_id" if rule.max_share_per_merchant_bp else ""}
        ),
        changes AS (
            SELECT asn_id, old, new, effective,
                   ROW_NUMBER() OVER (PARTITION BY asn_id ORDER BY effective, id) AS n,
                   LEAD(effective) OVER (PARTITION BY asn_id ORDER BY effective, id) AS next_effective
            FROM program_asnchange WHERE field = 'status' AND effective > %s
        ),
        changed AS (
            SELECT asn_id, SUM(days) AS exempt_days FROM (
                SELECT asn_id, CASE WHEN old IN ({listed})
                                    THEN {days(f"{least}(effective, %s)", "%s")} ELSE 0 END AS days
                FROM changes WHERE n = 1
                UNION ALL
                SELECT asn_id, CASE WHEN new IN ({listed})
                                    THEN {days(f"{least}(COALESCE(next_effective, %s), %s)", "effective")}
                                    ELSE 0 END
                FROM changes WHERE effective < %s
            ) spans GROUP BY asn_id
        ),{_roster_sql() if dated else ""}
        prorated AS (
            SELECT a.id, a.user_id, a.nip, a.opd_id, {owed} AS base,
                   CASE WHEN h.asn_id IS NOT NULL THEN %s - h.exempt_days
                        WHEN a.status IN ({listed}) THEN
                             CASE WHEN a.status_since IS NULL OR a.status_since <= %s THEN 0
                                  WHEN a.status_since >= %s THEN %s
                                  ELSE {days("a.status_since", "%s")} END
                        WHEN a.status_since >= %s THEN 0
                        WHEN a.status_since > %s THEN {days("%s", "a.status_since")}
                        ELSE %s END AS days
            FROM {"roster" if dated else "program_asn"} a LEFT JOIN changed h ON h.asn_id = a.id
        ),
        owed AS (
            SELECT id, user_id, nip, opd_id, days, base * days / %s AS obligation FROM prorated
        ),
        counted AS (  -- buyers only: LEAST(NULL, cap) is cap on PostgreSQL
            SELECT o.id, CAST(SUM(CASE WHEN {cap} IS NULL OR o.obligation = 0 THEN s.amount
                                       ELSE {least}(s.amount, {cap}) END) AS BIGINT) AS counted
            FROM owed o JOIN spent s ON s.user_id = o.user_id
            GROUP BY o.id
        )
        SELECT o.id AS asn_id, o.user_id, o.nip, u.name, o.opd_id, d.code AS opd_code,
               o.obligation, COALESCE(c.counted, 0) AS counted,
               CASE WHEN o.days = 0 THEN 'dikecualikan'
                    WHEN COALESCE(c.counted, 0) >= o.obligation THEN 'memenuhi'
                    ELSE 'belum_memenuhi' END AS status
        FROM owed o
        LEFT JOIN counted c ON c.id = o.id
        JOIN accounts_user u ON u.id = o.user_id
        JOIN program_opd d ON d.id = o.opd_id
    """
    params = [
        *bought_params,
        first,  # changes after the month began
        *exempt,
        after,
        first,  # the span before the first change
        *exempt,
        after,
        after,
        after,  # the spans after each change in the month
        *([first] if dated else []),  # the roster as on the month's first day
        *owed_params,
        month,
        *exempt,
        first,
        after,
        month,
        first,  # exempt now: since when
        after,
        first,
        after,
        month,  # active now: since when
        month,
    ]
    return sql, params


def _roster_sql() -> str:
    """`roster`: program_asn with DATED_FIELDS as in force on the month's first day (the first change after it
    holds, in `old`, the value before), as program.rules.roster_in_month. Takes the first day as parameter."""
    fields = ", ".join(f"'{name}'" for name in DATED_FIELDS)
    pivot = ", ".join(f"MAX(CASE WHEN field = '{name}' THEN old END) AS {name}" for name in DATED_FIELDS)
    return f"""
        first_values AS (
            SELECT asn_id, field, old,
                   ROW_NUMBER() OVER (PARTITION BY asn_id, field ORDER BY effective, id) AS n
            FROM program_asnchange WHERE effective > %s AND field IN ({fields})
        ),
        in_force AS (SELECT asn_id, {pivot} FROM first_values WHERE n = 1 GROUP BY asn_id),
        roster AS (
            SELECT a.id, a.user_id, a.nip, a.opd_id, a.status, a.status_since,
                   CASE WHEN v.tpp_amount IS NULL THEN a.tpp_amount WHEN v.tpp_amount = '' THEN 0
                        ELSE CAST(v.tpp_amount AS BIGINT) END AS tpp_amount,
                   COALESCE(v.golongan, a.golongan) AS golongan,
                   COALESCE(v.eselon, a.eselon) AS eselon,
                   CASE WHEN v.kelas_jabatan IS NULL THEN a.kelas_jabatan
                        WHEN v.kelas_jabatan IN ('', 'None') THEN NULL
                        ELSE CAST(v.kelas_jabatan AS INTEGER) END AS kelas_jabatan,
                   COALESCE(v.employment_type, a.employment_type) AS employment_type
            FROM program_asn a LEFT JOIN in_force v ON v.asn_id = a.id
        ),"""


def _prepare(cursor) -> None:
    if connection.vendor == "postgresql":  # for this transaction only, in one statement:
        # grouping per (ASN, shop) spills to disk at the default 4 MB; compiling (JIT) a one-pass query costs
        # more than it saves
        cursor.execute("SELECT set_config('work_mem', '256MB', true), set_config('jit', 'off', true)")


def standings(period: datetime.date, rule: ObligationRule, *, where: str = "", params=()) -> list[dict]:
    """Live standings (not sealed), optionally filtered by SQL on STANDING_COLUMNS: reminders, OPD pages."""
    sql, base = standings_sql(period, rule)
    names = [c.strip() for c in STANDING_COLUMNS.split(",")]
    with transaction.atomic(), connection.cursor() as cursor:
        _prepare(cursor)
        query = f"SELECT {STANDING_COLUMNS} FROM ({sql}) s {where} ORDER BY nip"
        cursor.execute(query, [*base, *params])
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def _compute(close: PeriodClose, rule: ObligationRule) -> None:
    sql, params = standings_sql(close.period, rule)
    with connection.cursor() as cursor:
        _prepare(cursor)
        columns = "asn_id, nip, name, opd_code, obligation, counted, status"
        cursor.execute(
            f"INSERT INTO program_closeline (close_id, {columns}) SELECT %s, {columns} FROM ({sql}) s "
            "ORDER BY nip",  # the (close, nip) index then grows at its end
            [close.pk, *params],
        )


def canonical_hash(close: PeriodClose, rule: ObligationRule) -> tuple[str, int]:
    """SHA-256 over the period, the rule and its legal basis, then every line sorted by NIP, one per row."""
    digest = hashlib.sha256()
    header = (
        f"lapak-close|{close.period:%Y-%m}|rule={rule.pk}|{rule.kind}|{rule.legal_basis}|{rule.legal_date}\n"
    )
    digest.update(header.encode())
    count = 0
    with connection.cursor() as cursor:  # the lines joined by the database: a third faster than the ORM
        cursor.execute(
            "SELECT nip || '|' || obligation || '|' || counted || '|' || status || %s "
            "FROM program_closeline WHERE close_id = %s ORDER BY nip",
            ["\n", close.pk],
        )
        while rows := cursor.fetchmany(20_000):
            digest.update("".join(line for (line,) in rows).encode())
            count += len(rows)
    return digest.hexdigest(), count


def period_close(*, period: datetime.date, actor, now: datetime.datetime | None = None) -> PeriodClose:
    """Close `period` (its first day) after its grace period; a closed period returns its latest close."""
    existing = PeriodClose.objects.filter(period=period).order_by("-version").first()
    if existing is not None:
        return existing
    rule = ObligationRule.objects.filter(period=period).first()
    if rule is None:
        raise ValidationError(_("Belum ada aturan untuk bulan %(month)s.") % {"month": f"{period:%m/%Y}"})
    _start, end = period_bounds(period)
    opens = end + datetime.timedelta(days=rule.grace_days)
    if (now or timezone.now()) < opens:
        raise ValidationError(
            _("Bulan %(month)s baru bisa ditutup setelah masa tenggang, mulai %(date)s.")
            % {"month": f"{period:%m/%Y}", "date": f"{opens:%d-%m-%Y}"}
        )
    try:
        return _seal(period, rule, actor)
    except IntegrityError:  # a parallel close of the same month won
        return PeriodClose.objects.filter(period=period).order_by("-version").first()


def _seal(period, rule, actor) -> PeriodClose:
    with transaction.atomic():
        month_lock(period)  # refunds of this month's orders wait, or are already committed and counted
        close = PeriodClose.objects.create(period=period, rule=rule, sha256="", closed_by=actor)
        _compute(close, rule)
        close.sha256, close.lines_count = canonical_hash(close, rule)
        close.save(update_fields=["sha256", "lines_count"])
        audit_record(
            actor=actor,
            action="program.close",
            obj=close,
            changes={"period": f"{period:%Y-%m}", "sha256": close.sha256, "lines": close.lines_count},
        )
    return close
