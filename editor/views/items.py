"""In-place editing of a plan's narrative rows: sections, SWOT, TOWS, adoptions, components.

GET ``…/edit/`` swaps the row for its form; POST saves (200 → the row again, 422 → the form with
Thai messages next to the fields, 409 → the form plus both values when someone else saved the
row in between). Nothing the user typed is lost in any of these answers.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.html import strip_tags
from django.views.decorators.http import require_http_methods, require_POST

from plans.models import Adoption, Component, PlanSection, SwotItem, TowsStrategy

from .. import services
from ..access import plan_for_edit, plan_for_view
from ..concurrency import EditConflict, row_token
from ..forms import AdoptionForm, ComponentForm, SectionForm, SwotForm, TowsForm
from .common import item_notes, partial, plan_flags


@dataclass(frozen=True)
class Kind:
    model: type
    form: type
    save: Any
    delete: Any
    key: Any
    totals: bool = False
    related: tuple[str, ...] = ()

    @property
    def name(self) -> str:
        return self.model._meta.model_name


def _section_save(*, plan, obj, token, form):
    return services.section_save(plan=plan, section=obj, token=token, data=form.model_data())


def _swot_save(*, plan, obj, token, form):
    return services.swot_save(plan=plan, item=obj, token=token, data=form.model_data())


def _tows_save(*, plan, obj, token, form):
    return services.tows_save(plan=plan, item=obj, token=token, data=form.model_data())


def _component_save(*, plan, obj, token, form):
    return services.component_save(plan=plan, component=obj, token=token, data=form.model_data())


def _adoption_save(*, plan, obj, token, form):
    data = form.model_data()
    if obj is None:
        data["node"] = form.node
    return services.adoption_save(
        plan=plan,
        adoption=obj,
        token=token,
        data=data,
        lead_units=form.cleaned_data.get("lead_units", []),
        supporting_units=form.cleaned_data.get("supporting_units", []),
    )


KINDS: dict[str, Kind] = {
    "section": Kind(
        PlanSection,
        SectionForm,
        _section_save,
        lambda **kw: services.section_delete(plan=kw["plan"], section=kw["obj"], token=kw["token"]),
        lambda o: f"section:{o.key}",
    ),
    "swot": Kind(
        SwotItem,
        SwotForm,
        _swot_save,
        lambda **kw: services.swot_delete(plan=kw["plan"], item=kw["obj"], token=kw["token"]),
        lambda o: f"swot:{o.code}",
    ),
    "tows": Kind(
        TowsStrategy,
        TowsForm,
        _tows_save,
        lambda **kw: services.tows_delete(plan=kw["plan"], item=kw["obj"], token=kw["token"]),
        lambda o: f"tows:{o.pk}",
    ),
    "adoption": Kind(
        Adoption,
        AdoptionForm,
        _adoption_save,
        lambda **kw: services.adoption_delete(
            plan=kw["plan"], adoption=kw["obj"], token=kw["token"]
        ),
        lambda o: f"adoption:{o.node.code}",
        totals=False,
        related=("node__level", "node__framework"),
    ),
    "component": Kind(
        Component,
        ComponentForm,
        _component_save,
        lambda **kw: services.component_delete(
            plan=kw["plan"], component=kw["obj"], token=kw["token"]
        ),
        lambda o: f"component:{o.code}",
        totals=True,
    ),
}


def _kind(name: str) -> Kind:
    try:
        return KINDS[name]
    except KeyError as exc:
        raise Http404 from exc


def _get(kind: Kind, plan, item_id: int):
    qs = kind.model.objects.filter(plan=plan)
    if kind.related:
        qs = qs.select_related(*kind.related)
    return get_object_or_404(qs, pk=item_id)


def _display(request, kind_name: str, plan, obj, *, status=200, totals=False):
    kind = _kind(kind_name)
    key = kind.key(obj)
    ctx = {
        **plan_flags(request, plan),
        "obj": obj,
        "kind": kind_name,
        "item_key": key,
        "token": row_token(obj),
        **item_notes(plan, key),
    }
    if kind_name == "component":
        from ..selectors import plan_totals

        ctx["row"] = next(
            (r for r in plan_totals(plan).components if r["obj"].pk == obj.pk),
            {"obj": obj, "total": None, "ok": True, "depth": 0},
        )
    return partial(
        request, f"editor/items/{kind_name}.html", ctx, status=status, plan=plan if totals else None
    )


def _form_response(request, kind_name, plan, form, obj, *, status=200, conflict=None, extra=None):
    ctx = {
        **plan_flags(request, plan),
        "form": form,
        "obj": obj,
        "kind": kind_name,
        "conflict": conflict,
        **(extra or {}),
    }
    return partial(request, f"editor/items/{kind_name}_form.html", ctx, status=status)


def _conflict_rows(form, current) -> list[dict]:
    """Field by field: what the user typed and what is saved now (only where they differ)."""
    cleaned = getattr(form, "cleaned_data", {})
    rows = []
    for name in form.Meta.fields:
        field = form.fields[name]
        mine = cleaned.get(name, form.data.get(name))
        theirs = getattr(current, name)
        if hasattr(theirs, "all"):
            theirs = ", ".join(u.code for u in theirs.all())
            mine = ", ".join(u.code for u in (mine or []))
        if name == "body_html":
            mine, theirs = strip_tags(mine or ""), strip_tags(theirs or "")
        if str(mine if mine is not None else "") != str(theirs if theirs is not None else ""):
            rows.append({"label": field.label, "mine": mine, "theirs": theirs})
    return rows


@login_required
@require_http_methods(["GET"])
def item_show(request, plan_id: int, kind: str, item_id: int):
    plan = plan_for_view(request, plan_id)
    obj = _get(_kind(kind), plan, item_id)
    return _display(request, kind, plan, obj)


@login_required
@require_http_methods(["GET", "POST"])
def item_edit(request, plan_id: int, kind: str, item_id: int | None = None):
    plan = plan_for_edit(request, plan_id)
    k = _kind(kind)
    obj = _get(k, plan, item_id) if item_id else None
    extra: dict = {}
    node = None
    if kind == "adoption" and obj is None:
        node_id = request.GET.get("node") or request.POST.get("node")
        try:
            node = services.adoptable_node(plan, int(node_id or 0))
        except (ValueError, ValidationError) as exc:
            raise Http404 from exc
        extra["node"] = node
    if request.method == "GET":
        initial = {}
        if obj is None:
            for name in ("quadrant", "kind", "role"):
                if request.GET.get(name):
                    initial[name] = request.GET[name]
        form = k.form(instance=obj, plan=plan, initial=initial)
        return _form_response(request, kind, plan, form, obj, extra=extra)

    form = k.form(request.POST, instance=obj or k.model(), plan=plan)
    form.node = node
    if not form.is_valid():
        return _form_response(request, kind, plan, form, obj, status=422, extra=extra)
    try:
        saved = k.save(plan=plan, obj=obj, token=form.cleaned_data.get("token"), form=form)
    except EditConflict as exc:
        current = exc.current
        if current is None:
            form.add_error(None, "รายการนี้ถูกลบโดยผู้อื่นแล้ว ข้อมูลที่คุณกรอกยังอยู่ในแบบฟอร์ม")
            return _form_response(request, kind, plan, form, obj, status=409, extra=extra)
        conflict = {
            "message": exc.message,
            "rows": _conflict_rows(form, current),
            "token": row_token(current),
        }
        # The next save overwrites deliberately: it carries the token of the current row.
        data = request.POST.copy()
        data["token"] = conflict["token"]
        form = k.form(data, instance=current, plan=plan)
        form.is_valid()
        return _form_response(
            request, kind, plan, form, current, status=409, conflict=conflict, extra=extra
        )
    except ValidationError as exc:
        _add_errors(form, exc)
        return _form_response(request, kind, plan, form, obj, status=422, extra=extra)
    return _display(request, kind, plan, saved, totals=k.totals)


def _add_errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            target = field if field in form.fields else None
            for e in errors:
                form.add_error(target, e.messages[0] if hasattr(e, "messages") else str(e))
    else:
        for message in exc.messages:
            form.add_error(None, message)


@login_required
@require_POST
def item_delete(request, plan_id: int, kind: str, item_id: int):
    plan = plan_for_edit(request, plan_id)
    k = _kind(kind)
    obj = _get(k, plan, item_id)
    try:
        k.delete(plan=plan, obj=obj, token=request.POST.get("token", ""))
    except EditConflict:
        return HttpResponse(
            '<div class="conflict">รายการนี้ถูกแก้ไขโดยผู้อื่นหลังจากที่คุณเปิดหน้านี้ กรุณาโหลดหน้าใหม่ก่อนลบ</div>',
            status=409,
        )
    except ValidationError as exc:
        return HttpResponse(f'<div class="conflict">{" ".join(exc.messages)}</div>', status=422)
    html = ""
    if k.totals:
        from .common import totals_html

        html = totals_html(request, plan)
    return HttpResponse(html)
