"""Reference data read once per process: WTO members (with groups such as the EU), the HS
2022 tree and the ICS tree, from ``settings.DATA_DIR``."""

from __future__ import annotations

from functools import cache

from django.conf import settings

from biaozhun.core.codes import HsTree, IcsTree, load_hs, load_ics
from biaozhun.core.members import GROUPS, MemberRegistry, load_members


@cache
def members() -> MemberRegistry:
    return load_members(settings.DATA_DIR)


@cache
def hs_tree() -> HsTree:
    return load_hs(settings.DATA_DIR)


@cache
def ics_tree() -> IcsTree:
    return load_ics(settings.DATA_DIR)


@cache
def group_map() -> dict[str, frozenset[str]]:
    return members().group_map()


def market_name(code: str, english: bool = False) -> str:
    """Chinese (or English) name of a member or group code; the code itself if unknown."""
    group = GROUPS.get(code)
    if group is not None:
        return group.name_en if english else group.name_zh
    member = members().get(code) if code else None
    if member is None:
        return code
    return member.name_en if english else member.name_zh


def market_choices() -> list[tuple[str, str]]:
    """(code, "code 中文名 English") for groups first, then members by code."""
    registry = members()
    out = [(g.code, f"{g.code} {g.name_zh} {g.name_en}") for g in GROUPS.values()]
    out += [(m.code, f"{m.code} {m.name_zh} {m.name_en}") for m in registry]
    return out
