"""Taking part in standards bodies (memberships and experts in ISO/IEC and national
TCs/SCs/WGs) and the associations and intermediaries that take part: records, refusals,
scope."""

from datetime import date

import pytest
from django.urls import reverse

from biaozhun.common.errors import DomainError
from biaozhun.programme.models import Association, CommitteeMembership
from biaozhun.programme.registries import REGISTRIES
from biaozhun.programme.selectors import visible_records

pytestmark = pytest.mark.django_db


@pytest.fixture
def light(make_enterprise):
    return make_enterprise("扬州测试照明有限公司", "邗江区")


def test_an_expert_in_an_iec_committee(record, light):
    seat = record(
        "memberships",
        body="iec",
        committee_code="iec / tc 34",
        committee_name="Lamps and related equipment",
        person="张工",
        enterprise=light,
        role="expert",
        since=date(2012, 4, 1),
        meetings_attended=3,
        last_meeting_on=date(2014, 10, 1),
    )
    assert seat.committee_code == "IEC/TC 34" and seat.district == light.district


@pytest.mark.parametrize(
    ("values", "code", "field"),
    [
        ({"body": "iso", "committee_code": "IEC/TC 34"}, "bad_committee", "committee_code"),
        ({"body": "national", "committee_code": "ISO/TC 34"}, "bad_committee", "committee_code"),
        ({"body": "iec", "committee_code": "TC 34; drop"}, "bad_committee", "committee_code"),
        ({"person": "", "enterprise": None, "organisation": ""}, "member_required", "person"),
        ({"last_meeting_on": date(2011, 1, 1)}, "bad_dates", "last_meeting_on"),
        (
            {"meetings_attended": 0, "last_meeting_on": date(2013, 1, 1)},
            "bad_count",
            "meetings_attended",
        ),
        ({"role": "emperor"}, "invalid_choice", "role"),
    ],
)
def test_bad_memberships_are_refused(record, light, district, values, code, field):
    fields = {
        "body": "iec",
        "committee_code": "IEC/TC 34",
        "committee_name": "x",
        "person": "张工",
        "enterprise": light,
        "district": district("邗江区"),
        "role": "expert",
        "since": date(2012, 4, 1),
        "meetings_attended": 2,
    }
    fields.update(values)
    with pytest.raises(DomainError) as caught:
        record("memberships", **fields)
    assert (caught.value.code, caught.value.details["field"]) == (code, field)
    assert caught.value.message_zh and caught.value.message_en
    assert not CommitteeMembership.objects.exists()


def test_memberships_are_scoped_and_an_enterprise_reads_only_its_own(
    record, light, make_enterprise, district_officer, enterprise_user, client
):
    other = make_enterprise("宝应测试有限公司", "宝应县")
    own = record(
        "memberships",
        body="national",
        committee_code="SAC/TC 224",
        committee_name="照明电器",
        enterprise=light,
        role="member",
        since=date(2011, 7, 1),
    )
    record(
        "memberships",
        body="national",
        committee_code="SAC/TC 213",
        committee_name="电线电缆",
        enterprise=other,
        role="member",
        since=date(2011, 7, 1),
    )
    officer = district_officer("邗江区")
    assert list(visible_records(officer, REGISTRIES["memberships"])) == [own]
    client.force_login(officer)
    assert [
        i["id"] for i in client.get("/api/programme/registries/memberships").json()["items"]
    ] == [own.pk]
    # an enterprise reports its own seats (committee work, issue 18 §3) and sees only those
    client.force_login(enterprise_user(light))
    assert [
        i["id"] for i in client.get("/api/programme/registries/memberships").json()["items"]
    ] == [own.pk]
    page = client.get(reverse("programme:registry_list", args=["memberships"]))
    assert page.status_code == 200 and "SAC/TC 213" not in page.text


def test_api_bad_input_gives_zh_en_400_and_stores_nothing(client, bureau_user, light):
    client.force_login(bureau_user)
    for payload in (
        {
            "body": "iso",
            "committee_code": "ISO/TC 34",
            "committee_name": "x",
            "person": "甲",
            "role": "expert",
            "since": "2012-13-01",
            "district": "321002",
        },
        {
            "body": "iso",
            "committee_code": "ISO/TC 34",
            "committee_name": "x",
            "person": "甲",
            "role": "expert",
            "since": "2012-01-01",
            "meetings_attended": "many",
            "district": "321002",
        },
        {
            "body": "iso",
            "committee_code": "ISO/TC 34",
            "committee_name": "x",
            "person": "甲\x00",
            "role": "expert",
            "since": "2012-01-01",
            "district": "321002",
        },
    ):
        answer = client.post(
            "/api/programme/registries/memberships", payload, content_type="application/json"
        )
        assert answer.status_code == 400, answer.content
        assert answer.json()["message_zh"] and answer.json()["message_en"]
    assert not CommitteeMembership.objects.exists()


def test_associations_take_part_with_standards(record, district, bureau_user, light, client):
    standard = record(
        "drafted",
        designation="GB/T 24907-2010",
        title="道路照明用LED灯 性能要求",
        enterprise=light,
        rank=1,
        published_on=date(2010, 6, 30),
    )
    association = record(
        "associations",
        name="扬州市照明电器行业协会",
        kind="industry_association",
        district=district("邗江区"),
        joined_on=date(2011, 4, 1),
        standards=[standard],
    )
    assert list(association.standards.all()) == [standard]
    with pytest.raises(DomainError) as caught:
        record(
            "associations",
            name="扬州市照明电器行业协会",
            kind="intermediary",
            district=district("邗江区"),
            joined_on=date(2011, 4, 1),
        )
    assert caught.value.message_zh and caught.value.message_en
    assert Association.objects.count() == 1
    client.force_login(bureau_user)
    page = client.get(
        reverse("programme:registry_list", args=["associations"]), {"kind": "industry_association"}
    )
    assert "扬州市照明电器行业协会" in page.text
    index = client.get(reverse("programme:registries"))
    assert "行业协会与中介机构" in index.text and "参与国际、国家标准化组织" in index.text


def test_memberships_import_with_line_errors(bureau_user, light):
    from biaozhun.programme.importers import import_registry

    csv = (
        "组织,技术组织编号,技术组织名称,人员,人才库人员,所在企业/成员单位,工作单位,地区,角色,起始日期,"
        "参加会议次数,最近一次参会\n"
        f"IEC,IEC/TC 34,灯,张工,,{light.name_zh},,,注册专家,2012-04-01,3,2014-10-01\n"
        f"ISO,IEC/TC 34,灯,李工,,{light.name_zh},,,注册专家,2012-04-01,1,\n"
        f"national,SAC/TC 224,照明,王工,,{light.name_zh},,,皇帝,2012-04-01,1,\n"
    ).encode()
    report = import_registry(bureau_user, REGISTRIES["memberships"], csv, "m.csv")
    assert report.created == 1
    assert [(e.line, e.field, e.code) for e in report.errors] == [
        (3, "committee_code", "bad_committee"),
        (4, "role", "bad_choice"),
    ]
    assert all(e.message_zh and e.message_en for e in report.errors)
    assert CommitteeMembership.objects.get().person == "张工"
