"""The city's register (执行标准登记): the standards each enterprise declares it applies, per
product. ``services`` is its write path (declarations, the watch-list sync, the bureau's
confirmation into the programme's registries, the linking of unknown designations after a
catalogue import), ``selectors`` its scoped reads, ``views`` and ``api`` its pages and
endpoints."""
