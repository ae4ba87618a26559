"""After the period and the next programme (issue 18 §1): a finished programme's targets are
achieved or not achieved, never "behind"; the next programme is a data file."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from biaozhun.accounts.models import District
from biaozhun.common.errors import DomainError, PermissionDenied
from biaozhun.programme import services
from biaozhun.programme.models import Programme
from biaozhun.programme.progress import programme_progress, target_progress
from biaozhun.programme.selectors import current_programme

pytestmark = pytest.mark.django_db

NEXT = {
    "programme": {
        "slug": "test-next-2016-2020",
        "name_zh": "测试用下一期规划",
        "name_en": "Next programme (test)",
        "region": "yangzhou",
        "start_year": 2016,
        "end_year": 2020,
        "source": "测试数据",
    },
    "targets": [
        {
            "key": "zones",
            "area": "agriculture",
            "metric": "agri_demo_zones",
            "goal_min": "2",
            "unit_zh": "个",
            "unit_en": "zones",
            "name_zh": "新建示范区 2 个",
            "name_en": "2 new zones",
        }
    ],
}


def zone(record: Any, name: str, day: date) -> Any:
    return record(
        "sites",
        kind="agricultural_zone",
        name=name,
        field="稻米",
        operator="农场",
        level="municipal",
        approved_on=day,
        district=District.objects.get(name_zh="宝应县"),
    )


def test_finished_programme_shows_achieved_or_not_achieved(programme: Any, record: Any) -> None:
    for n in range(10):
        zone(record, f"示范区{n}", date(2012, 1, 1 + n))
    statuses = {
        p.target.key: p.status for p in programme_progress(programme, as_of=date(2026, 12, 1))
    }
    assert statuses["agri-demo-zones"] == "achieved"
    assert statuses["adoptions"] == "missed"
    assert "behind" not in statuses.values() and "on_track" not in statuses.values()
    during = target_progress(programme.targets.get(key="adoptions"), as_of=date(2014, 6, 1))
    assert during.status == "behind"
    after = target_progress(programme.targets.get(key="adoptions"), as_of=date(2016, 1, 1))
    assert after.status_label == ("未完成", "not achieved")


def test_dashboard_after_the_period(client: Any, programme: Any, bureau_user: Any) -> None:
    client.force_login(bureau_user)
    page = client.get(reverse("programme:dashboard") + "?as_of=2026-12-01").text
    assert "未完成的目标" in page and "滞后</span>" not in page


def test_next_programme_is_a_data_file(tmp_path: Any, programme: Any, record: Any) -> None:
    path = tmp_path / "next.json"
    path.write_text(json.dumps(NEXT, ensure_ascii=False), encoding="utf-8")
    call_command("programme", "load", str(path))
    nxt = Programme.objects.get(slug="test-next-2016-2020")
    assert current_programme().pk == nxt.pk  # the newest programme is the current one
    zone(record, "旧区", date(2015, 6, 1))
    zone(record, "新区", date(2017, 6, 1))
    progress = target_progress(nxt.targets.get(), as_of=date(2018, 1, 1))
    assert progress.value == 1  # only the new period's zone
    # loading again updates in place (goal changed), no duplicate targets
    changed = json.loads(json.dumps(NEXT))
    changed["targets"][0]["goal_min"] = "3"
    services.load_programme(None, changed)
    assert nxt.targets.count() == 1 and nxt.targets.get().goal_min == 3


@pytest.mark.parametrize(
    ("change", "where"),
    [
        ({"metric": "no_such_metric"}, "metric"),
        ({"goal_min": "5", "goal_max": "1"}, "goal_max"),
        ({"area": "space"}, "area"),
    ],
)
def test_bad_programme_files_are_refused(yangzhou: Any, change: dict[str, Any], where: str) -> None:
    data = json.loads(json.dumps(NEXT))
    data["targets"][0].update(change)
    with pytest.raises(DomainError) as exc:
        services.load_programme(None, data)
    assert exc.value.code == "bad_programme_file" and where in exc.value.message_en
    assert not Programme.objects.filter(slug="test-next-2016-2020").exists()


def test_only_the_bureau_loads_a_programme(yangzhou: Any, make_user: Any, tmp_path: Any) -> None:
    with pytest.raises(PermissionDenied):
        services.load_programme(
            make_user("district_officer", district=yangzhou.districts.first()), NEXT
        )
    path = tmp_path / "bad.json"
    path.write_text("{", encoding="utf-8")
    with pytest.raises(CommandError):
        call_command("programme", "load", str(path))
