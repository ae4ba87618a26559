"""Product and standards classifications: HS, ICS, CCS, and the programme's sectors.

One module a classification: ``hs`` (Harmonized System), ``ics`` (International Classification
for Standards, and the ICS -> HS6 mapping), ``ccs`` (中国标准文献分类), ``sectors`` (the
programme's industries and the TBT export groups; their table is ``sectors.json``), ``common``
(``CodeError``, ``default_data_dir``). Import the public names from here,
``biaozhun.core.codes``.

Nothing of ``data/`` is read at import time: ``load_*`` functions take the repository's ``data/``
directory (:func:`default_data_dir` finds it in a source checkout) and ``parse_*`` functions
take rows already read. Only the sectors' own table is read once, when ``sectors`` is imported.
"""

from __future__ import annotations

from .ccs import CCS_CATEGORIES, CcsMap, load_ccs, normalize_ccs, parse_ccs_ics
from .common import CodeError, default_data_dir
from .hs import (
    HsNode,
    HsTree,
    clean_hs,
    hs_ancestors,
    hs_overlap,
    is_valid_hs,
    load_hs,
    normalize_hs,
    pad_hs6,
    parse_hs,
    split_codes,
)
from .ics import (
    IcsNode,
    IcsTree,
    clean_ics,
    hs_for_ics,
    ics_ancestors,
    ics_overlap,
    is_valid_ics,
    load_ics,
    load_ics_to_hs,
    normalize_ics,
    parse_ics,
    parse_ics_to_hs,
)
from .sectors import (
    EXPORT_GROUPS,
    INDUSTRIES,
    SECTORS,
    Sector,
    SectorHit,
    SectorKind,
    classify,
    sectors_for_ccs,
    sectors_for_hs,
    sectors_for_ics,
)

__all__ = [
    "CCS_CATEGORIES",
    "EXPORT_GROUPS",
    "INDUSTRIES",
    "SECTORS",
    "CcsMap",
    "CodeError",
    "HsNode",
    "HsTree",
    "IcsNode",
    "IcsTree",
    "Sector",
    "SectorHit",
    "SectorKind",
    "classify",
    "clean_hs",
    "clean_ics",
    "default_data_dir",
    "hs_ancestors",
    "hs_for_ics",
    "hs_overlap",
    "ics_ancestors",
    "ics_overlap",
    "is_valid_hs",
    "is_valid_ics",
    "load_ccs",
    "load_hs",
    "load_ics",
    "load_ics_to_hs",
    "normalize_ccs",
    "normalize_hs",
    "normalize_ics",
    "pad_hs6",
    "parse_ccs_ics",
    "parse_hs",
    "parse_ics",
    "parse_ics_to_hs",
    "sectors_for_ccs",
    "sectors_for_hs",
    "sectors_for_ics",
    "split_codes",
]
