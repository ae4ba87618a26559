"""The one write rule of the programme's registries: who writes which registry (the table of
``biaozhun.core.responsibility``), limited to the district of a district office and to the
enterprise of an enterprise user. Every write path of a registry (programme records and
inspections, the enterprise year lists, award payments) asks ``require_writer``."""

from __future__ import annotations

from typing import Any

from biaozhun.common.errors import PermissionDenied
from biaozhun.core.responsibility import TABLE, WriterKind, writer_kind

#: "the record is not known yet" (a district or enterprise of None is a value: no enterprise)
UNKNOWN: Any = object()


def user_writer_kind(user: Any, registry: str) -> WriterKind | None:
    """How ``user`` may write ``registry`` at all (before the record's district and
    enterprise are known): ``bureau``, ``district``, ``department``, ``enterprise`` or None."""
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    if getattr(user, "is_superuser", False):
        return "bureau"
    if getattr(user, "is_pending", False):
        return None
    organisation = getattr(user, "organisation", None)
    code = organisation.code if organisation is not None else ""
    return writer_kind(registry, getattr(user, "role", ""), code)


def may_write(
    user: Any,
    registry: str,
    *,
    district_id: Any = UNKNOWN,
    enterprise_id: Any = UNKNOWN,
) -> WriterKind | None:
    """``user``'s writer kind for a record of ``registry`` in ``district_id`` owned by
    ``enterprise_id`` (None when the record is not known yet), or None if they may not."""
    kind = user_writer_kind(user, registry)
    if kind == "district" and district_id is not UNKNOWN and district_id != user.district_id:
        return None
    if (
        kind == "enterprise"
        and enterprise_id is not UNKNOWN
        and enterprise_id != user.enterprise_id
    ):
        return None
    return kind


def require_writer(
    user: Any,
    registry: str,
    *,
    district_id: Any = UNKNOWN,
    enterprise_id: Any = UNKNOWN,
) -> WriterKind:
    kind = may_write(user, registry, district_id=district_id, enterprise_id=enterprise_id)
    if kind is None:
        row = TABLE.get(registry)
        zh = row.name_zh if row else registry
        en = row.name_en if row else registry
        raise PermissionDenied(
            f"您无权登记或修改“{zh}”:按职责分工,由市局、本地区工作人员和负责部门登记。",
            f"You may not record or change {en}: by the division of responsibilities the bureau, "
            "the district's office and the responsible department record it.",
        )
    return kind
