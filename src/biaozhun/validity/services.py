"""The write path of 标准查新 and watch lists: checks, watched standards, alerts."""

from __future__ import annotations

import datetime
import logging
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from biaozhun.accounts.models import User
from biaozhun.accounts.scoping import Scope
from biaozhun.accounts.services import record_audit
from biaozhun.catalogue.freshness import catalogue_date
from biaozhun.catalogue.models import CatalogueChange, Standard
from biaozhun.common.errors import Conflict, DomainError, PermissionDenied
from biaozhun.common.events import CatalogueChanged
from biaozhun.common.validation import clean_json, clean_text
from biaozhun.core.designation import DesignationError, parse
from biaozhun.core.validity import (
    OUTCOMES,
    CheckResult,
    check_line,
    is_whole_edition,
    summarize,
)
from biaozhun.enterprises.models import Enterprise
from biaozhun.notify.services import publish

from .lookup import catalogue_for
from .models import ValidityCheck, WatchAlert, WatchedStandard
from .reading import Line

log = logging.getLogger(__name__)

WATCH_OUTCOMES = ("current", "replaced", "upcoming")


@dataclass
class CheckRun:
    """The results of checking a list, not yet saved."""

    results: list[CheckResult]
    counts: dict[str, int]
    catalogue_date: datetime.date | None
    duration_ms: float
    rows: list[dict[str, Any]] = field(default_factory=list)

    def as_dicts(self) -> list[dict[str, Any]]:
        if not self.rows:
            editions: dict[str, dict[str, Any]] = {}
            self.rows = [result.as_dict(editions) for result in self.results]
        return self.rows


def check_designations(lines: list[Line], *, keep_catalogue: bool = True) -> CheckRun:
    """Check ``(line number, text)`` pairs against the catalogue: the catalogue kept by the
    process, or the rows the list needs loaded in bulk (``keep_catalogue=False``: a one-shot
    command), then each line classified in memory (see :mod:`biaozhun.core.validity` and
    :mod:`biaozhun.validity.lookup`)."""
    started = time.perf_counter()
    catalogue = catalogue_for([text for _, text in lines], keep=keep_catalogue)
    results = [check_line(catalogue, number, text) for number, text in lines]
    return CheckRun(
        results=results,
        counts=summarize(results),
        catalogue_date=catalogue_date(),
        duration_ms=round((time.perf_counter() - started) * 1000, 1),
    )


def _owner(actor: User) -> tuple[Enterprise | None, Any]:
    scope = Scope.for_user(actor)
    if scope.kind == "enterprise":
        assert actor.enterprise_id is not None  # an enterprise scope has its enterprise
        enterprise = Enterprise.objects.select_related("district").get(pk=actor.enterprise_id)
        return enterprise, enterprise.district
    if scope.kind == "district":
        return None, actor.district
    return None, None


def _require_checker(actor: User, source_kind: str) -> None:
    if not getattr(actor, "is_authenticated", False):
        raise PermissionDenied("请先登录。", "Sign in first.")
    if source_kind not in ValidityCheck.SourceKind.values:
        raise DomainError("bad_source", "来源无效。", "Unknown source kind.")


def run_check(
    actor: User, lines: list[Line], *, source_name: str, source_kind: str
) -> ValidityCheck:
    """Check a list and keep the report (for the page, the Excel and PDF files, the watch
    list). An enterprise user's check belongs to the enterprise. The check itself only reads
    and runs before the write transaction (SQLite takes its write lock at BEGIN IMMEDIATE:
    other writers must not wait for a 10,000-line check)."""
    _require_checker(actor, source_kind)
    run = check_designations(lines)
    return save_check(actor, run, source_name=source_name, source_kind=source_kind)


