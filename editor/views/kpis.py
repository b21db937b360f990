"""The KPI page: every field, targets per year with the parsed value live, the scale editor
for each kind (the five-level table edited as a table), weights and responsible units."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from core.exceptions import ConflictError
from kpis.models import Kpi, PlanPart

from .. import services
from ..access import plan_for_edit, plan_for_view
from ..kpi_forms import (
    LEVEL_COLUMN_KINDS,
    STEP_COLUMN_KINDS,
    BaselineFS,
    KpiForm,
    LevelFS,
    PartFS,
    ResponsibilityFS,
    StepFS,
    TargetFS,
    build_scale,
    initial_from_kpi,
)
from ..selectors import plan_totals
from .common import item_notes, plan_flags, totals_html
from .items import _add_errors

PREFIXES = {
    "baselines": BaselineFS,
    "targets": TargetFS,
    "levels": LevelFS,
    "steps": StepFS,
    "parts": PartFS,
    "resp": ResponsibilityFS,
}


def _formsets(data, initial):
    return {
        name: cls(data, prefix=name)
        if data is not None
        else cls(initial=initial[name], prefix=name)
        for name, cls in PREFIXES.items()
    }


def _scale_issues(kpi: Kpi | None) -> list:
    if kpi is None or kpi.pk is None:
        return []
    from scoring.adapters import load_scales
    from scoring.engine import validate_scale

    info = load_scales({"pk": kpi.pk}).get(kpi.pk)
    if info is None or (info.kind == "manual" and not info.scale.levels):
        return []
    return [i.message_th for i in validate_scale(info.scale, path="scale")]


def _context(request, plan, kpi, form, sets, **extra):
    flags = plan_flags(request, plan)
    return {
        **flags,
        "kpi": kpi,
        "form": form,
        "sets": sets,
        "parts": PlanPart.choices,
        "level_kinds": LEVEL_COLUMN_KINDS,
        "step_kinds": STEP_COLUMN_KINDS,
        "scale_issues": _scale_issues(kpi),
        "item_key": f"kpi:{kpi.code}" if kpi else "",
        **(item_notes(plan, f"kpi:{kpi.code}") if kpi else {"comments": [], "marks": []}),
        **extra,
    }


@login_required
@require_http_methods(["GET", "POST"])
def kpi_page(request, plan_id: int, kpi_id: int | None = None):
    plan = plan_for_view(request, plan_id)
    kpi = get_object_or_404(Kpi, plan=plan, pk=kpi_id) if kpi_id else None
    flags = plan_flags(request, plan)
    if request.method == "GET":
        if kpi is None and not flags["can_edit"]:
            raise PermissionDenied
        initial = {}
        if kpi is None and request.GET.get("part", "").isdigit():
            initial["part"] = int(request.GET["part"])
        form = KpiForm(instance=kpi, plan=plan, initial=initial)
        sets = _formsets(None, initial_from_kpi(kpi, plan))
        return render(
            request,
            "editor/kpi_page.html",
            {**_context(request, plan, kpi, form, sets), "totals": plan_totals(plan)},
        )

    plan = plan_for_edit(request, plan_id)
    form = KpiForm(request.POST, instance=kpi or Kpi(), plan=plan)
    sets = _formsets(request.POST, None)
    valid = form.is_valid() & all([s.is_valid() for s in sets.values()])
    if not valid:
        return _form(request, plan, kpi, form, sets, status=422)
    levels, steps, parts = sets["levels"].rows(), sets["steps"].rows(), sets["parts"].rows()
    try:
        saved = services.kpi_save(
            plan=plan,
            kpi=kpi,
            expected_version=form.cleaned_data.get("version"),
            fields=form.kpi_fields(),
            nodes=form.cleaned_data["nodes"],
            policies=form.cleaned_data["policies"],
            scale=build_scale(form, levels, steps, parts),
            baselines=sets["baselines"].rows(),
            targets=sets["targets"].rows(),
            responsibilities=sets["resp"].rows(),
        )
    except ConflictError:
        current = Kpi.objects.get(pk=kpi.pk)
        conflict = {
            "message": "ตัวชี้วัดนี้ถูกบันทึกโดยผู้อื่นหลังจากที่คุณเปิดแก้ไข ค่าที่คุณกรอกยังอยู่ครบในแบบฟอร์ม",
            "rows": _diff_rows(form, current),
            "last": _last_change(current),
        }
        data = request.POST.copy()
        data["version"] = current.version
        form = KpiForm(data, instance=current, plan=plan)
        form.is_valid()
        return _form(request, plan, current, form, sets, status=409, conflict=conflict)
    except (ValidationError, IntegrityError) as exc:
        if isinstance(exc, ValidationError):
            _add_errors(form, exc)
        else:
            form.add_error(None, "บันทึกไม่สำเร็จ: ข้อมูลซ้ำกับรายการอื่น")
        return _form(request, plan, kpi, form, sets, status=422)
    if kpi is None:
        response = HttpResponse(status=204)
        response["HX-Redirect"] = reverse("editor:kpi_edit", args=[plan.pk, saved.pk])
        return response
    saved.refresh_from_db()
    form = KpiForm(instance=saved, plan=plan)
    sets = _formsets(None, initial_from_kpi(saved, plan))
    return _form(request, plan, saved, form, sets, saved_ok=True)


def _form(request, plan, kpi, form, sets, *, status=200, **extra):
    from django.template.loader import render_to_string

    html = render_to_string(
        "editor/_kpi_form.html", _context(request, plan, kpi, form, sets, **extra), request
    )
    return HttpResponse(html + totals_html(request, plan), status=status)


def _diff_rows(form, current) -> list[dict]:
    rows = []
    for name in ("code", "name_th", "unit_th", "weight", "component", "scale_kind", "part",
                 "definition_th", "calculation_th", "target_level"):  # fmt: skip
        mine = form.cleaned_data.get(name)
        theirs = getattr(current, name)
        if str(mine if mine is not None else "") != str(theirs if theirs is not None else ""):
            rows.append({"label": form.fields[name].label, "mine": mine, "theirs": theirs})
    return rows


def _last_change(obj):
    from audit.selectors import last_change

    return last_change(obj)


@login_required
@require_POST
def kpi_remove(request, plan_id: int, kpi_id: int):
    plan = plan_for_edit(request, plan_id)
    kpi = get_object_or_404(Kpi, plan=plan, pk=kpi_id)
    try:
        services.kpi_delete(
            plan=plan, kpi=kpi, expected_version=int(request.POST.get("version") or 0)
        )
    except ConflictError:
        return HttpResponse(
            '<div class="conflict">ตัวชี้วัดนี้ถูกแก้ไขโดยผู้อื่น กรุณาโหลดหน้าใหม่ก่อนลบ</div>', status=409
        )
    response = HttpResponse(status=204)
    response["HX-Redirect"] = (
        reverse("editor:plan_editor", args=[plan.pk]) + f"#kpis-{kpi.part or 1}"
    )
    return response
