"""The public portal (/public/): what an anonymous visitor may read, as the national standards
platform (openstd.samr.gov.cn) and the TBT/SPS portals show it — standards, WTO notifications
with their Chinese summaries, the knowledge base, publicity and how to register. Nothing scoped
to an enterprise is read here: each page reads through a ``public_*`` selector of its app."""

from __future__ import annotations

from django.apps import AppConfig


class PublicConfig(AppConfig):
    name = "biaozhun.public"
    label = "public"
    verbose_name = "公众门户 Public portal"
