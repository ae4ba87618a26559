"""Approved awards feed the registries (issue 18 §4): the approval creates the registry record
or links the existing one, so nothing is entered twice and the counts agree with the awards."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from biaozhun.incentives import review
from biaozhun.incentives.models import Application, Award
from biaozhun.programme import services
from biaozhun.programme.models import Adoption, DraftedStandard, TechnicalCommittee
from biaozhun.programme.progress import target_progress
from biaozhun.programme.registries import REGISTRIES

from .conftest import adoption_facts, committee_facts

pytestmark = pytest.mark.django_db


@pytest.fixture
def programme(yangzhou: Any) -> Any:
    import io

    from biaozhun.programme.reference import load_yangzhou_programme

    return load_yangzhou_programme(io.StringIO())


def approve(app: Application, bureau_user: Any, **kw: Any) -> Application:
    review.transition(app.created_by, app, "submit")
    review.transition(bureau_user, app, "accept")
    app = Application.objects.get(pk=app.pk)
    review.transition(bureau_user, app, "forward")
    return review.transition(bureau_user, app, "approve", **kw)


def value(programme: Any, metric: str) -> Any:
    return target_progress(programme.targets.get(metric=metric), as_of=dt.date(2016, 1, 1)).value


def test_approved_drafting_award_creates_the_drafted_standard(
    urban: Any, apply: Any, bureau_user: Any, programme: Any
) -> None:
    assert value(programme, "led_national_industry_standards") == 0
    app = approve(apply(urban), bureau_user)
    record = DraftedStandard.objects.get()
    assert record.award_id == app.pk and record.enterprise == urban
    assert record.designation == "GB/T 99999-2013" and record.rank == 1
    assert record.published_on == dt.date(2013, 11, 12) and record.confirmation == "confirmed"
    # the programme counts what the awards paid for
    assert value(programme, "led_national_industry_standards") == Award.objects.count() == 1


def test_an_enterprise_report_is_linked_not_entered_twice(
    urban: Any, apply: Any, bureau_user: Any, enterprise_user: Any, programme: Any
) -> None:
    reported = services.save_record(
        enterprise_user(urban),
        REGISTRIES["drafted"],
        None,
        {
            "designation": "GB/T 99999-2013",
            "title": "示例标准(虚构)",
            "enterprise": urban,
            "rank": 1,
            "published_on": dt.date(2013, 11, 12),
        },
    )
    assert reported.confirmation == "reported"
    assert value(programme, "led_national_industry_standards") == 0
    app = approve(apply(urban), bureau_user)
    assert DraftedStandard.objects.count() == 1
    reported.refresh_from_db()
    assert reported.award_id == app.pk and reported.confirmation == "confirmed"
    assert value(programme, "led_national_industry_standards") == 1


def test_approved_adoption_award_records_each_awarded_product(
    urban: Any, apply: Any, bureau_user: Any, programme: Any
) -> None:
    # one product already in the registry (entered by the bureau): linked, not repeated
    services.save_record(
        bureau_user,
        REGISTRIES["adoptions"],
        None,
        {
            "enterprise": urban,
            "product": "A 灯",
            "designation": "IEC 60598-2-3:2002",
            "degree": "IDT",
            "adopted_on": dt.date(2012, 5, 1),
        },
    )
    app = apply(urban, "adoption_export", adoption_facts("A 灯", "B 灯"))
    app = approve(app, bureau_user)
    rows = {a.product: a for a in Adoption.objects.all()}
    assert set(rows) == {"A 灯", "B 灯"}
    assert all(a.award_id == app.pk for a in rows.values())
    assert rows["B 灯"].export_sales and rows["B 灯"].degree == "IDT"
    assert rows["A 灯"].adopted_on == dt.date(2012, 5, 1)  # the registry's own date is kept
    assert value(programme, "adoptions") == Award.objects.filter(application=app).count() == 2


def test_approved_committee_award_records_the_committee(
    urban: Any, apply: Any, bureau_user: Any, programme: Any
) -> None:
    app = apply(
        urban, "technical_committee", committee_facts(), application_date=dt.date(2014, 9, 1)
    )
    app = approve(app, bureau_user, amount=250000)
    committee = TechnicalCommittee.objects.get()
    assert committee.code == "SAC/TC 999/SC 9" and committee.kind == "sc"
    assert committee.enterprise == urban and committee.approved_on == dt.date(2014, 5, 20)
    assert committee.award_id == app.pk
    assert value(programme, "national_committees") == 1


def test_a_refused_award_records_nothing(urban: Any, apply: Any, bureau_user: Any) -> None:
    app = apply(urban)
    review.transition(app.created_by, app, "submit")
    review.transition(bureau_user, app, "accept")
    app = Application.objects.get(pk=app.pk)
    review.transition(bureau_user, app, "forward")
    review.transition(bureau_user, app, "reject", note="材料不全")
    assert not DraftedStandard.objects.exists()


def test_the_finance_bureau_records_the_city_s_payment(
    urban: Any, apply: Any, bureau_user: Any, make_user: Any
) -> None:
    """The responsibility table's payments row: the 财政局's member pays the city's award,
    another department's member may not (issue 18 §3)."""
    from biaozhun.accounts.models import Organisation
    from biaozhun.common.errors import PermissionDenied
    from biaozhun.incentives import payments

    def member(code: str) -> Any:
        org, _ = Organisation.objects.get_or_create(
            code=code, defaults={"kind": "department", "name_zh": code}
        )
        return make_user("department_member", organisation=org)

    app = approve(apply(urban), bureau_user)
    with pytest.raises(PermissionDenied):
        payments.record_payment(
            member("commerce"), app, paid_on=dt.date(2014, 6, 1), voucher_number="C-1", amount=1
        )
    payments.record_payment(
        member("finance"), app, paid_on=dt.date(2014, 6, 1), voucher_number="F-1", amount=200000
    )
    app.refresh_from_db()
    assert app.state == Application.State.PAID
