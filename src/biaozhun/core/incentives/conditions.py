"""Conditions shared by every kind of award, and the record of checks being collected."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from .case import Case, PriorAward
from .decision import KIND_LABELS, Basis, Check, ProductResult, day
from .policy import Clause, District, Policy, event_date

POLICY = "policy"


@dataclass
class Run:
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

    @property
    def on(self) -> dt.date:
        """The day of the district map: the event's (``policy.event_date``)."""
        return event_date(self.case)

    def district(self, code: str) -> District | None:
        return self.policy.jurisdiction.district(code, self.on)

    def district_label(self, code: str) -> str:
        d = self.district(code)
        return f"{d.code} {d.name_zh}" if d else code

    def district_label_en(self, code: str) -> str:
        d = self.district(code)
        return f"{d.code} {d.name_en}" if d else code


@dataclass(frozen=True)
class Outcome:
    amount: int | None
    cap: int | None
    basis: Basis | None
    amount_condition: str
    products: tuple[ProductResult, ...] = ()
    keys: tuple[str, ...] = ()


# --- conditions shared by every kind --------------------------------------------------------


def policy_checks(run: Run) -> Clause | None:
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


def scope_check(run: Run, clause: Clause) -> None:
    e = run.case.enterprise
    policy = run.policy
    district = run.district(e.tax_district)
    if district is not None and district.code != e.tax_district:
        run.add(
            "enterprise.district_on_date",
            clause.id,
            True,
            f"{e.tax_district} → {district.code} @ {day(run.on)}",
            f"按 {day(run.on)} 的行政区划,{e.tax_district} 所在区域当时属{district.name_zh}"
            f"({district.code},{'市区' if district.urban_area else '不属市区'})。",
            f"On {day(run.on)} the area of {e.tax_district} lay in {district.name_en} "
            f"({district.code}, {'urban area' if district.urban_area else 'outside the urban area'}).",
            required=False,
        )
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


def _subject(key: str) -> str:
    """The matter an award key names, without its kind prefix ("standard:GB/T1-2020" ->
    "GB/T1-2020"): the Chinese text shows no code."""
    return key.split(":", 1)[1] if ":" in key and key.split(":", 1)[0].isascii() else key


def duplicate_check(run: Run, clause: Clause, key: str, *, any_of_kind: bool = False) -> None:
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
        zh = f"同一企业、同一事项({_subject(key)})已获得过“{zh_kind}”,不重复奖励。"
        en = f"This enterprise already received the {en_kind} award for {key}; no second award."
    else:
        zh = f"此前未就 {_subject(key)} 获得过“{zh_kind}”。"
        en = f"No earlier {en_kind} award for {key}."
    run.add("award.not_duplicate", clause.id, not duplicate, key, zh, en)


def event_date_check(
    run: Run, clause: Clause, condition: str, what: tuple[str, str], value_date: dt.date | None
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


def missing_facts(run: Run, clause: Clause, section: str) -> Outcome:
    run.add(
        "case.facts_present",
        clause.id,
        False,
        section,
        f"申请缺少“{section}”事实,无法审核。",
        f"The application lacks the {section} facts needed for this kind.",
    )
    return Outcome(None, None, None, "case.facts_present")
