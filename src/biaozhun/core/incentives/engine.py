"""The rules engine: ``evaluate(case, policy) -> Decision`` and ``decide(case, policies)``.

Deterministic and total: the same facts and policy always give the same decision, and no
well-formed ``Case`` makes it raise. Every condition is checked and recorded (with the fact it
looked at and the clause it comes from) even after one has failed, so the explanation shows the
whole picture; the decision rests on the first required check that failed, or on the amount rule.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from .case import (
    Case,
    PriorAward,
    committee_key,
    normalise_prior_key,
    product_key,
    standard_key,
)
from .decision import (
    KIND_LABELS,
    LEVEL_LABELS,
    Basis,
    Check,
    Decision,
    ProductResult,
    day,
    deciding,
    render,
    yuan_en,
    yuan_zh,
)
from .policy import Clause, Policy, covering_policies, default_policies, select_policy

POLICY = "policy"


@dataclass
class _Run:
    """The checks being collected for one evaluation."""

    case: Case
    policy: Policy
    prior: tuple[PriorAward, ...]
    checks: list[Check] = field(default_factory=list)

    def add(
        self,
        condition: str,
        clause: str,
        passed: bool,
        value: str,
        zh: str,
        en: str,
        *,
        required: bool = True,
        subject: str | None = None,
    ) -> bool:
        self.checks.append(Check(condition, clause, passed, value, zh, en, required, subject))
        return passed

    def prior_keys(self, kind: str) -> set[str]:
        return {p.key for p in self.prior if p.kind == kind}

    def district_label(self, code: str) -> str:
        d = self.policy.jurisdiction.district(code)
        return f"{code} {d.name_zh}" if d else code

    def district_label_en(self, code: str) -> str:
        d = self.policy.jurisdiction.district(code)
        return f"{code} {d.name_en}" if d else code


@dataclass(frozen=True)
class _Outcome:
    amount: int | None
    cap: int | None
    basis: Basis | None
    amount_condition: str
    products: tuple[ProductResult, ...] = ()
    keys: tuple[str, ...] = ()


# --- conditions shared by every kind --------------------------------------------------------


def _policy_checks(run: _Run) -> Clause | None:
    case, policy = run.case, run.policy
    period_zh = f"{day(policy.valid_from)} 至 {day(policy.valid_to) if policy.valid_to else '长期'}"
    period_en = (
        f"{day(policy.valid_from)} to {day(policy.valid_to) if policy.valid_to else 'open-ended'}"
    )
    valid = policy.valid_on(case.application_date)
    run.add(
        "policy.valid_on_date",
        POLICY,
        valid,
        day(case.application_date),
        f"申请日期{'在' if valid else '不在'}政策有效期({period_zh})内。",
        f"The application date is {'within' if valid else 'outside'} the policy's validity ({period_en}).",
    )
    clause = policy.clause_for(case.kind)
    zh_kind, en_kind = KIND_LABELS[case.kind]
    run.add(
        "policy.clause_for_kind",
        clause.id if clause else POLICY,
        clause is not None,
        case.kind,
        f"本政策{'设有' if clause else '未设'}“{zh_kind}”条款。",
        f"This policy {'has' if clause else 'has no'} a clause for {en_kind}.",
    )
    return clause


def _scope_check(run: _Run, clause: Clause) -> None:
    e = run.case.enterprise
    policy = run.policy
    district = policy.jurisdiction.district(e.tax_district)
    if e.tax_district != e.district:
        run.add(
            "enterprise.tax_district",
            policy.delegation.id if policy.delegation else clause.id,
            True,
            f"{e.district} → {e.tax_district}",
            f"纳税关系所在地({run.district_label(e.tax_district)})与注册地({run.district_label(e.district)})"
            "不同;按纳税关系所在地确定适用政策和支付方。",
            f"The tax relationship ({run.district_label_en(e.tax_district)}) lies elsewhere than the "
            f"registered address ({run.district_label_en(e.district)}); the tax district decides "
            "the policy and the payer.",
            required=False,
        )
    value = run.district_label(e.tax_district)
    where_zh, where_en = policy.jurisdiction.name_zh, policy.jurisdiction.name_en
    if district is None:
        run.add(
            "enterprise.urban_area"
            if clause.scope == "urban_area"
            else "enterprise.in_jurisdiction",
            clause.id,
            False,
            value,
            f"企业纳税关系所在地 {e.tax_district} 不在{where_zh}范围内。",
            f"The enterprise's tax district {e.tax_district} is not in {where_en}.",
        )
    elif clause.scope == "urban_area":
        if district.urban_area:
            zh = f"企业纳税关系在{where_zh}市区({district.name_zh}),属市区企业。"
            en = f"The enterprise's tax relationship lies in the urban area of {where_en} ({district.name_en})."
        else:
            via = f"按{policy.delegation.id}," if policy.delegation else ""
            via_en = f" under {policy.delegation.id}" if policy.delegation else ""
            zh = (
                f"企业纳税关系在{district.name_zh},不是市区企业;{via}县(市)企业由纳税关系所在地财政"
                "根据当地规定奖励,不适用本条。"
            )
            en = (
                f"The enterprise's tax relationship lies in {district.name_en}, outside the urban area; "
                f"county enterprises are rewarded{via_en} by the finance of their tax county under its own "
                "rules, not under this clause."
            )
        run.add("enterprise.urban_area", clause.id, district.urban_area, value, zh, en)
    else:
        run.add(
            "enterprise.in_jurisdiction",
            clause.id,
            True,
            value,
            f"企业纳税关系在{where_zh}范围内({district.name_zh})。",
            f"The enterprise's tax relationship lies in {where_en} ({district.name_en}).",
        )


def _duplicate_check(run: _Run, clause: Clause, key: str, *, any_of_kind: bool = False) -> None:
    keys = run.prior_keys(run.case.kind)
    duplicate = bool(keys) if any_of_kind else key in keys
    zh_kind, en_kind = KIND_LABELS[run.case.kind]
    if any_of_kind:
        zh = (
            "该企业已获得过一次性委员会奖励,不再奖励。"
            if duplicate
            else "该企业此前未获得过委员会奖励。"
        )
        en = (
            "The enterprise already received its one-off committee award."
            if duplicate
            else "The enterprise has not received a committee award before."
        )
    elif duplicate:
        zh = f"同一企业、同一事项({key})已获得过“{zh_kind}”,不重复奖励。"
        en = f"This enterprise already received the {en_kind} award for {key}; no second award."
    else:
        zh = f"此前未就 {key} 获得过“{zh_kind}”。"
        en = f"No earlier {en_kind} award for {key}."
    run.add("award.not_duplicate", clause.id, not duplicate, key, zh, en)


def _event_date_check(
    run: _Run, clause: Clause, condition: str, what: tuple[str, str], value_date: dt.date | None
) -> None:
    """The event (publication, establishment) happened, not after the application, not before
    the policy's earliest event date."""
    earliest = run.policy.parameters.earliest_event_date
    applied = run.case.application_date
    zh_what, en_what = what
    if value_date is None:
        passed = earliest is None
        zh = f"未提供{zh_what}日期" + (
            "。" if passed else f",无法确认是否在 {day(earliest)} 之后。"
        )
        en = f"No {en_what} date given" + (
            "." if passed else f"; cannot confirm it is on or after {day(earliest)}."
        )
    elif value_date > applied:
        passed = False
        zh = f"{zh_what}日期 {day(value_date)} 晚于申请日期 {day(applied)}。"
        en = f"The {en_what} date {day(value_date)} is after the application date {day(applied)}."
    elif earliest is not None and value_date < earliest:
        passed = False
        zh = f"{zh_what}日期 {day(value_date)} 早于政策起算日 {day(earliest)}(不溯及既往)。"
        en = f"The {en_what} date {day(value_date)} is before the policy's start {day(earliest)} (not retroactive)."
    else:
        passed = True
        zh = f"{zh_what}日期 {day(value_date)} 在政策起算日之后、申请日期之前。"
        en = f"The {en_what} date {day(value_date)} lies between the policy's start and the application."
    run.add(condition, clause.id, passed, day(value_date), zh, en)


