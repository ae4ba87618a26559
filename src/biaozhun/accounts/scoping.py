"""What a user may see.

Every selector that returns objects an enterprise or a district owns passes its queryset through
``Scope.apply``. Bureau staff and leadership-group departments see everything; a district
officer sees their district; an enterprise user their enterprise; anyone else nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from django.contrib.auth.models import AnonymousUser
from django.db.models import Model, QuerySet

if TYPE_CHECKING:
    from .models import User

M = TypeVar("M", bound=Model)


@dataclass(frozen=True)
class Scope:
    """The slice of the data a user may read."""

    kind: str  # "all", "district", "enterprise" or "none"
    district_id: int | None = None
    enterprise_id: int | None = None

    @classmethod
    def for_user(cls, user: User | AnonymousUser | None) -> Scope:
        if user is None or isinstance(user, AnonymousUser) or not user.is_authenticated:
            return cls("none")
        role = user.role
        if user.is_superuser or role in {"bureau_admin", "bureau_staff", "department_member"}:
            return cls("all")
        if role == "district_officer" and user.district_id:
            return cls("district", district_id=user.district_id)
        if role == "enterprise_user" and user.enterprise_id:
            return cls("enterprise", enterprise_id=user.enterprise_id)
        return cls("none")

    @property
    def sees_all(self) -> bool:
        return self.kind == "all"

    def apply(
        self,
        queryset: QuerySet[M],
        *,
        enterprise_field: str | None = "enterprise",
        district_field: str | None = "enterprise__district",
    ) -> QuerySet[M]:
        """Filter ``queryset`` to this scope.

        ``enterprise_field`` and ``district_field`` name the lookups from the model to its owning
        enterprise and district (``"pk"`` / ``"district"`` for the Enterprise model itself). A
        model without one of them is invisible to the scopes that need it.
        """
        if self.kind == "all":
            return queryset
        if self.kind == "district" and district_field:
            return queryset.filter(**{f"{district_field}_id": self.district_id})
        if self.kind == "enterprise" and enterprise_field:
            lookup = enterprise_field if enterprise_field == "pk" else f"{enterprise_field}_id"
            return queryset.filter(**{lookup: self.enterprise_id})
        return queryset.none()


def scope_of(user: User | Any) -> Scope:
    return Scope.for_user(user)
