"""Pages: every page renders for the roles that use it, scoping (404 for another
enterprise's comment or enquiry), forms validate, exports download, the exporter's view of
regulations, the briefing page and its PDF."""

from __future__ import annotations

import io
from datetime import date, timedelta

import pytest
from django.urls import reverse

from biaozhun.consult import station
from biaozhun.consult.briefings import services as briefing_services
from biaozhun.consult.comments import services as comment_services
from biaozhun.consult.enquiries import services as enquiry_services
from biaozhun.consult.models import Comment, Enquiry, TechnicalRegulation
from biaozhun.consult.regulations import services as regulation_services

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup(record, make_enterprise, enterprise_user, bureau_user, comment_data, expert):
    n = record("G/TBT/N/EU/3001", title="Toy safety")
    a = make_enterprise("玩具甲", "广陵区")
    b = make_enterprise("玩具乙", "邗江区")
    ua, ub = enterprise_user(a), enterprise_user(b)
    ca = comment_services.create_comment(ua, n, comment_data())
    eq = enquiry_services.ask_enquiry(
        ua, enquiry_services.EnquiryData(subject="玩具标准", question="适用哪些标准?")
    )
    return n, (a, ua, ca, eq), (b, ub)


def test_pages_render_for_roles(client, setup, bureau_user, expert, make_user, district_officer):
    n, (_a, ua, ca, eq), (_b, _ub) = setup
    pages = [
        reverse("consult:comments"),
        reverse("consult:due"),
        reverse("consult:enquiries"),
        reverse("consult:kb"),
        reverse("consult:regulations"),
        reverse("consult:regulations_mine"),
        reverse("consult:briefing"),
    ]
    for user in (ua, bureau_user):
        client.force_login(user)
        for url in pages:
            r = client.get(url)
            assert r.status_code == 200, (user.role, url)
            assert "评议" in r.text or "咨询" in r.text or "技术法规" in r.text
    client.force_login(bureau_user)
    for url in (
        reverse("consult:submissions"),
        reverse("consult:settings"),
        reverse("consult:notification", args=[n.pk]),
        reverse("consult:comment", args=[ca.pk]),
        reverse("consult:enquiry", args=[eq.pk]),
        reverse("consult:regulation_create"),
        reverse("consult:comment_create", args=[n.pk]),
    ):
        assert client.get(url).status_code == 200, url
    client.force_login(expert)
    assert client.get(reverse("consult:enquiries")).status_code == 200
    assert client.get(reverse("consult:comments")).status_code == 403
    assert client.get(reverse("consult:settings")).status_code == 403
    client.force_login(ua)
    assert client.get(reverse("consult:submissions")).status_code == 403
    r = client.get("/")
    assert reverse("consult:comments") in r.text and reverse("consult:briefing") in r.text


def test_scoping_404(client, setup, expert, district_officer, bureau_user):
    _n, (_a, _ua, ca, eq), (_b, ub) = setup
    client.force_login(ub)
    for url in (
        reverse("consult:comment", args=[ca.pk]),
        reverse("consult:enquiry", args=[eq.pk]),
    ):
        assert client.get(url).status_code == 404
    assert (
        client.post(
            reverse("consult:comment_action", args=[ca.pk]), {"action": "withdraw"}
        ).status_code
        == 404
    )
    assert Comment.objects.get(pk=ca.pk).state == "draft"
    r = client.get(reverse("consult:comments"))
    assert "G/TBT/N/EU/3001" not in r.text.split("comment-table")[1].split("</table>")[0]
    client.force_login(expert)
    assert client.get(reverse("consult:enquiry", args=[eq.pk])).status_code == 404
    client.force_login(district_officer("邗江区"))
    assert client.get(reverse("consult:comment", args=[ca.pk])).status_code == 404
    client.force_login(district_officer("广陵区"))
    assert client.get(reverse("consult:comment", args=[ca.pk])).status_code == 200


