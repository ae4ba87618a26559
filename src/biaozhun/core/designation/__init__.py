"""Standard designation parser (标准号解析): pure Python, standard library only.

Public API: :func:`parse`, :func:`as_cli_dict`, :class:`Designation`, :class:`Amendment`,
:class:`Adoption`, :class:`DesignationError`. See docs/designation.md.
"""

from ._model import ERROR_CODES, LEVELS, Adoption, Amendment, Designation, DesignationError
from ._normalize import normalize
from ._parse import as_cli_dict, parse

__all__ = [
    "ERROR_CODES",
    "LEVELS",
    "Adoption",
    "Amendment",
    "Designation",
    "DesignationError",
    "as_cli_dict",
    "normalize",
    "parse",
]
