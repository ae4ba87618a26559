"""Comments: draft → submitted → merged into one submission → exported (Word opened with
python-docx, PDF generated); the outcome state machine; deadlines and reminders."""

from __future__ import annotations

import io
from datetime import date, timedelta
from decimal import Decimal

import pytest

from biaozhun.common.errors import Conflict, DomainError, PermissionDenied
from biaozhun.consult import station
from biaozhun.consult.comments import documents as comment_documents
from biaozhun.consult.comments import services as comment_services
from biaozhun.consult.models import Comment, Submission
from biaozhun.consult.reminders import selectors as reminder_selectors
from biaozhun.consult.reminders import services as reminder_services
from biaozhun.notify.models import Message

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_sources(record, make_enterprise, enterprise_user, comment_data, bureau_user):
    n = record("G/TBT/N/EU/1101", title="Batteries regulation: test methods")
    a = make_enterprise("扬州电池甲公司", name_en="Yangzhou Battery A Co.")
    b = make_enterprise("扬州电池乙公司", "邗江区")
    ua, ub = enterprise_user(a), enterprise_user(b)
    ca = comment_services.create_comment(
        ua,
        n,
        comment_data(export_value_usd=Decimal("120.50"), trade_impact="年出口欧盟 120 万美元"),
    )
    cb = comment_services.create_comment(
        ub,
        n,
        comment_data(
            concern="过渡期过短,企业来不及完成认证。",
            technical_points_en="The transition period of 6 months is too short.",
            export_value_usd=Decimal("30"),
        ),
    )
    return n, (a, ua, ca), (b, ub, cb)


def test_workflow_from_draft_to_merged_export(
    two_sources, bureau_user, django_capture_on_commit_callbacks
):
    n, (a, ua, ca), (_b, ub, cb) = two_sources
    assert ca.state == Comment.State.DRAFT and ca.enterprise == a
    comment_services.update_comment(
        ua,
        ca,
        comment_services.CommentData(
            concern=ca.concern + "(补充)",
            clauses=ca.clauses,
            proposed_change=ca.proposed_change,
            technical_points_en=ca.technical_points_en,
            export_value_usd=ca.export_value_usd,
            trade_impact=ca.trade_impact,
        ),
    )
    upload = io.BytesIO(b"%PDF-1.4 test report")
    from django.core.files.uploadedfile import SimpleUploadedFile

    comment_services.add_evidence(ua, ca, SimpleUploadedFile("检测报告.pdf", upload.getvalue()))
    with pytest.raises(DomainError) as exc:
        comment_services.add_evidence(ua, ca, SimpleUploadedFile("virus.exe", b"MZ"))
    assert exc.value.code == "evidence_type"

    # a draft cannot be merged; submitted ones can
    with pytest.raises(Conflict):
        comment_services.merge_comments(bureau_user, n, [ca.pk])
    comment_services.submit_comment(ua, ca)
    comment_services.submit_comment(ub, cb)
    with pytest.raises(Conflict):
        comment_services.update_comment(ua, ca, comment_services.CommentData(concern="x"))
    with pytest.raises(PermissionDenied):
        comment_services.merge_comments(ua, n, [ca.pk, cb.pk])
    sub = comment_services.merge_comments(
        bureau_user,
        n,
        [ca.pk, cb.pk],
        summary_zh="建议采用国际标准并延长过渡期。",
        summary_en="Use the international test method and extend the transition period.",
    )
    ca.refresh_from_db()
    cb.refresh_from_db()
    assert ca.state == cb.state == Comment.State.MERGED
    assert set(sub.comments.values_list("pk", flat=True)) == {ca.pk, cb.pk}

    raw = comment_documents.submission_docx(sub)
    from docx import Document

    doc = Document(io.BytesIO(raw))
    text = "\n".join(p.text for p in doc.paragraphs)
    cells = "\n".join(c.text for t in doc.tables for r in t.rows for c in r.cells)
    assert "关于 G/TBT/N/EU/1101 通报的评议意见" in text
    assert "扬州电池甲公司 / Yangzhou Battery A Co." in text
    assert "扬州电池乙公司" in text
    assert "(补充)" in text and "过渡期过短" in text
    assert "检测报告.pdf" in text
    assert "Technical points (English)" in text
    assert "The transition period of 6 months is too short." in text
    assert "Clause 4.2 should reference the IEC 62133-2 test method." in text
    assert "150.50 万美元" in cells
    assert "G/TBT/N/EU/1101" in cells
    pdf = comment_documents.submission_pdf(sub)
    assert pdf.startswith(b"%PDF") and len(pdf) > 5000

    # outcome tracking with the state machine
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(Conflict) as illegal:
            comment_services.advance_submission(bureau_user, sub, "answered")
        assert illegal.value.code == "illegal_transition"
        comment_services.advance_submission(bureau_user, sub, "sent", note="已报送国家通报咨询中心")
        with pytest.raises(Conflict):
            comment_services.merge_comments(bureau_user, n, [])
        comment_services.advance_submission(bureau_user, sub, "acknowledged")
        with pytest.raises(Conflict):
            comment_services.advance_submission(bureau_user, sub, "sent")
        comment_services.advance_submission(
            bureau_user, sub, "answered", reply="欧盟回复:将延长过渡期。"
        )
        comment_services.advance_submission(bureau_user, sub, "changed")
    sub.refresh_from_db()
    assert sub.state == Submission.State.CHANGED
    assert [h["state"] for h in sub.history][-4:] == ["sent", "acknowledged", "answered", "changed"]
    assert sub.sent_at and sub.acknowledged_at and sub.answered_at and sub.closed_at
    with pytest.raises(Conflict):
        comment_services.advance_submission(bureau_user, sub, "unchanged")
    told = Message.objects.filter(kind="consult-outcome", enterprise=a)
    assert told.count() == 4
    assert told.filter(body_zh__contains="延长过渡期").exists()
    with pytest.raises(DomainError):
        comment_services.advance_submission(bureau_user, sub, "teleported")


