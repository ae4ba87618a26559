"""Form helpers every app shares."""

from __future__ import annotations

from django import forms

from .i18n import bi_lazy


def style(form: forms.BaseForm) -> None:
    """Give every widget of ``form`` its Tabler/Bootstrap class (``form-check-input`` for
    checkboxes, ``form-select`` for selects, ``form-control`` otherwise), unless the field
    already has one."""
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.CheckboxInput | forms.CheckboxSelectMultiple):
            widget.attrs.setdefault("class", "form-check-input")
        elif isinstance(widget, forms.RadioSelect):
            continue
        elif isinstance(widget, forms.Select):
            widget.attrs.setdefault("class", "form-select")
        else:
            widget.attrs.setdefault("class", "form-control")


class ImportForm(forms.Form):
    """The upload form of the shared import page (``web/import_page.html``)."""

    file = forms.FileField(label=bi_lazy("Excel 或 CSV 文件", "Excel or CSV file"))
