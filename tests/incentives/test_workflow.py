"""The review workflow: the transition table, who may take each step, the amount within the cap,
payments, budgets, duplicates and the audit trail."""

import datetime as dt

import pytest

from biaozhun.common.errors import DomainError, PermissionDenied
from biaozhun.incentives import applications, budgets, payments, review
from biaozhun.incentives.models import Application, Award
from biaozhun.incentives.policies import (
    add_policy_version,
    load_default_policies,
    update_policy_version,
)

from .conftest import adoption_facts, committee_facts, drafting_facts

pytestmark = pytest.mark.django_db
S = Application.State


def test_draft_has_the_precomputed_decision(urban, apply):
    application = apply(urban)
    assert application.state == S.DRAFT
    assert application.eligible and application.computed_amount == 200000
    assert application.payer_code == "city:321000"
    assert application.policy is not None and application.policy.version == "2011.1"
    assert application.district.code == "321003"
    assert application.decision["deciding_condition"] == "amount.level"
    assert application.steps.get().action == "create"


def test_missing_conditions_are_listed(urban, apply):
    application = apply(urban, facts=drafting_facts(drafting={"proposer": False, "rank": 3}))
    failed = {c["condition"] for c in application.failed_checks}
    assert {"drafting.proposer", "drafting.rank"} <= failed
    assert not application.eligible and application.computed_amount is None


def test_after_2015_the_policy_refuses_until_a_new_version_exists(urban, apply, bureau_user):
    late = apply(urban, facts=drafting_facts("GB/T 1-2016"), application_date=dt.date(2016, 3, 1))
    assert late.decision["deciding_condition"] == "policy.valid_on_date"
    body = late.policy.body | {"version": "2016.1", "valid_from": "2016-01-01", "valid_to": None}
    add_policy_version(bureau_user, body)
    applications.recompute(late)
    assert late.eligible and late.policy.version == "2016.1"


def _through_district(app, reviewer):
    review.transition(app.created_by, app, "submit")
    review.transition(reviewer, app, "accept")
    return Application.objects.get(pk=app.pk)


def test_city_paid_happy_path(urban, apply, bureau_user):
    app = apply(urban)
    app = _through_district(app, bureau_user)
    app = review.transition(bureau_user, app, "forward")
    assert app.state == S.BUREAU_REVIEW
    app = review.transition(bureau_user, app, "approve", note="同意")
    assert app.state == S.APPROVED and app.approved_amount == 200000
    assert Award.objects.get(application=app).key == "standard:GB/T99999-2013"
    payments.record_payment(
        bureau_user, app, paid_on=dt.date(2014, 6, 1), voucher_number="V-1", amount=50000
    )
    app.refresh_from_db()
    assert app.state == S.APPROVED and app.paid_amount == 50000
    payments.record_payment(
        bureau_user, app, paid_on=dt.date(2014, 7, 1), voucher_number="V-2", amount=150000
    )
    app.refresh_from_db()
    assert app.state == S.PAID
    actions = list(app.steps.values_list("action", flat=True))
    assert actions == ["create", "submit", "accept", "forward", "approve", "payment", "pay"]
    from biaozhun.accounts.models import AuditEvent

    audited = set(
        AuditEvent.objects.filter(
            object_id=str(app.pk), object_type="incentives.application"
        ).values_list("action", flat=True)
    )
    assert "incentive_application.approve" in audited and "incentive_application.pay" in audited


ILLEGAL = [
    (S.DRAFT, "approve"),
    (S.DRAFT, "accept"),
    (S.DRAFT, "forward"),
    (S.SUBMITTED, "approve"),
    (S.SUBMITTED, "submit"),
    (S.SUBMITTED, "forward"),
    (S.DISTRICT_REVIEW, "submit"),
    (S.DISTRICT_REVIEW, "withdraw"),
    (S.BUREAU_REVIEW, "accept"),
    (S.BUREAU_REVIEW, "withdraw"),
    (S.APPROVED, "approve"),
    (S.APPROVED, "reject"),
    (S.APPROVED, "withdraw"),
    (S.REJECTED, "approve"),
    (S.REJECTED, "submit"),
    (S.PAID, "reject"),
    (S.WITHDRAWN, "submit"),
]