def test_comment_flow_through_pages(client, setup, bureau_user):
    n, (a, ua, ca, _eq), _ = setup
    client.force_login(ua)
    r = client.post(reverse("consult:comment_create", args=[n.pk]), {"concern": ""})
    assert r.status_code == 200 and "invalid-feedback" in r.text
    r = client.post(
        reverse("consult:comment_create", args=[n.pk]),
        {"concern": "小零件测试要求过严", "export_value_usd": "-5"},
    )
    assert r.status_code == 200  # negative value refused by the form
    r = client.post(
        reverse("consult:comment_create", args=[n.pk]),
        {"concern": "小零件测试要求过严", "technical_points_en": "Small parts test too strict."},
    )
    new = Comment.objects.exclude(pk=ca.pk).get(enterprise=a)
    assert r.status_code == 302 and r.url == reverse("consult:comment", args=[new.pk])
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.post(
        reverse("consult:evidence_upload", args=[new.pk]),
        {"file": SimpleUploadedFile("report.pdf", b"%PDF-1.4 x")},
    )
    assert new.evidence.count() == 1
    ev = new.evidence.get()
    assert client.get(reverse("consult:evidence", args=[ev.pk])).status_code == 200
    client.post(reverse("consult:comment_action", args=[new.pk]), {"action": "submit"})
    client.post(reverse("consult:comment_action", args=[ca.pk]), {"action": "submit"})
    client.force_login(bureau_user)
    r = client.post(
        reverse("consult:notification", args=[n.pk]),
        {"comments": [new.pk, ca.pk], "summary_zh": "综合意见", "summary_en": "Summary"},
    )
    assert r.status_code == 302
    sub = new.__class__.objects.get(pk=new.pk).submission
    r = client.get(reverse("consult:submission_export", args=[sub.pk, "docx"]))
    assert r.status_code == 200
    from docx import Document

    text = "\n".join(p.text for p in Document(io.BytesIO(r.content)).paragraphs)
    assert "小零件测试要求过严" in text and "Small parts test too strict." in text
    r = client.get(reverse("consult:submission_export", args=[sub.pk, "pdf"]))
    assert r.status_code == 200 and r.content.startswith(b"%PDF")
    assert client.get(reverse("consult:submission_export", args=[sub.pk, "exe"])).status_code == 404
    r = client.post(reverse("consult:submission_transition", args=[sub.pk]), {"state": "answered"})
    sub.refresh_from_db()
    assert sub.state == "draft"  # illegal: refused with a message
    client.post(reverse("consult:submission_transition", args=[sub.pk]), {"state": "sent"})
    sub.refresh_from_db()
    assert sub.state == "sent"
    client.force_login(ua)
    assert client.get(reverse("consult:submission", args=[sub.pk])).status_code == 403


def test_enquiry_flow_through_pages(client, setup, bureau_user, expert):
    n, (_a, ua, _ca, eq), (_b, ub) = setup
    client.force_login(ua)
    r = client.post(
        reverse("consult:enquiry_create"),
        {"topic": "market", "subject": "s", "question": "q", "market": "Narnia"},
    )
    assert r.status_code == 200 and Enquiry.objects.count() == 1
    r = client.post(
        reverse("consult:enquiry_create"),
        {
            "topic": "notification",
            "subject": "s",
            "question": "q",
            "notification": "G/TBT/N/EU/3001",
        },
    )
    assert r.status_code == 302 and Enquiry.objects.get(subject="s").notification == n
    client.force_login(bureau_user)
    client.post(reverse("consult:enquiry_action", args=[eq.pk, "assign"]), {"expert": expert.pk})
    client.force_login(expert)
    client.post(reverse("consult:enquiry_action", args=[eq.pk, "answer"]), {"answer": "EN 71-1"})
    client.force_login(ua)
    client.post(reverse("consult:enquiry_action", args=[eq.pk, "rate"]), {"rating": "5"})
    eq.refresh_from_db()
    assert (eq.state, eq.rating, eq.expert) == ("answered", 5, expert)
    client.force_login(bureau_user)
    client.post(
        reverse("consult:enquiry_action", args=[eq.pk, "publish"]), {"question": "", "answer": ""}
    )
    client.force_login(ub)
    r = client.get(reverse("consult:kb") + "?q=EN")
    assert reverse("consult:kb_entry", args=[eq.pk]) in r.text
    assert client.get(reverse("consult:kb_entry", args=[eq.pk])).status_code == 200


