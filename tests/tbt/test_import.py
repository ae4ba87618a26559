"""Importing the ePing bulk export and API JSON: good rows in, bad rows reported by line,
odd dates kept as text, re-import updates by symbol, addenda linked."""

from __future__ import annotations

import io
import json
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from biaozhun.common.errors import DomainError
from biaozhun.tbt.examples import EXAMPLE_ROWS, examples_dir, write_xlsx
from biaozhun.tbt.importers import import_eping_json, import_eping_xlsx, import_file
from biaozhun.tbt.models import Notification

pytestmark = pytest.mark.django_db

GOOD = {
    "Document symbol": "G/TBT/N/EU/1200",
    "Notifying Member": "European Union",
    "Distribution date": datetime(2026, 3, 2),
    "Title": "Draft regulation on the safety of toys",
    "Products covered": "Toys",
    "HS code(s)": "9503.00, 9504.90",
    "ICS code(s)": "97.200.50",
    "Keywords": "Toys; Children",
    "Final date for comments": "60 days after notification",
    "Proposed date of adoption": "To be determined",
    "Proposed date of entry into force": "1 January 2027",
}


def test_examples_import(members: None) -> None:
    report = import_eping_xlsx(
        None, examples_dir() / "EXAMPLE-eping-export.xlsx", "x.xlsx", is_example=True
    )
    assert report.errors == []
    assert report.created == len(EXAMPLE_ROWS)
    report = import_eping_json(None, examples_dir() / "EXAMPLE-eping-api.json", is_example=True)
    assert report.errors == [] and report.created == 7
    assert Notification.objects.filter(is_example=False).count() == 0
    corr = Notification.objects.get(symbol="G/TBT/N/EU/9110/Add.1/Corr.1")
    assert corr.parent.symbol == "G/TBT/N/EU/9110/Add.1"
    assert corr.base.symbol == "G/TBT/N/EU/9110"
    usa = Notification.objects.get(symbol="G/TBT/N/USA/9202")
    assert usa.comment_deadline == date(2026, 10, 2)  # 2026-08-03 + 60 days
    assert usa.adoption_date is None and usa.adoption_date_text == "To be determined"
    assert usa.dates_flagged
    assert usa.links == ["https://example.org/EXAMPLE/G-TBT-N-USA-9202.pdf"]
    sau = Notification.objects.get(symbol="G/TBT/N/SAU/9303")
    assert sau.adoption_date is None and sau.adoption_date_text == "01/02/2027"
    assert sau.member_code == "SAU" and sau.member_name_zh
    tpkm = Notification.objects.get(symbol="G/TBT/N/TPKM/9505")
    assert tpkm.hs_codes == ["61", "62", "6302"]
    assert "textiles" in tpkm.export_group_slugs
    kor = Notification.objects.get(symbol="G/TBT/N/KOR/9404")  # ICS only
    assert kor.hs_codes == [] and "smart-grid" in kor.industry_slugs
    # re-import changes nothing
    again = import_eping_json(None, examples_dir() / "EXAMPLE-eping-api.json", is_example=True)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 7)


