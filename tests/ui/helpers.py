"""Build the POST data a browser would send for the KPI and project pages."""

from editor.kpi_forms import KpiForm, initial_from_kpi
from editor.project_forms import ProjectForm, initial_from_project
from editor.views.kpis import _formsets
from editor.views.projects import _sets


def _field_value(value):
    if value is None:
        return ""
    if hasattr(value, "pk"):
        return value.pk
    if isinstance(value, (list, tuple)) or hasattr(value, "all"):
        items = value.all() if hasattr(value, "all") else value
        return [v.pk if hasattr(v, "pk") else v for v in items]
    return value


def _formset_data(prefix: str, fs) -> dict:
    data = {f"{prefix}-TOTAL_FORMS": len(fs.forms), f"{prefix}-INITIAL_FORMS": len(fs.forms)}
    for i, form in enumerate(fs.forms):
        for name, value in form.initial.items():
            if value is None or value is False:
                continue
            if value is True:
                value = "on"
            data[f"{prefix}-{i}-{name}"] = value
    return data


def _form_data(form) -> dict:
    data = {}
    for name, field in form.fields.items():
        value = form.initial.get(name, field.initial)
        if value is False:
            continue
        if value is True:
            value = "on"
        if name == "interpolate":
            value = {None: "unknown", True: "true", False: "false"}.get(
                form.initial.get(name), "unknown"
            )
        if value is None and hasattr(field, "queryset") and hasattr(field, "to_field_name") \
                and field.__class__.__name__ == "ModelMultipleChoiceField":  # fmt: skip
            value = []
        data[name] = _field_value(value)
    return {k: v for k, v in data.items() if v != []}


def kpi_post_data(plan, kpi=None, **overrides) -> dict:
    form = KpiForm(instance=kpi, plan=plan)
    data = _form_data(form)
    for prefix, fs in _formsets(None, initial_from_kpi(kpi, plan)).items():
        data.update(_formset_data(prefix, fs))
    data.update(overrides)
    return data


def project_post_data(plan, project=None, **overrides) -> dict:
    form = ProjectForm(instance=project, plan=plan)
    data = _form_data(form)
    for prefix, fs in _sets(None, initial_from_project(project, plan)).items():
        data.update(_formset_data(prefix, fs))
    data.update(overrides)
    return data
