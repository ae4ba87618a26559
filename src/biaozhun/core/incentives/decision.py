"""The decision on an application, every condition it checked, and its explanation (zh/en)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any, Literal

from .case import Kind

Basis = Literal["level_amount", "per_product", "up_to_cap"]

KIND_LABELS: dict[str, tuple[str, str]] = {
    "standard_drafting": ("标准研制资助", "standard drafting"),
    "adoption_export": ("采标产品出口奖励", "adoption with export"),
    "technical_committee": ("标准化技术委员会一次性奖励", "technical committee (one-off)"),
}

LEVEL_LABELS: dict[str, tuple[str, str]] = {
    "international": ("国际标准", "international standard"),
    "national": ("国家标准", "national standard"),
    "industry": ("行业标准", "industry standard"),
    "provincial_local": ("省级地方标准", "provincial local standard"),
    "municipal_local": ("市级地方标准", "municipal local standard"),
    "group": ("团体标准", "group standard"),
    "enterprise": ("企业标准", "enterprise standard"),
}


def yuan_zh(amount: int) -> str:
    return f"{amount:,} 元"


def yuan_en(amount: int) -> str:
    return f"{amount:,} yuan"


def day(value: dt.date | None) -> str:
    return value.isoformat() if value else "—"


@dataclass(frozen=True)
class Check:
    """One condition checked: its stable id, the clause it comes from, the fact it looked at.

    ``required`` checks refuse the application when they fail; the others choose a tier or
    exclude one product (``subject`` names the product) without refusing the application.
    """

    condition: str
    clause: str
    passed: bool
    value: str
    message_zh: str
    message_en: str
    required: bool = True
    subject: str | None = None


@dataclass(frozen=True)
class ProductResult:
    """What happened to one product of an adoption-with-export application."""

    name: str
    adopted_standard: str
    key: str
    eligible: bool
    amount: int
    condition: str


@dataclass(frozen=True)
class Decision:
    """Eligible or not, how much (or up to how much), who pays, and why.

    ``amount`` is ``None`` exactly when ``eligible`` is false, and positive otherwise.
    ``deciding_condition`` is the first required check that failed, or, when all passed, the
    amount rule (``amount.level``, ``amount.per_product``, ``amount.cap_tier``).
    """

    kind: Kind
    eligible: bool
    amount: int | None
    cap: int | None
    basis: Basis | None
    payer_code: str | None
    payer_zh: str | None
    payer_en: str | None
    policy_name: str | None
    policy_version: str | None
    policy_example: bool
    deciding_condition: str
    deciding_clause: str
    checks: tuple[Check, ...]
    products: tuple[ProductResult, ...]
    award_keys: tuple[str, ...]
    reference: str | None
    explanation_zh: str
    explanation_en: str

    @property
    def deciding_check(self) -> Check:
        return next(c for c in self.checks if c.condition == self.deciding_condition)


def deciding(checks: tuple[Check, ...], amount_condition: str) -> Check:
    """The first failed required check, else the amount rule's check."""
    failed = next((c for c in checks if c.required and not c.passed), None)
    if failed is not None:
        return failed
    return next(c for c in checks if c.condition == amount_condition)