def test_withdraw_and_desk_on_behalf(
    record, bureau_user, make_enterprise, comment_data, enterprise_user
):
    n = record("G/TBT/N/USA/2001")
    with pytest.raises(DomainError) as exc:
        comment_services.create_comment(bureau_user, n, comment_data())
    assert exc.value.code == "source_required"
    c = comment_services.create_comment(
        bureau_user, n, comment_data(association="扬州市电池行业协会")
    )
    assert c.by_desk and c.source_label == "扬州市电池行业协会"
    e = make_enterprise("代填企业")
    c2 = comment_services.create_comment(bureau_user, n, comment_data(), enterprise=e)
    comment_services.withdraw_comment(enterprise_user(e), c2)
    assert Comment.objects.get(pk=c2.pk).state == Comment.State.WITHDRAWN
    with pytest.raises(Conflict):
        comment_services.submit_comment(bureau_user, Comment.objects.get(pk=c2.pk))
    with pytest.raises(DomainError) as exc:
        comment_services.create_comment(bureau_user, n, comment_data(concern="  "), enterprise=e)
    assert exc.value.code == "concern_required"
    with pytest.raises(DomainError) as exc:
        comment_services.create_comment(
            bureau_user, n, comment_data(export_value_usd=Decimal("-1")), enterprise=e
        )
    assert exc.value.code == "export_value_negative"


def test_closed_notification_refuses_comments(
    record, make_enterprise, enterprise_user, comment_data, today
):
    n = record("G/TBT/N/JPN/800", comment_deadline=today - timedelta(days=1))
    user = enterprise_user(make_enterprise())
    with pytest.raises(DomainError) as exc:
        comment_services.create_comment(user, n, comment_data())
    assert exc.value.code == "comments_closed"


def test_expert_and_district_officer_cannot_comment(record, expert, district_officer, comment_data):
    n = record("G/TBT/N/CAN/700")
    for user in (expert, district_officer("广陵区")):
        with pytest.raises(PermissionDenied):
            comment_services.create_comment(user, n, comment_data())


# --- deadlines ----------------------------------------------------------------------------


def test_internal_deadline_across_weekends_and_builtin_holidays(record, bureau_user):
    from biaozhun.alerts.desk import update_desk_settings

    update_desk_settings(bureau_user, lead_working_days=10)
    # Fri 2026-10-16: ten working days back cross 国庆 (10-01..07) and the working Sat 10-10
    n = record("G/TBT/N/EU/1200", comment_deadline=date(2026, 10, 16))
    d = station.deadlines_for(n)
    assert d.wto == date(2026, 10, 16)
    assert d.internal == date(2026, 9, 28)
    # a final date on a Sunday: counted back from the working days before it
    n2 = record("G/TBT/N/EU/1201", comment_deadline=date(2026, 3, 22))
    assert station.deadlines_for(n2).internal == date(2026, 3, 9)


