"""The pure composition of a notification's Chinese title and summary (core.tbt_summary),
the working-day deadline texts, the date readings, the action plan, and the factors of the
risk rule (core.alerting.assess_risk)."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from biaozhun.core import tbt_summary as ts
from biaozhun.core.alerting import assess_risk, risk_level
from biaozhun.core.workdays import china_calendar

TODAY = date(2026, 3, 2)  # a Monday

LATIN_WORD = re.compile(r"[A-Za-z]{3,}")


def _input(**fields):
    base = dict(
        symbol="G/TBT/N/EU/1100",
        kind="regular",
        committee="TBT",
        member_code="EU",
        member_name_zh="欧盟",
        distributed_on=date(2026, 2, 20),
        hs_codes=["850760", "8504"],
        ics_codes=["29.220.20"],
        objective="Protection of human health or safety; Consumer information, labelling",
        comment_deadline=date(2026, 4, 21),
        entry_into_force=date(2027, 1, 1),
    )
    base.update(fields)
    return ts.SummaryInput(**base)


def test_title_names_member_and_products_in_chinese():
    composed = ts.compose(_input(), TODAY)
    assert composed.title_zh == "欧盟TBT通报:涉及蓄电池、变压器、静止式变流器及电感器、电气工程"
    # no English prose in the generated text (only codes such as HS / ICS / TBT)
    words = set(LATIN_WORD.findall(composed.title_zh + composed.summary_zh)) - {"TBT", "ICS"}
    assert words == set()


def test_summary_lines():
    summary = ts.compose(_input(), TODAY).summary_zh.splitlines()
    assert summary[0] == "通报成员:欧盟"
    assert summary[1] == "文件类型:技术性贸易措施(TBT)通报"
    assert summary[2] == (
        "涉及产品:蓄电池(HS 8507)、变压器、静止式变流器及电感器(HS 8504)、电气工程(ICS 29)"
    )
    assert summary[3] == "目的:保护人类健康或安全、消费者信息、标签"
    assert summary[4] == "分发日期:2026年2月20日"
    assert summary[5] == "评议截止:2026年4月21日(剩余 50 天)"
    assert summary[6] == "拟生效日期:2027年1月1日(剩余 305 天)"


def test_passed_deadline_and_vague_entry_into_force():
    composed = ts.compose(
        _input(
            comment_deadline=date(2026, 2, 1),
            entry_into_force=None,
            entry_into_force_text="6 months after publication",
        ),
        TODAY,
    )
    assert "评议截止:2026年2月1日(已过期)" in composed.summary_zh
    assert "拟生效日期:原文:“6 months after publication”;平台解读:日期未能确定" in (
        composed.summary_zh
    )


def test_addendum_and_predicted_products():
    composed = ts.compose(
        _input(
            kind="addendum",
            parent_symbol="G/TBT/N/EU/1100",
            hs_codes=[],
            ics_codes=[],
            predicted_hs=["9503"],
        ),
        TODAY,
    )
    assert composed.title_zh.startswith("欧盟TBT通报增补:涉及")
    assert "文件类型:技术性贸易措施(TBT)通报的增补(修改 G/TBT/N/EU/1100)" in composed.summary_zh
    assert "(HS 9503,系统推断)" in composed.summary_zh


def test_no_codes_and_sps():
    composed = ts.compose(
        _input(committee="SPS", hs_codes=[], ics_codes=[], objective="Food safety"), TODAY
    )
    assert composed.title_zh == "欧盟SPS通报:涉及产品见通报原文"
    assert "目的:食品安全" in composed.summary_zh


@pytest.mark.parametrize(
    ("objective", "expected"),
    [
        ("Protection of the environment", ["保护环境"]),
        ("Prevention of deceptive practices and consumer protection", ["防止欺诈行为、保护消费者"]),
        ("Food safety; Protection of human health or safety", ["食品安全", "保护人类健康或安全"]),
        ("Harmonization;Quality requirements", ["协调统一", "质量要求"]),
        ("Something the Member wrote", ["其他(见原文)"]),
        ("", []),
    ],
)
def test_objectives(objective, expected):
    assert ts.objectives_zh(objective) == expected


def test_heading_without_chinese_name_falls_back_to_chapter():
    products = ts.products_zh(
        ["850110"], [], hs_name=lambda code: {"85": "电机；其他"}.get(code, "")
    )
    assert products[0].name_zh == "电机" and products[0].code == "HS 85"


def test_deadline_status_in_working_days():
    cal = china_calendar()
    # 2026-04-30 (Thu) -> 2026-05-08 (Fri): 劳动节 5/1-5/5 are holidays; 5/6, 5/7, 5/8 work
    status = ts.deadline_status(date(2026, 5, 8), date(2026, 4, 30), cal)
    assert status.zh == "剩余 3 个工作日" and not status.passed
    assert ts.deadline_status(TODAY, TODAY).zh == "今日截止"
    passed = ts.deadline_status(TODAY - timedelta(days=1), TODAY)
    assert passed.zh == "已过期" and passed.passed


@given(st.dates(min_value=date(2024, 1, 1), max_value=date(2026, 12, 31)), st.integers(1, 200))
def test_working_days_never_exceed_calendar_days(start, days):
    status = ts.deadline_status(start + timedelta(days=days), start)
    assert 0 <= status.working_days <= days


def test_date_reading():
    assert ts.date_reading(date(2027, 1, 1), "2027-01-01").zh == "2027年1月1日"
    vague = ts.date_reading(date(2027, 1, 1), "1 January 2027 or upon adoption")
    assert vague.zh == "原文:“1 January 2027 or upon adoption”;平台解读:2027年1月1日"
    assert ts.date_reading(None, "").zh == "通报未注明"
    assert ts.date_reading(None, "To be determined").zh == "待定"
    assert ts.date_reading(None, "Not applicable.").zh == "不适用"
    upon = ts.date_reading(None, "Upon adoption")
    assert upon.vague and upon.reading_zh == "日期未能确定,请以原文为准"


def test_action_plan_open_and_closed():
    force = ts.date_reading(date(2026, 9, 1))
    closed, steps = ts.action_plan(
        today=TODAY,
        comment_deadline=date(2026, 3, 31),
        internal_deadline=date(2026, 3, 17),
        entry_into_force=force,
    )
    assert not closed
    assert [s.key for s in steps] == ["read", "tell_desk", "comment", "check_standards"]
    assert steps[1].due == date(2026, 3, 17) and steps[1].status.zh == "剩余 11 个工作日"
    closed, steps = ts.action_plan(
        today=TODAY,
        comment_deadline=date(2026, 2, 27),
        internal_deadline=date(2026, 2, 13),
        entry_into_force=force,
    )
    assert closed
    assert [s.key for s in steps] == ["read", "check_standards", "prepare"]
    assert "评议期已结束" in steps[-1].zh and "2026年9月1日" in steps[-1].zh


def test_risk_factors_explain_the_level():
    a = assess_risk(0.9, TODAY + timedelta(days=10), TODAY + timedelta(days=400), TODAY)
    assert a.level == "red" and (a.relevance, a.urgency) == (2, 2)
    codes = {f.code: f for f in a.factors}
    assert codes["relevance"].zh.startswith("相关度高(90%")
    assert codes["comment_deadline"].counted and codes["comment_deadline"].points == 2
    assert not codes["entry_into_force"].counted
    b = assess_risk(0.5, None, None, TODAY)
    assert b.level == "orange"
    assert [f.code for f in b.factors] == ["relevance", "no_dates"]


@given(
    st.floats(0, 1, allow_nan=False),
    st.one_of(st.none(), st.integers(-400, 400)),
    st.one_of(st.none(), st.integers(-400, 400)),
)
def test_factors_add_up_to_the_level(score, comment, force):
    cd = TODAY + timedelta(days=comment) if comment is not None else None
    ef = TODAY + timedelta(days=force) if force is not None else None
    a = assess_risk(score, cd, ef, TODAY)
    assert a.level == risk_level(score, cd, ef, TODAY)
    assert sum(f.points for f in a.factors if f.counted) == a.total
    assert sum(1 for f in a.factors if f.counted and f.code != "relevance") <= 1
