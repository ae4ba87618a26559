"""The registries as data: one description per model drives the list, detail, edit and import
pages, the API and the importer (one generic implementation, not one copy per registry)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import models

from biaozhun.common.errors import NotFound
from biaozhun.common.i18n import bi

from .models import (
    Adoption,
    Alliance,
    Association,
    CommitteeMembership,
    DemonstrationSite,
    DraftedStandard,
    PatentDeclaration,
    PilotEnterprise,
    RegistryRecord,
    SectorStandard,
    Talent,
    TechnicalCommittee,
    TrainingSession,
)


@dataclass(frozen=True)
class Registry:
    slug: str
    model: type[RegistryRecord]
    title_zh: str
    title_en: str
    fields: tuple[str, ...]
    columns: tuple[str, ...]
    search: tuple[str, ...]
    date_field: str
    enterprise_field: str | None = "enterprise"
    filters: tuple[str, ...] = ()
    natural_key: tuple[str, ...] = ()  # the fields that identify a record on import

    @property
    def title(self) -> str:
        return bi(self.title_zh, self.title_en)

    @property
    def m2m_fields(self) -> list[str]:
        return [
            name
            for name in self.fields
            if isinstance(self.model._meta.get_field(name), models.ManyToManyField)
        ]

    def field_label(self, name: str) -> str:
        return label_of(self.model._meta.get_field(name))


#: an adoption's list shows every field it has
ADOPTION_FIELDS = ("enterprise", "product", "designation", "degree", "export_sales", "adopted_on")


def label_of(model_field: Any) -> str:
    """The active language's half of a ``"中文 / English"`` verbose name."""
    text = str(getattr(model_field, "verbose_name", model_field))
    if " / " in text:
        zh, en = text.split(" / ", 1)
        return bi(zh, en)
    return text


