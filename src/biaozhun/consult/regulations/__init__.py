"""The register of foreign technical regulations (技术法规) and what applies to an exporter."""
