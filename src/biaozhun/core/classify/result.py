"""What a classification gives: predictions per field, each with a confidence and reasons."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Item:
    """What is classified: product text and the codes the notifying Member gave."""

    text: str = ""
    hs_codes: tuple[str, ...] = ()
    ics_codes: tuple[str, ...] = ()
    description: str = ""


@dataclass
class Prediction:
    code: str
    confidence: float
    # "given", "ics" (HS through the ICS->HS mapping), "text" (the models), "correction"
    # (a near-identical corrected text), "hs" / "ics" for sectors from a predicted code
    source: str
    reason_zh: str
    reason_en: str

    def as_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "confidence": round(self.confidence, 3),
            "source": self.source,
            "reason_zh": self.reason_zh,
            "reason_en": self.reason_en,
        }


@dataclass
class Result:
    hs_headings: list[Prediction] = field(default_factory=list)
    ics: list[Prediction] = field(default_factory=list)
    industries: list[Prediction] = field(default_factory=list)
    export_groups: list[Prediction] = field(default_factory=list)

    def as_fields(self) -> dict[str, list[dict[str, Any]]]:
        """The four fields of ``tbt.Notification``'s effective classification."""
        return {
            "hs_headings": [p.as_dict() for p in self.hs_headings],
            "ics_predicted": [p.as_dict() for p in self.ics],
            "industries": [p.as_dict() for p in self.industries],
            "export_groups": [p.as_dict() for p in self.export_groups],
        }

    def as_json(self) -> dict[str, Any]:
        return {
            "ics": [p.as_dict() for p in self.ics],
            "hs_headings": [p.as_dict() for p in self.hs_headings],
            "industries": [p.as_dict() for p in self.industries],
            "export_groups": [p.as_dict() for p in self.export_groups],
        }


class Best:
    """Keeps the most confident prediction per code."""

    def __init__(self) -> None:
        self.items: dict[str, Prediction] = {}

    def add(self, p: Prediction) -> None:
        cur = self.items.get(p.code)
        if cur is None or p.confidence > cur.confidence:
            self.items[p.code] = p

    def ranked(self, limit: int) -> list[Prediction]:
        return sorted(self.items.values(), key=lambda p: (-p.confidence, p.code))[:limit]
