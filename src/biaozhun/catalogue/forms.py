"""The search form of the catalogue page (validates every filter)."""

from __future__ import annotations

from typing import Any

from django import forms

from biaozhun.common.i18n import bi_lazy
from biaozhun.enterprises.models import Industry

from .models import Standard
from .search import SearchFilters


class SearchForm(forms.Form):
    q = forms.CharField(label=bi_lazy("检索", "Search"), required=False, max_length=200)
    level = forms.ChoiceField(
        label=bi_lazy("层级", "Level"),
        required=False,
        choices=[("", bi_lazy("全部层级", "All levels")), *Standard.Level.choices],
    )
    status = forms.ChoiceField(
        label=bi_lazy("状态", "Status"),
        required=False,
        choices=[("", bi_lazy("全部状态", "Any status")), *Standard.Status.choices],
    )
    ics = forms.RegexField(
        label="ICS",
        required=False,
        regex=r"^\s*\d{2}([.\s]?\d{3}([.\s]?\d{2})?)?\s*$",
        error_messages={"invalid": bi_lazy("ICS 格式如 29.140", "ICS looks like 29.140")},
    )
    ccs = forms.RegexField(
        label="CCS",
        required=False,
        regex=r"^\s*[A-Za-z](\d{1,2})?\s*$",
        error_messages={"invalid": bi_lazy("CCS 格式如 K71", "CCS looks like K71")},
    )
    industry = forms.ChoiceField(label=bi_lazy("行业", "Industry"), required=False)
    published_from = forms.DateField(label=bi_lazy("发布日期自", "Published from"), required=False)
    published_to = forms.DateField(label=bi_lazy("发布日期至", "Published to"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["industry"].choices = [  # type: ignore[attr-defined]
            ("", bi_lazy("全部行业", "All industries")),
            *[(i.slug, f"{i.name_zh} {i.name_en}") for i in Industry.objects.all()],
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("published_from"), data.get("published_to")
        if start and end and start > end:
            raise forms.ValidationError(
                bi_lazy("起始日期晚于结束日期", "The start date is after the end date")
            )
        return data

    def filters(self) -> SearchFilters:
        data = self.cleaned_data
        return SearchFilters(
            level=data.get("level") or "",
            status=data.get("status") or "",
            ics=(data.get("ics") or "").strip(),
            ccs=(data.get("ccs") or "").strip(),
            industry=data.get("industry") or "",
            published_from=data.get("published_from"),
            published_to=data.get("published_to"),
        )


MAX_UPLOAD = 20 * 1024 * 1024
EXTENSIONS = {
    "template": (".csv", ".xlsx"),
    "cn-platform": (".json", ".csv", ".xlsx", ".yml", ".yaml"),
    "cn-announcement": (".xlsx", ".csv", ".docx", ".html", ".htm"),
}


class CatalogueImportForm(forms.Form):
    format = forms.ChoiceField(
        label=bi_lazy("格式", "Format"),
        choices=[
            ("template", bi_lazy("地方/团体/企业标准模板", "Local/group/enterprise template")),
            ("cn-platform", bi_lazy("全国标准信息公共服务平台记录", "National platform records")),
            (
                "cn-announcement",
                bi_lazy(
                    "标准公告(国家标准发布/废止、行业标准备案、地方标准发布)",
                    "Standard announcements (national approval/withdrawal, industry filing, "
                    "local standards)",
                ),
            ),
        ],
    )
    file = forms.FileField(label=bi_lazy("文件", "File"))
    kind = forms.ChoiceField(
        label=bi_lazy("公告类型", "Announcement kind"),
        required=False,
        choices=[
            ("auto", bi_lazy("自动识别", "Recognise from the table")),
            ("approval", bi_lazy("批准发布 / 备案", "Approval / filing")),
            ("withdrawal", bi_lazy("废止", "Withdrawal")),
        ],
        help_text=bi_lazy("仅用于标准公告", "Standard announcements only"),
    )
    announced_on = forms.DateField(
        label=bi_lazy("公告日期 / 废止日期", "Announcement / withdrawal date"),
        required=False,
        help_text=bi_lazy(
            "表中没有日期的行使用此日期(废止公告请填写废止日期)",
            "Used for rows without a date of their own (for a withdrawal: the date it takes "
            "effect)",
        ),
    )
    reference = forms.CharField(
        label=bi_lazy("公告文号", "Announcement reference"),
        required=False,
        max_length=120,
        help_text=bi_lazy("如 2024年第6号", "e.g. 2024年第6号"),
    )

    def options(self) -> dict[str, Any]:
        """The options of an announcement import (JSON-able, for a background job too)."""
        data = self.cleaned_data
        announced = data.get("announced_on")
        return {
            "kind": data.get("kind") or "auto",
            "announced_on": announced.isoformat() if announced else None,
            "reference": data.get("reference") or "",
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        upload, fmt = data.get("file"), data.get("format")
        if upload is None or fmt is None:
            return data
        if upload.size and upload.size > MAX_UPLOAD:
            self.add_error("file", bi_lazy("文件超过 20 MB", "The file is larger than 20 MB"))
        allowed = EXTENSIONS[fmt]
        if not str(upload.name).lower().endswith(allowed):
            self.add_error(
                "file",
                forms.ValidationError(
                    "%(zh)s / %(en)s",
                    params={
                        "zh": f"此格式只接受 {'、'.join(allowed)} 文件",
                        "en": f"this format takes {', '.join(allowed)} files",
                    },
                ),
            )
        return data
