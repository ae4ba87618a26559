"""Taking part in standards bodies and in the standards work of the trades (四.2 社会公共资源):
the city's memberships and experts in ISO/IEC and national TCs/SCs/WGs, and the industry
associations, standardisation associations and intermediaries that take part.

Both are registry records (``programme.registries``): district-owned, scoped, imported and
exported like the others.
"""

from __future__ import annotations

import re
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models

from biaozhun.enterprises.models import Enterprise, Industry

from .common import V, bi_invalid, one_record
from .registries import DraftedStandard, RegistryRecord, Talent

#: ISO/TC 34, ISO/TC 34/SC 5, ISO/TC 34/SC 5/WG 2, IEC/TC 34/SC 34A, ISO/IEC JTC 1/SC 27
INTERNATIONAL_BODY = re.compile(
    r"(ISO|IEC|ISO/IEC JTC ?1)(/(TC|PC|SC|WG|JWG|MT|PT) ?\d{1,4}[A-Z]?)*", re.IGNORECASE
)
#: SAC/TC 48, SAC/TC 224/SC 1, TC 48/WG 3
NATIONAL_BODY = re.compile(r"(SAC/)?TC ?\d{1,4}(/(SC|WG) ?\d{1,4})*", re.IGNORECASE)


class CommitteeMembership(RegistryRecord):
    """A person's or an enterprise's seat in an ISO/IEC or national committee."""

    class Body(models.TextChoices):
        ISO = "iso", "ISO"
        IEC = "iec", "IEC"
        NATIONAL = "national", "全国专业标准化技术委员会 national TC"

    class Role(models.TextChoices):
        CHAIR = "chair", "主任委员/主席 chair"
        VICE_CHAIR = "vice_chair", "副主任委员 vice chair"
        SECRETARY = "secretary", "秘书长/秘书 secretary"
        CONVENOR = "convenor", "召集人 convenor"
        PROJECT_LEADER = "project_leader", "项目负责人 project leader"
        EXPERT = "expert", "注册专家 registered expert"
        MEMBER = "member", "委员 member"
        CORRESPONDING = "corresponding", "通讯成员 corresponding member"
        OBSERVER = "observer", "观察员 observer"

    body = models.CharField(V("组织", "Body"), max_length=10, choices=Body.choices)
    committee_code = models.CharField(V("技术组织编号", "Committee"), max_length=60)
    committee_name = models.CharField(V("技术组织名称", "Committee name"), max_length=200)
    person = models.CharField(V("人员", "Person"), max_length=50, blank=True)
    talent = models.ForeignKey(
        Talent,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="memberships",
        verbose_name=V("人才库人员", "Registered talent"),
    )
    enterprise = models.ForeignKey(
        Enterprise,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=V("所在企业/成员单位", "Enterprise (member)"),
    )
    organisation = models.CharField(V("工作单位", "Organisation"), max_length=200, blank=True)
    role = models.CharField(V("角色", "Role"), max_length=20, choices=Role.choices)
    since = models.DateField(V("起始日期", "Since"))
    meetings_attended = models.PositiveSmallIntegerField(
        V("参加会议次数", "Meetings attended"), default=0, validators=[MaxValueValidator(1000)]
    )
    last_meeting_on = models.DateField(V("最近一次参会", "Last meeting"), null=True, blank=True)

    class Meta:
        ordering = ["body", "committee_code", "person"]
        constraints = [
            one_record(
                "one_membership", "committee_code", "person", "enterprise", "organisation", "role"
            )
        ]

    def __str__(self) -> str:
        who = self.person or (str(self.enterprise) if self.enterprise_id else self.organisation)
        return f"{self.committee_code} {who}"

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        code = re.sub(r"\s+", " ", (self.committee_code or "").strip().upper())
        code = re.sub(r"\s*/\s*", "/", code)
        pattern = NATIONAL_BODY if self.body == self.Body.NATIONAL else INTERNATIONAL_BODY
        if not pattern.fullmatch(code) or (
            self.body in (self.Body.ISO, self.Body.IEC)
            and not code.startswith(self.body.upper())
            and not code.startswith("ISO/IEC JTC")
        ):
            example = "SAC/TC 48/SC 1" if self.body == self.Body.NATIONAL else "ISO/TC 34/SC 5"
            errors["committee_code"] = bi_invalid(
                f"技术组织编号“{self.committee_code}”与所选组织不符(如 {example})。",
                f"The committee {self.committee_code!r} does not fit the body (e.g. {example}).",
                "bad_committee",
            )
        else:
            self.committee_code = code
        if self.talent_id and not self.person:
            self.person = (
                Talent.objects.filter(pk=self.talent_id).values_list("name", flat=True).first()
                or ""
            )
        if not self.person.strip() and not self.enterprise_id and not self.organisation.strip():
            errors["person"] = bi_invalid(
                "请填写人员,或选择成员企业/单位。",
                "Name the person, or choose the member enterprise or organisation.",
                "member_required",
            )
        if self.last_meeting_on and self.since and self.last_meeting_on < self.since:
            errors["last_meeting_on"] = bi_invalid(
                "最近一次参会早于起始日期。",
                "The last meeting is before the membership began.",
                "bad_dates",
            )
        if self.last_meeting_on and not self.meetings_attended:
            errors["meetings_attended"] = bi_invalid(
                "填写了最近一次参会,参加会议次数不能为 0。",
                "A last meeting is given: the meetings attended cannot be 0.",
                "bad_count",
            )
        if errors:
            raise ValidationError(errors)
        super().clean()


class Association(RegistryRecord):
    """An industry association, standardisation association or intermediary taking part in
    the standards work of its trade (引导各行业协会、标准化协会参与本行业技术标准研究)."""

    class Kind(models.TextChoices):
        INDUSTRY = "industry_association", "行业协会 industry association"
        STANDARDISATION = "standardisation_association", "标准化协会 standardisation association"
        INTERMEDIARY = "intermediary", "中介服务机构 intermediary"
        RESEARCH = "research", "科研机构 research institute"

    owner_field = "none"

    name = models.CharField(V("名称", "Name"), max_length=200, unique=True)
    kind = models.CharField(V("类型", "Kind"), max_length=30, choices=Kind.choices)
    industry = models.ForeignKey(
        Industry,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=V("行业", "Industry"),
    )
    contact = models.CharField(V("联系人及电话", "Contact"), max_length=200, blank=True)
    member_count = models.PositiveIntegerField(
        V("会员企业数", "Member enterprises"), null=True, blank=True
    )
    joined_on = models.DateField(V("参与标准化工作起始日期", "Taking part since"))
    activities = models.TextField(V("参与的标准化工作", "Standards work taken part in"), blank=True)
    standards = models.ManyToManyField(
        DraftedStandard,
        blank=True,
        related_name="associations",
        verbose_name=V("参与制定的标准", "Standards drafted with"),
    )

    class Meta:
        ordering = ["kind", "name"]

    def __str__(self) -> str:
        return self.name
