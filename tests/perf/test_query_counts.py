"""The number of queries of each main list page does not grow with its rows (issue 19 §2): each
page is read with N rows and again with 3N rows (all on the first page), and both reads must
take the same number of queries. Data is built through the services."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

pytestmark = pytest.mark.django_db

N = 3


def queries(client: Any, url: str) -> int:
    client.get(url)  # first read: per-process caches (navigation, reference data) filled
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured.captured_queries)


def same_with_more_rows(client: Any, url: str, add: Callable[[int, int], None]) -> None:
    add(0, N)
    few = queries(client, url)
    add(N, 3 * N)
    many = queries(client, url)
    assert many == few, f"{url}: {few} queries with {N} rows, {many} with {3 * N}"


@pytest.fixture
def members(db: Any) -> None:
    from biaozhun.core.codes import default_data_dir
    from biaozhun.tbt.services import load_members_into_db

    load_members_into_db(default_data_dir())


@pytest.fixture
def notification(members: None) -> Callable[[int], Any]:
    from biaozhun.tbt.services import NotificationData, record_notification

    def make(number: int) -> Any:
        today = timezone.localdate()
        return record_notification(
            None,
            NotificationData(
                symbol=f"G/TBT/N/EU/{1000 + number}",
                distributed_on=today - timedelta(days=5),
                title=f"Batteries and accumulators, regulation {number}",
                comment_deadline=today + timedelta(days=40),
                hs_codes=["850760"],
            ),
        ).notification

    return make


def _standards(first: int, last: int) -> None:
    from biaozhun.catalogue.services import StandardRecord, import_records
    from biaozhun.common.importing import ImportReport
    from biaozhun.core.designation import parse

    import_records(
        "template",
        [
            StandardRecord(
                designation=parse(f"GB/T {31000 + n}-2020"),
                status="current",
                source="template",
                title_zh=f"锂离子电池 第{n}部分",
                ics_codes=["29.220.99"],
            )
            for n in range(first, last)
        ],
        ImportReport(),
    )


def test_standard_search(client, bureau_user):
    client.force_login(bureau_user)
    same_with_more_rows(client, "/standards/?q=电池", _standards)


def test_tbt_list(client, bureau_user, notification):
    client.force_login(bureau_user)

    def add(first: int, last: int) -> None:
        for n in range(first, last):
            notification(n)

    same_with_more_rows(client, "/tbt/", add)


def test_watch_list_of_an_enterprise(client, bureau_user, make_enterprise, enterprise_user):
    from biaozhun.validity.services import add_watched

    enterprises = [make_enterprise(f"关注企业{i}") for i in range(2)]

    def add(first: int, last: int) -> None:
        _standards(first, last)
        for n in range(first, last):
            for enterprise in enterprises:
                add_watched(bureau_user, enterprise, f"GB/T {31000 + n}-2020")

    client.force_login(enterprise_user(enterprises[0]))
    same_with_more_rows(client, f"/validity/watch/{enterprises[0].pk}/", add)


def test_watch_list_seen_by_the_bureau(client, bureau_user, make_enterprise):
    from biaozhun.validity.services import add_watched

    def add(first: int, last: int) -> None:
        _standards(first, last)
        for n in range(first, last):
            enterprise = make_enterprise(f"被关注企业{n}")
            add_watched(bureau_user, enterprise, f"GB/T {31000 + n}-2020")

    client.force_login(bureau_user)
    same_with_more_rows(client, "/validity/watch/", add)


def test_enterprises_list(client, bureau_user, make_enterprise):
    def add(first: int, last: int) -> None:
        for n in range(first, last):
            make_enterprise(f"名录企业{n}", industries=("machinery",))

    client.force_login(bureau_user)
    same_with_more_rows(client, "/enterprises/", add)


def test_alerts_inbox(client, bureau_user, make_enterprise, enterprise_user, notification):
    from biaozhun.alerts.index import reset_index
    from biaozhun.enterprises.profiles.services import MarketData, ProductData, replace_profile

    reset_index()
    enterprise = make_enterprise("预警企业", is_exporter=True)
    replace_profile(
        bureau_user,
        enterprise,
        products=[ProductData("850760", "锂离子电池")],
        markets=[MarketData("EU", 0.5)],
        all_markets=False,
    )

    def add(first: int, last: int) -> None:
        for n in range(first, last):
            notification(n)

    client.force_login(enterprise_user(enterprise))
    try:
        same_with_more_rows(client, "/alerts/inbox/", add)
    finally:
        reset_index()


def test_consult_comment_and_enquiry_lists(
    client, bureau_user, make_enterprise, enterprise_user, notification
):
    from biaozhun.consult.comments.services import CommentData, create_comment
    from biaozhun.consult.enquiries.services import EnquiryData, ask_enquiry

    user = enterprise_user(make_enterprise("评议企业"))

    def add(first: int, last: int) -> None:
        for n in range(first, last):
            create_comment(
                user,
                notification(n),
                CommentData(
                    concern="第 4.2 条要求的检测方法与国际标准不一致。",
                    clauses="4.2",
                    proposed_change="建议采用 IEC 62133-2 的检测方法。",
                    technical_points_en="Clause 4.2 should reference IEC 62133-2.",
                ),
            )
            ask_enquiry(user, EnquiryData(subject=f"出口问询 {n}", question="欧盟电池法规的要求?"))

    client.force_login(bureau_user)
    add(0, N)
    few = (queries(client, "/consult/comments/"), queries(client, "/consult/enquiries/"))
    add(N, 3 * N)
    many = (queries(client, "/consult/comments/"), queries(client, "/consult/enquiries/"))
    assert many == few


def test_consult_regulations_list(client, bureau_user):
    from biaozhun.consult.regulations.services import RegulationData, save_regulation

    def add(first: int, last: int) -> None:
        for n in range(first, last):
            save_regulation(
                None,
                RegulationData(
                    market="EU",
                    reference=f"(EU) 2023/{1500 + n}",
                    title=f"Regulation on batteries {n}",
                    title_zh=f"电池法规 {n}",
                    hs_codes=["850760"],
                    cited_standards=[f"GB/T {31000 + n}-2020"],
                ),
            )

    client.force_login(bureau_user)
    same_with_more_rows(client, "/consult/regulations/", add)
