"""The decision letter's Chinese explanation reads as Chinese (issue 16 §2): no rule ids
(``enterprise.urban_area``), no "(值:true)"; the English one keeps the ids for the record."""

import re

import pytest

from biaozhun.core.incentives.decision import _clause_zh, _value_zh
from biaozhun.incentives import documents, review

pytestmark = pytest.mark.django_db

RULE_ID = re.compile(r"\b[a-z]+(?:_[a-z]+)*\.[a-z]+(?:_[a-z]+)*\b")


def test_values_and_clauses_in_chinese():
    assert _value_zh("true") == "是" and _value_zh("False") == "否"
    assert _value_zh("innovative_urban") == "" and _value_zh("None") == ""
    assert _value_zh("2014-06-30") == "2014-06-30" and _value_zh("GB/T 1-2020") == "GB/T 1-2020"
    assert _value_zh("national (GB/T 99999-2013)") == "GB/T 99999-2013"
    assert _clause_zh("四.3.3") == "[四.3.3] " and _clause_zh("policy") == ""


def test_the_letter_explains_in_chinese_without_codes(urban, apply, bureau_user):
    app = apply(urban)
    review.transition(app.created_by, app, "submit")
    review.transition(bureau_user, app, "accept")
    if not app.payer_code.startswith("county:"):
        review.transition(bureau_user, app, "forward")
    app = review.transition(bureau_user, app, "approve", note="同意")
    zh = app.decision["explanation_zh"]
    assert "逐项核对" in zh and "✓" in zh
    assert not RULE_ID.search(zh), RULE_ID.search(zh)
    assert "(值:" not in zh and "true" not in zh.lower() and "核对值" in zh
    assert not re.search(r"(?<![\w/])[a-z]{2,}(?![\w/])", zh), zh
    # the English explanation names the conditions by their stable ids
    assert RULE_ID.search(app.decision["explanation_en"])
    html = documents.letter_html(app)
    chinese_part = html.split("政策规则说明")[1].split('style="margin-top: 3mm"')[0]
    assert not RULE_ID.search(chinese_part) and "(值:" not in chinese_part
