"""Export profiles moved to the enterprises app (``enterprises.0003_export_profiles``): they
leave the alerts app's state; the tables and their rows stay (state only)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("alerts", "0003_alert_withdrawn"),
        ("enterprises", "0003_export_profiles"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveConstraint(
                    model_name="exportmarket",
                    name="one_row_per_market",
                ),
                migrations.RemoveConstraint(
                    model_name="exportmarket",
                    name="market_share_0_1",
                ),
                migrations.RemoveConstraint(
                    model_name="exportproduct",
                    name="one_line_per_hs_code",
                ),
                migrations.RemoveField(
                    model_name="exportprofile",
                    name="alert_contacts",
                ),
                migrations.RemoveField(
                    model_name="exportprofile",
                    name="alert_users",
                ),
                migrations.RemoveField(
                    model_name="exportprofile",
                    name="enterprise",
                ),
                migrations.RemoveField(
                    model_name="exportproduct",
                    name="profile",
                ),
                migrations.DeleteModel(
                    name="ExportMarket",
                ),
                migrations.DeleteModel(
                    name="ExportProduct",
                ),
                migrations.DeleteModel(
                    name="ExportProfile",
                ),
            ],
            database_operations=[],
        ),
    ]