def save_check(actor: User, run: CheckRun, *, source_name: str, source_kind: str) -> ValidityCheck:
    """Keep a finished check as a report: the result dicts are built before the write
    transaction, then validated and inserted with the audit row (``run_check`` is the check
    and this; the benchmark times the two apart)."""
    _require_checker(actor, source_kind)
    rows = run.as_dicts()
    return _save_check(actor, run, rows, source_name=source_name, source_kind=source_kind)


@transaction.atomic
def _save_check(
    actor: User,
    run: CheckRun,
    rows: list[dict[str, Any]],
    *,
    source_name: str,
    source_kind: str,
) -> ValidityCheck:
    enterprise, district = _owner(actor)
    source_name = clean_text((source_name or "")[:300], "source_name", 300)
    rows = clean_json(rows, "lines")
    check = ValidityCheck.objects.create(
        created_by=actor,
        enterprise=enterprise,
        district=district,
        source_name=(source_name or "")[:300] or "—",
        source_kind=source_kind,
        catalogue_date=run.catalogue_date,
        line_count=len(run.results),
        counts=run.counts,
        results=rows,
        duration_ms=run.duration_ms,
    )
    record_audit(
        actor,
        "validity_check.create",
        check,
        {"lines": check.line_count, "counts": run.counts},
        district=district,
    )
    return check


# --- watch lists ----------------------------------------------------------------------------


def _require_editor(actor: User, enterprise: Enterprise) -> None:
    """An enterprise's own users edit its watch list; the bureau and the district office may
    help (their scope must cover the enterprise)."""
    scope = Scope.for_user(actor)
    if scope.kind == "all" and getattr(actor, "is_bureau", False):
        return
    if scope.kind == "enterprise" and scope.enterprise_id == enterprise.pk:
        return
    if scope.kind == "district" and scope.district_id == enterprise.district_id:
        return
    raise PermissionDenied(
        "只有本企业用户或主管部门可以修改关注标准。",
        "Only the enterprise's users or its supervising office may edit its watch list.",
    )


def standard_for(designation: str, key: str, undated: bool) -> Standard | None:
    """The catalogue record of a designation; for an undated one, today's edition (the one
    current whole edition, as 标准查新 resolves it), if there is exactly one."""
    if not undated:
        return Standard.objects.filter(canonical=designation).first()
    current = [
        standard
        for standard in Standard.objects.filter(key=key, status=Standard.Status.CURRENT)[:50]
        if is_whole_edition(standard.canonical)
    ]
    return current[0] if len(current) == 1 else None


@transaction.atomic
def add_watched(actor: User, enterprise: Enterprise, text: str, note: str = "") -> WatchedStandard:
    """Add one standard (as entered) to an enterprise's watch list."""
    _require_editor(actor, enterprise)
    text = clean_text(text, "designation", 300)
    note = clean_text(str(note).strip()[:300], "note", 300)
    try:
        designation = parse(text.strip())
    except DesignationError as exc:
        raise DomainError(
            f"designation_{exc.code}",
            exc.message_zh,
            exc.message_en,
            {"field": "designation", "candidates": list(exc.candidates)},
        ) from exc
    canonical = designation.canonical
    if WatchedStandard.objects.filter(enterprise=enterprise, designation=canonical).exists():
        raise Conflict(
            "already_watched",
            f"{canonical} 已在关注列表中。",
            f"{canonical} is already on the watch list.",
            {"field": "designation"},
        )
    item = WatchedStandard.objects.create(
        enterprise=enterprise,
        designation=canonical,
        entered=text.strip()[:300],
        key=designation.key,
        standard=standard_for(canonical, designation.key, designation.year is None),
        note=note.strip()[:300],
        added_by=actor,
    )
    record_audit(
        actor,
        "watched_standard.create",
        item,
        {"designation": canonical},
        district=enterprise.district,
    )
    return item


@transaction.atomic
def remove_watched(actor: User, item: WatchedStandard) -> None:
    _require_editor(actor, item.enterprise)
    record_audit(
        actor,
        "watched_standard.delete",
        item,
        {"designation": item.designation},
        district=item.enterprise.district,
    )
    item.delete()