def _missing_facts(run: _Run, clause: Clause, section: str) -> _Outcome:
    run.add(
        "case.facts_present",
        clause.id,
        False,
        section,
        f"申请缺少“{section}”事实,无法审核。",
        f"The application lacks the {section} facts needed for this kind.",
    )
    return _Outcome(None, None, None, "case.facts_present")


# --- standard drafting (四.3.1) -------------------------------------------------------------


def _standard_drafting(run: _Run, clause: Clause) -> _Outcome:
    case = run.case
    s, d = case.standard, case.drafting
    if s is None or d is None:
        return _missing_facts(run, clause, "standard" if s is None else "drafting")
    level_zh, level_en = LEVEL_LABELS[s.level]
    table = clause.amounts.get(s.level, 0)
    listed_zh = "、".join(LEVEL_LABELS[k][0] for k, v in clause.amounts.items() if v > 0)
    listed_en = ", ".join(LEVEL_LABELS[k][1] for k, v in clause.amounts.items() if v > 0)
    run.add(
        "standard.level",
        clause.id,
        table > 0,
        f"{s.level} ({s.designation})",
        f"{level_zh}{'在' if table > 0 else '不在'}本条所列级别({listed_zh})之内。",
        f"A {level_en} is {'one' if table > 0 else 'not one'} of the levels this clause funds ({listed_en}).",
    )
    run.add(
        "standard.approved",
        clause.id,
        s.approved,
        str(s.approved).lower(),
        "标准已批准。" if s.approved else "标准未经批准,不符合“批准发布”。",
        "The standard is approved."
        if s.approved
        else 'The standard is not approved ("approved and published" is required).',
    )
    run.add(
        "standard.published",
        clause.id,
        s.published,
        str(s.published).lower(),
        "标准已发布。" if s.published else "标准尚未发布,不符合“批准发布”。",
        "The standard is published."
        if s.published
        else 'The standard is not published ("approved and published" is required).',
    )
    _event_date_check(run, clause, "standard.publish_date", ("发布", "publication"), s.publish_date)
    if clause.requires_proposer:
        run.add(
            "drafting.proposer",
            clause.id,
            d.proposer,
            str(d.proposer).lower(),
            "企业是该标准研制项目的提出单位。"
            if d.proposer
            else "企业不是该标准研制项目的提出单位。",
            "The enterprise proposed the standard project."
            if d.proposer
            else "The enterprise did not propose the standard project.",
        )
    in_rank = 1 <= d.rank <= clause.max_rank
    run.add(
        "drafting.rank",
        clause.id,
        in_rank,
        str(d.rank),
        f"企业在起草单位中排名第 {d.rank} 位,{'属于' if in_rank else '不属于'}主要起草单位(排名前{clause.max_rank}位)。",
        f"The enterprise is drafting unit no. {d.rank}, {'within' if in_rank else 'outside'} the main drafters (first {clause.max_rank}).",
    )
    key = standard_key(s)
    _duplicate_check(run, clause, key)
    amount = table
    split = run.policy.parameters.split_between_top_two
    sharers = 1 + d.co_drafters_top_two
    if split == "split_equally" and sharers > 1 and table > 0:
        amount = table // sharers
        how_zh = f"按参数 split_between_top_two=split_equally 与另 {d.co_drafters_top_two} 家排名前两位的本市企业平分:{yuan_zh(table)} ÷ {sharers} = {yuan_zh(amount)}"
        how_en = f"split equally (split_between_top_two=split_equally) with {d.co_drafters_top_two} other top-two drafter(s) of the city: {yuan_en(table)} / {sharers} = {yuan_en(amount)}"
    else:
        how_zh = f"每家全额(split_between_top_two={split})" if d.co_drafters_top_two else "全额"
        how_en = (
            f"in full to each (split_between_top_two={split})"
            if d.co_drafters_top_two
            else "in full"
        )
    run.add(
        "amount.level",
        clause.id,
        amount > 0,
        str(amount),
        f"{level_zh}的资助金额为 {yuan_zh(table)},{how_zh}。",
        f"The amount for a {level_en} is {yuan_en(table)}, {how_en}.",
    )
    return _Outcome(amount, None, "level_amount", "amount.level", keys=(key,))


