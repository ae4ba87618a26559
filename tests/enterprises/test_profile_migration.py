"""The export profiles moved from the alerts app to the enterprises app without moving data:
rows written under the old state (``alerts.ExportProfile``) are read under the new one
(``enterprises.ExportProfile``), the audit trail follows the new label, and the move can be
reversed. Runs the real migrations on the test database (SQLite or PostgreSQL)."""

from decimal import Decimal

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("alerts", "0003_alert_withdrawn"), ("enterprises", "0002_industries")]
AFTER = [("alerts", "0004_export_profiles_moved"), ("enterprises", "0003_export_profiles")]


def _migrate(targets=None):
    """Migrate to ``targets`` (every app's latest migration when None) and return the models
    of the whole project at that point (the migrated state of every app, not only the
    targets' ancestors)."""
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    return executor.migrate(targets or executor.loader.graph.leaf_nodes()).apps


def test_profile_rows_survive_the_move_and_back():
    old = _migrate(BEFORE)
    District = old.get_model("accounts", "District")
    Enterprise = old.get_model("enterprises", "Enterprise")
    Contact = old.get_model("enterprises", "Contact")
    Profile = old.get_model("alerts", "ExportProfile")
    Product = old.get_model("alerts", "ExportProduct")
    Market = old.get_model("alerts", "ExportMarket")
    AuditEvent = old.get_model("accounts", "AuditEvent")
    Region = old.get_model("accounts", "Region")
    region = Region.objects.create(
        code="329900", name_zh="迁移市", name_en="Migration", province_code="32"
    )
    district = District.objects.create(
        region=region, code="329901", name_zh="迁移区", name_en="Migration", kind="district"
    )
    enterprise = Enterprise.objects.create(
        name_zh="扬州迁移测试有限公司", credit_code="91321000MA1MIGR001", district=district
    )
    contact = Contact.objects.create(enterprise=enterprise, name="王工")
    profile = Profile.objects.create(enterprise=enterprise, all_markets=True, note="迁移")
    profile.alert_contacts.add(contact)
    Product.objects.create(profile=profile, hs_code="850760", description_zh="锂电池")
    Market.objects.create(profile=profile, code="EU", share=Decimal("0.600"))
    AuditEvent.objects.create(
        actor_label="system",
        action="export_profile.create",
        object_type="alerts.exportprofile",
        object_id=str(profile.pk),
        object_repr="x",
        changes={},
    )

    new = _migrate(AFTER)
    NewProfile = new.get_model("enterprises", "ExportProfile")
    moved = NewProfile.objects.get(pk=profile.pk)
    assert moved.enterprise_id == enterprise.pk and moved.all_markets and moved.note == "迁移"
    assert [c.pk for c in moved.alert_contacts.all()] == [contact.pk]
    assert list(moved.products.values_list("hs_code", "description_zh")) == [("850760", "锂电池")]
    assert list(moved.markets.values_list("code", "share")) == [("EU", Decimal("0.600"))]
    audit = new.get_model("accounts", "AuditEvent")
    assert audit.objects.filter(object_type="enterprises.exportprofile").count() == 1
    assert not audit.objects.filter(object_type="alerts.exportprofile").exists()

    back = _migrate(BEFORE)
    assert back.get_model("alerts", "ExportProfile").objects.get(pk=profile.pk).note == "迁移"
    assert (
        back.get_model("accounts", "AuditEvent")
        .objects.filter(object_type="alerts.exportprofile")
        .count()
        == 1
    )
    _migrate()
    from biaozhun.enterprises.models import ExportProfile

    assert ExportProfile.objects.get(pk=profile.pk).products.count() == 1
