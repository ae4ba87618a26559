"""Programmes and their targets are data: the bureau administrator edits them here (the metric
is chosen from programme.metrics, the value is never typed in)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin

from .metrics import metric_choices
from .models import Programme, Target


class TargetForm(forms.ModelForm[Target]):
    metric = forms.ChoiceField(choices=metric_choices)

    class Meta:
        model = Target
        fields = [
            "key",
            "area",
            "name_zh",
            "name_en",
            "metric",
            "goal_min",
            "goal_max",
            "unit_zh",
            "unit_en",
            "order",
        ]


class TargetInline(admin.TabularInline[Target, Programme]):
    model = Target
    form = TargetForm
    extra = 0


@admin.register(Programme)
class ProgrammeAdmin(admin.ModelAdmin[Programme]):
    list_display = ["slug", "name_zh", "start_year", "end_year", "region"]
    inlines = [TargetInline]

    def get_readonly_fields(self, request: Any, obj: Any = None) -> list[str]:
        return ["slug"] if obj is not None else []
