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

import re
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from biaozhun.accounts.models import District
from biaozhun.core.designation import parse
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
    approved_on = models.DateField(V("批准日期", "Approved on"))

    class Meta:
        ordering = ["-approved_on", "name"]

    def __str__(self) -> str:
        return self.name


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

    class PilotLevel(models.TextChoices):
        PROVINCIAL = "provincial", "省级 provincial"
        NATIONAL = "national", "国家级 national"

    enterprise = models.ForeignKey(
        Enterprise, on_delete=models.PROTECT, related_name="+", verbose_name=V("企业", "Enterprise")
    )
    kind = models.CharField(V("试点类型", "Kind"), max_length=30, choices=Kind.choices)
    level = models.CharField(V("级别", "Level"), max_length=20, choices=PilotLevel.choices)
    approved_on = models.DateField(V("批准日期", "Approved on"))

    class Meta:
        ordering = ["-approved_on"]

    def __str__(self) -> str:
        return f"{self.enterprise} {self.get_kind_display()}"


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
    approved_on = models.DateField(V("批准日期", "Approved on"))

    class Meta:
        ordering = ["-approved_on", "code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class DraftedStandard(RegistryRecord):
    """A standard drafted by an organisation of the city, with the organisation's rank."""

    class StdLevel(models.TextChoices):
        INTERNATIONAL = "international", "国际标准 international"
        NATIONAL = "national", "国家标准 national"
        INDUSTRY = "industry", "行业标准 industry"
        LOCAL = "local", "地方标准 local"
        GROUP = "group", "团体标准 group"

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

    class Meta:
        ordering = ["-published_on", "designation"]
        constraints = [one_record("one_drafter_row", "designation", "enterprise", "organisation")]

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
        if errors:
            raise ValidationError(errors)
        super().clean()

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
    attendees = models.ManyToManyField(
        Talent, blank=True, related_name="trainings", verbose_name=V("参训人员", "Attendees")
    )

    class Meta:
        ordering = ["-held_on"]

    def __str__(self) -> str:
        return f"{self.held_on} {self.title}"


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
    """A patent declared in a standard (专利标准化)."""

    patent_number = models.CharField(V("专利号", "Patent number"), max_length=30)
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

    class Meta:
        ordering = ["-declared_on"]
        constraints = [one_record("one_declaration", "patent_number", "designation")]

    def __str__(self) -> str:
        return f"{self.patent_number} → {self.designation}"

    def clean(self) -> None:

        errors: dict[str, Any] = {}
        number = re.sub(r"\s+", "", self.patent_number or "").upper()
        if not re.fullmatch(r"(CN|ZL)?\d{8,13}(\.[\dX])?", number):
            errors["patent_number"] = bi_invalid(
                f"专利号“{self.patent_number}”格式无效(如 ZL201110123456.7)。",
                f"The patent number {self.patent_number!r} is malformed (e.g. ZL201110123456.7).",
                "bad_patent_number",
            )
        self.patent_number = number
        try:
            self.designation, _ = check_designation(self.designation)
        except ValidationError as exc:
            errors["designation"] = exc
        if errors:
            raise ValidationError(errors)
        super().clean()
