"""Working-day arithmetic for deadlines (comment deadlines, internal deadlines).

A :class:`WorkCalendar` has weekend weekdays (Saturday and Sunday by default), a set of public
holidays and a set of *adjusted working days* (调休上班日: weekend days that are working days
in China because a holiday bridge was moved). A day is a working day if it is an adjusted
working day, or if it is neither a weekend day nor a holiday.

:data:`CHINA_HOLIDAYS` and :data:`CHINA_ADJUSTED_WORKDAYS` hold the official mainland-China
public-holiday arrangements for 2024, 2025 and 2026 as published by the General Office of the
State Council (国务院办公厅关于…部分节假日安排的通知). On 2026-11-26 every day was checked
against the texts of the three notices as Xinhua published them (dated 2023-10-25,
2024-11-12 and 2025-11-04; reprinted by People's Daily and gmw.cn), and all agree. The 2027
notice was not yet published; add it and later years with :meth:`WorkCalendar.with_days`
(the desk can also add days). :func:`china_calendar` builds the default calendar. Outside
the years covered only weekends are skipped.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

__all__ = [
    "CHINA_ADJUSTED_WORKDAYS",
    "CHINA_HOLIDAYS",
    "CHINA_YEARS",
    "WorkCalendar",
    "add_working_days",
    "china_calendar",
    "internal_deadline",
    "subtract_working_days",
    "working_days_between",
]


def _span(start: str, end: str) -> list[date]:
    a, b = date.fromisoformat(start), date.fromisoformat(end)
    return [a + timedelta(days=i) for i in range((b - a).days + 1)]


def _days(*items: str) -> list[date]:
    """``"2024-02-10..2024-02-17"`` spans or single ISO dates."""
    out: list[date] = []
    for it in items:
        if ".." in it:
            a, b = it.split("..")
            out.extend(_span(a, b))
        else:
            out.append(date.fromisoformat(it))
    return out


CHINA_YEARS: tuple[int, ...] = (2024, 2025, 2026)

#: Mainland-China public holidays (放假日期), 2024-2026, including the weekend days inside
#: each holiday block.
CHINA_HOLIDAYS: frozenset[date] = frozenset(
    _days(
        # 2024 (国办发明电〔2023〕7号)
        "2024-01-01",  # 元旦
        "2024-02-10..2024-02-17",  # 春节
        "2024-04-04..2024-04-06",  # 清明节
        "2024-05-01..2024-05-05",  # 劳动节
        "2024-06-10",  # 端午节
        "2024-09-15..2024-09-17",  # 中秋节
        "2024-10-01..2024-10-07",  # 国庆节
        # 2025 (国办发明电〔2024〕12号; first year with the extra 春节 and 劳动节 days)
        "2025-01-01",  # 元旦
        "2025-01-28..2025-02-04",  # 春节
        "2025-04-04..2025-04-06",  # 清明节
        "2025-05-01..2025-05-05",  # 劳动节
        "2025-05-31..2025-06-02",  # 端午节
        "2025-10-01..2025-10-08",  # 国庆节、中秋节
        # 2026 (国办发明电〔2025〕7号)
        "2026-01-01..2026-01-03",  # 元旦
        "2026-02-15..2026-02-23",  # 春节
        "2026-04-04..2026-04-06",  # 清明节
        "2026-05-01..2026-05-05",  # 劳动节
        "2026-06-19..2026-06-21",  # 端午节
        "2026-09-25..2026-09-27",  # 中秋节
        "2026-10-01..2026-10-07",  # 国庆节
    )
)

#: Weekend days that are working days (调休上班), 2024-2026.
CHINA_ADJUSTED_WORKDAYS: frozenset[date] = frozenset(
    _days(
        # 2024
        "2024-02-04",  # 春节 (Sun)
        "2024-02-18",  # 春节 (Sun)
        "2024-04-07",  # 清明节 (Sun)
        "2024-04-28",  # 劳动节 (Sun)
        "2024-05-11",  # 劳动节 (Sat)
        "2024-09-14",  # 中秋节 (Sat)
        "2024-09-29",  # 国庆节 (Sun)
        "2024-10-12",  # 国庆节 (Sat)
        # 2025
        "2025-01-26",  # 春节 (Sun)
        "2025-02-08",  # 春节 (Sat)
        "2025-04-27",  # 劳动节 (Sun)
        "2025-09-28",  # 国庆节 (Sun)
        "2025-10-11",  # 国庆节 (Sat)
        # 2026
        "2026-01-04",  # 元旦 (Sun)
        "2026-02-14",  # 春节 (Sat)
        "2026-02-28",  # 春节 (Sat)
        "2026-05-09",  # 劳动节 (Sat)
        "2026-09-20",  # 国庆节 (Sun)
        "2026-10-10",  # 国庆节 (Sat)
    )
)


@dataclass(frozen=True)
class WorkCalendar:
    holidays: frozenset[date] = frozenset()
    adjusted_workdays: frozenset[date] = frozenset()
    weekend: frozenset[int] = field(default=frozenset({5, 6}))  # date.weekday(): Mon=0

    def is_working_day(self, d: date) -> bool:
        if d in self.adjusted_workdays:
            return True
        return d.weekday() not in self.weekend and d not in self.holidays

    def count_working_days(self, a: date, b: date) -> int:
        """Working days in ``(a, b]`` (``a <= b``) in arithmetic, not day by day: whole weeks,
        the days left over, then the exceptions in range (a list page shows this for every
        row: a walk over each day cost about 0.2 ms a row)."""
        days = (b - a).days
        weeks, rest = divmod(days, 7)
        count = weeks * (7 - len(self.weekend))
        cur = a + timedelta(days=weeks * 7)
        for _ in range(rest):
            cur += timedelta(days=1)
            if cur.weekday() not in self.weekend:
                count += 1
        for day in self.holidays:
            # a holiday on a weekday, not made a working day again
            if (
                a < day <= b
                and day.weekday() not in self.weekend
                and day not in self.adjusted_workdays
            ):
                count -= 1
        for day in self.adjusted_workdays:
            # a weekend day made a working day (on a weekday it was counted above)
            if a < day <= b and day.weekday() in self.weekend:
                count += 1
        return count

    def with_days(
        self, holidays: Iterable[date] = (), adjusted_workdays: Iterable[date] = ()
    ) -> WorkCalendar:
        """A copy with more holidays and adjusted working days (e.g. a later year's notice)."""
        return WorkCalendar(
            self.holidays | frozenset(holidays),
            self.adjusted_workdays | frozenset(adjusted_workdays),
            self.weekend,
        )

    def next_working_day(self, d: date, *, inclusive: bool = True) -> date:
        cur = d if inclusive else d + timedelta(days=1)
        while not self.is_working_day(cur):
            cur += timedelta(days=1)
        return cur

    def previous_working_day(self, d: date, *, inclusive: bool = True) -> date:
        cur = d if inclusive else d - timedelta(days=1)
        while not self.is_working_day(cur):
            cur -= timedelta(days=1)
        return cur


def china_calendar() -> WorkCalendar:
    """Mainland-China calendar with the 2024-2026 holidays and adjusted working days."""
    return WorkCalendar(CHINA_HOLIDAYS, CHINA_ADJUSTED_WORKDAYS)


def _check_calendar(calendar: WorkCalendar) -> None:
    if len(calendar.weekend) >= 7 and not calendar.adjusted_workdays:
        raise ValueError("calendar has no working days")


def add_working_days(start: date, n: int, calendar: WorkCalendar | None = None) -> date:
    """The ``n``-th working day after ``start`` (``start`` itself is not counted).

    ``n == 0`` returns ``start`` if it is a working day, else the next working day.
    Negative ``n`` counts backwards (see :func:`subtract_working_days`).
    """
    cal = calendar if calendar is not None else china_calendar()
    _check_calendar(cal)
    if n < 0:
        return subtract_working_days(start, -n, cal)
    if n == 0:
        return cal.next_working_day(start)
    cur = start
    left = n
    while left:
        cur += timedelta(days=1)
        if cal.is_working_day(cur):
            left -= 1
    return cur


def subtract_working_days(start: date, n: int, calendar: WorkCalendar | None = None) -> date:
    """The ``n``-th working day before ``start`` (``start`` itself is not counted).

    ``n == 0`` returns ``start`` if it is a working day, else the previous working day.
    """
    cal = calendar if calendar is not None else china_calendar()
    _check_calendar(cal)
    if n < 0:
        return add_working_days(start, -n, cal)
    if n == 0:
        return cal.previous_working_day(start)
    cur = start
    left = n
    while left:
        cur -= timedelta(days=1)
        if cal.is_working_day(cur):
            left -= 1
    return cur


def working_days_between(a: date, b: date, calendar: WorkCalendar | None = None) -> int:
    """Working days in ``(a, b]`` (negative if ``b < a``): days left until a deadline."""
    cal = calendar if calendar is not None else china_calendar()
    if b < a:
        return -working_days_between(b, a, cal)
    return cal.count_working_days(a, b)


def internal_deadline(
    final_date_for_comments: date,
    lead_working_days: int,
    calendar: WorkCalendar | None = None,
) -> date:
    """The date by which comments must reach the national enquiry point: the WTO final date
    for comments minus the enquiry point's lead time in working days.

    The final date itself is not counted; the result is always a working day (with a lead of
    0 it is the final date, or the working day before it if the final date is not one).
    """
    if lead_working_days < 0:
        raise ValueError("lead_working_days must be >= 0")
    return subtract_working_days(final_date_for_comments, lead_working_days, calendar)