@transaction.atomic
def watch_from_check(
    actor: User,
    check: ValidityCheck,
    outcomes: Iterable[str] = WATCH_OUTCOMES,
    enterprise: Enterprise | None = None,
) -> tuple[int, int]:
    """Add every line of a check with one of ``outcomes`` to the enterprise's watch list, in
    one go (the matched edition is linked). Returns ``(added, already watched)``."""
    enterprise = enterprise or check.enterprise
    if enterprise is None:
        raise DomainError(
            "no_enterprise",
            "该查新结果不属于任何企业,无法加入关注列表。",
            "This check belongs to no enterprise: there is no watch list to add to.",
        )
    _require_editor(actor, enterprise)
    wanted = set(outcomes)
    unknown = wanted - set(OUTCOMES)
    if unknown or not wanted:
        raise DomainError(
            "bad_outcomes",
            f"结论类型无效:{'、'.join(sorted(unknown)) or '(空)'}(可选:{'、'.join(OUTCOMES)})。",
            f"Unknown outcomes: {', '.join(sorted(unknown)) or '(none given)'} "
            f"(choose from {', '.join(OUTCOMES)}).",
            {"field": "outcomes"},
        )
    existing = set(
        WatchedStandard.objects.filter(enterprise=enterprise).values_list("designation", flat=True)
    )
    new: dict[str, WatchedStandard] = {}
    skipped = 0
    for row in check.results:
        designation = row.get("designation")
        if row.get("outcome") not in wanted or not designation:
            continue
        if designation in existing or designation in new:
            skipped += 1
            continue
        edition = row.get("edition") or {}
        new[designation] = WatchedStandard(
            enterprise=enterprise,
            designation=designation,
            entered=str(row.get("input") or designation)[:300],
            key=parse(designation).key,
            standard_id=edition.get("id"),
            note=f"查新 #{check.pk} 第 {row['line']} 行 / check #{check.pk} line {row['line']}",
            added_by=actor,
        )
    ids = set(
        Standard.objects.filter(pk__in={w.standard_id for w in new.values()}).values_list(
            "pk", flat=True
        )
    )
    for item in new.values():
        if item.standard_id not in ids:
            item.standard_id = None
    WatchedStandard.objects.bulk_create(new.values())
    record_audit(
        actor,
        "watched_standard.import",
        enterprise,
        {"check": check.pk, "added": len(new), "skipped": skipped},
        district=enterprise.district,
    )
    return len(new), skipped


def _require_reader(actor: User, alert: WatchAlert) -> None:
    scope = Scope.for_user(actor)
    if not (scope.kind == "enterprise" and scope.enterprise_id == alert.enterprise_id):
        raise PermissionDenied(
            "只有本企业用户可以将提醒标为已读。",
            "Only the enterprise's own users can mark its alerts read.",
        )


@transaction.atomic
def mark_alert_read(actor: User, alert: WatchAlert) -> WatchAlert:
    _require_reader(actor, alert)
    if alert.read_at is None:
        alert.read_at = timezone.now()
        alert.save(update_fields=["read_at"])
        record_audit(actor, "watch_alert.read", alert, {}, district=alert.enterprise.district)
    return alert


@transaction.atomic
def mark_all_alerts_read(actor: User) -> int:
    scope = Scope.for_user(actor)
    if scope.kind != "enterprise":
        raise PermissionDenied(
            "只有企业用户可以将提醒标为已读。", "Only enterprise users can mark alerts read."
        )
    assert actor.enterprise_id is not None  # an enterprise scope has its enterprise
    enterprise = Enterprise.objects.get(pk=actor.enterprise_id)
    count = WatchAlert.objects.filter(enterprise=enterprise, read_at__isnull=True).update(
        read_at=timezone.now()
    )
    if count:
        record_audit(
            actor,
            "watch_alert.read_all",
            enterprise,
            {"count": count},
            district=enterprise.district,
        )
    return count


