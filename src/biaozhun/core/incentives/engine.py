"""The rules engine: ``evaluate(case, policy) -> Decision`` and ``decide(case, policies)``.

Deterministic and total: the same facts and policy always give the same decision, and no
well-formed ``Case`` makes it raise. Every condition is checked and recorded (with the fact it
looked at and the clause it comes from) even after one has failed, so the explanation shows the
whole picture; the decision rests on the first required check that failed, or on the amount rule.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from .case import Case, PriorAward, normalise_prior_key
from .conditions import POLICY, Outcome, Run, policy_checks, scope_check
from .decision import KIND_LABELS, Check, Decision, day, deciding, render
from .kinds import EVALUATORS
from .policy import Policy, covering_policies, default_policies, event_date, select_policy


def evaluate(case: Case, policy: Policy, prior_awards: Iterable[PriorAward] = ()) -> Decision:
    """Decide ``case`` under ``policy``. ``prior_awards`` (this enterprise's earlier awards) add
    to ``case.prior_awards``; an award of the same kind and key is refused as a duplicate."""
    prior = tuple(case.prior_awards) + tuple(
        PriorAward(p.kind, normalise_prior_key(p.key), p.year, p.amount) for p in prior_awards
    )
    run = Run(case, policy, prior)
    clause = policy_checks(run)
    if clause is None:
        outcome = Outcome(None, None, None, "policy.clause_for_kind")
    else:
        scope_check(run, clause)
        outcome = EVALUATORS[case.kind](run, clause)
    checks = tuple(run.checks)
    decider = deciding(checks, outcome.amount_condition)
    eligible = all(c.passed for c in checks if c.required)
    amount = outcome.amount if eligible else None
    payer = (policy.payer.name_zh, policy.payer.name_en)
    zh, en = render(
        eligible=eligible,
        amount=amount,
        cap=outcome.cap,
        basis=outcome.basis,
        payer=payer,
        policy=(policy.name, policy.name_en, policy.version, policy.example),
        decider=decider,
        checks=checks,
    )
    return Decision(
        kind=case.kind,
        eligible=eligible,
        amount=amount,
        cap=outcome.cap,
        basis=outcome.basis,
        payer_code=policy.payer.code,
        payer_zh=policy.payer.name_zh,
        payer_en=policy.payer.name_en,
        policy_name=policy.name,
        policy_version=policy.version,
        policy_example=policy.example,
        deciding_condition=decider.condition,
        deciding_clause=decider.clause,
        checks=checks,
        products=outcome.products,
        award_keys=outcome.keys if eligible else (),
        reference=case.reference,
        explanation_zh=zh,
        explanation_en=en,
    )


def _no_policy(case: Case, policies: Sequence[Policy]) -> Decision:
    code = case.enterprise.tax_district
    on = event_date(case)
    names = [p.jurisdiction.district(code, on) for p in policies]
    known = next((d for d in names if d is not None), None)
    where_zh = f"{known.code} {known.name_zh}" if known else code
    where_en = f"{known.code} {known.name_en}" if known else code
    delegated = next(
        (
            p.delegation
            for p in policies
            if p.delegation
            and case.kind in p.delegation.kinds
            and p.jurisdiction.district(code, on)
        ),
        None,
    )
    zh_kind, en_kind = KIND_LABELS[case.kind]
    zh = f"没有适用于纳税关系所在地 {where_zh} 的“{zh_kind}”政策在 {day(case.application_date)} 有效。"
    en = f"No {en_kind} policy for an enterprise whose tax relationship lies in {where_en} is valid on {day(case.application_date)}."
    if delegated and known and not known.urban_area:
        zh += f"按{delegated.id},该县(市)企业由其纳税关系所在地财政根据当地规定奖励,须先配置该地政策。"
        en += f" Under {delegated.id} a county enterprise is rewarded by its tax county under that county's own rules, which must be configured first."
    clause = delegated.id if delegated else POLICY
    check = Check("policy.available", clause, False, where_zh, zh, en)
    text_zh, text_en = render(
        eligible=False,
        amount=None,
        cap=None,
        basis=None,
        payer=None,
        policy=None,
        decider=check,
        checks=(check,),
    )
    return Decision(
        kind=case.kind,
        eligible=False,
        amount=None,
        cap=None,
        basis=None,
        payer_code=None,
        payer_zh=None,
        payer_en=None,
        policy_name=None,
        policy_version=None,
        policy_example=False,
        deciding_condition=check.condition,
        deciding_clause=clause,
        checks=(check,),
        products=(),
        award_keys=(),
        reference=case.reference,
        explanation_zh=text_zh,
        explanation_en=text_en,
    )


def decide(
    case: Case, policies: Sequence[Policy] | None = None, prior_awards: Iterable[PriorAward] = ()
) -> Decision:
    """Select the payer's policy (``select_policy``) and evaluate.

    When the payer has policies but none valid on the application date, the case is evaluated
    under the newest of them so the refusal (``policy.valid_on_date``) still shows every other
    condition; when no policy covers the enterprise at all, the decision is a refusal whose
    deciding condition is ``policy.available``.
    """
    pool = default_policies() if policies is None else tuple(policies)
    policy = select_policy(case, pool)
    if policy is None:
        covering = covering_policies(case, pool)
        if not covering:
            return _no_policy(case, pool)
        policy = max(covering, key=lambda p: (p.valid_from, p.version))
    return evaluate(case, policy, prior_awards)
