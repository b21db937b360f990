"""Executive dashboards (read-only) and the public transparency view.

Every view is GET/HEAD only (``require_safe``): nobody edits anything here. Signed-in users
see what ``accounts.scope`` lets them read (executives and analysts: everything); the public
view (``settings.BMAPLAN_PUBLIC_VIEW``) shows approved plans and verified reports only, and
its URLs are 404 while the setting is off.
"""

from datetime import date
from functools import wraps

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, render
from django.urls import NoReverseMatch, reverse
from django.views.decorators.http import require_safe

from accounts.models import UNIT_SCOPED_ROLES
from accounts.scope import (
    can_view_plan,
    plans_visible_to,
    public_plans,
    scope_for,
    unit_in_scope,
)
from core.fiscal import current_period, fiscal_year_of, parse_period, period_fiscal_year
from frameworks.models import FrameworkNode, Policy
from kpis.models import Kpi
from orgs.models import OrgUnit
from plans.models import Plan
from scoring.selectors import COUNTING_STATUSES

from . import selectors
from .charts import STATUS_COLOURS, chart, csv_response, js_spec, month_label
from .selectors import LEVEL_BUCKETS, STATUS_LABELS, STATUSES, Filters


def public_enabled(view):
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not getattr(settings, "BMAPLAN_PUBLIC_VIEW", False):
            raise Http404
        return view(request, *args, public=True, **kwargs)

    return wrapped


def _default_year() -> int:
    latest = Plan.objects.order_by("-fiscal_year").values_list("fiscal_year", flat=True).first()
    this_year = fiscal_year_of(date.today())
    return min(this_year, latest) if latest else this_year


def parse_filters(request, *, public: bool) -> Filters:
    g = request.GET
    try:
        year = int(g.get("year") or 0) or _default_year()
    except ValueError:
        year = _default_year()
    months = [m.period for m in Filters(year=year, period="").months]
    period = g.get("month", "")
    try:
        parse_period(period)
        ok = period_fiscal_year(period) == year
    except (ValueError, TypeError):
        ok = False
    if not ok:
        now = current_period()
        period = now if now in months else (months[-1] if now > months[-1] else months[0])
    unit = node = policy = None
    if g.get("unit"):
        unit = OrgUnit.objects.filter(code=g["unit"]).first()
    if g.get("node", "").isdigit():
        node = FrameworkNode.objects.filter(pk=int(g["node"])).first()
    if g.get("policy"):
        policy = Policy.objects.filter(code=g["policy"]).first()
    return Filters(
        year=year,
        period=period,
        unit=unit,
        node=node,
        policy=policy,
        dimension=g.get("dimension", ""),
        public=public,
        user=None if public else request.user,
    )


def _urls(public: bool) -> dict:
    prefix = "dashboards:public_" if public else "dashboards:"
    return {name: prefix + name for name in ("overview", "framework", "policies", "unit", "kpi")}


def evidence_url(evidence_id: int) -> str:
    """The reporting app's evidence download when it is installed, else ours."""
    for name in ("reporting:evidence_download", "reporting:evidence"):
        try:
            return reverse(name, args=[evidence_id])
        except NoReverseMatch:
            continue
    return reverse("dashboards:evidence", args=[evidence_id])


def _context(request, f: Filters, page: str, **extra) -> dict:
    query = request.GET.copy()
    query.pop("csv", None)
    visible = public_plans() if f.public else plans_visible_to(request.user)
    years = sorted(set(visible.values_list("fiscal_year", flat=True)) | {f.year}, reverse=True)
    # Units that have a visible plan this year (the public sees approved plans' units only).
    units = OrgUnit.objects.filter(
        pk__in=visible.filter(fiscal_year=f.year).values("org_unit")
    ).only("code", "name_th", "depth")
    return {
        "f": f,
        "page": page,
        "nav": "dashboards",
        "public": f.public,
        "urls": _urls(f.public),
        "years": years,
        "month_options": [(m.period, month_label(m)) for m in f.months],
        "month_label": month_label(f.month),
        "units": units.order_by("path"),
        "query": query.urlencode(),
        "status_labels": STATUS_LABELS,
        **extra,
    }


def _render(request, template, ctx, charts):
    wanted = request.GET.get("csv")
    if wanted:
        for spec in charts:
            if spec["id"] == wanted:
                return csv_response(spec)
        raise Http404
    ctx["charts"] = {spec["id"]: spec for spec in charts}
    ctx["chart_data"] = [js_spec(s) for s in charts]
    return render(request, template, ctx)


def _status_series(rows, get_counts) -> list[dict]:
    return [
        {
            "name": STATUS_LABELS[s],
            "data": [get_counts(r).get(s, 0) for r in rows],
            "color": STATUS_COLOURS[s],
        }
        for s in STATUSES
    ]


def _reader(view):
    """Signed-in dashboards: login required, read-only."""
    return require_safe(login_required(view))


# ---------------------------------------------------------------- pages


