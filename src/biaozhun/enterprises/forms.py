"""Forms of the enterprise registry; validation messages in the active language."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.password_validation import validate_password

from biaozhun.accounts.models import District
from biaozhun.common.i18n import bi_lazy
from biaozhun.core.credit_code import CreditCodeError, validate

from .models import Industry


class IdsField(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]
    """Checkboxes of ids: a value that is not an id a column can hold (more than 18 digits,
    which the database driver cannot even compare) is an invalid choice, never a 500."""

    def _check_values(self, value: Any) -> Any:
        for item in value:
            text = str(item)
            if not (text.isascii() and text.isdigit() and len(text) <= 18):
                raise forms.ValidationError(
                    self.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": text[:40]},
                )
        return super()._check_values(value)  # type: ignore[misc]


class CreditCodeField(forms.CharField):
    def clean(self, value: Any) -> str:
        value = super().clean(value)
        try:
            return str(validate(value))
        except CreditCodeError as exc:
            raise forms.ValidationError(
                bi_lazy(exc.message_zh, exc.message_en), code=exc.code
            ) from exc


class EnterpriseForm(forms.Form):
    name_zh = forms.CharField(label=bi_lazy("企业名称", "Name (Chinese)"), max_length=200)
    name_en = forms.CharField(
        label=bi_lazy("英文名称", "Name (English)"), max_length=300, required=False
    )
    credit_code = CreditCodeField(
        label=bi_lazy("统一社会信用代码", "Unified social credit code"), max_length=30
    )
    district = forms.ModelChoiceField(
        District.objects.current(), label=bi_lazy("所在地区", "District")
    )
    address = forms.CharField(label=bi_lazy("地址", "Address"), max_length=300, required=False)
    industries = IdsField(
        Industry.objects.all(),
        label=bi_lazy("行业", "Industries"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    is_exporter = forms.BooleanField(label=bi_lazy("出口企业", "Exports"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if name not in {"industries", "is_exporter"}:
                field.widget.attrs.setdefault(
                    "class", "form-select" if name == "district" else "form-control"
                )


class RegistrationForm(EnterpriseForm):
    contact_name = forms.CharField(label=bi_lazy("联系人", "Contact person"), max_length=50)
    email = forms.EmailField(label=bi_lazy("邮箱", "E-mail"))
    username = forms.CharField(label=bi_lazy("用户名", "User name"), max_length=150)
    password = forms.CharField(
        label=bi_lazy("密码", "Password"), widget=forms.PasswordInput, min_length=8
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("contact_name", "email", "username", "password"):
            self.fields[name].widget.attrs.setdefault("class", "form-control")

    def clean_password(self) -> str:

        password: str = self.cleaned_data["password"]
        validate_password(password)
        return password
