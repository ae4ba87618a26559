"""The public portal's tests walk the whole demo city of the hostile tests (its ``world``:
every app's reference and demo data, a canary enterprise whose name must never leak)."""

from tests.hostile.conftest import world  # noqa: F401  (the module-scoped demo city)
