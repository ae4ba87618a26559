"""Enquiries: ask, assign to an expert, answer (pushed back), rating, response time against
the bureau's target, the knowledge base (anonymised on request) and scoping."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from biaozhun.common.errors import Conflict, DomainError, NotFound, PermissionDenied
from biaozhun.consult import station
from biaozhun.consult.comments import services as comment_services
from biaozhun.consult.enquiries import selectors as enquiry_selectors
from biaozhun.consult.enquiries import services as enquiry_services
from biaozhun.consult.models import Enquiry
from biaozhun.notify.models import Message

pytestmark = pytest.mark.django_db


@pytest.fixture
def asked(make_enterprise, enterprise_user, bureau_user, record):
    station.update_consult_settings(bureau_user, response_target_hours=48, reminder_days=[3])
    a = make_enterprise("扬州灯具公司")
    ua = enterprise_user(a)
    n = record("G/TBT/N/EU/1400", title="Ecodesign for light sources")
    enquiry = enquiry_services.ask_enquiry(
        ua,
        enquiry_services.EnquiryData(
            subject="欧盟灯具生态设计要求",
            question="扬州灯具公司出口 LED 灯到欧盟,联系人 zhang@example.com,电话 13812345678,需要满足哪些能效要求?",
            topic=Enquiry.Topic.NOTIFICATION,
            market="eu",
            notification=n,
            anonymise=True,
        ),
    )
    return a, ua, enquiry, n


def test_assign_answer_rate_and_response_time(
    asked, bureau_user, expert, make_user, django_capture_on_commit_callbacks
):
    a, ua, enquiry, _n = asked
    assert enquiry.market == "EU" and enquiry.target_hours == 48 and enquiry.state == "new"
    assert Message.objects.filter(kind="consult-enquiry", source_id=str(enquiry.pk)).exists()
    with pytest.raises(PermissionDenied):
        enquiry_services.assign_enquiry(ua, enquiry, expert)
    with pytest.raises(DomainError) as exc:
        enquiry_services.assign_enquiry(bureau_user, enquiry, make_user("bureau_staff"))
    assert exc.value.code == "not_an_expert"
    other_expert = make_user("expert")
    enquiry_services.assign_enquiry(bureau_user, enquiry, expert)
    assert Message.objects.filter(kind="consult-assignment").count() == 1
    with pytest.raises(PermissionDenied):
        enquiry_services.answer_enquiry(other_expert, enquiry, "不是我的")
    with pytest.raises(DomainError):
        enquiry_services.answer_enquiry(expert, enquiry, "   ")
    # the question was asked 30 hours ago
    Enquiry.objects.filter(pk=enquiry.pk).update(created_at=timezone.now() - timedelta(hours=30))
    enquiry.refresh_from_db()
    with pytest.raises(Conflict):
        enquiry_services.rate_enquiry(ua, enquiry, 5)
    with django_capture_on_commit_callbacks(execute=True):
        enquiry_services.answer_enquiry(
            expert, enquiry, "须符合 (EU) 2019/2020 生态设计法规的能效要求。"
        )
    enquiry.refresh_from_db()
    assert enquiry.state == "answered"
    assert 29.9 < enquiry.response_hours < 30.2
    assert enquiry.within_target is True
    pushed = Message.objects.get(kind="consult-answer")
    assert pushed.enterprise == a and "2019/2020" in pushed.body_zh
    with pytest.raises(Conflict):
        enquiry_services.answer_enquiry(expert, enquiry, "再答一次")
    with pytest.raises(DomainError):
        enquiry_services.rate_enquiry(ua, enquiry, 6)
    with pytest.raises(PermissionDenied):
        enquiry_services.rate_enquiry(expert, enquiry, 4)
    enquiry_services.rate_enquiry(ua, enquiry, 4, "清楚")
    enquiry.refresh_from_db()
    assert enquiry.rating == 4
    stats = enquiry_selectors.response_stats(Enquiry.objects.all())
    assert (stats.answered, stats.within_target, stats.median_hours, stats.mean_rating) == (
        1,
        1,
        enquiry.response_hours,
        4.0,
    )
    assert stats.within_share == 1.0


def test_late_answer_misses_target(asked, bureau_user, expert):
    _, _, enquiry, _ = asked
    enquiry_services.assign_enquiry(bureau_user, enquiry, expert)
    Enquiry.objects.filter(pk=enquiry.pk).update(created_at=timezone.now() - timedelta(hours=60))
    enquiry.refresh_from_db()
    enquiry_services.answer_enquiry(expert, enquiry, "答复")
    enquiry.refresh_from_db()
    assert enquiry.within_target is False
    assert enquiry_selectors.response_stats(Enquiry.objects.all()).within_target == 0


def test_knowledge_base_anonymised_and_published_only(
    asked, bureau_user, expert, make_enterprise, enterprise_user
):
    _a, _ua, enquiry, n = asked
    other = enterprise_user(make_enterprise("别的企业"))
    with pytest.raises(Conflict):
        enquiry_services.publish_enquiry(bureau_user, enquiry)
    enquiry_services.assign_enquiry(bureau_user, enquiry, expert)
    enquiry_services.answer_enquiry(
        expert, enquiry, "请联系扬州灯具公司的质量部门核对 (EU) 2019/2020。"
    )
    assert not enquiry_selectors.knowledge_base(other).exists()  # answered but not published
    with pytest.raises(PermissionDenied):
        enquiry_services.publish_enquiry(expert, enquiry)
    enquiry_services.publish_enquiry(bureau_user, enquiry)
    entry = enquiry_selectors.get_kb_entry(other, enquiry.pk)
    assert "扬州灯具公司" not in entry.kb_question + entry.kb_answer
    assert "zhang@example.com" not in entry.kb_question and "13812345678" not in entry.kb_question
    assert "某企业" in entry.kb_question
    assert [e.pk for e in enquiry_selectors.knowledge_base(other, q="2019/2020")] == [enquiry.pk]
    assert [e.pk for e in enquiry_selectors.knowledge_base(other, market="EU")] == [enquiry.pk]
    assert [e.pk for e in enquiry_selectors.knowledge_base(other, notification=n.pk)] == [
        enquiry.pk
    ]
    assert not enquiry_selectors.knowledge_base(other, q="不存在的词").exists()
    from django.contrib.auth.models import AnonymousUser

    assert not enquiry_selectors.knowledge_base(AnonymousUser()).exists()
    enquiry_services.publish_enquiry(bureau_user, enquiry, published=False)
    with pytest.raises(NotFound):
        enquiry_selectors.get_kb_entry(other, enquiry.pk)


def test_enquiry_scoping(
    asked, bureau_user, expert, make_user, make_enterprise, enterprise_user, district_officer
):
    _a, ua, enquiry, _ = asked
    other = enterprise_user(make_enterprise("别家", "邗江区"))
    with pytest.raises(NotFound):
        enquiry_selectors.get_enquiry(other, enquiry.pk)
    with pytest.raises(NotFound):
        enquiry_selectors.get_enquiry(expert, enquiry.pk)  # not assigned yet
    enquiry_services.assign_enquiry(bureau_user, enquiry, expert)
    assert enquiry_selectors.get_enquiry(expert, enquiry.pk) == enquiry
    with pytest.raises(NotFound):
        enquiry_selectors.get_enquiry(make_user("expert"), enquiry.pk)
    assert enquiry_selectors.get_enquiry(district_officer("广陵区"), enquiry.pk) == enquiry
    with pytest.raises(NotFound):
        enquiry_selectors.get_enquiry(district_officer("邗江区"), enquiry.pk)
    assert enquiry_selectors.get_enquiry(ua, enquiry.pk) == enquiry
    assert enquiry_selectors.get_enquiry(bureau_user, enquiry.pk) == enquiry


def test_enquiry_validation(make_enterprise, enterprise_user, expert):
    ua = enterprise_user(make_enterprise())
    with pytest.raises(DomainError) as exc:
        enquiry_services.ask_enquiry(ua, enquiry_services.EnquiryData(subject="", question="q"))
    assert exc.value.code == "question_required"
    with pytest.raises(DomainError) as exc:
        enquiry_services.ask_enquiry(
            ua, enquiry_services.EnquiryData(subject="s", question="q", market="Atlantis")
        )
    assert exc.value.details["field"] == "market"
    with pytest.raises(PermissionDenied):
        enquiry_services.ask_enquiry(
            expert, enquiry_services.EnquiryData(subject="s", question="q")
        )


def test_pending_enterprise_waits(record, yangzhou, comment_data):
    from biaozhun.enterprises.demo import demo_credit_code
    from biaozhun.enterprises.models import Enterprise
    from biaozhun.enterprises.services import EnterpriseData, register_enterprise

    district = yangzhou.districts.get(name_zh="仪征市")
    user = register_enterprise(
        EnterpriseData(
            name_zh="待审企业", credit_code=demo_credit_code(9911, district.code), district=district
        ),
        username="pending-user",
        password="pass-word-123",
        email="p@example.com",
        contact_name="张三",
    )
    assert user.enterprise.status == Enterprise.Status.PENDING
    n = record("G/TBT/N/EU/8801")
    with pytest.raises(PermissionDenied):
        comment_services.create_comment(user, n, comment_data())
    with pytest.raises(PermissionDenied):
        enquiry_services.ask_enquiry(user, enquiry_services.EnquiryData(subject="s", question="q"))


def test_anonymised_catches_the_ways_a_name_is_written(make_enterprise):
    e = make_enterprise(
        "扬州示例蓄电池有限公司(示例)", name_en="Yangzhou Example Battery Co., Ltd."
    )
    text = (
        "扬州示例蓄电池有限公司和扬州示例蓄电池都问过;YANGZHOU EXAMPLE BATTERY 也是;"
        f"代码 {e.credit_code},邮箱 a.b@example.org,电话 13912345678 或 0514-87654321。"
    )
    out = enquiry_services.anonymised(text, e)
    for leaked in (
        "扬州示例蓄电池",
        "Yangzhou Example Battery".upper(),
        e.credit_code,
        "a.b@",
        "139123",
        "87654321",
    ):
        assert leaked.lower() not in out.lower(), leaked
    assert out.count("某企业") == 4