def test_xlsx_bad_rows_reported_by_line(members: None) -> None:
    rows = [
        GOOD,  # line 2
        {**GOOD, "Document symbol": "G/TBT/N/XX/1"},  # 3: unknown member in symbol
        {**GOOD, "Document symbol": "G/TBT/N/EU/1201", "Distribution date": "01/02/2026"},
        {**GOOD, "Document symbol": "G/TBT/N/EU/1202", "HS code(s)": "95A3"},  # 5
        {**GOOD, "Document symbol": "G/TBT/N/EU/1203", "Title": ""},  # 6
        {**GOOD, "Document symbol": "G/TBT/N/EU/1200"},  # 7 duplicate of line 2
        {**GOOD, "Document symbol": "G/TBT/N/EU/1204", "Notifying Member": "Japan"},  # 8
        {**GOOD, "Document symbol": "G/TBT/N/EU/1205", "Notifying Member": "Atlantis"},  # 9
        {**GOOD, "Document symbol": "G/TBT/N/EU/1206/Add.1", "Distribution date": None},  # 10
        {
            **GOOD,
            "Document symbol": "G/TBT/N/EU/1206/Add.1",
            "Final date for comments": "01/02/2026",
            "Notification type": "Addendum",
        },  # 11 good, ambiguous deadline kept as text
        {**GOOD, "Document symbol": "G/TBT/N/EU/1207", "Notification type": "Corrigendum"},  # 12
        {**GOOD, "Document symbol": "G/TBT/N/EU/1208", "Notification type": "Notification"},  # 13
    ]
    report = import_eping_xlsx(None, write_xlsx(rows), "export.xlsx")
    errors = {e.line: e for e in report.errors}
    assert sorted(errors) == [3, 4, 5, 6, 7, 8, 9, 10, 12]
    assert errors[12].code == "kind_mismatch"
    assert errors[3].field == "symbol"
    assert errors[4].field == "distributed" and "01/02/2026" in errors[4].message_en
    assert errors[5].code == "hs_invalid"
    assert errors[6].field == "title"
    assert errors[7].code == "duplicate_in_file"
    assert errors[8].code == "member_mismatch"
    assert errors[9].code == "unknown_member"
    assert errors[10].code == "required"
    for e in report.errors:
        assert e.message_zh and e.message_en and e.message_zh != e.message_en
    assert report.created == 3
    good = Notification.objects.get(symbol="G/TBT/N/EU/1200")
    assert good.comment_deadline == date(2026, 5, 1)
    assert good.entry_into_force == date(2027, 1, 1)
    assert good.hs_codes == ["950300", "950490"]
    add = Notification.objects.get(symbol="G/TBT/N/EU/1206/Add.1")
    assert add.comment_deadline is None and add.comment_deadline_text == "01/02/2026"
    assert add.dates_flagged and add.kind == "addendum"


def test_reimport_updates_by_symbol(members: None) -> None:
    import_eping_xlsx(None, write_xlsx([GOOD]), "a.xlsx")
    changed = {**GOOD, "Document symbol": "g/tbt/n/eu/1200", "Title": "Adopted toy regulation"}
    report = import_eping_xlsx(None, write_xlsx([changed]), "b.xlsx")
    assert (report.created, report.updated) == (0, 1)
    assert Notification.objects.get().title == "Adopted toy regulation"


def test_missing_required_column(members: None) -> None:
    with pytest.raises(DomainError) as exc:
        import_eping_xlsx(None, write_xlsx([GOOD], headers=["Title"]), "x.xlsx")
    assert exc.value.code == "missing_columns"


def test_json_bad_items_reported_by_line(members: None) -> None:
    items = [
        {
            "documentSymbol": "G/TBT/N/KOR/1300",
            "notifyingMember": "Korea, Republic of",
            "distributionDate": "2026-03-02T00:00:00",
            "commentDeadlineDate": "2026-05-01T00:00:00",
            "title": "Electric cables",
            "productsFreeText": "Electric wires and cables",
            "hsCodes": ["8544.49"],
            "icsCodes": [{"code": "29.060.20"}],
        },
        {"documentSymbol": "G/TBT/N/KOR/1301", "title": "No date"},
        "not an object",
        {"documentSymbol": "G/SPS/N/KOR/9", "title": "x", "distributionDate": "yesterday"},
    ]
    text = json.dumps({"items": items}, indent=2)
    report = import_eping_json(None, text.encode(), "api.json")
    assert report.created == 1 and len(report.errors) == 3
    lines = [e.line for e in report.errors]
    starts = [i + 1 for i, line in enumerate(text.splitlines()) if line == "    {"]
    assert lines[0] == starts[1]  # the line where the second item starts
    assert lines[2] == starts[2]
    assert report.errors[0].field == "distributed"
    n = Notification.objects.get(symbol="G/TBT/N/KOR/1300")
    assert n.ics_codes == ["29.060.20"] and n.comment_deadline == date(2026, 5, 1)


def test_json_not_parsable(members: None) -> None:
    with pytest.raises(DomainError) as exc:
        import_eping_json(None, b"{not json", "x.json")
    assert exc.value.code == "bad_json"
    with pytest.raises(DomainError):
        import_file(None, "csv", b"", "x.csv")


