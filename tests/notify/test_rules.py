"""Pure rules of delivery: quiet hours (also across midnight), channel rules, backoff."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from hypothesis import given
from hypothesis import strategies as st

from biaozhun.notify.models import Preference
from biaozhun.notify.outbox import backoff_seconds
from biaozhun.notify.services import channels_for, in_quiet_hours

SHANGHAI = ZoneInfo("Asia/Shanghai")
times = st.times().map(lambda t: t.replace(second=0, microsecond=0))
moments = st.datetimes(
    min_value=dt.datetime(2025, 1, 1),
    max_value=dt.datetime(2027, 1, 1),
    timezones=st.just(SHANGHAI),
)


def _pref(start: dt.time | None, end: dt.time | None, rules: list | None = None) -> Preference:
    return Preference(quiet_start=start, quiet_end=end, rules=rules or [])


@given(start=times, end=times, now=moments)
def test_quiet_hours_end_is_the_next_end_time_within_a_day(
    start: dt.time, end: dt.time, now: dt.datetime
) -> None:
    until = in_quiet_hours(_pref(start, end), now)
    if start == end:
        assert until is None
        return
    local = now.time()
    inside = (start <= local < end) if start < end else (local >= start or local < end)
    if not inside:
        assert until is None
        return
    assert until is not None
    assert now < until <= now + dt.timedelta(days=1)
    assert until.astimezone(SHANGHAI).time() == end


def test_quiet_hours_across_midnight() -> None:
    pref = _pref(dt.time(22, 0), dt.time(7, 0))
    late = dt.datetime(2026, 3, 2, 23, 30, tzinfo=SHANGHAI)
    early = dt.datetime(2026, 3, 3, 6, 0, tzinfo=SHANGHAI)
    noon = dt.datetime(2026, 3, 3, 12, 0, tzinfo=SHANGHAI)
    assert in_quiet_hours(pref, late) == dt.datetime(2026, 3, 3, 7, 0, tzinfo=SHANGHAI)
    assert in_quiet_hours(pref, early) == dt.datetime(2026, 3, 3, 7, 0, tzinfo=SHANGHAI)
    assert in_quiet_hours(pref, noon) is None
    assert in_quiet_hours(None, late) is None


@given(
    kind=st.sampled_from(["tbt_alert", "watch", "digest"]),
    urgency=st.sampled_from(["red", "orange", "yellow", "info"]),
    chosen=st.lists(st.sampled_from(["email", "wecom", "webhook"]), unique=True),
)
def test_in_app_is_always_on_and_the_first_matching_rule_wins(
    kind: str, urgency: str, chosen: list[str]
) -> None:
    pref = _pref(
        None,
        None,
        [
            {"kind": kind, "urgency": urgency, "channels": chosen},
            {"kind": "*", "urgency": "*", "channels": ["feishu"]},
        ],
    )
    assert channels_for(pref, kind, urgency) == {"inapp", *chosen}
    assert channels_for(pref, "other-kind", urgency) == {"inapp", "feishu"}
    assert "email" in channels_for(None, kind, urgency)


@given(attempts=st.integers(1, 40), base=st.floats(0.1, 600), rnd=st.floats(0, 1))
def test_backoff_bounds(attempts: int, base: float, rnd: float) -> None:
    delay = backoff_seconds(attempts, base, rnd)
    full = min(base * 2 ** (attempts - 1), 6 * 3600)
    assert full * 0.5 - 1e-9 <= delay <= full + 1e-9
