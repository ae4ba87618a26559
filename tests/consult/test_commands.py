"""The consult command (reminders, briefings, one briefing as JSON or PDF), the demo loader and
the periodic tasks' schedules."""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest
from django.core.management import CommandError, call_command

from biaozhun.consult.briefings import services as briefing_services

pytestmark = pytest.mark.django_db


def test_briefing_json_and_pdf(members, tmp_path):
    out = io.StringIO()
    call_command(
        "consult",
        "briefing",
        "--kind",
        "market",
        "--key",
        "EU",
        "--period",
        "month",
        "--at",
        "2026-03",
        stdout=out,
    )
    data = json.loads(out.getvalue())
    assert data["key"] == "EU" and data["start"] == "2026-03-01" and data["total"] == 0
    pdf = tmp_path / "b.pdf"
    call_command("consult", "briefing", "--pdf", str(pdf), stdout=io.StringIO())
    assert pdf.read_bytes().startswith(b"%PDF")
    with pytest.raises(CommandError):
        call_command(
            "consult", "briefing", "--kind", "industry", "--key", "nope", stdout=io.StringIO()
        )


def test_reminders_and_briefings_commands(members, make_user):

    out = io.StringIO()
    call_command("consult", "reminders", "--date", "2026-03-02", stdout=out)
    assert "reminders: 0" in out.getvalue()
    briefing_services.subscribe_briefing(make_user("department_member"), "all")
    out = io.StringIO()
    call_command("consult", "briefings", "--date", "2026-04-01", stdout=out)
    assert "pushed: 1" in out.getvalue()
    with pytest.raises(CommandError):
        call_command("consult", "reminders", "--date", "yesterday", stdout=io.StringIO())


def test_demo_enquiry_in_the_knowledge_base(members, yangzhou):
    from biaozhun.accounts.demo import load_demo_users
    from biaozhun.consult.demo import load_demo_enquiry
    from biaozhun.consult.models import Enquiry
    from biaozhun.enterprises.demo import load_demo_enterprises

    load_demo_users(io.StringIO())
    load_demo_enterprises(io.StringIO())
    load_demo_enquiry(io.StringIO())
    load_demo_enquiry(io.StringIO())
    entry = Enquiry.objects.get()
    assert entry.published and entry.state == "answered"
    assert "扬州示例蓄电池" not in entry.kb_question and "某企业" in entry.kb_question


def test_demo_regulations_idempotent(members):
    from django.apps import apps

    from biaozhun.consult.apps import ConsultConfig
    from biaozhun.consult.models import TechnicalRegulation

    config = apps.get_app_config("consult")
    assert isinstance(config, ConsultConfig)
    config.load_demo_data(io.StringIO())
    count = TechnicalRegulation.objects.count()
    config.load_demo_data(io.StringIO())
    assert TechnicalRegulation.objects.count() == count >= 6
    coming = TechnicalRegulation.objects.get(reference="Regulation (EU) 2023/1230")
    assert coming.in_force_from == dt.date(2027, 1, 20)


def test_schedules():
    from django.utils import timezone

    from biaozhun.consult.tasks import next_month_start, next_morning

    now = timezone.make_aware(dt.datetime(2026, 12, 15, 9, 0))
    assert timezone.localtime(next_morning(now)).date() == dt.date(2026, 12, 16)
    start = timezone.localtime(next_month_start(now))
    assert (start.year, start.month, start.day, start.hour) == (2027, 1, 1, 8)


def test_schedule_starts_one_chain_each(members):
    from biaozhun.notify.models import Wakeup

    for _ in range(2):
        call_command("consult", "reminders", "--schedule", stdout=io.StringIO())
        call_command("consult", "briefings", "--schedule", stdout=io.StringIO())
    names = set(Wakeup.objects.filter(due_at__isnull=False).values_list("name", flat=True))
    assert {"consult-reminders", "consult-briefings"} <= names
    try:
        from django_tasks_db.models import DBTaskResult
    except ImportError:  # another task backend
        return
    paths = list(DBTaskResult.objects.values_list("task_path", flat=True))
    assert paths.count("biaozhun.consult.tasks.send_reminders") == 1
    assert paths.count("biaozhun.consult.tasks.send_monthly_briefings") == 1


def test_tasks_run_and_reschedule(members, make_user):
    from biaozhun.consult import tasks
    from biaozhun.notify.models import Wakeup

    briefing_services.subscribe_briefing(make_user("department_member"), "all")
    assert tasks.send_reminders.call() == {"reminders": 0}
    assert tasks.send_monthly_briefings.call() == {"briefings": 1}
    assert Wakeup.objects.filter(name="consult-briefings", due_at__isnull=False).exists()