# --- catalogue changes -> alerts ------------------------------------------------------------


def _status(value: str) -> tuple[str, str]:
    labels = {
        "current": ("现行", "current"),
        "upcoming": ("即将实施", "upcoming"),
        "withdrawn": ("废止", "withdrawn"),
        "replaced": ("被代替", "replaced"),
    }
    return labels.get(value, (value or "—", value or "—"))


def alert_message(change: CatalogueChange, watched: WatchedStandard) -> tuple[str, str]:
    """The alert text (zh, en) for a change of (an edition of) a watched standard."""
    standard = change.standard
    name = standard.canonical
    mine = watched.designation
    lead_zh = f"您关注的 {mine}" + ("" if name == mine else f"(目录版本 {name})")
    lead_en = f"{mine}, on your watch list" + ("" if name == mine else f" (edition {name})")
    kind = change.kind
    successor = standard.replaced_by.canonical if standard.replaced_by_id else ""  # type: ignore[union-attr]
    if kind == CatalogueChange.Kind.NEW:
        if standard.key == watched.key and name != mine:
            when = standard.implemented_on.isoformat() if standard.implemented_on else "—"
            new_zh, new_en = _status(standard.status)
            if not is_whole_edition(name):
                return (
                    f"{mine} 有新的修改单、修正案或草案:{name}({new_zh})。",
                    f"An amendment, corrigendum or draft of {mine} is listed: {name} ({new_en}).",
                )
            return (
                f"{mine} 有新版本:{name}({new_zh},实施日期 {when})。",
                f"A new edition of {mine} is listed: {name} ({new_en}, in force from {when}).",
            )
        return (f"{lead_zh} 已收录进标准目录。", f"{lead_en} is now in the catalogue.")
    if kind == CatalogueChange.Kind.REPLACED:
        by_zh = f",由 {successor} 代替" if successor else ""
        by_en = f" by {successor}" if successor else ""
        return (f"{lead_zh} 已被代替{by_zh}。", f"{lead_en} has been replaced{by_en}.")
    if kind == CatalogueChange.Kind.WITHDRAWN:
        when = standard.withdrawn_on.isoformat() if standard.withdrawn_on else ""
        on_zh = f"于 {when} " if when else ""
        on_en = f" on {when}" if when else ""
        by_zh = f",由 {successor} 代替" if successor else ",无替代标准"
        by_en = f", superseded by {successor}" if successor else ", without successor"
        return (f"{lead_zh} 已{on_zh}废止{by_zh}。", f"{lead_en} was withdrawn{on_en}{by_en}.")
    if kind == CatalogueChange.Kind.STATUS_CHANGED:
        old_zh, old_en = _status(change.old_status)
        new_zh, new_en = _status(change.new_status or standard.status)
        return (
            f"{lead_zh} 状态由“{old_zh}”变为“{new_zh}”。",
            f"{lead_en} changed status from {old_en} to {new_en}.",
        )
    return (f"{lead_zh} 的目录信息已更新。", f"The catalogue record of {lead_en} was updated.")


NOTIFY_CHUNK = 2000


def notify_watchers(change_ids: list[int]) -> int:
    """Turn catalogue changes into watch alerts (the catalogue calls this after each import
    commits). A change alerts every enterprise watching the changed edition; a new record of
    the same standard (same key: a new edition, an amendment, a draft) also alerts those
    watching another edition of it. Watched designations not yet linked are linked to a new record with
    the same canonical. Returns the number of alerts created. A first import may report
    100,000 changes: they are handled in chunks, each in its own transaction."""
    ids = sorted(set(change_ids))
    if not ids or not WatchedStandard.objects.exists():
        return 0
    return sum(
        _notify_chunk(ids[start : start + NOTIFY_CHUNK])
        for start in range(0, len(ids), NOTIFY_CHUNK)
    )


