"""The programme's registries (三 重点工作): demonstration sites and their inspections, pilot
enterprises, technical committees, drafted standards, alliances, talents, training sessions,
adoptions, sector standards and patent declarations.

Every registry record belongs to a district (taken from its enterprise when it has one), so the
district scope applies to all of them. Designations are parsed with ``core.designation`` and
stored in their canonical form. Validation messages are bilingual (``bi_lazy``) so the importer
can report them in both languages.

Over 600 lines on purpose: eleven small registry models that share one base class and the same
few helpers; one file per registry would scatter a single subject.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from biaozhun.accounts.models import District
from biaozhun.core.designation import parse
from biaozhun.core.patents import OFFICES as PATENT_OFFICES
from biaozhun.core.patents import PatentNumberError, parse_patent_number
from biaozhun.enterprises.models import Enterprise, Industry

from .common import Level, V, bi_invalid, catalogue_record, check_designation, one_record


class RegistryRecord(models.Model):
    """Common fields: the district that owns the record, when it was written, whether the
    bureau confirmed it (an enterprise's own report waits as ``reported`` and counts nowhere
    until confirmed) and the approved award it came from, if any (``incentives``)."""

    class Confirmation(models.TextChoices):
        REPORTED = "reported", "企业报送待确认 reported, awaiting confirmation"
        CONFIRMED = "confirmed", "已确认 confirmed"

    district = models.ForeignKey(
        District, on_delete=models.PROTECT, related_name="+", verbose_name=V("地区", "District")
    )
    confirmation = models.CharField(
        V("确认状态", "Confirmation"),
        max_length=10,
        choices=Confirmation.choices,
        default=Confirmation.CONFIRMED,
        db_index=True,
    )
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=V("报送人", "Reported by"),
    )
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=V("确认人", "Confirmed by"),
    )
    award = models.ForeignKey(
        "incentives.Application",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=V("来源奖励申请", "From award application"),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True

    owner_field = "enterprise"  # the enterprise whose district the record takes, if any

    def take_enterprise_district(self) -> None:
        enterprise_id = getattr(self, f"{self.owner_field}_id", None)
        if enterprise_id:
            district_id = (
                Enterprise.objects.filter(pk=enterprise_id).values_list("district_id", flat=True)
            ).first()
            if district_id is not None:
                self.district_id = district_id

    def clean(self) -> None:
        self.take_enterprise_district()
        if not self.district_id:
            raise ValidationError(
                {"district": bi_invalid("地区必填。", "The district is required.", "required")}
            )


class SiteStatus(models.TextChoices):
    """A demonstration site's lifecycle (``core.lifecycle.SITE_FLOW``)."""

    DECLARED = "declared", "申报 declared"
    BUILDING = "building", "建设 being built"
    ACCEPTED = "accepted", "验收 accepted"
    REVOKED = "revoked", "撤销 revoked"


class CommitteeStatus(models.TextChoices):
    """A committee being sought (``core.lifecycle.COMMITTEE_FLOW``)."""

    APPLIED = "applied", "申请筹建 applied for"
    PUBLICISED = "publicised", "公示 publicised"
    APPROVED = "approved", "批准 approved"
    REFUSED = "refused", "未获批 not approved"


