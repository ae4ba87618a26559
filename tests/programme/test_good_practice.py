"""标准化良好行为 pilots: grades AAAA/AAA/AA/A with the date confirmed; they are registry rows
but do not count as the programme's pilot enterprises (三.4)."""

from datetime import date

import pytest

from biaozhun.common.errors import DomainError
from biaozhun.programme.metrics import METRICS
from biaozhun.programme.models import PilotEnterprise

pytestmark = pytest.mark.django_db


@pytest.fixture
def firm(make_enterprise):
    return make_enterprise("扬州测试良好行为有限公司", "宝应县")


def test_good_practice_with_grade_and_confirmation(record, firm, programme):
    pilot = record(
        "pilots",
        enterprise=firm,
        kind="good_practice",
        level="provincial",
        approved_on=date(2012, 3, 1),
        grade="AAAA",
        confirmed_on=date(2013, 11, 1),
    )
    assert pilot.get_grade_display() == "AAAA"
    metric = METRICS["pilot_enterprises"]
    assert metric.value(date(2011, 1, 1), date(2015, 12, 31)) == 0
    record(
        "pilots",
        enterprise=firm,
        kind="innovation",
        level="provincial",
        approved_on=date(2012, 3, 1),
    )
    assert metric.value(date(2011, 1, 1), date(2015, 12, 31)) == 1


@pytest.mark.parametrize(
    ("values", "code", "field"),
    [
        ({"kind": "good_practice", "grade": "AAAA"}, "required", "confirmed_on"),
        ({"kind": "good_practice", "confirmed_on": date(2013, 1, 1)}, "required", "grade"),
        ({"kind": "innovation", "grade": "AAA"}, "not_good_practice", "grade"),
        (
            {
                "kind": "good_practice",
                "grade": "AAA",
                "level": "municipal",
                "confirmed_on": date(2013, 1, 1),
            },
            "grade_level",
            "level",
        ),
        (
            {"kind": "good_practice", "grade": "AA", "confirmed_on": date(2011, 1, 1)},
            "bad_dates",
            "confirmed_on",
        ),
    ],
)
def test_bad_grades_are_refused_in_both_languages(record, firm, values, code, field):
    fields = {"enterprise": firm, "level": "provincial", "approved_on": date(2012, 3, 1)}
    fields.update(values)
    with pytest.raises(DomainError) as caught:
        record("pilots", **fields)
    assert (caught.value.code, caught.value.details["field"]) == (code, field)
    assert caught.value.message_zh != caught.value.message_en
    assert not PilotEnterprise.objects.exists()
