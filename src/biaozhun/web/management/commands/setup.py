"""``biaozhun setup``: migrate, then load reference data (and, with --demo, the demo data).

Each app may define ``load_reference_data(stdout)``, ``schedule_periodic_tasks(stdout)`` and
``load_demo_data(stdout)`` on its AppConfig; all must be idempotent, so a second run is fast
and changes nothing.
"""

from __future__ import annotations

import time
from typing import Any

from django.apps import apps
from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Migrate and load reference data (idempotent); --demo adds the demo data."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--demo", action="store_true", help="also load the demo data")
        parser.add_argument("--skip-reference", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.monotonic()
        call_command("migrate", interactive=False, verbosity=0)
        self.stdout.write("migrated")
        configs = apps.get_app_configs()
        if not options["skip_reference"]:
            for config in configs:
                loader = getattr(config, "load_reference_data", None)
                if callable(loader):
                    loader(self.stdout)
        for config in configs:
            scheduler = getattr(config, "schedule_periodic_tasks", None)
            if callable(scheduler):
                scheduler(self.stdout)
        if options["demo"]:
            for config in configs:
                loader = getattr(config, "load_demo_data", None)
                if callable(loader):
                    loader(self.stdout)
        self.stdout.write(f"setup done in {time.monotonic() - started:.1f} s")
