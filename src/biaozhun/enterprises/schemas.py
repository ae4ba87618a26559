"""API schemas of the enterprise registry (separate create, update and output shapes)."""

from __future__ import annotations

from ninja import Schema


class DistrictOut(Schema):
    code: str
    name_zh: str
    name_en: str
    is_urban: bool


class EnterpriseOut(Schema):
    id: int
    name_zh: str
    name_en: str
    credit_code: str
    district: DistrictOut
    industries: list[str]
    is_exporter: bool
    status: str

    @staticmethod
    def resolve_industries(obj: object) -> list[str]:
        return [industry.slug for industry in obj.industries.all()]  # type: ignore[attr-defined]


class EnterpriseList(Schema):
    items: list[EnterpriseOut]
    count: int


class EnterpriseCreate(Schema):
    name_zh: str
    credit_code: str
    district: str
    name_en: str = ""
    tax_district: str | None = None
    address: str = ""
    industries: list[str] = []
    is_exporter: bool = False


class EnterpriseUpdate(Schema):
    name_zh: str | None = None
    name_en: str | None = None
    address: str | None = None
    website: str | None = None
    is_exporter: bool | None = None
    industries: list[str] | None = None
