"""``biaozhun demo``: load reference data and the demo data (idempotent)."""

from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Load the demo data (example enterprises and users) after the reference data."

    def handle(self, *args: Any, **options: Any) -> None:
        call_command("setup", demo=True, stdout=self.stdout)
