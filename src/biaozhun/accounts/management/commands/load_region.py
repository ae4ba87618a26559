"""``biaozhun load_region PATH``: load a city and its districts (another city than Yangzhou)."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from biaozhun.accounts.services import load_region
from biaozhun.common.errors import DomainError


class Command(BaseCommand):
    help = "Load a region and its districts from a JSON file (format: data/regions/yangzhou.json)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("path", type=Path)

    def handle(self, *args: Any, path: Path, **options: Any) -> None:
        try:
            region = load_region(path)
        except DomainError as exc:
            raise CommandError(f"{exc.message_zh} / {exc.message_en}") from exc
        self.stdout.write(f"{region.name_zh}: {region.districts.count()} districts")
