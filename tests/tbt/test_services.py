"""Recording notifications: canonical symbols, linking of addenda, listeners, roles."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from biaozhun.common import events
from biaozhun.common.errors import DomainError, PermissionDenied
from biaozhun.common.events import NotificationRecorded
from biaozhun.tbt.models import Member, Notification

pytestmark = pytest.mark.django_db


def test_members_loaded(members: None) -> None:
    assert Member.objects.count() == 166
    eu = Member.objects.get(code="EU")
    assert eu.name_zh and eu.name_en
    assert Member.objects.get(code="TPKM").name_en


def test_symbol_is_canonical_and_member_named(record: Any) -> None:
    result = record(" g/tbt/n/eu/1057 ")
    n = result.notification
    assert result.created
    assert n.symbol == "G/TBT/N/EU/1057"
    assert n.base_symbol == "G/TBT/N/EU/1057"
    assert n.kind == "regular"
    assert n.committee == "TBT"
    assert n.member_code == "EU"
    assert n.member_name_zh and n.member_name_en


def test_addenda_linked_to_base_and_parent(record: Any) -> None:
    base = record("G/TBT/N/USA/2100").notification
    add = record("G/TBT/N/USA/2100/Add.1").notification
    corr = record("G/TBT/N/USA/2100/Add.1/Corr.1").notification
    rev = record("G/TBT/N/USA/2100/Rev.1").notification
    assert (add.kind, add.base_id, add.parent_id) == ("addendum", base.pk, base.pk)
    assert (corr.kind, corr.base_id, corr.parent_id) == ("corrigendum", base.pk, add.pk)
    assert (rev.kind, rev.base_id, rev.parent_id) == ("revision", base.pk, base.pk)
    assert set(base.documents.values_list("symbol", flat=True)) == {
        "G/TBT/N/USA/2100/Add.1",
        "G/TBT/N/USA/2100/Add.1/Corr.1",
        "G/TBT/N/USA/2100/Rev.1",
    }


def test_documents_recorded_before_their_base_are_adopted(record: Any) -> None:
    corr = record("G/TBT/N/JPN/900/Add.1/Corr.1").notification
    assert corr.base_id is None and corr.parent_id is None
    add = record("G/TBT/N/JPN/900/Add.1").notification
    base = record("G/TBT/N/JPN/900").notification
    corr.refresh_from_db()
    add.refresh_from_db()
    assert corr.parent_id == add.pk and corr.base_id == base.pk
    assert add.parent_id == base.pk and add.base_id == base.pk


def test_update_by_symbol(record: Any) -> None:
    first = record("G/TBT/N/KOR/1200", title="Electric cables")
    again = record("G/TBT/N/KOR/1200", title="Electric cables")
    assert not again.created and again.changes == {}
    changed = record("G/TBT/N/KOR/1200", title="Electric cables (revised)")
    assert changed.notification.pk == first.notification.pk
    assert changed.changes["title"] == ["Electric cables", "Electric cables (revised)"]
    assert Notification.objects.count() == 1


def test_bad_symbol_and_member_mismatch(record: Any) -> None:
    with pytest.raises(DomainError) as exc:
        record("G/TBT/X/EU/1")
    assert exc.value.code.startswith("symbol_")
    assert exc.value.message_zh and exc.value.message_en
    with pytest.raises(DomainError) as exc:
        record("G/TBT/N/EU/2", member_code="USA")
    assert exc.value.code == "member_mismatch"


def test_bad_codes_refused(record: Any) -> None:
    with pytest.raises(DomainError) as exc:
        record("G/TBT/N/EU/3", hs_codes=["85x"])
    assert exc.value.code == "hs_invalid"
    with pytest.raises(DomainError) as exc:
        record("G/TBT/N/EU/3", ics_codes=["99.999.99.9"])
    assert exc.value.code == "ics_invalid"


def test_only_bureau_records(record: Any, make_user: Any) -> None:
    officer = make_user("expert")
    with pytest.raises(PermissionDenied):
        record("G/TBT/N/EU/4", actor=officer)


#: what the test subscribers below received
RECEIVED: list[tuple[int, bool]] = []


def record_event(event: NotificationRecorded) -> None:
    RECEIVED.append((event.notification_id, event.scope_or_dates_changed))


def failing_handler(event: NotificationRecorded) -> None:
    raise RuntimeError("handler failed")


@pytest.fixture
def subscribed(monkeypatch: Any) -> Any:
    """Subscribe handlers of this module (dotted names) to NotificationRecorded."""

    def subscribe(*names: str) -> list[tuple[int, bool]]:
        paths = tuple(f"{__name__}.{name}" for name in names)
        monkeypatch.setitem(events.SUBSCRIPTIONS, NotificationRecorded, paths)
        RECEIVED.clear()
        return RECEIVED

    return subscribe


def test_notification_events_after_commit(
    record: Any, django_capture_on_commit_callbacks: Any, subscribed: Any
) -> None:
    calls = subscribed("record_event")
    with django_capture_on_commit_callbacks(execute=True):
        n = record("G/TBT/N/SAU/1300", hs_codes=["8507.60"]).notification
    assert calls == [(n.pk, True)]
    calls.clear()
    with django_capture_on_commit_callbacks(execute=True):
        record("G/TBT/N/SAU/1300", hs_codes=["8507.60"])  # nothing changed
    assert calls == []
    with django_capture_on_commit_callbacks(execute=True):
        record("G/TBT/N/SAU/1300", hs_codes=["8507.60"], agency="SASO")  # not scope
    assert calls == [(n.pk, False)]
    calls.clear()
    with django_capture_on_commit_callbacks(execute=True):
        record("G/TBT/N/SAU/1300", hs_codes=["8507.60"], comment_deadline=date(2026, 5, 1))
    assert calls == [(n.pk, True)]


def test_failing_handler_does_not_block_others(
    record: Any, django_capture_on_commit_callbacks: Any, subscribed: Any
) -> None:
    from django_tasks_db.models import DBTaskResult

    calls = subscribed("failing_handler", "record_event")
    with django_capture_on_commit_callbacks(execute=True):
        n = record("G/TBT/N/TPKM/500").notification
    assert calls == [(n.pk, True)]
    # the failed one waits in the queue for its second attempt
    # (other rows may be in the queue: look for this handler's retry among them)
    queued = DBTaskResult.objects.filter(task_path="biaozhun.common.events.deliver_event")
    retries = [r for r in queued if r.args_kwargs["args"][0] == f"{__name__}.failing_handler"]
    assert len(retries) == 1
    assert retries[0].args_kwargs["args"][3] == 2  # the second attempt


def test_given_hs_codes_classify(record: Any) -> None:
    n = record(
        "G/TBT/N/EU/1100", hs_codes=["6109.10", "6204"], title="Textile labelling"
    ).notification
    assert "textiles" in n.export_group_slugs
    assert {"6109", "6204"} <= set(n.heading_codes)
    item = n.export_groups[0]
    assert item["source"] == "given" and item["confidence"] >= 0.9
    assert item["reason_zh"] and item["reason_en"]


def test_desk_can_clear_what_an_import_keeps(record: Any) -> None:
    record("G/TBT/N/EU/1600", title_zh="中文标题", status="adopted")
    kept = record("G/TBT/N/EU/1600", keep_desk_fields=True).notification
    assert (kept.title_zh, kept.status) == ("中文标题", "adopted")
    cleared = record("G/TBT/N/EU/1600", title_zh="", status="notified").notification
    assert (cleared.title_zh, cleared.status) == ("", "notified")
    with pytest.raises(DomainError):
        record("G/TBT/N/EU/1600", status="dormant")


def test_reference_loader_idempotent(db: Any) -> None:
    import io

    from django.apps import apps

    config: Any = apps.get_app_config("tbt")
    out = io.StringIO()
    config.load_reference_data(out)
    config.load_reference_data(out)
    assert Member.objects.count() == 166 and "166" in out.getvalue()
    assert "GCC" in Member.objects.get(code="SAU").groups


def test_an_event_published_twice_in_a_transaction_is_delivered_once(
    db: Any, django_capture_on_commit_callbacks: Any, subscribed: Any
) -> None:
    from django.db import transaction

    calls = subscribed("record_event")
    with django_capture_on_commit_callbacks(execute=True):
        events.publish(NotificationRecorded(7, True))
        events.publish(NotificationRecorded(7, True))
        events.publish(NotificationRecorded(7, False))  # other data: its own delivery
    assert calls == [(7, True), (7, False)]
    calls.clear()
    # a delivery queued in a savepoint that is rolled back is gone: publishing again queues it
    with django_capture_on_commit_callbacks(execute=True):
        try:
            with transaction.atomic():
                events.publish(NotificationRecorded(8, True))
                raise RuntimeError("roll back the savepoint")
        except RuntimeError:
            pass
        events.publish(NotificationRecorded(8, True))
    assert calls == [(8, True)]
    calls.clear()
    # queued outside a savepoint, published again inside one that is rolled back: kept once
    with django_capture_on_commit_callbacks(execute=True):
        events.publish(NotificationRecorded(9, True))
        try:
            with transaction.atomic():
                events.publish(NotificationRecorded(9, True))
                raise RuntimeError("roll back the savepoint")
        except RuntimeError:
            pass
    assert calls == [(9, True)]
