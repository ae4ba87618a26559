"""Seed the industries (stable slugs, see enterprises/industries.py)."""

from django.db import migrations


def seed(apps, schema_editor):
    from biaozhun.enterprises.industries import INDUSTRIES

    Industry = apps.get_model("enterprises", "Industry")
    for order, (slug, name_zh, name_en) in enumerate(INDUSTRIES):
        Industry.objects.update_or_create(
            slug=slug, defaults={"name_zh": name_zh, "name_en": name_en, "order": order}
        )


class Migration(migrations.Migration):
    dependencies = [("enterprises", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