def test_regulations_for_an_exporter(client, bureau_user, make_enterprise, enterprise_user, today):
    from biaozhun.enterprises.profiles.services import MarketData, ProductData, replace_profile

    e = make_enterprise("出口电池", is_exporter=True)
    replace_profile(
        bureau_user,
        e,
        products=[ProductData("850760", "锂电池")],
        markets=[MarketData("DEU", None)],
    )
    base = {"title": "t", "hs_codes": ["8507"], "kind": "regulation"}
    regulation_services.save_regulation(
        bureau_user,
        regulation_services.RegulationData(
            market="EU", reference="R1", in_force_from=today - timedelta(days=10), **base
        ),
    )
    regulation_services.save_regulation(
        bureau_user,
        regulation_services.RegulationData(
            market="EU", reference="R2", in_force_from=today + timedelta(days=100), **base
        ),
    )
    regulation_services.save_regulation(
        bureau_user,
        regulation_services.RegulationData(
            market="USA", reference="R3", in_force_from=today, **base
        ),
    )
    regulation_services.save_regulation(
        bureau_user,
        regulation_services.RegulationData(
            market="EU",
            reference="R4",
            in_force_from=date(2000, 1, 1),
            applies_until=today - timedelta(days=1),
            **base,
        ),
    )
    regulation_services.save_regulation(
        bureau_user,
        regulation_services.RegulationData(
            market="EU", reference="R5", title="t", hs_codes=["6109"]
        ),
    )
    client.force_login(enterprise_user(e))
    r = client.get(reverse("consult:regulations_mine"))
    in_force = r.text.split('data-testid="in-force"')[1].split('data-testid="coming"')[0]
    coming = r.text.split('data-testid="coming"')[1]
    assert (
        "R1" in in_force and "R2" not in in_force and "R3" not in in_force and "R4" not in in_force
    )
    # (a bare "R5" could occur inside the page's random CSRF token or nonce)
    assert "R2" in coming and "<strong>EU R5</strong>" not in r.text
    assert TechnicalRegulation.objects.count() == 5


def test_regulation_form_validates(client, bureau_user, record):
    record("G/TBT/N/EU/3500")
    client.force_login(bureau_user)
    url = reverse("consult:regulation_create")
    r = client.post(
        url,
        {
            "market": "EU",
            "kind": "regulation",
            "reference": "X",
            "title": "T",
            "hs_codes": "99999x",
        },
    )
    assert r.status_code == 200 and TechnicalRegulation.objects.count() == 0
    r = client.post(url, {"market": "Mordor", "kind": "regulation", "reference": "X", "title": "T"})
    assert r.status_code == 200 and TechnicalRegulation.objects.count() == 0
    r = client.post(
        url,
        {
            "market": "eu",
            "kind": "regulation",
            "reference": "X",
            "title": "T",
            "hs_codes": "8507, 8506",
            "notification_symbols": "G/TBT/N/EU/3500",
            "in_force_from": "2026-01-01",
            "applies_until": "2025-01-01",
        },
    )
    assert r.status_code == 200 and TechnicalRegulation.objects.count() == 0
    r = client.post(
        url,
        {
            "market": "eu",
            "kind": "regulation",
            "reference": "X",
            "title": "T",
            "hs_codes": "8507, 8506",
            "notification_symbols": "G/TBT/N/EU/3500",
        },
    )
    reg = TechnicalRegulation.objects.get()
    assert r.status_code == 302 and reg.market == "EU" and reg.hs_codes == ["8507", "8506"]
    assert [n.symbol for n in reg.notifications.all()] == ["G/TBT/N/EU/3500"]


