"""What every app uses and nothing above it: bilingual text (``i18n``), request types
(``http``), domain errors (``errors``) and the table reader for importers (``importing``).

Layer: below the domain apps, above ``core``; it imports no app (import-linter checks).
"""