class DemonstrationSite(RegistryRecord):
    """An agricultural standardisation demonstration zone or a service demonstration point."""

    class Kind(models.TextChoices):
        AGRICULTURAL_ZONE = "agricultural_zone", "农业标准化示范区 agricultural demonstration zone"
        SERVICE_POINT = "service_point", "服务业标准化示范点 service demonstration point"

    kind = models.CharField(V("类型", "Kind"), max_length=30, choices=Kind.choices)
    name = models.CharField(V("名称", "Name"), max_length=200)
    location = models.CharField(V("地点", "Location"), max_length=200, blank=True)
    field = models.CharField(V("领域", "Field"), max_length=100)
    operator = models.CharField(V("承担单位", "Operator"), max_length=200)
    enterprise = models.ForeignKey(
        Enterprise,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=V("承担企业", "Operating enterprise"),
    )
    level = models.CharField(V("批准级别", "Approval level"), max_length=20, choices=Level.choices)
    declared_on = models.DateField(V("申报日期", "Declared on"), null=True, blank=True)
    approved_on = models.DateField(V("批准日期", "Approved on"), null=True, blank=True)
    # the lifecycle (core.lifecycle.SITE_FLOW), moved only by services.advance_site
    status = models.CharField(
        V("状态", "Status"),
        max_length=10,
        choices=SiteStatus.choices,
        default=SiteStatus.BUILDING,
        editable=False,
    )
    accepted_on = models.DateField(
        V("验收日期", "Accepted on"), null=True, blank=True, editable=False
    )
    revoked_on = models.DateField(
        V("撤销日期", "Revoked on"), null=True, blank=True, editable=False
    )
    status_note = models.CharField(
        V("状态说明", "Status note"), max_length=300, blank=True, editable=False
    )

    class Meta:
        ordering = ["-approved_on", "name"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self._state.adding and self.approved_on is None:
            self.status = SiteStatus.DECLARED
        if self.status == SiteStatus.DECLARED:
            if self.approved_on is not None and not self._state.adding:
                raise ValidationError(
                    {
                        "approved_on": bi_invalid(
                            "示范区(点)尚在申报:批准建设请用“状态变更”。",
                            "The site is only declared: approve it through the status change.",
                            "use_transition",
                        )
                    }
                )
            if self.declared_on is None:
                raise ValidationError(
                    {
                        "declared_on": bi_invalid(
                            "请填写申报日期或批准日期。",
                            "Give the declaration date or the approval date.",
                            "required",
                        )
                    }
                )
        elif self.approved_on is None:
            raise ValidationError(
                {
                    "approved_on": bi_invalid(
                        "已批准建设的示范区(点)须有批准日期。",
                        "A site approved for building needs its approval date.",
                        "required",
                    )
                }
            )
        if self.declared_on and self.approved_on and self.approved_on < self.declared_on:
            raise ValidationError(
                {
                    "approved_on": bi_invalid(
                        "批准日期早于申报日期。",
                        "The approval is dated before the declaration.",
                        "bad_dates",
                    )
                }
            )
        super().clean()


class Inspection(models.Model):
    """A periodic inspection of a demonstration site (长效管理)."""

    site = models.ForeignKey(
        DemonstrationSite, on_delete=models.CASCADE, related_name="inspections"
    )
    inspected_on = models.DateField(V("检查日期", "Inspected on"))
    score = models.DecimalField(
        V("得分", "Score"),
        max_digits=5,
        decimal_places=1,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    findings = models.TextField(V("发现的问题", "Findings"), blank=True)
    inspector = models.CharField(V("检查人", "Inspector"), max_length=100)

    class Meta:
        ordering = ["-inspected_on"]

    def __str__(self) -> str:
        return f"{self.site} {self.inspected_on}"


class PilotEnterprise(RegistryRecord):
    """A standardisation pilot enterprise (试点企业) at provincial or national level."""

    class Kind(models.TextChoices):
        INNOVATION = "innovation", "技术标准创新 innovation"
        HIGH_TECH = "high_tech", "高新技术 high-tech"
        INDUSTRIAL_CLUSTER = "industrial_cluster", "产业集群 industrial cluster"
        CIRCULAR_ECONOMY = "circular_economy", "循环经济 circular economy"
        GOOD_PRACTICE = "good_practice", "标准化良好行为 good standardisation practice"

    class PilotLevel(models.TextChoices):
        MUNICIPAL = "municipal", "市级 municipal"
        PROVINCIAL = "provincial", "省级 provincial"
        NATIONAL = "national", "国家级 national"

    class Grade(models.TextChoices):
        NONE = "", "—"
        AAAA = "AAAA", "AAAA"
        AAA = "AAA", "AAA"
        AA = "AA", "AA"
        A = "A", "A"

    enterprise = models.ForeignKey(
        Enterprise, on_delete=models.PROTECT, related_name="+", verbose_name=V("企业", "Enterprise")
    )
    kind = models.CharField(V("试点类型", "Kind"), max_length=30, choices=Kind.choices)
    level = models.CharField(V("级别", "Level"), max_length=20, choices=PilotLevel.choices)
    approved_on = models.DateField(V("批准日期", "Approved on"))
    grade = models.CharField(
        V("良好行为等级", "Good-practice grade"), max_length=4, choices=Grade.choices, blank=True
    )
    confirmed_on = models.DateField(V("确认日期", "Confirmed on"), null=True, blank=True)

    class Meta:
        ordering = ["-approved_on"]

    def __str__(self) -> str:
        return f"{self.enterprise} {self.get_kind_display()}"

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        if self.kind == self.Kind.GOOD_PRACTICE:
            if not self.grade and self.confirmed_on:
                errors["grade"] = bi_invalid(
                    "已确认的标准化良好行为须注明等级(AAAA、AAA、AA、A)。",
                    "A confirmed good-practice pilot needs its grade (AAAA, AAA, AA, A).",
                    "required",
                )
            if self.grade and not self.confirmed_on:
                errors["confirmed_on"] = bi_invalid(
                    "有等级时须填写确认日期。",
                    "A grade needs the date it was confirmed.",
                    "required",
                )
            if self.grade in ("AAAA", "AAA") and self.level == self.PilotLevel.MUNICIPAL:
                errors["level"] = bi_invalid(
                    "AAAA、AAA 级由省级确认,级别应为省级或国家级。",
                    "AAAA and AAA grades are confirmed by the province: the level is provincial "
                    "or national.",
                    "grade_level",
                )
        elif self.grade or self.confirmed_on:
            errors["grade"] = bi_invalid(
                "只有标准化良好行为试点有等级和确认日期。",
                "Only good-standardisation-practice pilots have a grade and a confirmation date.",
                "not_good_practice",
            )
        if self.confirmed_on and self.approved_on and self.confirmed_on < self.approved_on:
            errors["confirmed_on"] = bi_invalid(
                "确认日期早于批准日期。", "Confirmed before it was approved.", "bad_dates"
            )
        if errors:
            raise ValidationError(errors)
        super().clean()


class TechnicalCommittee(RegistryRecord):
    """A national technical committee, subcommittee or working group seated in the city."""

    class Kind(models.TextChoices):
        TC = "tc", "技术委员会 TC"
        SC = "sc", "分技术委员会 SC"
        WG = "wg", "工作组 WG"

    class Focus(models.TextChoices):
        LED = "led", "LED"
        EBOOKS = "ebooks", "电子书 e-books"
        CABLES = "cables", "电线电缆 cables"
        LASER = "laser_machine_tools", "激光加工机床 laser machine tools"
        BATTERIES = "storage_batteries", "蓄电池 storage batteries"
        OTHER = "other", "其他 other"

    code = models.CharField(V("编号", "Code"), max_length=60, unique=True)
    name = models.CharField(V("名称", "Name"), max_length=200)
    kind = models.CharField(V("类型", "Kind"), max_length=5, choices=Kind.choices)
    enterprise = models.ForeignKey(
        Enterprise,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=V("秘书处承担单位", "Secretariat"),
    )
    focus = models.CharField(V("重点领域", "Focus field"), max_length=30, choices=Focus.choices)
    applied_on = models.DateField(V("申请筹建日期", "Applied for on"), null=True, blank=True)
    approved_on = models.DateField(V("批准日期", "Approved on"), null=True, blank=True)
    # the lifecycle (core.lifecycle.COMMITTEE_FLOW), moved only by services.advance_committee
    status = models.CharField(
        V("状态", "Status"),
        max_length=10,
        choices=CommitteeStatus.choices,
        default=CommitteeStatus.APPROVED,
        editable=False,
    )
    publicised_on = models.DateField(
        V("公示日期", "Publicised on"), null=True, blank=True, editable=False
    )
    refused_on = models.DateField(
        V("未获批日期", "Not approved on"), null=True, blank=True, editable=False
    )
    status_note = models.CharField(
        V("状态说明", "Status note"), max_length=300, blank=True, editable=False
    )

    class Meta:
        ordering = ["-approved_on", "code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    def clean(self) -> None:
        if self._state.adding and self.approved_on is None:
            self.status = CommitteeStatus.APPLIED
        if self.status == CommitteeStatus.APPROVED and self.approved_on is None:
            raise ValidationError(
                {
                    "approved_on": bi_invalid(
                        "请填写批准日期,或填写申请筹建日期登记正在争取的技术组织。",
                        "Give the approval date, or the application date for a committee being "
                        "sought.",
                        "required",
                    )
                }
            )
        if self.status != CommitteeStatus.APPROVED:
            if self.approved_on is not None and not self._state.adding:
                raise ValidationError(
                    {
                        "approved_on": bi_invalid(
                            "尚未批准:批准请用“状态变更”。",
                            "Not approved yet: approve it through the status change.",
                            "use_transition",
                        )
                    }
                )
            if self.applied_on is None:
                raise ValidationError(
                    {
                        "applied_on": bi_invalid(
                            "请填写申请筹建日期或批准日期。",
                            "Give the application date or the approval date.",
                            "required",
                        )
                    }
                )
        if self.applied_on and self.approved_on and self.approved_on < self.applied_on:
            raise ValidationError(
                {
                    "approved_on": bi_invalid(
                        "批准日期早于申请日期。",
                        "The approval is dated before the application.",
                        "bad_dates",
                    )
                }
            )
        super().clean()


class DraftedStandard(RegistryRecord):
    """A standard drafted by an organisation of the city, with the organisation's rank."""

    class StdLevel(models.TextChoices):
        INTERNATIONAL = "international", "国际标准 international"
        NATIONAL = "national", "国家标准 national"
        INDUSTRY = "industry", "行业标准 industry"
        LOCAL = "local", "地方标准 local"
        GROUP = "group", "团体标准 group"
        ENTERPRISE = "enterprise", "企业标准 enterprise"

    class FocusProduct(models.TextChoices):
        NONE = "", "—"
        PHOTOVOLTAIC = "photovoltaic", "太阳能光伏 solar photovoltaics"
        LED = "led", "LED照明 LED lighting"
        EBOOK = "ebook", "电子书 e-books"
        CARBON_FIBRE = "carbon_fibre", "碳纤维 carbon fibre"
        SMART_GRID = "smart_grid", "智能电网 smart grid"

    designation = models.CharField(V("标准编号", "Designation"), max_length=120)
    title = models.CharField(V("标准名称", "Title"), max_length=300)
    level = models.CharField(
        V("层级", "Level"), max_length=20, choices=StdLevel.choices, editable=False
    )
    enterprise = models.ForeignKey(
        Enterprise,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=V("起草企业", "Drafting enterprise"),
    )
    organisation = models.CharField(
        V("起草单位(非企业)", "Drafting organisation (not an enterprise)"),
        max_length=200,
        blank=True,
    )
    rank = models.PositiveSmallIntegerField(
        V("起草排名", "Rank among drafters"), validators=[MinValueValidator(1)]
    )
    industry = models.ForeignKey(
        Industry,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=V("行业", "Industry"),
    )
    published_on = models.DateField(V("发布日期", "Published on"))
    focus_product = models.CharField(
        V("重点产品", "Focus product"), max_length=20, choices=FocusProduct.choices, blank=True
    )
    raised_from = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="raised_to",
        verbose_name=V("上升自(较低层级的标准)", "Raised from (the lower-level standard)"),
    )

    class Meta:
        ordering = ["-published_on", "designation"]
        constraints = [one_record("one_drafter_row", "designation", "enterprise", "organisation")]

    #: the path upward: an enterprise standard rises to a group, local, industry, national
    #: and international standard (a record may only be raised from a lower rung)
    RUNGS = {
        "enterprise": 0,
        "group": 1,
        "local": 2,
        "industry": 3,
        "national": 4,
        "international": 5,
    }

    def __str__(self) -> str:
        return f"{self.designation} {self.title}"

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        try:
            self.designation, self.level = check_designation(
                self.designation, levels=set(self.StdLevel.values)
            )
        except ValidationError as exc:
            errors["designation"] = exc
        if not self.enterprise_id and not self.organisation.strip():
            errors["organisation"] = bi_invalid(
                "请选择起草企业或填写起草单位。",
                "Choose the drafting enterprise or name the organisation.",
                "drafter_required",
            )
        if "designation" not in errors and self.level == self.StdLevel.ENTERPRISE:
            if not self.focus_product:
                errors["focus_product"] = bi_invalid(
                    "企业标准只登记重点产品(太阳能光伏、LED、电子书、碳纤维、智能电网)的标准,请选择重点产品。",
                    "Enterprise standards are recorded for the focus products (solar PV, LED, "
                    "e-books, carbon fibre, smart grid): choose the product.",
                    "focus_product_required",
                )
            if not self.enterprise_id:
                errors["enterprise"] = bi_invalid(
                    "企业标准须注明制定企业。",
                    "An enterprise standard needs the enterprise that made it.",
                    "required",
                )
        if self.raised_from_id and "designation" not in errors:
            errors.update(self._check_raised_from())
        if errors:
            raise ValidationError(errors)
        super().clean()

    def _check_raised_from(self) -> dict[str, Any]:
        lower = DraftedStandard.objects.filter(pk=self.raised_from_id or 0).first()
        if lower is None:
            return {}
        if lower.pk == self.pk or self.RUNGS.get(lower.level, -1) >= self.RUNGS.get(self.level, -1):
            return {
                "raised_from": bi_invalid(
                    f"{self.designation} 不能“上升自”{lower.designation}:"
                    "只能由较低层级的标准上升(企业 → 团体 → 地方 → 行业 → 国家 → 国际)。",
                    f"{self.designation} cannot be raised from {lower.designation}: a standard "
                    "rises from a lower level only (enterprise → group → local → industry → "
                    "national → international).",
                    "not_upward",
                )
            }
        if self.published_on and lower.published_on > self.published_on:
            return {
                "raised_from": bi_invalid(
                    f"{lower.designation} 的发布日期晚于 {self.designation}。",
                    f"{lower.designation} was published after {self.designation}.",
                    "bad_dates",
                )
            }
        return {}

    def path_upward(self) -> list[DraftedStandard]:
        """The chain this standard belongs to, lowest rung first: what it was raised from,
        itself, and what it was raised to (the earliest at each rung)."""
        chain: list[DraftedStandard] = [self]
        seen = {self.pk}
        below = self.raised_from
        while below is not None and below.pk not in seen:
            chain.insert(0, below)
            seen.add(below.pk)
            below = below.raised_from
        above = self.raised_to.order_by("published_on").first()
        while above is not None and above.pk not in seen:
            chain.append(above)
            seen.add(above.pk)
            above = above.raised_to.order_by("published_on").first()
        return chain

    def catalogue_standard(self) -> Any:
        return catalogue_record(self.designation)


class Alliance(RegistryRecord):
    """A technical-standard industry alliance (技术标准产业联盟)."""

    owner_field = "lead"

    name = models.CharField(V("联盟名称", "Name"), max_length=200, unique=True)
    lead = models.ForeignKey(
        Enterprise,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=V("牵头企业", "Lead enterprise"),
    )
    founded_on = models.DateField(V("成立日期", "Founded on"))
    members = models.ManyToManyField(
        Enterprise, blank=True, related_name="+", verbose_name=V("成员企业", "Members")
    )
    standards = models.ManyToManyField(
        DraftedStandard,
        blank=True,
        related_name="alliances",
        verbose_name=V("联盟标准", "Standards"),
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Talent(RegistryRecord):
    """A standardisation professional and the tier the programme counts them in."""

    class Tier(models.TextChoices):
        NATIONAL = "national", "全国知名标准化专家 nationally known expert"
        LEADING = "leading", "标准化领军人才 leading professional"
        GRASSROOTS = "grassroots", "基层标准化骨干 grassroots backbone"

    name = models.CharField(V("姓名", "Name"), max_length=50)
    tier = models.CharField(V("层次", "Tier"), max_length=20, choices=Tier.choices)
    organisation = models.CharField(V("工作单位", "Organisation"), max_length=200)
    enterprise = models.ForeignKey(
        Enterprise,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=V("所在企业", "Enterprise"),
    )
    recognised_on = models.DateField(V("认定日期", "Recognised on"))
    certificates = models.TextField(V("证书(每行一个)", "Certificates (one a line)"), blank=True)

    class Meta:
        ordering = ["tier", "name"]

    def __str__(self) -> str:
        return self.name

    @property
    def certificate_list(self) -> list[str]:
        return [line.strip() for line in self.certificates.splitlines() if line.strip()]


class TrainingSession(RegistryRecord):
    """A training session and the registered talent who attended it."""

    title = models.CharField(V("培训名称", "Title"), max_length=200)
    held_on = models.DateField(V("日期", "Held on"))
    hours = models.DecimalField(
        V("学时", "Hours"), max_digits=5, decimal_places=1, validators=[MinValueValidator(0)]
    )
    organiser = models.CharField(V("主办单位", "Organiser"), max_length=200)
    location = models.CharField(V("地点", "Location"), max_length=200, blank=True)
    capacity = models.PositiveIntegerField(
        V("名额(人)", "Places (people)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(100000)],
    )
    signup_deadline = models.DateField(
        V("报名截止日期(空 = 不开放报名)", "Sign-up deadline (blank = no sign-up)"),
        null=True,
        blank=True,
    )
    attendees = models.ManyToManyField(
        Talent, blank=True, related_name="trainings", verbose_name=V("参训人员", "Attendees")
    )

    class Meta:
        ordering = ["-held_on"]

    def __str__(self) -> str:
        return f"{self.held_on} {self.title}"

    def clean(self) -> None:
        if self.signup_deadline and self.held_on and self.signup_deadline > self.held_on:
            raise ValidationError(
                {
                    "signup_deadline": bi_invalid(
                        "报名截止日期晚于培训日期。",
                        "The sign-up deadline is after the training.",
                        "bad_dates",
                    )
                }
            )
        super().clean()


class Adoption(RegistryRecord):
    """A product made to an international or foreign advanced standard (采标)."""

    class Degree(models.TextChoices):
        IDT = "IDT", "等同采用 IDT"
        MOD = "MOD", "修改采用 MOD"
        NEQ = "NEQ", "非等效采用 NEQ"

    enterprise = models.ForeignKey(
        Enterprise, on_delete=models.PROTECT, related_name="+", verbose_name=V("企业", "Enterprise")
    )
    product = models.CharField(V("产品", "Product"), max_length=200)
    designation = models.CharField(V("采用的标准", "Adopted standard"), max_length=120)
    degree = models.CharField(V("采用程度", "Degree"), max_length=3, choices=Degree.choices)
    export_sales = models.BooleanField(V("产品出口销售", "Sold for export"), default=False)
    adopted_on = models.DateField(V("采标日期", "Adopted on"))

    class Meta:
        ordering = ["-adopted_on"]
        constraints = [
            one_record("one_adoption_per_product", "enterprise", "product", "designation")
        ]

    def __str__(self) -> str:
        return f"{self.product} / {self.designation}"

    def clean(self) -> None:
        try:
            self.designation, _ = check_designation(
                self.designation, levels={"international", "foreign"}
            )
        except ValidationError as exc:
            raise ValidationError({"designation": exc}) from exc
        super().clean()


class SectorStandard(RegistryRecord):
    """An agricultural local standard or a service standard made or revised by the city."""

    class Area(models.TextChoices):
        AGRICULTURE = "agriculture", "农业 agriculture"
        SERVICE = "service", "服务业 services"

    class Action(models.TextChoices):
        MADE = "made", "制定 made"
        REVISED = "revised", "修订 revised"

    class ServiceField(models.TextChoices):
        NONE = "", "—"
        LOGISTICS = "logistics", "现代物流 modern logistics"
        TOURISM = "tourism", "旅游休闲 tourism and leisure"
        TRADE = "trade", "商贸流通 trade and distribution"
        TECHNOLOGY = "technology", "科技创业 technology entrepreneurship"
        PUBLIC = "public_affairs", "公共事务管理 public affairs"
        OTHER = "other", "其他 other"

    area = models.CharField(V("领域", "Area"), max_length=20, choices=Area.choices)
    designation = models.CharField(V("标准编号", "Designation"), max_length=120)
    title = models.CharField(V("标准名称", "Title"), max_length=300)
    action = models.CharField(V("制修订", "Made or revised"), max_length=10, choices=Action.choices)
    service_field = models.CharField(
        V("服务领域", "Service field"), max_length=20, choices=ServiceField.choices, blank=True
    )
    drafter = models.CharField(V("起草单位", "Drafter"), max_length=200)
    published_on = models.DateField(V("发布日期", "Published on"))

    class Meta:
        ordering = ["-published_on"]
        constraints = [one_record("one_sector_standard", "designation", "area")]

    def __str__(self) -> str:
        return f"{self.designation} {self.title}"

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        try:
            self.designation, level = check_designation(self.designation)
            parsed = parse(self.designation)
            # Jiangsu provincial (DB32) or Yangzhou municipal (DB3210) only: another city's
            # local standard (DB3201 Nanjing, DB3211 Zhenjiang, …) is not Yangzhou's work
            if self.area == self.Area.AGRICULTURE and not (
                level == "local"
                and parsed.province_code == "32"
                and parsed.city_code in (None, "3210")
            ):
                raise bi_invalid(
                    f"农业地方标准应为江苏省或扬州市地方标准(DB32/ 或 DB3210/),"
                    f"而不是 {self.designation}(其他城市的地方标准不计入扬州)。",
                    f"An agricultural local standard is a DB32/ or DB3210/ standard, not {self.designation}.",
                    "not_local",
                )
        except ValidationError as exc:
            errors["designation"] = exc
        if self.area == self.Area.SERVICE and not self.service_field:
            errors["service_field"] = bi_invalid(
                "服务业标准须注明服务领域。",
                "A service standard needs its service field.",
                "required",
            )
        if self.area == self.Area.AGRICULTURE:
            self.service_field = ""
        if errors:
            raise ValidationError(errors)
        super().clean()


class PatentDeclaration(RegistryRecord):
    """A patent declared in a standard (专利标准化), with the holder's licensing commitment."""

    class Licensing(models.TextChoices):
        PENDING = "pending", "尚未声明 no statement yet"
        FREE = "free", "免费许可 free of charge"
        FRAND = "frand", "公平、合理、无歧视许可 FRAND"
        REFUSED = "refused", "不同意许可 refused"

    patent_number = models.CharField(V("专利号", "Patent number"), max_length=40)
    office = models.CharField(
        V("专利局", "Office"),
        max_length=2,
        choices=[(code, f"{zh} {en}") for code, (zh, en) in PATENT_OFFICES.items()],
        editable=False,
        default="CN",
    )
    title = models.CharField(V("专利名称", "Patent title"), max_length=300)
    enterprise = models.ForeignKey(
        Enterprise,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=V("专利权人(企业)", "Holder (enterprise)"),
    )
    holder = models.CharField(V("专利权人", "Holder"), max_length=200)
    designation = models.CharField(V("所涉标准", "Standard"), max_length=120)
    declared_on = models.DateField(V("披露日期", "Declared on"))
    licensing = models.CharField(
        V("许可声明", "Licensing commitment"),
        max_length=10,
        choices=Licensing.choices,
        default=Licensing.PENDING,
    )

    class Meta:
        ordering = ["-declared_on"]
        constraints = [one_record("one_declaration", "patent_number", "designation")]

    def __str__(self) -> str:
        return f"{self.patent_number} → {self.designation}"

    def clean(self) -> None:

        errors: dict[str, Any] = {}
        try:
            parsed = parse_patent_number(self.patent_number or "")
        except PatentNumberError as exc:
            errors["patent_number"] = bi_invalid(exc.message_zh, exc.message_en, exc.code)
        else:
            self.patent_number, self.office = parsed.canonical, parsed.office
        try:
            self.designation, _ = check_designation(self.designation)
        except ValidationError as exc:
            errors["designation"] = exc
        if errors:
            raise ValidationError(errors)
        super().clean()
