"""``biaozhun incentives compute CASE.json``: print the decision on a case as JSON.

``main(argv)`` takes the arguments after ``incentives`` (``compute CASE.json [--policies FILE]
[--text]``) so the project's ``biaozhun`` entry point can hand them over unchanged; it also runs
as ``python -m biaozhun.core.incentives``. Exit status: 0 when a decision was made (eligible or
not), 2 for a malformed case or policy (a JSON error ``{"error": {code, message_zh,
message_en, field}}`` on stdout).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from typing import Any

from ._reader import InputError
from .case import CaseError, case_from_dict
from .decision import decision_to_dict
from .engine import decide
from .policy import PolicyError, default_policies, policies_from_dict


def _print(payload: dict[str, Any]) -> None:
    sys.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2) + "\n")


def _read_json(path: str, error: type[InputError]) -> object:
    try:
        with open(path, encoding="utf-8") as handle:
            return json.load(handle)
    except OSError as exc:
        raise error(
            "unreadable_file",
            f"无法读取文件 {path}:{exc.strerror}",
            f"Cannot read {path}: {exc.strerror}",
            None,
        ) from None
    except json.JSONDecodeError as exc:
        raise error(
            "invalid_json",
            f"{path} 不是有效的 JSON(第 {exc.lineno} 行第 {exc.colno} 列)。",
            f"{path} is not valid JSON (line {exc.lineno}, column {exc.colno}).",
            None,
        ) from None


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="biaozhun incentives", description="Incentive rules engine (四.3)."
    )
    sub = parser.add_subparsers(dest="command", required=True)
    compute = sub.add_parser("compute", help="decide one case and print the decision as JSON")
    compute.add_argument("case", help="the case JSON file (see docs/incentives.md)")
    compute.add_argument(
        "--policies", help="policies JSON file (default: the Yangzhou 2011 policies)"
    )
    compute.add_argument(
        "--text", action="store_true", help="print the Chinese and English explanation instead"
    )
    args = parser.parse_args(argv)
    try:
        case = case_from_dict(_read_json(args.case, CaseError))
        policies = (
            policies_from_dict(_read_json(args.policies, PolicyError))
            if args.policies
            else default_policies()
        )
    except InputError as exc:
        _print({"error": exc.to_dict()})
        return 2
    decision = decide(case, policies)
    if args.text:
        sys.stdout.write(decision.explanation_zh + "\n\n" + decision.explanation_en + "\n")
    else:
        _print(decision_to_dict(decision))
    return 0