# --- adoption with export (四.3.2) ----------------------------------------------------------


def _adoption_export(run: _Run, clause: Clause) -> _Outcome:
    case, params = run.case, run.policy.parameters
    if not case.products:
        return _missing_facts(run, clause, "products")
    already = run.prior_keys(case.kind)
    seen: set[str] = set()
    results: list[ProductResult] = []
    prior_this_year = sum(1 for p in run.prior if p.kind == case.kind and p.year == case.year)
    room = (
        None
        if params.max_products_per_year is None
        else max(0, params.max_products_per_year - prior_this_year)
    )
    for p in case.products:
        key = product_key(p)
        label = f"{p.name} / {p.adopted_standard}"
        checks: list[tuple[str, bool, str, str, str]] = []
        adopted_ok = p.adopted_standard_kind in ("international", "foreign_advanced")
        checks.append(
            (
                "product.adopted_standard_kind",
                adopted_ok,
                p.adopted_standard_kind,
                f"所采用标准{p.adopted_standard}{'是' if adopted_ok else '不是'}国际标准或国外先进标准。",
                f"The adopted standard {p.adopted_standard} is {'an' if adopted_ok else 'not an'} international or foreign advanced standard.",
            )
        )
        degree_ok = (
            p.adoption_degree is None or p.adoption_degree in params.accepted_adoption_degrees
        )
        accepted = "/".join(params.accepted_adoption_degrees) or "—"
        checks.append(
            (
                "product.adoption_degree",
                degree_ok,
                p.adoption_degree or "—",
                f"采用程度{p.adoption_degree or '未注明(直接按该标准生产)'}"
                + ("符合要求。" if degree_ok else f"不属于采用(仅 {accepted} 计为采标)。"),
                f"Degree of adoption {p.adoption_degree or 'not stated (made to the standard itself)'} "
                + ("counts." if degree_ok else f"does not count as adoption (only {accepted})."),
            )
        )
        checks.append(
            (
                "product.exported",
                p.exported,
                str(p.exported).lower(),
                "产品有出口销售。" if p.exported else "产品没有出口销售。",
                "The product is sold for export."
                if p.exported
                else "The product is not sold for export.",
            )
        )
        if params.require_export_evidence:
            evidence = bool(p.export_evidence)
            checks.append(
                (
                    "product.export_evidence",
                    evidence,
                    p.export_evidence or "—",
                    "已提供出口证明。" if evidence else "未提供出口证明(报关单等)。",
                    "Export evidence is given."
                    if evidence
                    else "No export evidence (customs declaration, ...) is given.",
                )
            )
        fresh = key not in already and key not in seen
        checks.append(
            (
                "product.not_duplicate",
                fresh,
                key,
                "该产品此前未获奖励。"
                if fresh
                else "该产品已获得过或在本申请中重复出现,不重复奖励。",
                "The product has not been rewarded before."
                if fresh
                else "The product was rewarded before or appears twice in this application.",
            )
        )
        seen.add(key)
        qualifies = all(ok for _, ok, _, _, _ in checks)
        if qualifies and room is not None:
            within = room > 0
            checks.append(
                (
                    "product.yearly_limit",
                    within,
                    str(params.max_products_per_year),
                    f"在每年 {params.max_products_per_year} 个产品的上限之内(本年已奖励 {prior_this_year} 个)。"
                    if within
                    else f"已达每年 {params.max_products_per_year} 个产品的上限。",
                    f"Within the limit of {params.max_products_per_year} products a year ({prior_this_year} already this year)."
                    if within
                    else f"The limit of {params.max_products_per_year} products a year is reached.",
                )
            )
            qualifies = within
            room -= 1 if within else 0
        for condition, ok, value, zh, en in checks:
            run.add(condition, clause.id, ok, value, zh, en, required=False, subject=label)
        failed = next((c for c, ok, _, _, _ in checks if not ok), "amount.per_product")
        amount = clause.per_product_amount if qualifies else 0
        results.append(ProductResult(p.name, p.adopted_standard, key, qualifies, amount, failed))
    eligible = [r for r in results if r.eligible]
    run.add(
        "products.any_eligible",
        clause.id,
        bool(eligible),
        f"{len(eligible)}/{len(results)}",
        f"{len(results)} 个产品中 {len(eligible)} 个符合条件。",
        f"{len(eligible)} of {len(results)} products qualify.",
    )
    total = clause.per_product_amount * len(eligible)
    run.add(
        "amount.per_product",
        clause.id,
        total > 0,
        str(total),
        f"每个产品 {yuan_zh(clause.per_product_amount)} × {len(eligible)} 个 = {yuan_zh(total)}。",
        f"{yuan_en(clause.per_product_amount)} per product × {len(eligible)} = {yuan_en(total)}.",
    )
    return _Outcome(
        total,
        None,
        "per_product",
        "amount.per_product",
        tuple(results),
        tuple(r.key for r in eligible),
    )


