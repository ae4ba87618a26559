"""How the programme writes its numbers (targets' goals, progress values): ``40`` for 40.00."""

from __future__ import annotations

from decimal import Decimal


def format_number(value: Decimal) -> str:
    """``40`` for 40.00, ``97.5`` for 97.50 (never ``4E+1``); a value that is not a finite
    number (none can be stored now, older rows might hold one) shows as ``—``, never an
    error."""
    try:
        if not Decimal(value).is_finite():
            return "—"
        text = f"{Decimal(value):f}"
    except (TypeError, ValueError, ArithmeticError):
        return "—"
    return text.rstrip("0").rstrip(".") if "." in text else text
