"""``biaozhun incentives compute CASE.json`` prints the engine's decision for the documented
example cases; bad files exit with status 2 and a JSON error."""

import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from biaozhun.core.incentives import case_from_dict, decide, decision_to_dict

EXAMPLES = sorted(
    (Path(__file__).resolve().parents[2] / "docs" / "examples" / "incentive-cases").glob("*.json")
)


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_compute_prints_the_engine_decision(path, capsys):
    call_command("incentives", "compute", str(path))
    printed = json.loads(capsys.readouterr().out)
    expected = decision_to_dict(decide(case_from_dict(json.loads(path.read_text("utf-8")))))
    assert printed == expected
    assert printed["explanation_zh"] and printed["deciding_condition"]


def test_examples_exist():
    assert len(EXAMPLES) >= 5


def test_known_amounts_of_the_examples(capsys):
    amounts = {}
    for path in EXAMPLES:
        call_command("incentives", "compute", str(path))
        decision = json.loads(capsys.readouterr().out)
        amounts[path.stem] = (decision["eligible"], decision["amount"])
    assert amounts["drafting-national-urban"] == (True, 200000)
    assert amounts["adoption-export-three-products"] == (True, 30000)
    assert amounts["drafting-group-standard-refused"] == (False, None)
    assert amounts["drafting-county-tax-elsewhere"] == (True, 80000)


def test_text_option(capsys):
    call_command("incentives", "compute", str(EXAMPLES[0]), "--text")
    out = capsys.readouterr().out
    assert "结论" in out and "Decision" in out


def test_malformed_case_exits_2_with_a_json_error(tmp_path, capsys):
    bad = tmp_path / "bad.json"
    bad.write_text('{"kind": "standard_drafting"}', encoding="utf-8")
    with pytest.raises(CommandError) as info:
        call_command("incentives", "compute", str(bad))
    assert info.value.returncode == 2
    error = json.loads(capsys.readouterr().out)["error"]
    assert error["code"] == "missing_field" and error["message_zh"] and error["message_en"]


def test_unknown_subcommand_is_refused():
    with pytest.raises(CommandError):
        call_command("incentives", "frobnicate")


def test_biaozhun_entry_point_runs_it():
    path = next(p for p in EXAMPLES if p.stem == "drafting-national-urban")
    done = subprocess.run(
        [sys.executable, "-m", "biaozhun.cli", "incentives", "compute", str(path)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["amount"] == 200000
