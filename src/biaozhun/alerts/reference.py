"""Moved to :mod:`biaozhun.common.reference` (export profiles, tbt and consult read it too).

Kept so that the modules not yet switched over (consult) still import; the lead removes this
file once they import from ``biaozhun.common.reference``."""

from biaozhun.common.reference import (
    group_map as group_map,
)
from biaozhun.common.reference import (
    hs_tree as hs_tree,
)
from biaozhun.common.reference import (
    ics_tree as ics_tree,
)
from biaozhun.common.reference import (
    market_choices as market_choices,
)
from biaozhun.common.reference import (
    market_name as market_name,
)
from biaozhun.common.reference import (
    members as members,
)
