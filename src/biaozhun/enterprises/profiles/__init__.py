"""Export profiles (出口档案): what an enterprise exports, where, and who is alerted.

They belong to the enterprise; the alerts app reads them (its match index) through
:mod:`.selectors` and learns about changes through the
:class:`~biaozhun.common.events.ExportProfileChanged` event :mod:`.services` publishes. Nothing
here imports the alerts app.

The tables keep their historical names (``alerts_exportprofile``...): the models moved from
the alerts app to this package without moving any data (migrations
``enterprises.0003_export_profiles`` and ``alerts.0004_export_profiles_moved``).
"""
