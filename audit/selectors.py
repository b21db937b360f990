"""Reading the change history: who changed what and when, grouped by save.

One save of the editor is one ``pghistory`` context (the request), so its events are shown as
one entry: "สมชาย แก้ไขตัวชี้วัด 1.1-1 — น้ำหนัก: 10 → 15; เกณฑ์ระดับ 3 …". Update events are
compared with the previous snapshot of the same row to list only the fields that changed.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.contrib.auth import get_user_model

from . import models as m

SKIP_FIELDS = {
    "id", "created_at", "updated_at", "version", "path", "depth", "local_target", "approved_by",
    "submitted_at", "approved_at", "value",
}  # fmt: skip
PARENT_FIELDS = ("plan_id", "kpi_id", "project_id", "part_id")
ACTION_TH = {"insert": "เพิ่ม", "update": "แก้ไข", "delete": "ลบ"}


@dataclass
class Change:
    model: str
    label: str
    action: str
    fields: list[tuple[str, Any, Any]] = field(default_factory=list)


@dataclass
class Entry:
    at: datetime
    user: str
    url: str
    changes: list[Change]

    @property
    def summary(self) -> str:
        counts: dict[str, int] = defaultdict(int)
        for c in self.changes:
            counts[f"{ACTION_TH.get(c.action, c.action)}{c.model}"] += 1
        return ", ".join(f"{k} {v} รายการ" if v > 1 else k for k, v in counts.items())


def _label(model_name: str, row: dict) -> str:
    if "kpi_id" in row and "project_id" in row and "is_primary" in row:
        return f"ตัวชี้วัด #{row['kpi_id']}" + (" (หลัก)" if row["is_primary"] else "")
    for key in ("code", "key", "title_th", "name_th"):
        if row.get(key):
            return str(row[key])[:80]
    if "level" in row and row.get("level") is not None:
        return f"ระดับ {row['level']}"
    if "order" in row and row.get("order") is not None:
        return f"ลำดับ {row['order']}"
    if "fiscal_year" in row:
        return f"ปี {row['fiscal_year']}"
    return f"#{row.get('pgh_obj_id')}"


def _events(model, **filters) -> list[dict]:
    tracked = model.pgh_tracked_model
    names = [
        f.name if not f.is_relation else f.attname
        for f in tracked._meta.local_fields
        if f.name not in SKIP_FIELDS
    ]
    fields = ["pgh_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "pgh_context_id",
              "pgh_context__metadata", *names]  # fmt: skip
    rows = list(model.objects.filter(**filters).values(*fields).order_by("pgh_id"))
    verbose = str(tracked._meta.verbose_name)
    labels = {}
    choices = {}
    for f in tracked._meta.local_fields:
        labels[f.attname] = str(f.verbose_name)
        if f.choices:
            choices[f.attname] = {k: str(v) for k, v in f.flatchoices}
    for r in rows:
        r["_model"] = verbose
        r["_fields"] = names
        r["_labels"] = labels
        r["_choices"] = choices
    return rows


def _show(row: dict, name: str):
    value = row.get(name)
    if name in row["_choices"] and value in row["_choices"][name]:
        return row["_choices"][name][value]
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    return value


def _field_changes(before: dict, after: dict) -> list[tuple[str, Any, Any]]:
    out = []
    for name in after["_fields"]:
        if name in PARENT_FIELDS:
            continue
        if before.get(name) != after.get(name):
            out.append((after["_labels"].get(name, name), _show(before, name), _show(after, name)))
    return out


def _collapse(items: list[tuple[dict, Change]]) -> list[tuple[dict, Change]]:
    """Child lists are replaced on save (delete + insert); pair them into one edit or nothing."""

    def key(r, c):
        return (c.model, c.label, *(r.get(p) for p in PARENT_FIELDS))

    deleted: dict[tuple, list[int]] = defaultdict(list)
    for i, (r, c) in enumerate(items):
        if c.action == "delete":
            deleted[key(r, c)].append(i)
    dropped: set[int] = set()
    replaced: dict[int, Change | None] = {}
    for i, (r, c) in enumerate(items):
        if c.action == "insert" and deleted.get(key(r, c)):
            j = deleted[key(r, c)].pop(0)
            dropped.add(j)
            fields = _field_changes(items[j][0], r)
            replaced[i] = Change(c.model, c.label, "update", fields) if fields else None
    out = []
    for i, (r, c) in enumerate(items):
        if i in dropped:
            continue
        if i in replaced:
            if replaced[i] is not None:
                out.append((r, replaced[i]))
            continue
        out.append((r, c))
    return out


def _entries(rows: list[dict], limit: int, offset: int = 0) -> tuple[list[Entry], int]:
    rows.sort(key=lambda r: (r["pgh_created_at"], r["pgh_id"]))
    previous: dict[tuple[str, int], dict] = {}
    changes: list[tuple[dict, Change]] = []
    for r in rows:
        key = (r["_model"], r["pgh_obj_id"])
        before = previous.get(key)
        change = Change(model=r["_model"], label=_label(r["_model"], r), action=r["pgh_label"])
        if r["pgh_label"] == "update" and before is not None:
            change.fields = _field_changes(before, r)
            if not change.fields:
                previous[key] = r
                continue
        previous[key] = r
        changes.append((r, change))
    groups: dict[Any, list[tuple[dict, Change]]] = defaultdict(list)
    order: list[Any] = []
    for r, change in changes:
        gkey = r["pgh_context_id"] or r["pgh_created_at"].replace(microsecond=0)
        if gkey not in groups:
            order.append(gkey)
        groups[gkey].append((r, change))
    order.reverse()
    total = len(order)
    page = order[offset : offset + limit]
    user_ids = {(groups[g][0][0]["pgh_context__metadata"] or {}).get("user") for g in page} - {None}
    names = {
        u.pk: (u.get_full_name() or u.username)
        for u in get_user_model().objects.filter(pk__in=user_ids)
    }
    entries = []
    for g in page:
        first = groups[g][0][0]
        meta = first["pgh_context__metadata"] or {}
        entries.append(
            Entry(
                at=first["pgh_created_at"],
                user=names.get(meta.get("user"), "ระบบ (นำเข้าข้อมูล)" if not meta else "-"),
                url=meta.get("url", ""),
                changes=[c for _, c in _collapse(groups[g])],
            )
        )
    return entries, total


def plan_history(plan_id: int, *, limit: int = 50, offset: int = 0) -> tuple[list[Entry], int]:
    kpi_ids = set(m.KpiEvent.objects.filter(plan_id=plan_id).values_list("pgh_obj_id", flat=True))
    project_ids = set(
        m.ProjectEvent.objects.filter(plan_id=plan_id).values_list("pgh_obj_id", flat=True)
    )
    rows = (
        _events(m.PlanEvent, pgh_obj_id=plan_id)
        + _events(m.PlanSectionEvent, plan_id=plan_id)
        + _events(m.SwotItemEvent, plan_id=plan_id)
        + _events(m.TowsStrategyEvent, plan_id=plan_id)
        + _events(m.AdoptionEvent, plan_id=plan_id)
        + _events(m.ComponentEvent, plan_id=plan_id)
        + _kpi_rows(kpi_ids)
        + _project_rows(project_ids)
    )
    return _entries(rows, limit, offset)


def _kpi_rows(kpi_ids) -> list[dict]:
    kpi_ids = list(kpi_ids)
    return (
        _events(m.KpiEvent, pgh_obj_id__in=kpi_ids)
        + _events(m.KpiYearValueEvent, kpi_id__in=kpi_ids)
        + _events(m.CompositePartEvent, kpi_id__in=kpi_ids)
        + _events(m.ScaleLevelEvent, kpi_id__in=kpi_ids)
        + _events(m.ScaleStepEvent, kpi_id__in=kpi_ids)
        + _events(m.KpiResponsibilityEvent, kpi_id__in=kpi_ids)
    )


def _project_rows(project_ids) -> list[dict]:
    project_ids = list(project_ids)
    return (
        _events(m.ProjectEvent, pgh_obj_id__in=project_ids)
        + _events(m.BudgetLineEvent, project_id__in=project_ids)
        + _events(m.WorkStepEvent, project_id__in=project_ids)
        + _events(m.ProjectKpiEvent, project_id__in=project_ids)
    )


def kpi_history(kpi_id: int, *, limit: int = 50, offset: int = 0) -> tuple[list[Entry], int]:
    return _entries(_kpi_rows([kpi_id]), limit, offset)


def project_history(
    project_id: int, *, limit: int = 50, offset: int = 0
) -> tuple[list[Entry], int]:
    return _entries(_project_rows([project_id]), limit, offset)


def last_change(obj) -> dict | None:
    """Who saved *obj* last and when (for the conflict message)."""
    model = next((e for e in m.EVENT_MODELS if e.pgh_tracked_model is type(obj)), None)
    if model is None:
        return None
    event = (
        model.objects.filter(pgh_obj_id=obj.pk)
        .order_by("-pgh_id")
        .values("pgh_created_at", "pgh_context__metadata")
        .first()
    )
    if event is None:
        return None
    user_id = (event["pgh_context__metadata"] or {}).get("user")
    user = get_user_model().objects.filter(pk=user_id).first() if user_id else None
    return {
        "when": event["pgh_created_at"],
        "user": (user.get_full_name() or user.username) if user else "ระบบ",
    }
