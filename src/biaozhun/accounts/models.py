"""Users, organisations, regions and districts, API tokens and the audit trail."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from typing import ClassVar

from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.db.models.functions import Lower


class Region(models.Model):
    """The city the platform serves (扬州市 by default); another city is loaded as data."""

    code = models.CharField("行政区划代码 code", max_length=12, unique=True)
    slug = models.SlugField(unique=True)
    name_zh = models.CharField("名称 name (zh)", max_length=50)
    name_en = models.CharField("名称 name (en)", max_length=100)
    province_code = models.CharField("省代码 province code", max_length=2)
    province_zh = models.CharField(max_length=20)

    def __str__(self) -> str:
        return self.name_zh


class DistrictQuerySet(models.QuerySet["District"]):
    def current(self) -> DistrictQuerySet:
        """The divisions that exist today (not ended: 江都市 and 维扬区 ended on 2011-11-12)."""
        return self.filter(valid_to__isnull=True)

    def valid_between(self, start: dt.date, end: dt.date) -> DistrictQuerySet:
        """The divisions that existed on some day of ``start`` … ``end``."""
        return self.filter(
            models.Q(valid_from__isnull=True) | models.Q(valid_from__lte=end),
            models.Q(valid_to__isnull=True) | models.Q(valid_to__gte=start),
        )


class District(models.Model):
    """A county-level division of the region (区 / 县 / 县级市 / 开发区).

    ``is_urban`` marks the urban area (市区): the districts and development zones whose
    enterprises the city's own finance rewards; county-level divisions pay under their own rules.

    The map is dated: ``valid_from`` / ``valid_to`` bound the days a division existed, and
    ``successor`` is the division its area belongs to afterwards (江都市 → 江都区 on
    2011-11-13, 维扬区 → 邗江区). Records keep today's division; figures by district follow
    the map valid on each record's date (``predecessor_on``).
    """

    class Kind(models.TextChoices):
        DISTRICT = "district", "市辖区 district"
        COUNTY = "county", "县 county"
        COUNTY_CITY = "county_city", "县级市 county-level city"
        ZONE = "zone", "开发区 development zone"

    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="districts")
    code = models.CharField("代码 code", max_length=12, unique=True)
    name_zh = models.CharField("名称 name (zh)", max_length=50)
    name_en = models.CharField("名称 name (en)", max_length=100)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    is_urban = models.BooleanField("属于市区 urban area", default=False)
    order = models.PositiveSmallIntegerField(default=0)
    valid_from = models.DateField("设立日期 valid from", null=True, blank=True)
    valid_to = models.DateField("撤销日期 valid to", null=True, blank=True)
    successor = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="predecessors",
        verbose_name="继承区划 successor",
    )

    objects = DistrictQuerySet.as_manager()

    class Meta:
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return self.name_zh


class Organisation(models.Model):
    """A body that is not an enterprise: the bureau, partner departments, district offices and
    expert institutions. Enterprises live in the enterprise registry."""

    class Kind(models.TextChoices):
        BUREAU = "bureau", "质监局 / 市场监管局 bureau"
        DEPARTMENT = "department", "成员单位 partner department"
        DISTRICT_OFFICE = "district_office", "县(市、区)局 district office"
        EXPERT_INSTITUTION = "expert_institution", "专家机构 expert institution"

    kind = models.CharField(max_length=30, choices=Kind.choices)
    code = models.SlugField(max_length=50, unique=True)
    name_zh = models.CharField(max_length=100)
    name_en = models.CharField(max_length=200, blank=True)
    district = models.ForeignKey(
        District, null=True, blank=True, on_delete=models.PROTECT, related_name="organisations"
    )
    leadership_group_member = models.BooleanField(
        "领导小组成员单位 leadership group", default=False
    )

    class Meta:
        ordering = ["kind", "code"]

    def __str__(self) -> str:
        return self.name_zh


class CaseInsensitiveUserManager(UserManager["User"]):
    """Sign-in finds ``Admin`` as ``admin``: user names are unique regardless of case."""

    def get_by_natural_key(self, username: str | None) -> User:
        return self.get(**{f"{self.model.USERNAME_FIELD}__iexact": username})


class User(AbstractUser):
    """A person who signs in. The role decides what they may do; the scope what they may see."""

    class Role(models.TextChoices):
        BUREAU_ADMIN = "bureau_admin", "局管理员 bureau administrator"
        BUREAU_STAFF = "bureau_staff", "局工作人员 bureau staff"
        DEPARTMENT_MEMBER = "department_member", "成员单位人员 department member"
        DISTRICT_OFFICER = "district_officer", "县(市、区)工作人员 district officer"
        ENTERPRISE_USER = "enterprise_user", "企业用户 enterprise user"
        EXPERT = "expert", "专家 expert"

    role = models.CharField(max_length=30, choices=Role.choices, default=Role.ENTERPRISE_USER)
    display_name = models.CharField("姓名 name", max_length=50, blank=True)
    phone = models.CharField("电话 phone", max_length=30, blank=True)
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="users"
    )
    district = models.ForeignKey(
        District, null=True, blank=True, on_delete=models.PROTECT, related_name="officers"
    )
    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
    )

    objects: ClassVar[CaseInsensitiveUserManager] = CaseInsensitiveUserManager()

    class Meta:
        constraints = [
            models.UniqueConstraint(Lower("username"), name="username_unique_ignoring_case"),
            models.CheckConstraint(
                name="district_officer_has_district",
                condition=~models.Q(role="district_officer") | models.Q(district__isnull=False),
            ),
            models.CheckConstraint(
                name="enterprise_user_has_enterprise",
                condition=~models.Q(role="enterprise_user") | models.Q(enterprise__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return self.display_name or self.username

    @property
    def is_bureau(self) -> bool:
        return self.role in {self.Role.BUREAU_ADMIN, self.Role.BUREAU_STAFF} or self.is_superuser

    @property
    def is_pending(self) -> bool:
        """An enterprise user whose enterprise the district or bureau has not approved (yet)."""
        if self.is_superuser or self.role != self.Role.ENTERPRISE_USER:
            return False
        enterprise = self.enterprise
        return enterprise is None or enterprise.status != "approved"


class ApiToken(models.Model):
    """A personal API token for integrations. Only a hash is stored; the token is shown once."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField("用途 name", max_length=100)
    prefix = models.CharField(max_length=12, db_index=True)
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField("有效期至 expires", null=True, blank=True)
    read_only = models.BooleanField("只读 read-only", default=False)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @staticmethod
    def hash_key(key: str) -> str:
        return hashlib.sha256(key.encode()).hexdigest()

    @staticmethod
    def new_key() -> str:
        return "bz_" + secrets.token_urlsafe(32)


