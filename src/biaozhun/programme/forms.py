"""Forms of the programme app: one generated form per registry, limited to the user's scope."""

from __future__ import annotations

from typing import Any

from django import forms

from biaozhun.accounts.models import District, Organisation, User
from biaozhun.accounts.scoping import Scope
from biaozhun.common.forms import style
from biaozhun.common.i18n import bi, bi_lazy
from biaozhun.enterprises.selectors import visible_enterprises

from .models import (
    Event,
    GroupMeeting,
    GroupMember,
    Inspection,
    NewsPost,
    ProgressUpdate,
    Task,
)
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


class AdvanceForm(forms.Form):
    """Move a record along its lifecycle (the allowed next states of the record only)."""

    to = forms.ChoiceField(label=bi_lazy("变更为", "Change to"))
    on = forms.DateField(label=bi_lazy("日期", "Date"))
    note = forms.CharField(
        label=bi_lazy("说明(撤销须填原因)", "Note (a revocation needs its reason)"),
        required=False,
        max_length=300,
    )

    def __init__(self, *args: Any, states: list[tuple[str, str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        to = self.fields["to"]
        assert isinstance(to, forms.ChoiceField)
        to.choices = [(value, bi(zh, en)) for value, zh, en in states]
        _style(self)


class MeetingForm(forms.ModelForm[Any]):
    class Meta:
        model = GroupMeeting
        fields = ["district", "title", "held_on", "location", "chair", "attendees", "minutes"]
        widgets = {
            "attendees": forms.Textarea(attrs={"rows": 2}),
            "minutes": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _labelled(self)
        district = self.fields["district"]
        assert isinstance(district, forms.ModelChoiceField)
        scope = Scope.for_user(user)
        if scope.kind == "district":
            district.queryset = District.objects.filter(pk=scope.district_id or 0)
            district.required = True
            district.empty_label = None
        else:
            district.empty_label = str(bi_lazy("市领导小组", "City leadership group"))


class DecisionForm(forms.Form):
    """A decision and up to three tasks it assigns (leave a task's title blank to skip it)."""

    TASK_ROWS = 3

    text = forms.CharField(
        label=bi_lazy("议定事项", "Decision"), widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, meeting: GroupMeeting, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.meeting = meeting
        organisations = Organisation.objects.filter(leadership_group_member=True)
        for i in range(1, self.TASK_ROWS + 1):
            self.fields[f"task{i}_title"] = forms.CharField(
                label=bi_lazy(f"任务 {i}", f"Task {i}"), required=False, max_length=200
            )
            if meeting.district_id is None:
                self.fields[f"task{i}_organisation"] = forms.ModelChoiceField(
                    organisations,
                    label=bi_lazy(f"任务 {i} 责任部门", f"Task {i}: department"),
                    required=False,
                )
                self.fields[f"task{i}_district"] = forms.ModelChoiceField(
                    District.objects.all(),
                    label=bi_lazy(f"任务 {i} 责任地区", f"Task {i}: district"),
                    required=False,
                )
            self.fields[f"task{i}_deadline"] = forms.DateField(
                label=bi_lazy(f"任务 {i} 截止日期", f"Task {i}: deadline"), required=False
            )
        _style(self)

    def tasks(self) -> list[dict[str, Any]]:
        rows = []
        for i in range(1, self.TASK_ROWS + 1):
            title = self.cleaned_data.get(f"task{i}_title") or ""
            if not title.strip():
                continue
            row: dict[str, Any] = {
                "title": title,
                "deadline": self.cleaned_data.get(f"task{i}_deadline"),
            }
            if self.meeting.district_id is None:
                row["organisation"] = self.cleaned_data.get(f"task{i}_organisation")
                row["district"] = self.cleaned_data.get(f"task{i}_district")
            rows.append(row)
        return rows


class DistrictMemberForm(forms.ModelForm[Any]):
    class Meta:
        model = GroupMember
        fields = ["district", "unit", "name", "title", "position", "phone"]

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _labelled(self)
        district = self.fields["district"]
        assert isinstance(district, forms.ModelChoiceField)
        district.required = True
        scope = Scope.for_user(user)
        if scope.kind == "district":
            district.queryset = District.objects.filter(pk=scope.district_id or 0)
            district.empty_label = None
        self.fields["unit"].required = True


class SignupForm(forms.Form):
    participants = forms.CharField(
        label=bi_lazy("参训人员(每行一人)", "Participants (one a line)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
    )
    contact = forms.CharField(
        label=bi_lazy("联系电话", "Contact phone"), required=False, max_length=30
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _style(self)


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
