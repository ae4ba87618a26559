"""Briefings: every figure checked against hand-counted fixture data; periods; the PDF with
its server-drawn SVG charts; the monthly push to subscribers."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from biaozhun.common.errors import DomainError
from biaozhun.consult.briefings import documents as briefing_documents
from biaozhun.consult.briefings import selectors as briefing
from biaozhun.consult.briefings import services as briefing_services
from biaozhun.consult.comments import services as comment_services

pytestmark = pytest.mark.django_db


@pytest.fixture
def data(record, bureau_user, make_enterprise, enterprise_user, comment_data, today):
    from biaozhun.alerts.models import Alert
    from biaozhun.tbt.services import correct_classification

    def rec(symbol, day, industries, **kw):
        n = record(symbol, distributed_on=day, **kw)
        correct_classification(bureau_user, n, "industries", industries)
        n.refresh_from_db()
        return n

    n1 = rec(
        "G/TBT/N/EU/2001",
        date(2026, 3, 2),
        ["new-energy"],
        comment_deadline=today + timedelta(days=10),
    )
    n2 = rec(
        "G/TBT/N/EU/2002",
        date(2026, 3, 10),
        ["new-energy", "machinery"],
        comment_deadline=today + timedelta(days=20),
    )
    rec("G/TBT/N/DEU/50", date(2026, 3, 15), ["machinery"])
    n4 = rec("G/TBT/N/USA/3001", date(2026, 3, 20), ["new-energy"], comment_deadline=None)
    rec("G/TBT/N/USA/3002", date(2026, 2, 10), ["new-energy"])
    rec("G/TBT/N/EU/2001/Add.1", date(2026, 3, 25), ["new-energy"])
    rec("G/TBT/N/JPN/10", date(2025, 3, 5), ["new-energy"])
    rec("G/TBT/N/JPN/11", date(2026, 4, 1), ["new-energy"])  # next month: not counted
    a, b = make_enterprise("新能源甲"), make_enterprise("新能源乙")
    for n, e in ((n1, a), (n1, b), (n4, a)):
        Alert.objects.create(
            enterprise=e,
            notification=n,
            score=0.8,
            risk="red",
            fingerprint="x",
            comment_deadline=n.comment_deadline,
        )
    ua, ub = enterprise_user(a), enterprise_user(b)
    sent = comment_services.create_comment(ua, n1, comment_data())
    comment_services.submit_comment(ua, sent)
    sub = comment_services.merge_comments(bureau_user, n1, [sent.pk])
    comment_services.advance_submission(bureau_user, sub, "sent")
    comment_services.create_comment(ub, n1, comment_data())  # a draft
    gone = comment_services.create_comment(ub, n2, comment_data())
    comment_services.withdraw_comment(ub, gone)
    return n1, n2, n4


def test_industry_briefing_hand_counted(data, today):
    _n1, _n2, _n4 = data
    p = briefing.parse_period("month", "2026-03")
    b = briefing.compute_briefing("industry", "new-energy", p, today)
    assert (b["start"], b["end"], b["period_label"]) == ("2026-03-01", "2026-03-31", "2026-03")
    assert b["label_zh"] == "新能源"
    assert b["total"] == 3  # EU/2001, EU/2002, USA/3001 (not the addendum, not DEU machinery)
    assert b["previous_total"] == 1  # USA/3002 in February
    assert b["change"] == 2.0
    assert b["modifying_documents"] == 1  # EU/2001/Add.1
    assert b["trend"]["labels"][-1] == "2026-03" and len(b["trend"]["labels"]) == 12
    assert b["trend"]["counts"][-1] == 3 and b["trend"]["counts"][-2] == 1
    assert b["trend"]["previous_year"][-1] == 1  # JPN/10 in March 2025
    assert [(m["code"], m["count"]) for m in b["members"]] == [("EU", 2), ("USA", 1)]
    assert [r["symbol"] for r in b["deadlines"]] == ["G/TBT/N/EU/2001", "G/TBT/N/EU/2002"]
    assert b["deadlines"][0]["enterprises_hit"] == 2
    assert b["enterprises_hit"] == 2
    assert b["notifications_with_hits"] == 2
    assert [(r["symbol"], r["enterprises_hit"]) for r in b["most_hit"]] == [
        ("G/TBT/N/EU/2001", 2),
        ("G/TBT/N/USA/3001", 1),
    ]
    assert b["comments"] == {"written": 2, "sent": 1, "sources": 1}
    assert b["outcomes"]["sent"] == 1 and b["outcomes"]["draft"] == 0
    heat = b["heatmap"]
    assert heat["markets"] == ["EU", "USA"]
    assert heat["industries"] == ["machinery", "new-energy"]
    cells = {(heat["industries"][y], heat["markets"][x]): v for x, y, v in heat["values"]}
    assert cells == {
        ("machinery", "EU"): 1,
        ("machinery", "USA"): 0,
        ("new-energy", "EU"): 2,
        ("new-energy", "USA"): 1,
    }


def test_withdrawn_alerts_are_not_hits(data, today):
    from django.utils import timezone

    from biaozhun.alerts.models import Alert

    _n1, _n2, n4 = data
    Alert.objects.filter(notification=n4).update(
        withdrawn_at=timezone.now(), withdrawn_reason="out_of_scope"
    )
    p = briefing.parse_period("month", "2026-03")
    b = briefing.compute_briefing("industry", "new-energy", p, today)
    assert b["notifications_with_hits"] == 1
    assert [(r["symbol"], r["enterprises_hit"]) for r in b["most_hit"]] == [("G/TBT/N/EU/2001", 2)]


def test_market_briefing_covers_eu_states(data, today):
    p = briefing.parse_period("quarter", "2026Q1")
    assert (p.start, p.end) == (date(2026, 1, 1), date(2026, 3, 31))
    b = briefing.compute_briefing("market", "eu", p, today)
    assert b["key"] == "EU"
    assert b["total"] == 3  # EU/2001, EU/2002 and Germany's DEU/50
    assert b["modifying_documents"] == 1
    assert {m["code"] for m in b["members"]} == {"EU", "DEU"}
    y = briefing.compute_briefing("all", "", briefing.parse_period("year", "2026"), today)
    assert y["total"] == 6  # every regular 2026 notification
    assert y["previous_total"] == 1


def test_periods_and_keys():
    assert briefing.parse_period("month", "2026-02").end == date(2026, 2, 28)
    assert briefing.parse_period("quarter", "2026-Q4").start == date(2026, 10, 1)
    assert briefing.period_of("quarter", date(2026, 5, 17)).previous().start == date(2026, 1, 1)
    for kind, key in (("industry", "nope"), ("export_group", "new-energy"), ("bogus", "")):
        with pytest.raises(DomainError):
            briefing.check_key(kind, key)
    with pytest.raises(DomainError):
        briefing.parse_period("month", "March")
    with pytest.raises(DomainError):
        briefing.parse_period("week", "2026-03")


def test_briefing_pdf_with_svg_charts(data, today):
    b = briefing.compute_briefing(
        "industry", "new-energy", briefing.parse_period("month", "2026-03"), today
    )
    charts = briefing_documents.briefing_charts(b)
    assert charts["trend"].count("<polyline") == 2
    assert charts["members"].count("<rect") == 2
    assert ">EU<" in charts["heatmap"] and ">2<" in charts["heatmap"]
    pdf = briefing_documents.briefing_pdf(b)
    assert pdf.startswith(b"%PDF") and len(pdf) > 10000


def test_monthly_briefings_pushed_to_subscribers(
    data, make_user, today, django_capture_on_commit_callbacks
):
    from biaozhun.consult.models import Briefing
    from biaozhun.notify.models import Message

    reader = make_user("department_member")
    other = make_user("expert")
    briefing_services.subscribe_briefing(reader, "industry", "new-energy")
    briefing_services.subscribe_briefing(other, "market", "EU")
    briefing_services.subscribe_briefing(other, "industry", "new-energy")
    with pytest.raises(DomainError):
        briefing_services.subscribe_briefing(other, "industry", "nope")
    with django_capture_on_commit_callbacks(execute=True):
        made = briefing_services.publish_monthly_briefings(date(2026, 4, 1))
        again = briefing_services.publish_monthly_briefings(date(2026, 4, 3))
    assert made == again == 2
    assert Briefing.objects.count() == 2
    stored = Briefing.objects.get(kind="industry", key="new-energy")
    assert stored.data["total"] == 3 and stored.start == date(2026, 3, 1)
    msgs = Message.objects.filter(kind="consult-briefing")
    assert msgs.count() == 2
    energy = msgs.get(title_zh__contains="新能源")
    assert "3" in energy.body_zh and "period=month" in energy.url