class AuditEvent(models.Model):
    """One write: who did what to which object, when, with the changed values.

    Written by service functions inside their transaction, so a rolled-back change leaves no
    audit row either. Bureau staff read the whole trail; nobody edits it.
    """

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor_label = models.CharField(max_length=150, blank=True)
    action = models.CharField(max_length=80, db_index=True)
    object_type = models.CharField(max_length=80, db_index=True)
    object_id = models.CharField(max_length=64, db_index=True)
    object_repr = models.CharField(max_length=300)
    changes = models.JSONField(default=dict, blank=True)
    district = models.ForeignKey(
        District, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_label} {self.action} {self.object_repr}"


class ThrottleHit(models.Model):
    """One counted attempt (a password-reset mail, a registration) for a rate limit.

    Kept in the database so several web workers share one count; rows older than the longest
    window are deleted as new ones arrive.
    """

    scope = models.CharField(max_length=40)
    key = models.CharField(max_length=200)
    at = models.DateTimeField(db_index=True)

    class Meta:
        indexes = [models.Index(fields=["scope", "key", "at"])]

    def __str__(self) -> str:
        return f"{self.scope} {self.key} {self.at:%Y-%m-%d %H:%M}"


class ImportJob(models.Model):
    """An upload processed in the background: its file, progress and result, seen by its owner.

    ``kind`` names a handler registered with ``biaozhun.accounts.jobs.register``; the handler
    reads ``data`` and returns a JSON-able result that the job page renders.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", "排队中 queued"
        RUNNING = "running", "处理中 running"
        DONE = "done", "已完成 done"
        FAILED = "failed", "失败 failed"

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="import_jobs"
    )
    kind = models.CharField(max_length=60)
    filename = models.CharField(max_length=255)
    data = models.BinaryField()
    options = models.JSONField(default=dict, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    progress_done = models.PositiveIntegerField(default=0)
    progress_total = models.PositiveIntegerField(default=0)
    result = models.JSONField(default=dict, blank=True)
    error = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.kind} {self.filename} ({self.status})"

    @property
    def percent(self) -> int:
        if self.status == self.Status.DONE:
            return 100
        if not self.progress_total:
            return 0
        return min(99, int(100 * self.progress_done / self.progress_total))

    @property
    def finished(self) -> bool:
        return self.status in {self.Status.DONE, self.Status.FAILED}