def overview(request, public: bool = False):
    f = parse_filters(request, public=public)
    data = selectors.overview(f)
    urls = _urls(public)
    rows = data["rows"]
    ranked = [r for r in rows if r["rank"] is not None]
    unit_link = reverse(urls["unit"], args=[0]).rsplit("0/", 1)[0]
    q = request.GET.copy()
    q.pop("csv", None)
    suffix = f"?{q.urlencode()}" if q else ""
    charts = [
        chart(
            "ranking",
            "คะแนนตามคำรับรองฯ (ระดับถ่วงน้ำหนัก) รายหน่วยงาน",
            "hbar",
            [f"{r['rank']}. {r['unit'].code}" for r in ranked],
            [{"name": "ระดับถ่วงน้ำหนัก", "data": [r["weighted_level"] for r in ranked]}],
            unit="ระดับ",
            links=[f"{unit_link}{r['plan'].id}/{suffix}" for r in ranked],
        ),
        chart(
            "status",
            "สถานะตัวชี้วัด",
            "pie",
            [STATUS_LABELS[s] for s in STATUSES],
            [
                {
                    "name": "จำนวนตัวชี้วัด",
                    "data": [data["status_counts"].get(s, 0) for s in STATUSES],
                    "colors": [STATUS_COLOURS[s] for s in STATUSES],
                }
            ],
            unit="ตัวชี้วัด",
        ),
        chart(
            "levels",
            "การกระจายระดับผลของตัวชี้วัด",
            "bar",
            [f"ระดับ {b}" for b in LEVEL_BUCKETS],
            [{"name": "จำนวนตัวชี้วัด", "data": [data["levels"][b] for b in LEVEL_BUCKETS]}],
            unit="ตัวชี้วัด",
        ),
        chart(
            "budget",
            "งบประมาณที่ได้รับ และเบิกจ่ายสะสม รายหน่วยงาน (บาท)",
            "hbar",
            [r["unit"].code for r in sorted(rows, key=lambda r: -r["allocated"])],
            [
                {
                    "name": "งบประมาณ",
                    "data": [r["allocated"] for r in sorted(rows, key=lambda r: -r["allocated"])],
                    "color": "#0072B2",
                },
                {
                    "name": "เบิกจ่ายสะสม",
                    "data": [r["disbursed"] for r in sorted(rows, key=lambda r: -r["allocated"])],
                    "color": "#56B4E9",
                },
            ],
            unit="บาท",
        ),
        chart(
            "unit_status",
            "สถานะตัวชี้วัด รายหน่วยงาน",
            "hbar",
            [r["unit"].code for r in rows],
            _status_series(rows, lambda r: r["status_counts"]),
            unit="ตัวชี้วัด",
            stacked=True,
        ),
    ]
    ctx = _context(request, f, "overview", data=data)
    return _render(request, "dashboards/overview.html", ctx, charts)


def framework(request, public: bool = False):
    f = parse_filters(request, public=public)
    data = selectors.framework_view(f)
    charts = []
    if data["framework"] is not None:
        children = data["children"]
        names = [c["node"].short_code or c["node"].code for c in children]
        charts = [
            chart(
                "node_status",
                "สถานะตัวชี้วัดรายหัวข้อ",
                "hbar",
                names,
                _status_series(children, lambda c: c["row"].rollup.status_counts),
                unit="ตัวชี้วัด",
                stacked=True,
            ),
            chart(
                "node_money",
                "งบประมาณและเบิกจ่ายสะสมรายหัวข้อ (บาท)",
                "hbar",
                names,
                [
                    {
                        "name": "งบประมาณ",
                        "data": [c["row"].money.allocated for c in children],
                        "color": "#0072B2",
                    },
                    {
                        "name": "เบิกจ่ายสะสม",
                        "data": [c["row"].money.disbursed for c in children],
                        "color": "#56B4E9",
                    },
                ],
                unit="บาท",
            ),
        ]
    ctx = _context(request, f, "framework", data=data)
    return _render(request, "dashboards/framework.html", ctx, charts)


def policies(request, public: bool = False):
    f = parse_filters(request, public=public)
    data = selectors.policy_view(f)
    rows = data["policies"] if data["dimension"] else data["dimensions"]
    names = [r["policy"].code for r in rows] if data["dimension"] else [r["name"] for r in rows]
    charts = [
        chart(
            "policy_status",
            "สถานะตัวชี้วัดตามนโยบายผู้ว่าฯ",
            "hbar",
            names,
            _status_series(rows, lambda r: r["row"].rollup.status_counts),
            unit="ตัวชี้วัด",
            stacked=True,
        ),
        chart(
            "policy_money",
            "งบประมาณและเบิกจ่ายสะสมตามนโยบาย (บาท)",
            "hbar",
            names,
            [
                {"name": "งบประมาณ", "data": [r["row"].money.allocated for r in rows]},
                {"name": "เบิกจ่ายสะสม", "data": [r["row"].money.disbursed for r in rows]},
            ],
            unit="บาท",
        ),
    ]
    ctx = _context(request, f, "policies", data=data)
    return _render(request, "dashboards/policies.html", ctx, charts)