def test_internal_deadline_with_configured_holidays(record, bureau_user):
    from biaozhun.alerts.desk import update_desk_settings

    update_desk_settings(bureau_user, lead_working_days=5)
    # 2027 is beyond the built-in calendar: only weekends count, then the desk adds days
    n = record("G/TBT/N/EU/1300", comment_deadline=date(2027, 1, 15))  # Friday
    assert station.deadlines_for(n).internal == date(2027, 1, 8)
    update_desk_settings(
        bureau_user,
        lead_working_days=5,
        extra_holidays=["2027-01-11", "2027-01-12"],
        extra_workdays=["2027-01-09"],  # a working Saturday
    )
    # back from Fri 15: Thu 14, Wed 13, (Tue 12, Mon 11 holidays), (Sun 10), Sat 9, Fri 8, Thu 7
    assert station.deadlines_for(n).internal == date(2027, 1, 7)


def test_due_this_week_and_reminders(
    record,
    bureau_user,
    make_enterprise,
    enterprise_user,
    comment_data,
    today,
    django_capture_on_commit_callbacks,
):
    from biaozhun.alerts.desk import update_desk_settings

    update_desk_settings(bureau_user, lead_working_days=0)
    a = make_enterprise("提醒企业")
    ua = enterprise_user(a)
    # the internal deadline lands three working days ahead
    from biaozhun.core.workdays import add_working_days

    cal = station.calendar()
    soon = add_working_days(today, 3, cal)
    n = record("G/TBT/N/KOR/900", comment_deadline=soon)
    far = record("G/TBT/N/KOR/901", comment_deadline=today + timedelta(days=90))
    c = comment_services.create_comment(ua, n, comment_data())
    comment_services.create_comment(ua, far, comment_data())
    other = comment_services.create_comment(
        enterprise_user(make_enterprise("别家")), n, comment_data()
    )

    station.update_consult_settings(bureau_user, response_target_hours=48, reminder_days=[5, 1])
    with django_capture_on_commit_callbacks(execute=True):
        count = reminder_services.send_deadline_reminders(today)
        again = reminder_services.send_deadline_reminders(today)
    reminders = Message.objects.filter(kind="consult-reminder")
    assert reminders.filter(enterprise=a, source_id=str(c.pk)).count() == 1
    # the desk is reminded of the internal and the WTO date (the same day with no lead time)
    desk = reminders.filter(enterprise=None, source_id=str(n.pk))
    assert desk.count() == 2
    assert count == again  # publishing again returns the same messages, nothing new written
    assert reminders.count() == 4  # two enterprises + two desk reminders
    # one working day before: a new (threshold 1) reminder
    day_before = station.calendar().previous_working_day(soon - timedelta(days=1))
    reminder_services.send_deadline_reminders(day_before)
    assert reminders.filter(enterprise=a, source_id=str(c.pk)).count() == 2

    week = reminder_selectors.due_this_week(ua, soon)
    assert [i.notification.symbol for i in week] == ["G/TBT/N/KOR/900"]
    assert [x.pk for x in week[0].comments] == [c.pk]  # not the other enterprise's
    desk_week = reminder_selectors.due_this_week(bureau_user, soon)
    assert {x.pk for x in desk_week[0].comments} == {c.pk, other.pk}


def test_settings_validation(bureau_user, enterprise_user, make_enterprise):
    with pytest.raises(DomainError):
        station.update_consult_settings(bureau_user, response_target_hours=0, reminder_days=[1])
    with pytest.raises(DomainError):
        station.update_consult_settings(bureau_user, response_target_hours=24, reminder_days=[])
    with pytest.raises(PermissionDenied):
        station.update_consult_settings(
            enterprise_user(make_enterprise()), response_target_hours=24, reminder_days=[1]
        )
    row = station.update_consult_settings(
        bureau_user, response_target_hours=24, reminder_days=[3, 1, 3]
    )
    assert row.thresholds == [1, 3]