# --- technical committee (四.3.4) -----------------------------------------------------------


def _technical_committee(run: _Run, clause: Clause) -> _Outcome:
    case, params = run.case, run.policy.parameters
    c = case.committee
    if c is None:
        return _missing_facts(run, clause, "committee")
    label = f"{c.kind} {c.code}"
    run.add(
        "committee.national",
        clause.id,
        c.national,
        label,
        f"{label}{'是' if c.national else '不是'}全国标准化专业技术委员会/分技术委员会/工作组。",
        f"{label} is {'a' if c.national else 'not a'} national standardisation TC/SC/WG.",
    )
    run.add(
        "committee.secretariat_here",
        clause.id,
        c.secretariat_here,
        str(c.secretariat_here).lower(),
        "委员会成立在本企业(秘书处承担单位)。"
        if c.secretariat_here
        else "委员会未成立在本企业(本企业不承担秘书处)。",
        "The committee is established at this enterprise (it holds the secretariat)."
        if c.secretariat_here
        else "The committee is not established at this enterprise (no secretariat here).",
    )
    _event_date_check(
        run, clause, "committee.established", ("成立", "establishment"), c.established
    )
    key = committee_key(c)
    _duplicate_check(
        run, clause, key, any_of_kind=clause.one_off and params.one_off_scope == "per_enterprise"
    )
    district = run.policy.jurisdiction.district(case.enterprise.tax_district)
    urban = bool(district and district.urban_area)
    if params.innovative_list_year == "establishment_year" and c.established is not None:
        list_year, basis_zh, basis_en = (
            c.established.year,
            "委员会成立年度",
            "the establishment year",
        )
    else:
        list_year, basis_zh, basis_en = case.year, "申请年度", "the application year"
    on_list = list_year in case.enterprise.innovative_list_years
    years = ", ".join(str(y) for y in case.enterprise.innovative_list_years) or "—"
    run.add(
        "enterprise.urban_area",
        clause.id,
        urban,
        run.district_label(case.enterprise.tax_district),
        "企业为市区企业。" if urban else "企业不是市区企业。",
        "The enterprise is an urban-area enterprise."
        if urban
        else "The enterprise is not an urban-area enterprise.",
        required=False,
    )
    run.add(
        "enterprise.innovative_list",
        clause.id,
        on_list,
        f"{list_year} ∈ [{years}]" if on_list else f"{list_year} ∉ [{years}]",
        f"企业{'列入' if on_list else '未列入'}{list_year}年度({basis_zh})市创新型(试点)企业名单。",
        f"The enterprise is {'on' if on_list else 'not on'} the {list_year} municipal innovative (pilot) enterprise list ({basis_en}).",
        required=False,
    )
    tier = next(
        (
            t
            for t in clause.tiers
            if (urban or not t.requires_urban_area) and (on_list or not t.requires_innovative_list)
        ),
        None,
    )
    cap = tier.cap if tier else 0
    requested = (
        case.requested_amount if case.requested_amount and case.requested_amount > 0 else None
    )
    amount = min(requested, cap) if requested is not None else cap
    if tier is None:
        zh, en, value = "没有适用的奖励档次。", "No cap tier applies.", "—"
    else:
        ask_zh = (
            f";申请 {yuan_zh(requested)},核定 {yuan_zh(amount)}" if requested is not None else ""
        )
        ask_en = (
            f"; requested {yuan_en(requested)}, granted {yuan_en(amount)}"
            if requested is not None
            else ""
        )
        zh = f"适用档次“{tier.label_zh}”:一次性奖励不超过 {yuan_zh(cap)}{ask_zh}。"
        en = f'Tier "{tier.label_en}": a one-off award of up to {yuan_en(cap)}{ask_en}.'
        value = f"{tier.id}: {cap}"
    run.add("amount.cap_tier", clause.id, amount > 0, value, zh, en)
    return _Outcome(amount, cap if tier else None, "up_to_cap", "amount.cap_tier", keys=(key,))