@pytest.mark.parametrize(("state", "action"), ILLEGAL)
def test_illegal_transitions_are_refused(urban, apply, bureau_user, state, action):
    app = apply(urban)
    Application.objects.filter(pk=app.pk).update(state=state)
    app.refresh_from_db()
    actor = app.created_by if action in {"submit", "withdraw"} else bureau_user
    with pytest.raises(DomainError) as info:
        review.transition(actor, app, action, note="x")
    assert info.value.code == "illegal_transition"
    assert info.value.message_zh and info.value.message_en
    app.refresh_from_db()
    assert app.state == state


def test_every_table_entry_is_a_known_state():
    states = set(S.values)
    for (before, action), after in review.TRANSITIONS.items():
        assert before in states and after in states and action in applications.ACTION_LABELS


def test_payment_only_through_record_payment(urban, apply, bureau_user):
    app = apply(urban)
    with pytest.raises(DomainError):
        payments.record_payment(
            bureau_user, app, paid_on=dt.date(2014, 1, 1), voucher_number="V", amount=1
        )


def test_enterprise_cannot_review_its_own(urban, apply):
    app = apply(urban)
    review.transition(app.created_by, app, "submit")
    with pytest.raises(PermissionDenied):
        review.transition(app.created_by, app, "accept")


def test_other_enterprise_cannot_submit(urban, apply, make_enterprise, enterprise_user):
    app = apply(urban)
    other = enterprise_user(make_enterprise("别家", "邗江区"))
    with pytest.raises(PermissionDenied):
        review.transition(other, app, "submit")


def test_county_enterprise_is_reviewed_and_paid_by_its_county(
    county, apply, district_officer, bureau_user
):
    app = apply(county)
    assert app.payer_code == "county:321023" and app.computed_amount == 100000
    baoying = district_officer("宝应县")
    app = _through_district(app, baoying)
    with pytest.raises(DomainError) as info:
        review.transition(baoying, app, "forward")
    assert info.value.code == "forbidden"
    with pytest.raises(PermissionDenied):
        review.transition(bureau_user, app, "approve")
    with pytest.raises(PermissionDenied):
        review.transition(district_officer("高邮市"), app, "approve")
    app = review.transition(baoying, app, "approve", note="县级审核通过")
    assert app.state == S.APPROVED
    with pytest.raises(PermissionDenied):
        payments.record_payment(
            bureau_user, app, paid_on=dt.date(2014, 8, 1), voucher_number="B-1", amount=100000
        )
    payments.record_payment(
        baoying, app, paid_on=dt.date(2014, 8, 1), voucher_number="B-1", amount=100000
    )
    app.refresh_from_db()
    assert app.state == S.PAID


def test_committee_award_amount_within_the_cap(urban, apply, bureau_user):
    app = apply(
        urban, "technical_committee", committee_facts(), application_date=dt.date(2014, 9, 1)
    )
    assert app.cap == 300000 and app.computed_amount == 300000  # not on the 2014 list
    app = _through_district(app, bureau_user)
    app = review.transition(bureau_user, app, "forward")
    with pytest.raises(DomainError) as info:
        review.transition(bureau_user, app, "approve", amount=300001)
    assert info.value.code == "amount_over_cap"
    app = review.transition(bureau_user, app, "approve", amount=250000)
    assert app.approved_amount == 250000


def test_fixed_amounts_cannot_be_changed(urban, apply, bureau_user):
    app = _through_district(apply(urban), bureau_user)
    app = review.transition(bureau_user, app, "forward")
    with pytest.raises(DomainError) as info:
        review.transition(bureau_user, app, "approve", amount=150000)
    assert info.value.code == "amount_fixed"


