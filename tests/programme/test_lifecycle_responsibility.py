"""Issue 18 §2 and §3 together: the lifecycles (a site's and a committee's ``status``) beside
the bureau's confirmation of an enterprise report (``confirmation``), and the new registries
and writes of §2 under the one responsibility rule (docs/programme.md's table, written out
here by hand)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest

from biaozhun.common.errors import DomainError, PermissionDenied
from biaozhun.programme import lifecycle, meetings, services, signups
from biaozhun.programme.metrics import METRICS
from biaozhun.programme.models import Inspection
from biaozhun.programme.registries import REGISTRIES

pytestmark = pytest.mark.django_db

PERIOD = (date(2011, 1, 1), date(2015, 12, 31))


@pytest.fixture
def agriculture(make_user: Any) -> Any:
    from biaozhun.accounts.models import Organisation

    org, _ = Organisation.objects.get_or_create(
        code="agriculture",
        defaults={"kind": "department", "name_zh": "市农委", "leadership_group_member": True},
    )
    return make_user("department_member", organisation=org)


@pytest.fixture
def zone(record: Any, district: Any) -> Any:
    return record(
        "sites",
        kind="agricultural_zone",
        name="高邮鸭示范区",
        field="畜禽",
        operator="合作社",
        district=district("高邮市"),
        level="provincial",
        declared_on=date(2012, 9, 1),
    )


def test_the_agriculture_commission_inspects_and_moves_a_zone_once_it_is_built(
    zone: Any, agriculture: Any
) -> None:
    inspect = {"inspected_on": date(2013, 5, 1), "score": 90, "findings": "", "inspector": "李"}
    with pytest.raises(DomainError) as caught:
        services.add_inspection(agriculture, zone, **inspect)  # only declared
    assert caught.value.code == "site_not_open" and not Inspection.objects.exists()
    built = lifecycle.advance_site(agriculture, zone, to="building", on=date(2013, 1, 10))
    assert built.status == "building" and built.confirmation == "confirmed"
    services.add_inspection(agriculture, built, **inspect)
    assert Inspection.objects.count() == 1


def test_other_departments_neither_inspect_nor_move_a_zone(zone: Any, make_user: Any) -> None:
    from biaozhun.accounts.models import Organisation

    org, _ = Organisation.objects.get_or_create(
        code="commerce", defaults={"kind": "department", "name_zh": "市商务局"}
    )
    commerce = make_user("department_member", organisation=org)
    with pytest.raises(PermissionDenied):
        lifecycle.advance_site(commerce, zone, to="building", on=date(2013, 1, 10))
    with pytest.raises(PermissionDenied):
        services.add_inspection(
            commerce, zone, inspected_on=date(2013, 5, 1), score=90, findings="", inspector="李"
        )


def test_a_reported_committee_counts_once_confirmed_and_approved(
    make_enterprise: Any, make_user: Any, bureau_user: Any, programme: Any
) -> None:
    firm = make_enterprise("扬州测试电子书有限公司", "广陵区")
    owner = make_user("enterprise_user", enterprise=firm)
    metric = METRICS["national_committees"]
    committee = services.save_record(
        owner,
        REGISTRIES["committees"],
        None,
        {
            "code": "SAC/TC 999",
            "name": "全国电子书标准化工作组",
            "kind": "wg",
            "enterprise": firm,
            "focus": "ebooks",
            "applied_on": date(2013, 3, 1),
        },
    )
    assert (committee.status, committee.confirmation) == ("applied", "reported")
    with pytest.raises(PermissionDenied):  # the enterprise reports, it does not approve
        lifecycle.advance_committee(owner, committee, to="publicised", on=date(2013, 9, 1))
    lifecycle.advance_committee(bureau_user, committee, to="publicised", on=date(2013, 9, 1))
    approved = lifecycle.advance_committee(
        bureau_user, committee, to="approved", on=date(2014, 2, 1)
    )
    assert approved.confirmation == "reported" and metric.value(*PERIOD) == 0
    services.confirm_record(bureau_user, REGISTRIES["committees"], approved)
    assert metric.value(*PERIOD) == 1


#: the new registries of §2 → the roles that write a record of 高邮市
NEW_WRITERS = {
    "memberships": {"bureau", "officer_here", "enterprise_own"},  # its own seats, reported
    "associations": {"bureau", "officer_here"},
}


@pytest.mark.parametrize("slug", sorted(NEW_WRITERS))
def test_who_writes_the_new_registries(
    slug: str,
    make_user: Any,
    make_enterprise: Any,
    bureau_user: Any,
    district: Any,
    agriculture: Any,
) -> None:
    gaoyou = district("高邮市")
    firm = make_enterprise("高邮照明企业", "高邮市")
    users = {
        "bureau": bureau_user,
        "officer_here": make_user("district_officer", district=gaoyou),
        "officer_elsewhere": make_user("district_officer", district=district("宝应县")),
        "agriculture": agriculture,
        "enterprise_own": make_user("enterprise_user", enterprise=firm),
    }
    values = {
        "memberships": {
            "body": "iec",
            "committee_code": "iec / tc 34",
            "committee_name": "Lamps and related equipment",
            "person": "张工",
            "enterprise": firm,
            "role": "expert",
            "since": date(2012, 4, 1),
        },
        "associations": {
            "name": "高邮市照明电器行业协会",
            "kind": "industry_association",
            "district": gaoyou,
            "joined_on": date(2011, 4, 1),
        },
    }[slug]
    registry = REGISTRIES[slug]
    for role, user in users.items():
        allowed = role in NEW_WRITERS[slug]
        if allowed:
            saved = services.save_record(user, registry, None, dict(values))
            # staff records are confirmed at once; an enterprise's is its report
            expected = "reported" if role == "enterprise_own" else "confirmed"
            assert saved.district == gaoyou and saved.confirmation == expected
            saved.delete()
        else:
            with pytest.raises(PermissionDenied):
                services.save_record(user, registry, None, dict(values))
    assert not registry.model.objects.exists()


def test_leading_groups_are_written_by_their_own_office(
    make_user: Any, bureau_user: Any, district: Any, agriculture: Any
) -> None:
    gaoyou = district("高邮市")
    officer = make_user("district_officer", district=gaoyou)
    for actor in (officer, agriculture):  # the city's group is the bureau's
        with pytest.raises(PermissionDenied):
            meetings.record_meeting(
                actor, district=None, title="会议", held_on=date(2012, 3, 20), chair="甲"
            )
    with pytest.raises(PermissionDenied):  # a department does not run a district's group
        meetings.record_meeting(
            agriculture, district=gaoyou, title="会议", held_on=date(2012, 3, 20), chair="甲"
        )
    own = meetings.record_meeting(
        officer, district=gaoyou, title="会议", held_on=date(2012, 3, 20), chair="甲"
    )
    assert own.district == gaoyou
    with pytest.raises(PermissionDenied):
        services.add_group_member(
            agriculture, district=gaoyou, name="王五", title="主任", position="member"
        )


def test_a_pending_enterprise_user_does_not_sign_up(
    record: Any, district: Any, make_enterprise: Any, make_user: Any
) -> None:
    from biaozhun.enterprises.models import Enterprise

    today = date.today()
    session = record(
        "trainings",
        title="标准化知识培训",
        held_on=today + timedelta(days=30),
        hours=8,
        organiser="情报所",
        district=district("广陵区"),
        signup_deadline=today + timedelta(days=20),
    )
    waiting = make_enterprise("扬州待审企业", "广陵区")
    Enterprise.objects.filter(pk=waiting.pk).update(status="pending")
    pending = make_user("enterprise_user", enterprise=Enterprise.objects.get(pk=waiting.pk))
    assert pending.is_pending
    with pytest.raises(PermissionDenied):
        signups.sign_up(pending, session, participants="张三")
    active = make_user("enterprise_user", enterprise=make_enterprise("扬州报名企业", "广陵区"))
    assert signups.sign_up(active, session, participants="张三").seats == 1