def test_command(members: None, tmp_path: Path) -> None:
    path = tmp_path / "export.xlsx"
    path.write_bytes(write_xlsx([GOOD, {**GOOD, "Document symbol": "nonsense"}]))
    out = io.StringIO()
    with pytest.raises(CommandError):
        call_command("tbt", "import", "eping-xlsx", str(path), stdout=out)
    text = out.getvalue()
    assert "created 1" in text and "第 3 行" in text and "line 3" in text
    out = io.StringIO()
    call_command(
        "tbt",
        "import",
        "eping-json",
        str(examples_dir() / "EXAMPLE-eping-api.json"),
        "--json",
        "--example",
        stdout=out,
    )
    assert json.loads(out.getvalue())["created"] == 7


def test_demo_loader_idempotent(members: None) -> None:
    from django.apps import apps

    config: Any = apps.get_app_config("tbt")
    config.load_demo_data(io.StringIO())
    count = Notification.objects.count()
    config.load_demo_data(io.StringIO())
    assert Notification.objects.count() == count == len(EXAMPLE_ROWS) + 7
    assert not Notification.objects.filter(is_example=False).exists()


def test_title_rows_above_header_skipped(members: None) -> None:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["ePing - Notifications export"])
    ws.append(["Generated 2026-03-05"])
    ws.append(["Document symbol", "Title", "Distribution date", "HS code(s)"])
    ws.append(["G/TBT/N/EU/1400", "Toys", "2026-03-02", "9503"])
    ws.append(["G/TBT/N/EU/1401", "Toys", "", "9503"])
    buffer = io.BytesIO()
    wb.save(buffer)
    report = import_eping_xlsx(None, buffer.getvalue(), "export.xlsx")
    assert report.created == 1
    assert [(e.line, e.field) for e in report.errors] == [(5, "distributed")]


def test_reimport_keeps_desk_chinese_title_summary_and_status(
    members: None, bureau_user: Any
) -> None:
    from biaozhun.tbt.services import NotificationData, record_notification

    import_eping_xlsx(None, write_xlsx([GOOD]), "a.xlsx")
    n = Notification.objects.get(symbol="G/TBT/N/EU/1200")
    record_notification(
        bureau_user,
        NotificationData(
            symbol=n.symbol,
            distributed_on=n.distributed_on,
            title=n.title,
            title_zh="玩具安全法规草案",
            summary_zh="欧盟拟修订玩具安全要求。",
            hs_codes=n.hs_codes,
            ics_codes=n.ics_codes,
            keywords=n.keywords,
            products_text=n.products_text,
            comment_deadline=n.comment_deadline,
            comment_deadline_text=n.comment_deadline_text,
            adoption_date_text=n.adoption_date_text,
            entry_into_force=n.entry_into_force,
            entry_into_force_text=n.entry_into_force_text,
            dates_flagged=n.dates_flagged,
            status="adopted",
        ),
    )
    report = import_eping_xlsx(None, write_xlsx([{**GOOD, "Title": "Toys (final)"}]), "b.xlsx")
    assert report.updated == 1
    n.refresh_from_db()
    assert n.title == "Toys (final)"
    assert (n.title_zh, n.summary_zh, n.status) == (
        "玩具安全法规草案",
        "欧盟拟修订玩具安全要求。",
        "adopted",
    )


_cell = st.one_of(
    st.none(),
    st.text(max_size=20),
    st.sampled_from(
        [
            "G/TBT/N/EU/1",
            "g/tbt/n/usa/2/add.1",
            "2026-03-02",
            "01/02/2026",
            "To be determined",
            "8507.60",
            "29.140",
            "European Union",
            "Japan",
            "85x",
        ]
    ),
    st.lists(st.text(max_size=8), max_size=3),
    st.integers(),
)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.lists(
        st.fixed_dictionaries(
            {},
            optional={
                k: _cell
                for k in (
                    "documentSymbol",
                    "notifyingMember",
                    "distributionDate",
                    "commentDeadlineDate",
                    "title",
                    "productsFreeText",
                    "hsCodes",
                    "icsCodes",
                    "keywords",
                )
            },
        ),
        max_size=4,
    )
)
def test_json_import_never_crashes(members: None, items: list[dict[str, Any]]) -> None:
    report = import_eping_json(None, json.dumps(items).encode(), "x.json")
    assert report.total == len(items)
    assert report.imported + len(report.errors) == report.total
    for e in report.errors:
        assert e.line >= 1 and e.message_zh and e.message_en