REGISTRIES: dict[str, Registry] = {
    r.slug: r
    for r in (
        Registry(
            "sites",
            DemonstrationSite,
            "示范区与示范点",
            "Demonstration zones and points",
            fields=(
                "kind",
                "name",
                "location",
                "district",
                "field",
                "operator",
                "enterprise",
                "level",
                "declared_on",
                "approved_on",
            ),
            columns=("name", "kind", "district", "field", "level", "status", "approved_on"),
            search=("name", "operator", "field", "location"),
            date_field="approved_on",
            filters=("kind", "level", "status"),
            natural_key=("kind", "name"),
        ),
        Registry(
            "pilots",
            PilotEnterprise,
            "标准化试点企业",
            "Pilot enterprises",
            fields=("enterprise", "kind", "level", "approved_on", "grade", "confirmed_on"),
            columns=("enterprise", "kind", "level", "grade", "district", "approved_on"),
            search=("enterprise__name_zh",),
            date_field="approved_on",
            filters=("kind", "level", "grade"),
            natural_key=("enterprise", "kind"),
        ),
        Registry(
            "committees",
            TechnicalCommittee,
            "全国专业标准化技术组织",
            "National TC/SC/WG",
            fields=(
                "code",
                "name",
                "kind",
                "enterprise",
                "district",
                "focus",
                "applied_on",
                "approved_on",
            ),
            columns=("code", "name", "kind", "focus", "enterprise", "status", "approved_on"),
            search=("code", "name"),
            date_field="approved_on",
            filters=("kind", "focus", "status"),
            natural_key=("code",),
        ),
        Registry(
            "memberships",
            CommitteeMembership,
            "参与国际、国家标准化组织",
            "Seats in ISO/IEC and national committees",
            fields=(
                "body",
                "committee_code",
                "committee_name",
                "person",
                "talent",
                "enterprise",
                "organisation",
                "district",
                "role",
                "since",
                "meetings_attended",
                "last_meeting_on",
            ),
            columns=(
                "committee_code",
                "person",
                "enterprise",
                "role",
                "since",
                "meetings_attended",
            ),
            search=("committee_code", "committee_name", "person", "organisation"),
            date_field="since",
            filters=("body", "role"),
            natural_key=("committee_code", "person", "enterprise", "organisation", "role"),
        ),
        Registry(
            "associations",
            Association,
            "行业协会与中介机构",
            "Associations and intermediaries",
            fields=(
                "name",
                "kind",
                "industry",
                "district",
                "contact",
                "member_count",
                "joined_on",
                "activities",
                "standards",
            ),
            columns=("name", "kind", "industry", "district", "joined_on"),
            search=("name", "activities"),
            date_field="joined_on",
            enterprise_field=None,
            filters=("kind",),
            natural_key=("name",),
        ),
        Registry(
            "alliances",
            Alliance,
            "技术标准产业联盟",
            "Industry alliances",
            fields=("name", "lead", "district", "founded_on", "members", "standards"),
            columns=("name", "lead", "district", "founded_on"),
            search=("name",),
            date_field="founded_on",
            enterprise_field="lead",
            natural_key=("name",),
        ),
        Registry(
            "talent",
            Talent,
            "标准化人才",
            "Talent",
            fields=(
                "name",
                "tier",
                "organisation",
                "enterprise",
                "district",
                "recognised_on",
                "certificates",
            ),
            columns=("name", "tier", "organisation", "district", "recognised_on"),
            search=("name", "organisation"),
            date_field="recognised_on",
            filters=("tier",),
            natural_key=("name", "organisation"),
        ),
        Registry(
            "trainings",
            TrainingSession,
            "培训",
            "Training sessions",
            fields=(
                "title",
                "held_on",
                "hours",
                "organiser",
                "location",
                "district",
                "capacity",
                "signup_deadline",
                "attendees",
            ),
            columns=("title", "held_on", "hours", "organiser", "district", "signup_deadline"),
            search=("title", "organiser"),
            date_field="held_on",
            enterprise_field=None,
            natural_key=("title", "held_on"),
        ),
        Registry(
            "drafted",
            DraftedStandard,
            "主导或参与制定的标准",
            "Standards drafted in the city",
            fields=(
                "designation",
                "title",
                "enterprise",
                "organisation",
                "district",
                "rank",
                "industry",
                "published_on",
                "focus_product",
                "raised_from",
            ),
            columns=(
                "designation",
                "title",
                "level",
                "focus_product",
                "enterprise",
                "rank",
                "published_on",
            ),
            search=("designation", "title", "organisation"),
            date_field="published_on",
            filters=("level", "focus_product"),
            natural_key=("designation", "enterprise", "organisation"),
        ),
        Registry(
            "adoptions",
            Adoption,
            "采用国际标准和国外先进标准",
            "Adoptions of international standards",
            fields=ADOPTION_FIELDS,
            columns=ADOPTION_FIELDS,
            search=("product", "designation", "enterprise__name_zh"),
            date_field="adopted_on",
            filters=("degree",),
            natural_key=("enterprise", "product", "designation"),
        ),
        Registry(
            "sector-standards",
            SectorStandard,
            "农业地方标准与服务业标准",
            "Agricultural and service standards",
            fields=(
                "area",
                "designation",
                "title",
                "action",
                "service_field",
                "drafter",
                "district",
                "published_on",
            ),
            columns=("designation", "title", "area", "action", "district", "published_on"),
            search=("designation", "title", "drafter"),
            date_field="published_on",
            enterprise_field=None,
            filters=("area", "action"),
            natural_key=("designation", "area"),
        ),
        Registry(
            "patents",
            PatentDeclaration,
            "标准中的专利",
            "Patents in standards",
            fields=(
                "patent_number",
                "title",
                "enterprise",
                "holder",
                "district",
                "designation",
                "declared_on",
                "licensing",
            ),
            columns=(
                "patent_number",
                "office",
                "title",
                "holder",
                "designation",
                "licensing",
                "declared_on",
            ),
            search=("patent_number", "title", "designation", "holder"),
            date_field="declared_on",
            filters=("office", "licensing"),
            natural_key=("patent_number", "designation"),
        ),
    )
}


def get_registry(slug: str) -> Registry:
    try:
        return REGISTRIES[slug]
    except KeyError:
        raise NotFound("登记簿", "registry") from None


def display(record: models.Model, name: str) -> Any:
    """A field's value for showing: the choice label, the related object, a list for M2M."""
    model_field = record._meta.get_field(name)
    if isinstance(model_field, models.ManyToManyField):
        return list(getattr(record, name).all())
    if getattr(model_field, "choices", None):
        return choice_text(str(getattr(record, f"get_{name}_display")()))
    return getattr(record, name)


def choice_text(label: str) -> str:
    """A ``"中文 English"`` choice label in the active language (labels without a Chinese
    half, "LED" or "AAAA", stay as they are)."""
    zh, sep, en = label.partition(" ")
    if sep and zh and "\u4e00" <= zh[0] <= "\u9fff":
        return bi(zh, en)
    return label