@transaction.atomic
def _notify_chunk(change_ids: list[int]) -> int:
    changes = list(
        CatalogueChange.objects.filter(pk__in=change_ids)
        .select_related("standard", "standard__replaced_by")
        .order_by("pk")
    )
    if not changes:
        return 0
    standards = {change.standard_id: change.standard for change in changes}
    # link watched designations that now have a catalogue record
    by_canonical = {standard.canonical: standard for standard in standards.values()}
    for item in WatchedStandard.objects.filter(
        standard__isnull=True, designation__in=list(by_canonical)
    ):
        item.standard = by_canonical[item.designation]
        item.save(update_fields=["standard"])
    keys = {standard.key for standard in standards.values()}
    watched = list(
        WatchedStandard.objects.filter(Q(standard_id__in=list(standards)) | Q(key__in=keys))
        .select_related("enterprise__district")
        .order_by("pk")
    )
    alerts: dict[tuple[int, int], WatchAlert] = {}
    for change in changes:
        for item in watched:
            direct = item.standard_id == change.standard_id
            # other editions of the watched standard: only their arrival is news (a status
            # change of an older edition is not)
            same_key = item.key == change.standard.key and change.kind == CatalogueChange.Kind.NEW
            if not (direct or same_key) or (item.enterprise_id, change.pk) in alerts:
                continue
            zh, en = alert_message(change, item)
            alerts[(item.enterprise_id, change.pk)] = WatchAlert(
                enterprise=item.enterprise,
                standard_id=change.standard_id,
                change=change,
                watched=item,
                message_zh=zh[:500],
                message_en=en[:800],
            )
    existing = set(
        WatchAlert.objects.filter(change_id__in=[c.pk for c in changes]).values_list(
            "enterprise_id", "change_id"
        )
    )
    fresh = [alert for pair, alert in alerts.items() if pair not in existing]
    WatchAlert.objects.bulk_create(fresh)
    for alert in fresh:
        _push(alert)
    for enterprise_id in sorted({a.enterprise_id for a in fresh}):
        enterprise = next(i.enterprise for i in watched if i.enterprise_id == enterprise_id)
        record_audit(
            None,
            "watch_alert.create",
            enterprise,
            {"changes": sorted(a.change_id for a in fresh if a.enterprise_id == enterprise_id)},
            district=enterprise.district,
        )
    return len(fresh)


URGENCY: dict[str, str] = {
    CatalogueChange.Kind.REPLACED: "orange",
    CatalogueChange.Kind.WITHDRAWN: "orange",
    CatalogueChange.Kind.STATUS_CHANGED: "yellow",
    CatalogueChange.Kind.NEW: "yellow",
    CatalogueChange.Kind.UPDATED: "info",
}


def _push(alert: WatchAlert) -> None:
    """Hand the alert to the notification outbox (in-app feed, e-mail, robots, webhooks as the
    enterprise chose); the WatchAlert row stays the record the watch pages show."""
    try:
        with transaction.atomic():
            publish(
                kind="watch",
                urgency=URGENCY.get(alert.change.kind, "info"),
                enterprise=alert.enterprise,
                title_zh=alert.message_zh[:300],
                title_en=alert.message_en[:400],
                url=reverse("validity:alerts") + "?unread=1",
                source=alert,
                dedupe_key=f"watch-{alert.enterprise_id}-{alert.change_id}",
            )
    except DomainError:  # the in-app alert row is kept; the push is best effort
        log.exception("push of watch alert %s failed", alert.pk)


def on_catalogue_changes(event: CatalogueChanged) -> None:
    """The handler of :class:`CatalogueChanged` (a task after the import's commit): the import
    itself is committed; a failure here is retried by the event queue (the watch alerts
    dedupe per enterprise and change, so a retry repeats none)."""
    count = notify_watchers(list(event.change_ids))
    if count:
        log.info("%d watch alerts for %d catalogue changes", count, len(event.change_ids))
