"""The programme's eight industries (三.1) plus agriculture and services.

The slugs and names come from ``biaozhun.core.codes.INDUSTRIES`` so that the registry, the
classifier and the programme's metrics speak of the same industries.
"""

from biaozhun.core.codes import INDUSTRIES as _SECTORS

INDUSTRIES = [(sector.slug, sector.name_zh, sector.name_en) for sector in _SECTORS]