def test_briefing_page_and_pdf(client, setup, bureau_user):
    client.force_login(bureau_user)
    r = client.get(reverse("consult:briefing") + "?kind=market&key=EU&period=year&at=2026")
    assert r.status_code == 200
    assert 'id="briefing-data"' in r.text and "consult/briefing.js" in r.text
    tag = r.text.split("consult/briefing.js")[1].split(">")[0]
    assert "nonce=" in tag  # the static script carries the CSP nonce
    r = client.get(reverse("consult:briefing") + "?kind=industry&key=nope")
    assert r.status_code == 200 and "briefing-error" in r.text
    r = client.get(reverse("consult:briefing_pdf") + "?kind=all&period=quarter&at=2026Q4")
    assert r.status_code == 200 and r.content.startswith(b"%PDF")
    client.post(reverse("consult:briefing_subscribe"), {"kind": "market", "key": "EU"})
    assert bureau_user.briefing_subscriptions.count() == 1


def test_settings_page(client, bureau_user):
    client.force_login(bureau_user)
    r = client.post(
        reverse("consult:settings"), {"response_target_hours": "24", "reminder_days": "x"}
    )
    assert r.status_code == 200 and "invalid-feedback" in r.text
    r = client.post(
        reverse("consult:settings"), {"response_target_hours": "24", "reminder_days": "5, 2"}
    )
    assert r.status_code == 302
    assert station.consult_settings().thresholds == [2, 5]


def test_alerted_notifications_first_and_dashboards(client, setup, record, bureau_user, expert):
    from biaozhun.alerts.models import Alert

    _n, (a, ua, _ca, _eq), _ = setup
    mine = record("G/TBT/N/KOR/3100", comment_deadline=station.today() + timedelta(days=90))
    Alert.objects.create(enterprise=a, notification=mine, score=0.9, risk="red", fingerprint="f")
    client.force_login(ua)
    r = client.get(reverse("consult:comments"))
    box = r.text.split('data-testid="open-notifications"')[1]
    assert box.index("G/TBT/N/KOR/3100") < box.index("G/TBT/N/EU/3001")
    assert box.count('data-testid="alerted"') == 1
    for user in (bureau_user, expert, ua):
        client.force_login(user)
        r = client.get("/")
        assert r.status_code == 200
    client.force_login(bureau_user)
    assert reverse("consult:due") in client.get("/").text
    client.force_login(expert)
    assert reverse("consult:enquiries") in client.get("/").text


def test_regulations_mine_for_staff_is_scoped(
    client, bureau_user, make_enterprise, district_officer, members
):
    from biaozhun.enterprises.profiles.services import MarketData, ProductData, replace_profile

    e = make_enterprise("高邮出口", "高邮市", is_exporter=True)
    replace_profile(
        bureau_user, e, products=[ProductData("6109", "T恤")], markets=[MarketData("USA", None)]
    )
    regulation_services.save_regulation(
        bureau_user,
        regulation_services.RegulationData(
            market="USA", reference="16 CFR 1610", title="Flammability", hs_codes=["61"]
        ),
    )
    client.force_login(bureau_user)
    r = client.get(reverse("consult:regulations_mine"))
    assert "高邮出口" in r.text
    r = client.get(reverse("consult:regulations_mine") + f"?enterprise={e.pk}")
    assert "16 CFR 1610" in r.text.split('data-testid="in-force"')[1]
    client.force_login(district_officer("广陵区"))
    assert (
        client.get(reverse("consult:regulations_mine") + f"?enterprise={e.pk}").status_code == 404
    )
    client.force_login(district_officer("高邮市"))
    assert (
        client.get(reverse("consult:regulations_mine") + f"?enterprise={e.pk}").status_code == 200
    )


