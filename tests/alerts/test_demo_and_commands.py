"""The demo profiles load and produce alerts from the example notifications; the alerts
command rematches idempotently and refreshes risks."""

import io
import json

import pytest
from django.apps import apps
from django.core.management import call_command
from django.core.management.base import CommandError

from biaozhun.alerts.models import Alert
from biaozhun.enterprises.models import ExportProfile

pytestmark = pytest.mark.django_db


def test_demo_profiles_and_alerts(yangzhou, django_capture_on_commit_callbacks):
    out = io.StringIO()
    for label in ("enterprises", "tbt", "alerts"):
        config = apps.get_app_config(label)
        if hasattr(config, "load_reference_data"):
            config.load_reference_data(out)
    with django_capture_on_commit_callbacks(execute=True):
        for label in ("enterprises", "tbt", "alerts"):
            apps.get_app_config(label).load_demo_data(out)
    assert ExportProfile.objects.count() >= 8
    assert "示例出口档案" in out.getvalue()
    battery = Alert.objects.filter(enterprise__name_zh__startswith="扬州示例蓄电池有限公司")
    assert battery.filter(notification__symbol="G/TBT/N/USA/9202").exists()
    toys = Alert.objects.filter(enterprise__name_zh__startswith="扬州示例玩具礼品有限公司")
    assert toys.filter(notification__symbol="G/TBT/N/SAU/9303").exists()
    count = Alert.objects.count()
    # loading the demo again changes nothing
    with django_capture_on_commit_callbacks(execute=True):
        apps.get_app_config("alerts").load_demo_data(out)
    assert Alert.objects.count() == count
    assert max(Alert.objects.values_list("revision", flat=True)) <= 2
    out = io.StringIO()
    call_command("alerts", "rematch", stdout=out)
    totals = json.loads(out.getvalue())
    assert totals["created"] == 0 and totals["realerted"] == 0 and totals["notifications"] >= 5
    out = io.StringIO()
    call_command("alerts", "refresh-risks", stdout=out)
    assert "changed" in json.loads(out.getvalue())
    with pytest.raises(CommandError):
        call_command("alerts", "rematch", "--since", "yesterday")
