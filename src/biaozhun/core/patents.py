"""Patent numbers as declared in standards (专利标准化): Chinese (ZL/CN application and
publication numbers), US, EP, WO/PCT, JP and a few other offices, checked against each office's
format and written in one canonical form (office code, digits, kind code; no spaces or commas).

The Chinese application number's check digit (after the dot) is verified: the weights
2-9 repeat over the digits, the sum modulo 11 gives the digit (10 is written X).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass


@dataclass(frozen=True)
class PatentNumberError(ValueError):
    code: str
    message_zh: str
    message_en: str

    def __str__(self) -> str:
        return self.message_en


@dataclass(frozen=True)
class PatentNumber:
    office: str  # CN, US, EP, WO, JP, KR, DE, GB, FR
    canonical: str
    kind: str  # "application" or "publication" (granted patents are publications)


OFFICES = {
    "CN": ("中国", "China"),
    "US": ("美国", "United States"),
    "EP": ("欧洲专利局", "European Patent Office"),
    "WO": ("世界知识产权组织(PCT)", "WIPO (PCT)"),
    "JP": ("日本", "Japan"),
    "KR": ("韩国", "Korea"),
    "DE": ("德国", "Germany"),
    "GB": ("英国", "United Kingdom"),
    "FR": ("法国", "France"),
}

_CN_APPLICATION = re.compile(r"(?:ZL|CN)?(\d{12}|\d{8})\.?([\dX])")
_CN_PUBLICATION = re.compile(r"CN(\d{7,9})([ABCUYS]\d?)")
_US_GRANT = re.compile(r"US(RE|PP|D)?(\d{5,8})([ABES]\d?|P\d)?")
_US_PUBLICATION = re.compile(r"US((?:19|20)\d{2})(\d{7})(A\d)")
_EP = re.compile(r"EP(\d{7})([AB]\d)?")
_WO = re.compile(r"WO((?:19|20)\d{2})(\d{6})(A\d)?")
_PCT = re.compile(r"PCT([A-Z]{2})((?:19|20)\d{2})(\d{6})")
_JP_PUBLICATION = re.compile(r"JP(?:特開|特表)?((?:19|20)\d{2})(\d{6})(A)?")
_JP_GRANT = re.compile(r"JP(?:特許)?(\d{7})(B\d?)?")
_OTHER = re.compile(r"(KR|DE|GB|FR)(\d{5,13})([A-Z]\d?)?")


def _tidy(text: str) -> str:
    folded = unicodedata.normalize("NFKC", text).upper()
    return re.sub(r"[\s,.\-/_]", "", folded.replace("号", "")) if folded else ""


def cn_check_digit(digits: str) -> str:
    """The check character of a Chinese application number's digits."""
    weights = [2, 3, 4, 5, 6, 7, 8, 9]
    total = sum(int(d) * weights[i % 8] for i, d in enumerate(digits))
    rest = total % 11
    return "X" if rest == 10 else str(rest)


def parse_patent_number(text: str) -> PatentNumber:
    """Check ``text`` and return its canonical form, or raise :class:`PatentNumberError`."""
    raw = (text or "").strip()
    if not raw:
        raise PatentNumberError("required", "专利号必填。", "The patent number is required.")
    if len(raw) > 40:
        raise PatentNumberError(
            "bad_patent_number",
            "专利号过长(不超过 40 个字符)。",
            "The patent number is too long (40 characters at most).",
        )
    # the Chinese application number keeps its dot: read it before the tidy step drops it
    cn = re.fullmatch(
        r"(?:ZL|CN)?\s*(\d{4}\s*\d\s*\d{7}|\d{8})\s*\.\s*([\dX])",
        unicodedata.normalize("NFKC", raw).upper(),
    )
    tidy = _tidy(raw)
    if cn:
        digits = re.sub(r"\s", "", cn.group(1))
        expected = cn_check_digit(digits)
        if cn.group(2) != expected:
            raise PatentNumberError(
                "bad_check_digit",
                f"中国专利申请号“{raw}”的校验位应为 {expected}。",
                f"The check digit of the Chinese application number {raw!r} should be {expected}.",
            )
        return PatentNumber("CN", f"ZL{digits}.{expected}", "application")
    if m := _CN_PUBLICATION.fullmatch(tidy):
        return PatentNumber("CN", f"CN{m.group(1)}{m.group(2)}", "publication")
    if tidy.startswith(("ZL", "CN")) or re.fullmatch(r"\d+X?", tidy):
        raise PatentNumberError(
            "bad_patent_number",
            f"中国专利号“{raw}”格式无效(申请号如 ZL201110123456.3,公开/公告号如 CN102123456A)。",
            f"The Chinese patent number {raw!r} is malformed (application ZL201110123456.3, "
            "publication CN102123456A).",
        )
    office = tidy[:2]
    if office == "PC" and (m := _PCT.fullmatch(tidy)):
        return PatentNumber("WO", f"PCT/{m.group(1)}{m.group(2)}/{m.group(3)}", "application")
    checks: dict[str, list[tuple[re.Pattern[str], str]]] = {
        "US": [(_US_PUBLICATION, "publication"), (_US_GRANT, "publication")],
        "EP": [(_EP, "publication")],
        "WO": [(_WO, "publication")],
        "JP": [(_JP_PUBLICATION, "publication"), (_JP_GRANT, "publication")],
    }
    for pattern, kind in checks.get(office, []):
        if m := pattern.fullmatch(tidy):
            return PatentNumber(
                office, tidy.replace("特開", "").replace("特表", "").replace("特許", ""), kind
            )
    if office in OFFICES and office not in checks and (m := _OTHER.fullmatch(tidy)):
        return PatentNumber(office, tidy, "publication")
    examples = {
        "US": "US7654321B2、US20110123456A1",
        "EP": "EP1234567B1",
        "WO": "WO2011/123456A1、PCT/CN2011/000123",
        "JP": "JP2011-123456A、JP4567890B2",
    }
    if office in OFFICES:
        zh_name, en_name = OFFICES[office]
        example = examples.get(office, f"{office}1234567A1")
        raise PatentNumberError(
            "bad_patent_number",
            f"{zh_name}专利号“{raw}”格式无效(如 {example})。",
            f"The {en_name} patent number {raw!r} is malformed (e.g. {example.replace('、', ', ')}).",
        )
    raise PatentNumberError(
        "unknown_office",
        f"专利号“{raw}”的国别/机构代码无法识别(支持 CN/ZL、US、EP、WO/PCT、JP、KR、DE、GB、FR)。",
        f"The office of the patent number {raw!r} is not recognised (CN/ZL, US, EP, WO/PCT, JP, "
        "KR, DE, GB, FR are).",
    )