def test_desk_sees_what_waits_and_overdue_enquiries(client, setup, bureau_user):
    from django.utils import timezone

    n, (_a, ua, ca, eq), _ = setup
    comment_services.submit_comment(ua, ca)
    Enquiry.objects.filter(pk=eq.pk).update(created_at=timezone.now() - timedelta(hours=100))
    client.force_login(bureau_user)
    box = client.get(reverse("consult:comments")).text.split('data-testid="to-merge"')[1]
    assert "G/TBT/N/EU/3001" in box
    assert reverse("consult:notification", args=[n.pk]) in box
    r = client.get(reverse("consult:enquiries"))
    assert 'data-testid="overdue"' in r.text


def test_expert_stats_and_briefing_archive(client, setup, bureau_user, expert, make_user):
    _n, (_a, ua, _ca, eq), _ = setup
    enquiry_services.assign_enquiry(bureau_user, eq, expert)
    enquiry_services.answer_enquiry(expert, eq, "答复")
    briefing_services.subscribe_briefing(make_user("department_member"), "market", "EU")
    briefing_services.publish_monthly_briefings(station.today())
    client.force_login(bureau_user)
    table = client.get(reverse("consult:enquiries")).text.split('data-testid="expert-stats"')[1]
    assert "王专家" in table.split("</table>")[0]
    archive = client.get(reverse("consult:briefing")).text.split('data-testid="briefing-archive"')[
        1
    ]
    assert "kind=market&amp;key=EU&amp;period=month" in archive
    client.force_login(ua)
    assert 'data-testid="expert-stats"' not in client.get(reverse("consult:enquiries")).text


def test_pages_in_english(client, setup, bureau_user):
    from django.conf import settings

    n, (_a, _ua, _ca, _eq), _ = setup
    client.force_login(bureau_user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    checks = {
        reverse("consult:comments"): "Notifications open for comments",
        reverse("consult:due"): "Nothing is due this week",
        reverse("consult:enquiries"): "Within target",
        reverse("consult:regulations"): "Technical regulations and conformity assessment",
        reverse("consult:briefing") + "?kind=industry&key=new-energy": "Members notifying most",
        reverse("consult:notification", args=[n.pk]): "Comments by source",
    }
    for url, text in checks.items():
        r = client.get(url)
        assert text in r.text, url
        assert "评议期内的通报" not in r.text


def test_desk_sees_enterprises_hit_without_comment(client, setup, bureau_user, make_enterprise):
    from biaozhun.alerts.models import Alert

    n, (a, _ua, _ca, _eq), (_b, _ub) = setup
    silent = make_enterprise("沉默企业")
    for e in (a, silent):
        Alert.objects.create(
            enterprise=e, notification=n, score=0.7, risk="orange", fingerprint="f"
        )
    client.force_login(bureau_user)
    box = (
        client.get(reverse("consult:notification", args=[n.pk]))
        .text.split('data-testid="hit-without-comment"')[1]
        .split("</div>\n    </div>")[0]
    )
    assert "沉默企业" in box and "玩具甲" not in box


def test_cited_standards_link_to_the_catalogue(bureau_user, members):
    from biaozhun.catalogue.models import Standard
    from biaozhun.core.designation import parse

    def make(text):
        d = parse(text)
        return Standard.objects.create(
            canonical=d.canonical,
            key=d.key,
            prefix=d.prefix,
            publisher=d.publisher,
            number=d.number,
            part=d.part or "",
            year=d.year,
            level=d.level,
            status="current",
        )

    old, base, amended = (
        make("IEC 62133-2:2012"),
        make("IEC 62133-2:2017"),
        make("IEC 62133-2:2017/AMD1:2021"),
    )
    dated = make("ISO 12100:2010")
    reg = regulation_services.save_regulation(
        bureau_user,
        regulation_services.RegulationData(
            market="EU",
            reference="R",
            title="t",
            cited_standards=["IEC 62133-2", "ISO 12100:2010", "EN 99999:2099", "not a designation"],
        ),
    )
    assert {s.pk for s in reg.standards.all()} == {base.pk, dated.pk}
    assert old.pk != base.pk != amended.pk
    assert reg.cited_standards[:2] == ["IEC 62133-2", "ISO 12100:2010"]