def _plan_for(request, plan_id: int, public: bool) -> Plan:
    qs = Plan.objects.select_related("org_unit", "framework")
    if public:
        return get_object_or_404(public_plans(qs), pk=plan_id)
    plan = get_object_or_404(qs, pk=plan_id)
    if not can_view_plan(request.user, plan):
        raise PermissionDenied("ไม่มีสิทธิ์ดูแผนของหน่วยงานนี้")
    return plan


def unit(request, plan_id: int, public: bool = False):
    plan = _plan_for(request, plan_id, public)
    f = parse_filters(request, public=public)
    if f.year != plan.fiscal_year:
        f = Filters(**{**f.__dict__, "year": plan.fiscal_year, "period": ""})
        f.period = f.months[-1].period
    data = selectors.unit_view(plan, f)
    labels = [month_label(t["month"]) for t in data["trend"]]
    charts = [
        chart(
            "trend",
            "แนวโน้มระดับถ่วงน้ำหนักรายเดือน",
            "line",
            labels,
            [{"name": "ระดับถ่วงน้ำหนัก", "data": [t["weighted_level"] for t in data["trend"]]}],
            unit="ระดับ",
        ),
        chart(
            "disbursement",
            "เบิกจ่ายสะสมรายเดือนเทียบงบประมาณ (บาท)",
            "line",
            labels,
            [
                {
                    "name": "เบิกจ่ายสะสม",
                    "data": [d["disbursed"] for d in data["disbursement"]],
                    "color": "#0072B2",
                },
                {
                    "name": "งบประมาณ",
                    "data": [data["budget"]["total"]] * len(labels),
                    "color": "#999999",
                },
            ],
            unit="บาท",
        ),
        chart(
            "behind",
            "โครงการที่ล่าช้ากว่าแผน (ร้อยละความก้าวหน้า)",
            "hbar",
            [b["project"].code or b["project"].name_th[:30] for b in data["behind"]],
            [
                {"name": "ตามแผน", "data": [b["planned"] for b in data["behind"]], "color": "#999"},
                {"name": "ทำได้จริง", "data": [b["actual"] for b in data["behind"]]},
            ],
            unit="%",
        ),
    ]
    ctx = _context(request, f, "unit", plan=plan, data=data)
    return _render(request, "dashboards/unit.html", ctx, charts)


def kpi(request, kpi_id: int, public: bool = False):
    k = get_object_or_404(Kpi.objects.select_related("plan__org_unit", "component"), pk=kpi_id)
    plan = _plan_for(request, k.plan_id, public)
    k.plan = plan
    f = parse_filters(request, public=public)
    if f.year != plan.fiscal_year:
        f = Filters(**{**f.__dict__, "year": plan.fiscal_year, "period": ""})
        f.period = f.months[-1].period
    data = selectors.kpi_view(k, f)
    labels = [month_label(s["month"]) for s in data["series"]]
    series = [{"name": "ผลการดำเนินงาน", "data": [s["actual"] for s in data["series"]]}]
    if data["target_number"] is not None:
        series.append(
            {
                "name": "ค่าเป้าหมาย",
                "data": [data["target_number"]] * len(labels),
                "color": "#999999",
            }
        )
    charts = [
        chart("actuals", "ผลการดำเนินงานรายเดือนเทียบค่าเป้าหมาย", "line", labels, series),
        chart(
            "kpi_levels",
            "ระดับผลรายเดือน",
            "bar",
            labels,
            [{"name": "ระดับ", "data": [s["level"] for s in data["series"]]}],
            unit="ระดับ",
        ),
    ]
    if not public:
        for r in data["reports"]:
            for e in r.evidence_files:
                e.url = evidence_url(e.id)
    ctx = _context(request, f, "kpi", plan=plan, data=data)
    return _render(request, "dashboards/kpi.html", ctx, charts)


def evidence(request, evidence_id: int):
    """Minimal permission-checked download (the reporting app's view replaces it)."""
    e = selectors.evidence_for(evidence_id)
    if e is None:
        raise Http404
    report = e.kpi_report or e.project_report
    plan = (e.kpi_report.kpi if e.kpi_report else e.project_report.project).plan
    own_unit = scope_for(request.user).is_global_reader or unit_in_scope(
        request.user, plan.org_unit, UNIT_SCOPED_ROLES
    )
    published = can_view_plan(request.user, plan) and report.status in COUNTING_STATUSES
    if not (own_unit or published):
        raise Http404
    return FileResponse(
        e.file.open("rb"),
        as_attachment=True,
        filename=e.original_name,
        content_type=e.content_type or "application/octet-stream",
    )


overview_view = _reader(overview)
framework_view = _reader(framework)
policies_view = _reader(policies)
unit_view = _reader(unit)
kpi_view = _reader(kpi)
evidence_view = _reader(evidence)
public_overview = require_safe(public_enabled(overview))
public_framework = require_safe(public_enabled(framework))
public_policies = require_safe(public_enabled(policies))
public_unit = require_safe(public_enabled(unit))
public_kpi = require_safe(public_enabled(kpi))