def test_ineligible_cannot_be_approved(urban, apply, bureau_user):
    app = apply(urban, facts=drafting_facts(level="group"))
    app = _through_district(app, bureau_user)
    app = review.transition(bureau_user, app, "forward")
    with pytest.raises(DomainError) as info:
        review.transition(bureau_user, app, "approve")
    assert info.value.code == "not_eligible" and "standard.level" in str(info.value.details)
    app = review.transition(bureau_user, app, "reject", note="团体标准不在资助范围")
    assert app.state == S.REJECTED


def test_reject_needs_a_reason(urban, apply, bureau_user):
    app = _through_district(apply(urban), bureau_user)
    with pytest.raises(DomainError) as info:
        review.transition(bureau_user, app, "reject")
    assert info.value.code == "note_required"


def test_returned_application_can_be_edited_and_resubmitted(urban, apply, bureau_user):
    app = _through_district(apply(urban), bureau_user)
    app = review.transition(bureau_user, app, "return", note="请补充排名证明")
    assert app.state == S.DRAFT
    app = applications.update_application(app.created_by, app, drafting_facts(level="industry"))
    assert app.computed_amount == 150000
    app = review.transition(app.created_by, app, "submit")
    assert app.state == S.SUBMITTED


def test_budget_limits_approvals(urban, apply, bureau_user):
    budgets.set_budget(bureau_user, year=2014, payer_code="city:321000", amount=100000)
    app = _through_district(apply(urban), bureau_user)
    app = review.transition(bureau_user, app, "forward")
    with pytest.raises(DomainError) as info:
        review.transition(bureau_user, app, "approve")
    assert info.value.code == "budget_exceeded"
    budgets.set_budget(bureau_user, year=2014, payer_code="city:321000", amount=1000000)
    assert review.transition(bureau_user, app, "approve").state == S.APPROVED
    with pytest.raises(DomainError) as info:
        budgets.set_budget(bureau_user, year=2014, payer_code="city:321000", amount=1000)
    assert info.value.code == "budget_below_commitments"


def test_county_officer_sets_only_its_county_budget(district_officer, policies):
    baoying = district_officer("宝应县")
    budgets.set_budget(baoying, year=2014, payer_code="county:321023", amount=500000)
    with pytest.raises(PermissionDenied):
        budgets.set_budget(baoying, year=2014, payer_code="city:321000", amount=1)
    with pytest.raises(PermissionDenied):
        budgets.set_budget(
            district_officer("广陵区"), year=2014, payer_code="city:321000", amount=1
        )


# --- duplicates ---------------------------------------------------------------------------


def test_same_standard_and_kind_twice_is_refused(urban, apply):
    apply(urban)
    with pytest.raises(DomainError) as info:
        apply(urban, facts=drafting_facts("GB/T 99999—2013"))  # the same, folded
    assert info.value.code == "duplicate_application"
    assert "GB/T99999-2013" in info.value.message_zh


def test_withdrawn_application_does_not_block(urban, apply):
    first = apply(urban)
    review.transition(first.created_by, first, "withdraw")
    assert apply(urban).pk != first.pk


def test_another_enterprise_may_apply_for_the_same_standard(urban, apply, make_enterprise):
    apply(urban)
    other = make_enterprise("另一家", "广陵区")
    assert apply(other).eligible


def test_awarded_standard_cannot_be_applied_for_again(urban, apply, bureau_user):
    app = _through_district(apply(urban), bureau_user)
    review.transition(bureau_user, review.transition(bureau_user, app, "forward"), "approve")
    Application.objects.filter(pk=app.pk).update(state=S.REJECTED)  # even if later rejected
    with pytest.raises(DomainError) as info:
        apply(urban)
    assert info.value.code == "already_awarded"
    assert "award.not_duplicate" in str(info.value.details)


