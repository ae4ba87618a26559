"""Export profiles move from the alerts app to the enterprises app (state only: the tables
keep their names, ``alerts_exportprofile``..., and their rows; see ``db_table``). The audit
trail and the content types follow the new label. Paired with
``alerts.0004_export_profiles_moved``, which removes the models from the alerts app's state."""

from decimal import Decimal

import django.core.validators
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

MODELS = ("exportprofile", "exportproduct", "exportmarket")


def relabel(apps, schema_editor, old="alerts", new="enterprises"):
    ContentType = apps.get_model("contenttypes", "ContentType")
    AuditEvent = apps.get_model("accounts", "AuditEvent")
    for model in MODELS:
        if not ContentType.objects.filter(app_label=new, model=model).exists():
            ContentType.objects.filter(app_label=old, model=model).update(app_label=new)
        AuditEvent.objects.filter(object_type=f"{old}.{model}").update(object_type=f"{new}.{model}")


def unrelabel(apps, schema_editor):
    relabel(apps, schema_editor, old="enterprises", new="alerts")


class Migration(migrations.Migration):
    dependencies = [
        ("enterprises", "0002_industries"),
        ("alerts", "0003_alert_withdrawn"),
        ("accounts", "0002_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="ExportProfile",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "all_markets",
                            models.BooleanField(
                                default=False,
                                help_text="不限市场,任何成员的通报都可能相关 / any member's notification may concern it",
                                verbose_name="出口全部市场 all markets",
                            ),
                        ),
                        (
                            "note",
                            models.CharField(blank=True, max_length=500, verbose_name="备注 note"),
                        ),
                        ("created_at", models.DateTimeField(auto_now_add=True)),
                        ("updated_at", models.DateTimeField(auto_now=True, db_index=True)),
                        (
                            "alert_contacts",
                            models.ManyToManyField(
                                blank=True,
                                related_name="+",
                                to="enterprises.contact",
                                verbose_name="接收预警的联系人",
                            ),
                        ),
                        (
                            "alert_users",
                            models.ManyToManyField(
                                blank=True,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="接收预警的用户",
                            ),
                        ),
                        (
                            "enterprise",
                            models.OneToOneField(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="export_profile",
                                to="enterprises.enterprise",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "alerts_exportprofile",
                        "ordering": ["enterprise__name_zh"],
                    },
                ),
                migrations.CreateModel(
                    name="ExportProduct",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "hs_code",
                            models.CharField(max_length=10, verbose_name="HS 编码 HS code"),
                        ),
                        (
                            "description_zh",
                            models.CharField(max_length=200, verbose_name="产品描述 description"),
                        ),
                        (
                            "ics_code",
                            models.CharField(
                                blank=True, max_length=12, verbose_name="ICS 分类 ICS code"
                            ),
                        ),
                        (
                            "keywords",
                            models.CharField(
                                blank=True, max_length=300, verbose_name="关键词 keywords"
                            ),
                        ),
                        (
                            "profile",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="products",
                                to="enterprises.exportprofile",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "alerts_exportproduct",
                        "ordering": ["hs_code", "pk"],
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("profile", "hs_code"), name="one_line_per_hs_code"
                            )
                        ],
                    },
                ),
                migrations.CreateModel(
                    name="ExportMarket",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("code", models.CharField(max_length=12, verbose_name="市场 market")),
                        (
                            "share",
                            models.DecimalField(
                                blank=True,
                                decimal_places=3,
                                max_digits=4,
                                null=True,
                                validators=[
                                    django.core.validators.MinValueValidator(Decimal("0")),
                                    django.core.validators.MaxValueValidator(Decimal("1")),
                                ],
                                verbose_name="出口占比 share",
                            ),
                        ),
                        (
                            "profile",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="markets",
                                to="enterprises.exportprofile",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "alerts_exportmarket",
                        "ordering": ["-share", "code"],
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("profile", "code"), name="one_row_per_market"
                            ),
                            models.CheckConstraint(
                                condition=models.Q(
                                    ("share__isnull", True),
                                    models.Q(("share__gte", 0), ("share__lte", 1)),
                                    _connector="OR",
                                ),
                                name="market_share_0_1",
                            ),
                        ],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(relabel, unrelabel),
    ]
