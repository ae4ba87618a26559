"""API schemas of export profiles."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from ninja import Schema


class ProductIn(Schema):
    hs_code: str
    description_zh: str
    ics_code: str = ""
    keywords: str = ""


class ProductOut(ProductIn):
    id: int


class DescribedProductIn(Schema):
    """A product described in words with the HS codes the enterprise confirmed (e.g. picked
    among ``GET hs-suggestions``): one product line per code."""

    description_zh: str
    hs_codes: list[str]
    ics_code: str = ""
    keywords: str = ""


class MarketIn(Schema):
    code: str
    share: Decimal | None = None


class MarketOut(MarketIn):
    id: int


class ProfileIn(Schema):
    products: list[ProductIn] = []
    markets: list[MarketIn] = []
    all_markets: bool = False
    alert_user_ids: list[int] | None = None
    alert_contact_ids: list[int] | None = None


class ProfileOut(Schema):
    enterprise_id: int
    enterprise_name: str
    all_markets: bool
    products: list[ProductOut]
    markets: list[MarketOut]
    alert_user_ids: list[int]
    alert_contact_ids: list[int]
    updated_at: datetime | None


class HsSuggestionOut(Schema):
    code: str
    name_zh: str
    name_en: str
    confidence: float
    reason_zh: str
    reason_en: str
