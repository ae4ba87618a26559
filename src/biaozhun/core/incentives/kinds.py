"""The three kinds of award: standard drafting (四.3.1), adoption with export (四.3.2) and
technical committees (四.3.4). Each records its checks on a ``Run`` and returns an ``Outcome``."""

from __future__ import annotations

from collections.abc import Callable

from .case import committee_key, product_key, standard_key
from .conditions import Outcome, Run, duplicate_check, event_date_check, missing_facts
from .decision import LEVEL_LABELS, ProductResult, yuan_en, yuan_zh
from .policy import Clause

# --- standard drafting (四.3.1) -------------------------------------------------------------

READING_LABELS = {
    "proposer_required": (
        "须为项目提出单位:企业本身提出该标准研制项目,且为主要起草单位",
        "the proposer is required: the enterprise itself proposed the project and is a main "
        "drafter",
    ),
    "main_drafter": (
        "“提出……研制项目”指项目类别:作为主要起草单位(排名前两位)且标准批准发布即可,"
        "不要求企业为提出单位",
        '"proposed … project" names the kind of project: a main drafter (first two) of the '
        "approved and published standard qualifies; the enterprise need not be the proposer",
    ),
}


def _proposer_check(run: Run, clause: Clause, proposer: bool) -> None:
    """The proposer condition under the policy's reading (``proposer_reading``), which the
    decision names: a required check under ``proposer_required``, a recorded fact otherwise."""
    reading = run.policy.parameters.proposer_reading
    reading_zh, reading_en = READING_LABELS[reading]
    required = reading == "proposer_required"
    fact_zh = "企业是该标准研制项目的提出单位" if proposer else "企业不是该标准研制项目的提出单位"
    fact_en = (
        "The enterprise proposed the standard project"
        if proposer
        else "The enterprise did not propose the standard project"
    )
    if required:
        tail_zh, tail_en = "", ""
    else:
        tail_zh, tail_en = ",按此理解不影响结论", "; under this reading it does not decide"
    run.add(
        "drafting.proposer",
        clause.id,
        proposer,
        str(proposer).lower(),
        f"{fact_zh}{tail_zh}(“提出”的理解:{reading_zh})。",
        f'{fact_en}{tail_en} (reading of "proposed": {reading_en}).',
        required=required,
    )


def _standard_drafting(run: Run, clause: Clause) -> Outcome:
    case = run.case
    s, d = case.standard, case.drafting
    if s is None or d is None:
        return missing_facts(run, clause, "standard" if s is None else "drafting")
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
    event_date_check(run, clause, "standard.publish_date", ("发布", "publication"), s.publish_date)
    if clause.requires_proposer:
        _proposer_check(run, clause, d.proposer)
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
    duplicate_check(run, clause, key)
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
    return Outcome(amount, None, "level_amount", "amount.level", keys=(key,))


# --- adoption with export (四.3.2) ----------------------------------------------------------


def _adoption_export(run: Run, clause: Clause) -> Outcome:
    case, params = run.case, run.policy.parameters
    if not case.products:
        return missing_facts(run, clause, "products")
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
    return Outcome(
        total,
        None,
        "per_product",
        "amount.per_product",
        tuple(results),
        tuple(r.key for r in eligible),
    )


# --- technical committee (四.3.4) -----------------------------------------------------------


def _technical_committee(run: Run, clause: Clause) -> Outcome:
    case, params = run.case, run.policy.parameters
    c = case.committee
    if c is None:
        return missing_facts(run, clause, "committee")
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
    event_date_check(run, clause, "committee.established", ("成立", "establishment"), c.established)
    key = committee_key(c)
    duplicate_check(
        run, clause, key, any_of_kind=clause.one_off and params.one_off_scope == "per_enterprise"
    )
    district = run.district(case.enterprise.tax_district)
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
    return Outcome(amount, cap if tier else None, "up_to_cap", "amount.cap_tier", keys=(key,))


EVALUATORS: dict[str, Callable[[Run, Clause], Outcome]] = {
    "standard_drafting": _standard_drafting,
    "adoption_export": _adoption_export,
    "technical_committee": _technical_committee,
}
