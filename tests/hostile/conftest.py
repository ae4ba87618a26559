"""A whole demo city, built once per module and rolled back at its end: every app's reference
data (the catalogue without the 88,000 ISO/IEC records, which no route needs to be walked) and
every app's demo data, plus a pending self-registered account and a canary enterprise whose name
must never reach another tenant."""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps
from django.db import transaction

CANARY = "扬州金丝雀测试有限公司"


@dataclass
class World:
    users: dict[str, Any] = field(default_factory=dict)
    canary: Any = None


def _catalogue_examples_only() -> list[tuple[str, Path]]:
    from biaozhun.catalogue import reference

    return [("cn-platform", reference.EXAMPLES)]


@pytest.fixture(scope="module")
def world(django_db_setup: Any, django_db_blocker: Any) -> Iterator[World]:
    from biaozhun.accounts.models import District, User
    from biaozhun.accounts.services import create_user
    from biaozhun.catalogue import reference
    from biaozhun.enterprises.demo import demo_credit_code
    from biaozhun.enterprises.services import (
        EnterpriseData,
        create_enterprise,
        register_enterprise,
    )

    out = io.StringIO()
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            original = reference.reference_files
            reference.reference_files = _catalogue_examples_only
            try:
                for config in apps.get_app_configs():
                    loader = getattr(config, "load_reference_data", None)
                    if callable(loader):
                        loader(out)
            finally:
                reference.reference_files = original
            for config in apps.get_app_configs():
                loader = getattr(config, "load_demo_data", None)
                if callable(loader):
                    loader(out)
            world = World()
            for username in ("admin", "bureau", "finance", "guangling", "baoying", "expert"):
                world.users[username] = User.objects.get(username=username)
            enterprise_users = User.objects.filter(role="enterprise_user", enterprise__isnull=False)
            world.users["enterprise"] = enterprise_users.order_by("pk").first()
            admin = world.users["admin"]
            district = District.objects.get(name_zh="宝应县")
            world.canary = create_enterprise(
                admin,
                EnterpriseData(
                    name_zh=CANARY,
                    credit_code=demo_credit_code(987, district.code),
                    district=district,
                ),
            )
            world.users["canary"] = create_user(
                username="canary-user",
                password="pass-word-123",
                role="enterprise_user",
                enterprise=world.canary,
            )
            world.users["pending"] = register_enterprise(
                EnterpriseData(
                    name_zh="扬州待审核测试有限公司",
                    credit_code=demo_credit_code(988, district.code),
                    district=district,
                ),
                username="pending-user",
                password="pass-word-123",
                email="pending@example.org",
                contact_name="待审",
            )
            yield world
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
