"""The stamp of the data behind the programme's figures (see ``programme/figures.py``)."""

from __future__ import annotations

from django.db import models


class FiguresStamp(models.Model):
    """One row: a new random token each time a record, target, quota, district or year list
    that the figures read is saved or deleted, written in the same transaction (a rolled-back
    change leaves the old token; a token is never reused, so no two states share one)."""

    token = models.CharField(max_length=32)
    changed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "规划数据版本 figures stamp"

    def __str__(self) -> str:
        return f"{self.token} ({self.changed_at:%Y-%m-%d %H:%M:%S})"
