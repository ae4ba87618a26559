"""Forms of the programme app: one generated form per registry, limited to the user's scope."""

from __future__ import annotations

from typing import Any

from django import forms

from biaozhun.accounts.models import District, Organisation, User
from biaozhun.accounts.scoping import Scope
from biaozhun.common.forms import style
from biaozhun.common.i18n import bi_lazy
from biaozhun.enterprises.selectors import visible_enterprises

from .models import Event, GroupMember, Inspection, NewsPost, ProgressUpdate, Task
from .registries import Registry, label_of


def _style(form: forms.BaseForm) -> None:
    """The shared widget classes (:func:`biaozhun.common.forms.style`), and the browser's date
    picker for date fields."""
    style(form)
    for field in form.fields.values():
        if isinstance(field, forms.DateField):
            field.widget.input_type = "date"
            field.widget.format = "%Y-%m-%d"


def _scope_querysets(form: forms.BaseForm, user: User) -> None:
    scope = Scope.for_user(user)
    for field in form.fields.values():
        if not isinstance(field, forms.ModelChoiceField) or field.queryset is None:
            continue
        queryset = field.queryset
        model = queryset.model
        if model.__name__ == "Enterprise":
            field.queryset = visible_enterprises(user).filter(status="approved")
        elif model is District and scope.kind == "district":
            field.queryset = District.objects.filter(pk=scope.district_id or 0)
        elif hasattr(model, "district"):
            field.queryset = scope.apply(queryset, enterprise_field=None, district_field="district")
        field.label = label_of(field) if field.label is None else field.label


def registry_form(
    registry: Registry, user: User, *args: Any, **kwargs: Any
) -> forms.ModelForm[Any]:
    """A ModelForm of the registry's fields, labels in the active language, choices scoped."""
    form_class = forms.modelform_factory(registry.model, fields=list(registry.fields))
    form = form_class(*args, **kwargs)
    for name, field in form.fields.items():
        field.label = registry.field_label(name)
        if name == "district":
            field.required = False
            field.help_text = bi_lazy(
                "有企业时取企业所在地区", "Taken from the enterprise when one is chosen"
            )
        if isinstance(field, forms.ModelMultipleChoiceField):
            field.widget.attrs["size"] = 8
    _scope_querysets(form, user)
    scope = Scope.for_user(user)
    district = form.fields.get("district")
    if scope.kind == "district" and isinstance(district, forms.ModelChoiceField):
        district.empty_label = None
        district.initial = scope.district_id
    _style(form)
    return form


def _labelled(form: forms.ModelForm[Any]) -> None:
    model = form._meta.model
    for name, field in form.fields.items():
        field.label = label_of(model._meta.get_field(name))
    _style(form)


class InspectionForm(forms.ModelForm[Any]):
    class Meta:
        model = Inspection
        fields = ["inspected_on", "score", "inspector", "findings"]
        widgets = {"findings": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _labelled(self)


class TaskForm(forms.ModelForm[Any]):
    class Meta:
        model = Task
        fields = ["title", "description", "organisation", "district", "target", "deadline"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _labelled(self)
        organisation = self.fields["organisation"]
        assert isinstance(organisation, forms.ModelChoiceField)
        organisation.queryset = Organisation.objects.filter(leadership_group_member=True)


class GroupMemberForm(forms.ModelForm[Any]):
    class Meta:
        model = GroupMember
        fields = ["organisation", "name", "title", "position", "phone"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _labelled(self)
        organisation = self.fields["organisation"]
        assert isinstance(organisation, forms.ModelChoiceField)
        organisation.queryset = Organisation.objects.filter(leadership_group_member=True)


class ProgressForm(forms.ModelForm[Any]):
    class Meta:
        model = ProgressUpdate
        fields = ["percent", "note", "attachment"]
        widgets = {"note": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _labelled(self)


class EventForm(forms.ModelForm[Any]):
    class Meta:
        model = Event
        fields = ["kind", "title", "held_on", "location", "district", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _labelled(self)


class NewsForm(forms.ModelForm[Any]):
    class Meta:
        model = NewsPost
        fields = ["title", "published_on", "event", "body"]
        widgets = {"body": forms.Textarea(attrs={"rows": 6})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _labelled(self)


class QuotaForm(forms.Form):
    """One target's quota for each district of the programme's region (blank: no quota)."""

    def __init__(
        self, target: Any, districts: Any, initial: dict[int, Any], *args: Any, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.districts = list(districts)
        maximum = 100 if target.is_percentage else 99_999_999
        for district in self.districts:
            self.fields[f"d{district.pk}"] = forms.DecimalField(
                label=bi_lazy(district.name_zh, district.name_en or district.name_zh),
                required=False,
                min_value=0,
                max_value=maximum,
                max_digits=10,
                decimal_places=2,
                initial=initial.get(district.pk),
            )
        _style(self)

    def quotas(self) -> dict[int, Any]:
        """District id → quota (``None`` where the field was left blank)."""
        return {d.pk: self.cleaned_data.get(f"d{d.pk}") for d in self.districts}