_EVALUATORS = {
    "standard_drafting": _standard_drafting,
    "adoption_export": _adoption_export,
    "technical_committee": _technical_committee,
}


def evaluate(case: Case, policy: Policy, prior_awards: Iterable[PriorAward] = ()) -> Decision:
    """Decide ``case`` under ``policy``. ``prior_awards`` (this enterprise's earlier awards) add
    to ``case.prior_awards``; an award of the same kind and key is refused as a duplicate."""
    prior = tuple(case.prior_awards) + tuple(
        PriorAward(p.kind, normalise_prior_key(p.key), p.year, p.amount) for p in prior_awards
    )
    run = _Run(case, policy, prior)
    clause = _policy_checks(run)
    if clause is None:
        outcome = _Outcome(None, None, None, "policy.clause_for_kind")
    else:
        _scope_check(run, clause)
        outcome = _EVALUATORS[case.kind](run, clause)
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
    names = [p.jurisdiction.district(code) for p in policies]
    known = next((d for d in names if d is not None), None)
    where_zh = f"{code} {known.name_zh}" if known else code
    where_en = f"{code} {known.name_en}" if known else code
    delegated = next(
        (
            p.delegation
            for p in policies
            if p.delegation and case.kind in p.delegation.kinds and p.jurisdiction.district(code)
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
