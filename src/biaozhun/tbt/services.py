"""The write path of WTO notifications: record (create or update by symbol), link addenda,
classify, correct the classification, and load the WTO Members.

Other apps react to notifications through the
:class:`~biaozhun.common.events.NotificationRecorded` event, published inside the transaction
that records or corrects the notification and delivered through the task queue after commit
(subscribers: :data:`biaozhun.common.events.SUBSCRIPTIONS`); ``scope_or_dates_changed`` is
true for a new notification and whenever its products, codes, classification or dates changed
(the alerts matcher re-runs then).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db import transaction

from biaozhun.accounts.models import User
from biaozhun.accounts.services import record_audit
from biaozhun.common import events
from biaozhun.common.codes import clean_hs_list, clean_ics_list
from biaozhun.common.errors import DomainError, PermissionDenied
from biaozhun.common.events import NotificationRecorded
from biaozhun.common.validation import clean_fields, clean_text, clean_url
from biaozhun.core import wto_symbol
from biaozhun.core.codes import EXPORT_GROUPS, INDUSTRIES
from biaozhun.core.members import load_members

from .classification import apply_classification
from .models import ClassificationCorrection, Member, Notification

logger = logging.getLogger(__name__)

#: Fields whose change means "who is concerned or by when" changed.
SCOPE_FIELDS = (
    "member_code",
    "title",
    "description",
    "products_text",
    "hs_codes",
    "ics_codes",
    "keywords",
    "comment_deadline",
    "adoption_date",
    "entry_into_force",
    "hs_headings",
    "ics_predicted",
    "industries",
    "export_groups",
    "status",
)


@dataclass
class NotificationData:
    """The fields of a notification as an import row or the desk form gives them."""

    symbol: str
    distributed_on: date
    title: str
    member_code: str = ""  # defaults to the symbol's member
    comment_deadline: date | None = None
    comment_deadline_text: str = ""
    adoption_date: date | None = None
    adoption_date_text: str = ""
    entry_into_force: date | None = None
    entry_into_force_text: str = ""
    dates_flagged: bool = False
    title_zh: str = ""
    description: str = ""
    summary_zh: str = ""
    objective: str = ""
    products_text: str = ""
    hs_codes: list[str] = field(default_factory=list)
    ics_codes: list[str] = field(default_factory=list)
    keywords: list[str] = field(default_factory=list)
    agency: str = ""
    links: list[str] = field(default_factory=list)
    language: str = ""
    status: str = ""  # "" keeps the recorded status ("notified" for a new notification)
    source: str = Notification.Source.DESK
    is_example: bool = False
    #: an import: an empty Chinese title or summary keeps what the desk entered
    keep_desk_fields: bool = False


@dataclass
class RecordResult:
    notification: Notification
    created: bool
    changes: dict[str, list[Any]]

    @property
    def scope_or_dates_changed(self) -> bool:
        return self.created or any(name in self.changes for name in SCOPE_FIELDS)


def _require_manager(actor: User | None) -> None:
    if actor is None:  # system: management commands, demo data
        return
    if getattr(actor, "is_bureau", False):
        return
    raise PermissionDenied(
        "只有市局工作人员可以管理 WTO 通报。",
        "Only bureau staff can manage WTO notifications.",
    )


def parse_symbol(text: str) -> wto_symbol.WtoSymbol:
    try:
        return wto_symbol.parse(text)
    except wto_symbol.SymbolError as exc:
        raise DomainError(
            f"symbol_{exc.code}", exc.message_zh, exc.message_en, {"field": "symbol"}
        ) from exc


def clean_hs_codes(codes: list[str]) -> list[str]:
    """Digit strings, in order, without duplicates; a malformed code is ``hs_invalid``.
    Not checked against HS 2022: a notification may cite lines of an older edition."""
    return clean_hs_list(codes, field="hs_codes", known=False)


def clean_ics_codes(codes: list[str]) -> list[str]:
    """Dotted ICS codes, in order, without duplicates; a malformed code is ``ics_invalid``.
    Not checked against ICS edition 7 (notifications may cite older codes)."""
    return clean_ics_list(codes, field="ics_codes", known=False)


def _member_names(code: str) -> tuple[str, str]:
    member = Member.objects.filter(code=code).first()
    if member is not None:
        return member.name_zh, member.name_en
    return "", ""


def _link(n: Notification, sym: wto_symbol.WtoSymbol) -> None:
    """Point ``n`` to its base and parent (when they are recorded) and adopt the documents
    recorded before ``n`` that hang from it."""
    if sym.is_base:
        n.base = None
        n.parent = None
    else:
        n.base = Notification.objects.filter(symbol=sym.base.canonical).first()
        parent = sym.parent
        n.parent = Notification.objects.filter(symbol=parent.canonical).first() if parent else None


def _adopt_orphans(n: Notification) -> None:
    sym = parse_symbol(n.symbol)
    for doc in Notification.objects.filter(base_symbol=n.base_symbol).exclude(pk=n.pk):
        doc_sym = parse_symbol(doc.symbol)
        changed = False
        if sym.is_base and doc.base_id is None:
            doc.base = n
            changed = True
        parent = doc_sym.parent
        if parent is not None and parent.canonical == n.symbol and doc.parent_id != n.pk:
            doc.parent = n
            changed = True
        if changed:
            doc.save(update_fields=["base", "parent", "updated_at"])


def _notify(notification_id: int, changed: bool) -> None:
    """Tell the subscribers (after commit, through the task queue)."""
    events.publish(NotificationRecorded(notification_id, changed))


@transaction.atomic
def record_notification(actor: User | None, data: NotificationData) -> RecordResult:
    """Create the notification, or update the one with the same canonical symbol."""
    _require_manager(actor)
    sym = parse_symbol(data.symbol)
    member_code = (data.member_code or sym.current_member).strip().upper()
    if member_code != sym.current_member and member_code != sym.member:
        raise DomainError(
            "member_mismatch",
            f"通报成员 {member_code} 与通报号 {sym.canonical} 不符。",
            f"The notifying member {member_code} does not match the symbol {sym.canonical}.",
            {"field": "member_code"},
        )
    if not data.title.strip():
        raise DomainError(
            "title_required", "标题必填。", "The title is required.", {"field": "title"}
        )
    if data.status and data.status not in Notification.Status.values:
        raise DomainError("bad_status", "状态无效。", "Invalid status.", {"field": "status"})
    name_zh, name_en = _member_names(sym.current_member)
    values: dict[str, Any] = {
        "base_symbol": sym.base.canonical,
        "kind": sym.kind.value,
        "committee": sym.committee,
        "member_code": sym.current_member,
        "member_name_zh": name_zh,
        "member_name_en": name_en,
        "distributed_on": data.distributed_on,
        "comment_deadline": data.comment_deadline,
        "comment_deadline_text": data.comment_deadline_text[:300],
        "adoption_date": data.adoption_date,
        "adoption_date_text": data.adoption_date_text[:300],
        "entry_into_force": data.entry_into_force,
        "entry_into_force_text": data.entry_into_force_text[:300],
        "dates_flagged": data.dates_flagged,
        "title": data.title.strip(),
        "title_zh": data.title_zh.strip(),
        "description": data.description.strip(),
        "summary_zh": data.summary_zh.strip(),
        "objective": data.objective.strip(),
        "products_text": data.products_text.strip(),
        "hs_codes": clean_hs_codes(data.hs_codes),
        "ics_codes": clean_ics_codes(data.ics_codes),
        "keywords": [k.strip() for k in data.keywords if k.strip()],
        "agency": data.agency.strip(),
        "links": [link.strip() for link in data.links if link.strip()],
        "language": data.language.strip()[:10],
        "status": data.status,
        "source": data.source,
        "is_example": data.is_example,
    }
    values = clean_fields(Notification, values)
    values["keywords"] = [clean_text(k, "keywords", 200) for k in values["keywords"]]
    values["links"] = [clean_url(link, "links", 1000) for link in values["links"]]
    existing = Notification.objects.select_for_update().filter(symbol=sym.canonical).first()
    created = existing is None
    # what the desk adds (Chinese title and summary, status) is kept when an import, which
    # does not carry it, updates the notification
    if existing is not None:
        if not values["status"]:
            values["status"] = existing.status
        if data.keep_desk_fields:
            for name in ("title_zh", "summary_zh"):
                if not values[name]:
                    values[name] = getattr(existing, name)
    elif not values["status"]:
        values["status"] = Notification.Status.NOTIFIED
    n = existing or Notification(symbol=sym.canonical)
    changes: dict[str, list[Any]] = {}
    for name, new in values.items():
        old = getattr(n, name) if not created else None
        if created or old != new:
            if not created:
                changes[name] = [old, new]
            setattr(n, name, new)
    old_links = (n.base_id, n.parent_id)
    _link(n, sym)
    class_changes = apply_classification(n)
    changes.update(class_changes)
    if created or changes or old_links != (n.base_id, n.parent_id):
        n.save()
    _adopt_orphans(n)
    if created or changes:
        record_audit(
            actor,
            "notification.create" if created else "notification.update",
            n,
            changes if not created else {"symbol": n.symbol},
        )
    result = RecordResult(n, created, changes)
    if created or changes:
        _notify(n.pk, result.scope_or_dates_changed)
    return result


@transaction.atomic
def load_members_into_db(data_dir: Any) -> int:
    """Create or update the 166 WTO Members from ``data/wto/members.csv``."""
    registry = load_members(data_dir)
    count = 0
    for m in registry:
        Member.objects.update_or_create(
            code=m.code,
            defaults={
                "iso_alpha2": m.iso_alpha2,
                "iso_alpha3": m.iso_alpha3,
                "name_zh": m.name_zh,
                "name_en": m.name_en,
                "name_zh_official": m.name_zh_official,
                "name_en_official": m.name_en_official,
                "member_since": m.member_since,
                "groups": list(m.groups),
            },
        )
        count += 1
    return count


def _clean_correction(field: str, codes: list[str]) -> list[str]:
    codes = [str(c).strip() for c in codes if str(c).strip()]
    if field == "hs_headings":
        out = clean_hs_codes(codes)
        for code in out:
            if len(code) not in (2, 4, 6):
                raise DomainError(
                    "bad_hs_heading",
                    f"HS 编码“{code}”应为 2、4 或 6 位(章、品目或子目)。",
                    f"HS code {code!r} must have 2, 4 or 6 digits (chapter, heading, subheading).",
                    {"field": "codes"},
                )
        return out
    if field == "ics_predicted":
        return clean_ics_codes(codes)
    allowed = {
        "industries": [s.slug for s in INDUSTRIES],
        "export_groups": [s.slug for s in EXPORT_GROUPS],
    }.get(field)
    if allowed is None:
        raise DomainError(
            "bad_field", "无效的分类字段。", "Invalid classification field.", {"field": "field"}
        )
    unknown = [c for c in codes if c not in allowed]
    if unknown:
        raise DomainError(
            "unknown_sector",
            f"未知的分类:{'、'.join(unknown)}。",
            f"Unknown categories: {', '.join(unknown)}.",
            {"field": "codes"},
        )
    return list(dict.fromkeys(codes))


@transaction.atomic
def correct_classification(
    actor: User | None, notification: Notification, field: str, codes: list[str], note: str = ""
) -> ClassificationCorrection:
    """Record a staff correction of one classification field; it wins over the classifier
    from now on (also after re-import and re-classification)."""
    if actor is None or not getattr(actor, "is_bureau", False):
        raise PermissionDenied(
            "只有市局工作人员可以更正分类。", "Only bureau staff can correct a classification."
        )
    cleaned = _clean_correction(field, codes)
    n = Notification.objects.select_for_update().get(pk=notification.pk)
    correction = ClassificationCorrection.objects.create(
        notification=n,
        field=field,
        codes=cleaned,
        previous=n.classification_codes(field),
        note=clean_text(note.strip()[:500], "note", 500, multiline=True),
        created_by=actor,
    )
    changes = apply_classification(n)
    n.save()
    record_audit(
        actor,
        "notification.correct_classification",
        n,
        {"field": field, "codes": [correction.previous, cleaned], "note": correction.note},
    )
    if changes:
        _notify(n.pk, True)
    return correction


@transaction.atomic
def reset_classification(actor: User | None, notification: Notification, field: str) -> None:
    """Drop the staff corrections of one field: the classifier's result applies again."""
    if actor is None or not getattr(actor, "is_bureau", False):
        raise PermissionDenied(
            "只有市局工作人员可以更正分类。", "Only bureau staff can correct a classification."
        )
    n = Notification.objects.select_for_update().get(pk=notification.pk)
    deleted, _ = n.corrections.filter(field=field).delete()
    if not deleted:
        return
    changes = apply_classification(n)
    n.save()
    record_audit(actor, "notification.reset_classification", n, {"field": field})
    if changes:
        _notify(n.pk, True)


@transaction.atomic
def reclassify(actor: User | None, notification: Notification) -> dict[str, list[Any]]:
    """Run the classifier again (corrections still win)."""
    _require_manager(actor)
    n = Notification.objects.select_for_update().get(pk=notification.pk)
    changes = apply_classification(n)
    n.save()
    if changes:
        record_audit(actor, "notification.reclassify", n, changes)
        _notify(n.pk, True)
    return changes
