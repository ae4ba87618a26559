"""Data model of a parsed standard designation and the parser's error type."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Final, Literal

Level = Literal["international", "foreign", "national", "industry", "local", "group", "enterprise"]

LEVELS: Final[tuple[str, ...]] = (
    "international",
    "foreign",
    "national",
    "industry",
    "local",
    "group",
    "enterprise",
)


@dataclass(frozen=True, slots=True)
class Amendment:
    """An amendment, corrigendum, supplement or Chinese 修改单 attached to a designation.

    ``kind`` is the canonical spelling of the kind as it appears in the canonical text:
    ``Amd``/``Cor``/``Add``/``Suppl``/``Ext`` (ISO style, written with a space before the
    number), ``AMD``/``COR``/``ISH``/``FRAG`` (IEC style, no space), ``DAM``/``FDAM``/``DCOR``
    (draft amendments), ``A``/``AC`` (CEN), ``XG`` (Chinese 修改单). ``stage`` holds a draft
    stage written before the kind (``CD Amd 1`` -> ``"CD"``). ``consolidated`` is true for the
    IEC consolidated form ``+AMD1:2006``. ``text`` is the exact canonical fragment,
    separator included (``"/Amd 1:2024"``, ``"+AMD1:2006"``, ``"/XG1-2021"``).
    """

    kind: str
    number: str | None
    year: int | None
    text: str
    stage: str | None = None
    consolidated: bool = False


@dataclass(frozen=True, slots=True)
class Adoption:
    """An adoption note: the international/foreign standard adopted and the degree.

    ``degree`` is ``IDT``, ``MOD``, ``NEQ`` or the pre-2000 forms ``EQV`` (≈ IDT/MOD) and
    ``REF``; ``None`` when the note gives no degree.
    """

    designation: str
    degree: str | None


@dataclass(frozen=True, slots=True)
class Designation:
    """A parsed standard designation. See docs/designation.md for every field."""

    canonical: str
    publisher: str
    prefix: str
    number: str
    part: str | None
    year: int | None
    level: str
    base: str
    key: str
    amendments: tuple[Amendment, ...] = ()
    doc_type: str | None = None
    stage: str | None = None
    suffix: str | None = None
    mandate: str | None = None
    adoptions: tuple[Adoption, ...] = ()
    province_code: str | None = None
    city_code: str | None = None
    title: str | None = None
    notes: tuple[str, ...] = field(default=())

    def __str__(self) -> str:
        return self.canonical


class DesignationError(ValueError):
    """Raised by :func:`parse` for any input it cannot read unambiguously.

    ``code`` is a stable machine string (see ``ERROR_CODES``); ``candidates`` holds the
    possible readings when the input is ambiguous (never a silent guess).
    """

    code: str
    message_zh: str
    message_en: str
    candidates: tuple[str, ...]

    def __init__(
        self,
        code: str,
        message_zh: str,
        message_en: str,
        candidates: tuple[str, ...] = (),
    ) -> None:
        super().__init__(f"{code}: {message_en}")
        self.code = code
        self.message_zh = message_zh
        self.message_en = message_en
        self.candidates = candidates

    def as_dict(self) -> dict[str, str]:
        return {"code": self.code, "message_zh": self.message_zh, "message_en": self.message_en}


ERROR_CODES: Final[dict[str, tuple[str, str]]] = {
    "empty": ("标准号为空", "The designation is empty"),
    "too_long": ("输入过长，不像一个标准号", "The input is too long to be a designation"),
    "unknown_prefix": ("无法识别的标准代号", "Unknown standard prefix"),
    "missing_number": ("缺少标准顺序号", "The standard number is missing"),
    "bad_number": ("标准顺序号格式不正确", "The standard number is malformed"),
    "bad_year": ("年代号不正确", "The year is not valid"),
    "bad_amendment": ("修改单/修正案格式不正确", "The amendment or corrigendum is malformed"),
    "bad_local_code": (
        "地方标准的行政区划代码不存在",
        "The administrative-division code of the local standard does not exist",
    ),
    "ambiguous": (
        "标准号有多种理解，请从候选中确认",
        "The designation can be read in more than one way",
    ),
    "trailing_garbage": ("标准号后有无法识别的内容", "Unreadable text after the designation"),
    "unparseable": ("无法解析的标准号", "The designation cannot be parsed"),
}


def error(
    code: str, detail_zh: str = "", detail_en: str = "", candidates: tuple[str, ...] = ()
) -> DesignationError:
    zh, en = ERROR_CODES[code]
    if detail_zh:
        zh = f"{zh}：{detail_zh}"
    if detail_en:
        en = f"{en}: {detail_en}"
    return DesignationError(code, zh, en, candidates)