def render(
    *,
    eligible: bool,
    amount: int | None,
    cap: int | None,
    basis: Basis | None,
    payer: tuple[str, str] | None,
    policy: tuple[str, str, str, bool] | None,
    decider: Check,
    checks: tuple[Check, ...],
) -> tuple[str, str]:
    """The explanation in Chinese and English: verdict, deciding condition, every check."""
    zh: list[str] = []
    en: list[str] = []
    if eligible and amount is not None:
        if basis == "up_to_cap" and cap is not None:
            zh.append(
                f"结论:符合条件。奖励 {yuan_zh(amount)}(上限 {yuan_zh(cap)},一次性,"
                "具体金额由评审在上限内确定)。"
            )
            en.append(
                f"Decision: eligible. Award {yuan_en(amount)} (up to {yuan_en(cap)}, one-off; "
                "the review sets the final sum within the cap)."
            )
        else:
            zh.append(f"结论:符合条件。金额 {yuan_zh(amount)}。")
            en.append(f"Decision: eligible. Amount {yuan_en(amount)}.")
    else:
        zh.append("结论:不符合条件,不予奖励。")
        en.append("Decision: not eligible; no award.")
    if payer:
        zh.append(f"支付方:{payer[0]}。")
        en.append(f"Payer: {payer[1]}.")
    if policy:
        name_zh, name_en, version, example = policy
        zh.append(
            f"政策:{name_zh}(版本 {version})"
            + ("[示例政策,金额仅供演示]" if example else "")
            + "。"
        )
        en.append(
            f"Policy: {name_en} (version {version})"
            + (" [EXAMPLE policy, illustrative amounts]" if example else "")
            + "."
        )
    zh.append(f"决定条件:{_clause_zh(decider.clause)}{decider.message_zh}")
    en.append(f"Deciding condition: {decider.condition} [{decider.clause}]: {decider.message_en}")
    zh.append("逐项核对:")
    en.append("Conditions checked:")
    for c in checks:
        mark = "✓" if c.passed else ("✗" if c.required else "–")
        subject = f"〈{c.subject}〉" if c.subject else ""
        value = _value_zh(c.value)
        zh.append(
            f"  {mark} {_clause_zh(c.clause)}{subject}{c.message_zh}"
            + (f"(核对值:{value})" if value else "")
        )
        subject_en = f" <{c.subject}>" if c.subject else ""
        en.append(
            f"  {mark} {c.condition} [{c.clause}]{subject_en} {c.message_en} (value: {c.value})"
        )
    return "\n".join(zh), "\n".join(en)


_SLUG = re.compile(r"^[a-z][a-z0-9_.\-]*$")
_CODE_WORD = re.compile(r"(?<![\w/])[a-z][a-z_]+(?![\w/])")


def _clause_zh(clause: str) -> str:
    """ "[四.3.3] " for a clause of the policy; nothing for a rule id of the platform's own
    ("policy", "innovative_urban"): the Chinese explanation shows no code (issue 16 §2)."""
    return f"[{clause}] " if clause and not _SLUG.match(clause) else ""


def _value_zh(value: str) -> str:
    """The fact a check looked at, as a Chinese reader reads it: 是/否 for a flag, nothing for
    an internal code (the message says it in words), else the value (a date, a designation)."""
    text = str(value).strip()
    if text.lower() in {"true", "false"}:
        return "是" if text.lower() == "true" else "否"
    if not text or text.lower() in {"none", "null"} or _SLUG.match(text):
        return ""
    # "national (GB/T 1-2020)": the level's code goes, the designation stays;
    # "standard:GB/T1-2020": the key's kind goes
    text = _CODE_WORD.sub("", text).strip().lstrip(":").strip()
    while text.startswith("(") and text.endswith(")"):
        text = text[1:-1].strip()
    return text


def check_to_dict(check: Check) -> dict[str, Any]:
    return {
        "condition": check.condition,
        "clause": check.clause,
        "passed": check.passed,
        "required": check.required,
        "subject": check.subject,
        "value": check.value,
        "message_zh": check.message_zh,
        "message_en": check.message_en,
    }


def decision_to_dict(decision: Decision) -> dict[str, Any]:
    """The JSON shape of a decision; keys are stable (documented in docs/incentives.md)."""
    return {
        "reference": decision.reference,
        "kind": decision.kind,
        "eligible": decision.eligible,
        "amount": decision.amount,
        "cap": decision.cap,
        "basis": decision.basis,
        "currency": "CNY",
        "payer": None
        if decision.payer_code is None
        else {
            "code": decision.payer_code,
            "name_zh": decision.payer_zh,
            "name_en": decision.payer_en,
        },
        "policy": None
        if decision.policy_name is None
        else {
            "name": decision.policy_name,
            "version": decision.policy_version,
            "example": decision.policy_example,
        },
        "deciding_condition": decision.deciding_condition,
        "deciding_clause": decision.deciding_clause,
        "checks": [check_to_dict(c) for c in decision.checks],
        "products": [
            {
                "name": p.name,
                "adopted_standard": p.adopted_standard,
                "key": p.key,
                "eligible": p.eligible,
                "amount": p.amount,
                "condition": p.condition,
            }
            for p in decision.products
        ],
        "award_keys": list(decision.award_keys),
        "explanation_zh": decision.explanation_zh,
        "explanation_en": decision.explanation_en,
    }
