"""Incentive rules engine (激励政策规则引擎) for 四.3 of the Yangzhou 2011 implementing opinions.

Pure: standard library only. Policies are versioned data (``Policy``, JSON via
``policy_from_dict`` / ``policy_to_dict``); ``evaluate(case, policy)`` returns a ``Decision``
with every condition checked and explained in Chinese and English; ``decide(case, policies)``
first picks the payer's policy by the enterprise's tax district. See ``docs/incentives.md``.
"""

from .case import (
    Application,
    Case,
    CaseError,
    Committee,
    DraftingFacts,
    Enterprise,
    PriorAward,
    Product,
    StandardFacts,
    case_from_dict,
    case_to_dict,
    normalise_key,
)
from .decision import Check, Decision, ProductResult, decision_to_dict
from .engine import decide, evaluate
from .policy import (
    PROPOSER_READINGS,
    Clause,
    Delegation,
    District,
    Jurisdiction,
    Parameters,
    Payer,
    Policy,
    PolicyError,
    Tier,
    default_policies,
    load_policies,
    policies_from_dict,
    policy_from_dict,
    policy_to_dict,
    select_policy,
)

__all__ = [
    "PROPOSER_READINGS",
    "Application",
    "Case",
    "CaseError",
    "Check",
    "Clause",
    "Committee",
    "Decision",
    "Delegation",
    "District",
    "DraftingFacts",
    "Enterprise",
    "Jurisdiction",
    "Parameters",
    "Payer",
    "Policy",
    "PolicyError",
    "PriorAward",
    "Product",
    "ProductResult",
    "StandardFacts",
    "Tier",
    "case_from_dict",
    "case_to_dict",
    "decide",
    "decision_to_dict",
    "default_policies",
    "evaluate",
    "load_policies",
    "normalise_key",
    "policies_from_dict",
    "policy_from_dict",
    "policy_to_dict",
    "select_policy",
]