def test_one_off_committee_award_twice_is_refused(urban, apply, bureau_user):
    facts = committee_facts()
    app = apply(urban, "technical_committee", facts, application_date=dt.date(2014, 9, 1))
    app = _through_district(app, bureau_user)
    review.transition(bureau_user, review.transition(bureau_user, app, "forward"), "approve")
    Application.objects.filter(pk=app.pk).update(state=S.PAID)
    Application.objects.filter(pk=app.pk).update(state=S.WITHDRAWN)  # not an active one now
    with pytest.raises(DomainError) as info:
        apply(urban, "technical_committee", facts, application_date=dt.date(2015, 1, 5))
    assert info.value.code == "already_awarded"


def test_adoption_products_overlap_is_a_duplicate(urban, apply):
    apply(
        urban,
        "adoption_export",
        adoption_facts("A 灯", "B 灯"),
        application_date=dt.date(2013, 6, 1),
    )
    with pytest.raises(DomainError) as info:
        apply(
            urban, "adoption_export", adoption_facts("B 灯"), application_date=dt.date(2013, 7, 1)
        )
    assert info.value.code == "duplicate_application"
    ok = apply(
        urban, "adoption_export", adoption_facts("C 灯"), application_date=dt.date(2013, 7, 1)
    )
    assert ok.computed_amount == 10000


def test_invalid_facts_are_refused_with_the_field(urban, apply):
    with pytest.raises(DomainError) as info:
        apply(urban, facts={"standard": {"level": "national"}, "drafting": {"rank": 1}})
    assert info.value.code.startswith("case_") and info.value.details["field"]
    with pytest.raises(DomainError) as info:
        apply(urban, facts={"committee": {}})
    assert info.value.code == "unknown_fact"


# --- policies -----------------------------------------------------------------------------


def test_policy_versions_loaded_once(policies):
    assert policies.count() == 2
    assert load_default_policies() == 0


def test_referenced_policy_version_cannot_be_edited(urban, apply, bureau_user):
    app = apply(urban)
    with pytest.raises(DomainError) as info:
        update_policy_version(bureau_user, app.policy, app.policy.body)
    assert info.value.code == "policy_in_use"


def test_county_officer_adds_its_own_county_version_only(policies, district_officer):
    from biaozhun.incentives.models import Policy

    county = Policy.objects.get(payer_code="county:321023")
    city = Policy.objects.get(payer_code="city:321000")
    baoying = district_officer("宝应县")
    new = add_policy_version(
        baoying, county.body | {"version": "2016.1", "valid_from": "2016-01-01", "valid_to": None}
    )
    assert new.district.code == "321023" and new.created_by == baoying
    with pytest.raises(PermissionDenied):
        add_policy_version(baoying, city.body | {"version": "2016.1"})
    with pytest.raises(PermissionDenied):
        add_policy_version(district_officer("高邮市"), county.body | {"version": "2016.2"})
    with pytest.raises(DomainError) as info:
        add_policy_version(baoying, county.body | {"version": "2016.1"})
    assert info.value.code == "policy_version_exists"
    with pytest.raises(DomainError) as info:
        add_policy_version(baoying, county.body | {"version": "x", "valid_to": "2000-01-01"})
    assert info.value.code == "policy_invalid_period"


def test_applicant_is_notified_of_the_outcome(urban, apply, bureau_user):
    from biaozhun.notify.models import Message

    app = _through_district(apply(urban), bureau_user)
    assert not Message.objects.exists()  # submit and accept are not news to the applicant
    review.transition(bureau_user, app, "return", note="请补充起草排名证明")
    message = Message.objects.get()
    assert message.enterprise == urban and app.reference in message.title_zh
    assert message.urgency == "yellow" and message.body_zh == "请补充起草排名证明"
    assert message.url == f"/incentives/{app.pk}/"
