"""Forms of notification settings; validation messages in the active language."""

from __future__ import annotations

from typing import Any

from django import forms

from biaozhun.common.forms import style
from biaozhun.common.i18n import bi_lazy

from .models import Channel, ChannelEndpoint, Preference, Urgency
from .services import channels_for

URGENCIES = [u for u, _ in Urgency.choices]
OUTGOING = [(c, label) for c, label in Channel.choices if c != Channel.INAPP]


class PreferenceForm(forms.Form):
    mode = forms.ChoiceField(choices=Preference.Mode.choices, label=bi_lazy("推送方式", "Delivery"))
    quiet_start = forms.TimeField(
        required=False,
        label=bi_lazy("免打扰开始", "Quiet hours from"),
        widget=forms.TimeInput(attrs={"type": "time"}),
    )
    quiet_end = forms.TimeField(
        required=False,
        label=bi_lazy("免打扰结束", "Quiet hours until"),
        widget=forms.TimeInput(attrs={"type": "time"}),
    )
    red_overrides_quiet = forms.BooleanField(
        required=False, label=bi_lazy("红色预警不受免打扰限制", "Red alerts override quiet hours")
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for urgency, label in Urgency.choices:
            self.fields[f"channels_{urgency}"] = forms.MultipleChoiceField(
                choices=OUTGOING,
                required=False,
                widget=forms.CheckboxSelectMultiple,
                label=label,
            )
        style(self)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("quiet_start"), data.get("quiet_end")
        if (start is None) != (end is None) or (start is not None and start == end):
            raise forms.ValidationError(
                bi_lazy(
                    "免打扰时段需同时填写开始和结束时间,且两者不同。",
                    "Quiet hours need both a start and a different end.",
                )
            )
        return data

    def rules(self) -> list[dict[str, Any]]:
        return [
            {"kind": "*", "urgency": u, "channels": ["inapp", *self.cleaned_data[f"channels_{u}"]]}
            for u in URGENCIES
        ]

    @staticmethod
    def initial_for(pref: Preference) -> dict[str, Any]:

        initial: dict[str, Any] = {
            "mode": pref.mode,
            "quiet_start": pref.quiet_start,
            "quiet_end": pref.quiet_end,
            "red_overrides_quiet": pref.red_overrides_quiet,
        }
        for urgency in URGENCIES:
            initial[f"channels_{urgency}"] = sorted(
                channels_for(pref, "*", urgency) - {Channel.INAPP}
            )
        return initial


class EndpointForm(forms.Form):
    kind = forms.ChoiceField(
        choices=[c for c in ChannelEndpoint._meta.get_field("kind").choices or []],
        label=bi_lazy("渠道", "Channel"),
    )
    label = forms.CharField(max_length=100, required=False, label=bi_lazy("名称", "Label"))
    target = forms.CharField(
        max_length=500,
        label=bi_lazy("地址或 key", "Address or key"),
        help_text=bi_lazy(
            "企业微信/钉钉/飞书机器人的 Webhook 地址;或接收方的 https:// 地址",
            "The WeCom / DingTalk / Feishu robot's webhook address, or your https:// receiver",
        ),
    )
    secret = forms.CharField(
        max_length=200,
        required=False,
        label=bi_lazy("密钥", "Secret"),
        help_text=bi_lazy(
            "钉钉加签密钥;Webhook 的 HMAC 签名密钥(至少 16 个字符)",
            "DingTalk signing secret; the webhook's HMAC secret (16+ characters)",
        ),
    )
    min_urgency = forms.ChoiceField(
        choices=Urgency.choices, initial="info", label=bi_lazy("最低紧急程度", "Minimum urgency")
    )
    for_enterprise = forms.BooleanField(
        required=False, label=bi_lazy("用于本企业(所有用户共用)", "For my enterprise (shared)")
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        style(self)
