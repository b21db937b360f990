"""Every validation rule of the data model answers with a clear Thai message, never a crash."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from frameworks.models import FrameworkNode, Policy
from kpis.models import Kpi, ScaleLevel
from plans.models import Plan
from plans.validation import component_weight_issues, plan_issues, step_weight_issues
from projects.models import BudgetLine, BudgetStatus
from tests.factories import (
    BudgetLineFactory,
    ComponentFactory,
    FrameworkFactory,
    KpiFactory,
    PlanFactory,
    ProjectFactory,
    WorkStepFactory,
    node,
)

pytestmark = pytest.mark.django_db


def messages(exc: ValidationError) -> str:
    return " ".join(m for ms in exc.message_dict.values() for m in ms)


class TestComponentWeights:
    def test_kpi_weights_equal_component_weight(self):
        c = ComponentFactory(code="1.1", weight=Decimal("30"))
        for w in ("10", "10", "10"):
            KpiFactory(plan=c.plan, component=c, weight=Decimal(w))
        assert component_weight_issues(c.plan) == []

    def test_kpi_weights_short_of_component_weight(self):
        c = ComponentFactory(code="1.1", weight=Decimal("30"))
        KpiFactory(plan=c.plan, component=c, weight=Decimal("10"))
        KpiFactory(plan=c.plan, component=c, weight=Decimal("10"))
        [issue] = component_weight_issues(c.plan)
        assert issue.code == "component_kpi_weight"
        assert issue.message == (
            "น้ำหนักตัวชี้วัดในองค์ประกอบ 1.1 รวมกันได้ 20 ไม่เท่ากับน้ำหนักขององค์ประกอบ (30)"
        )

    def test_children_must_add_up_to_parent(self):
        parent = ComponentFactory(code="1", weight=Decimal("70"))
        for code, w in (("1.1", "30"), ("1.2", "20"), ("1.3", "10")):
            child = ComponentFactory(plan=parent.plan, code=code, weight=Decimal(w), parent=parent)
            KpiFactory(plan=parent.plan, component=child, weight=Decimal(w))
        [issue] = component_weight_issues(parent.plan)
        assert issue.code == "component_children_weight"
        assert "70" in issue.message and "60" in issue.message

    def test_seed_agreement_weights_10_10_10_20_10_10_make_70(self):
        parent = ComponentFactory(code="1", weight=Decimal("70"))
        spec = {"1.1": ["10", "10", "10"], "1.2": ["20"], "1.3": ["10", "10"]}
        for code, weights in spec.items():
            total = sum(Decimal(w) for w in weights)
            child = ComponentFactory(plan=parent.plan, code=code, weight=total, parent=parent)
            for w in weights:
                KpiFactory(plan=parent.plan, component=child, weight=Decimal(w))
        assert component_weight_issues(parent.plan) == []

    def test_kpi_in_component_needs_weight(self):
        c = ComponentFactory()
        kpi = Kpi(plan=c.plan, code="X", name_th="ตัวชี้วัด", component=c, weight=None)
        with pytest.raises(ValidationError) as exc:
            kpi.full_clean()
        assert "ต้องมีน้ำหนัก" in messages(exc.value)


class TestWorkSteps:
    def test_steps_reaching_100_pass(self):
        project = ProjectFactory()
        for order, w in enumerate(("10", "10", "60", "20"), start=1):
            WorkStepFactory(project=project, order=order, weight=Decimal(w))
        assert step_weight_issues(project.plan) == []

    def test_steps_short_of_100_are_reported(self):
        project = ProjectFactory(code="P1-007")
        for order, w in enumerate(("10", "20", "60"), start=1):
            WorkStepFactory(project=project, order=order, weight=Decimal(w))
        [issue] = step_weight_issues(project.plan)
        assert issue.message == "โครงการ P1-007: ร้อยละของขั้นตอนรวมกันได้ 90 ต้องเท่ากับ 100 พอดี"

    def test_planned_month_outside_fiscal_year(self):
        project = ProjectFactory(code="P1-001")
        WorkStepFactory(project=project, order=1, weight=100, planned_months=["2023-10", "2024-10"])
        [issue] = plan_issues(project.plan)
        assert issue.code == "step_month_outside_year" and "2024-10" in issue.message

    def test_bad_month_format(self):
        step = WorkStepFactory.build(project=ProjectFactory(), planned_months=["10/2023"])
        with pytest.raises(ValidationError) as exc:
            step.full_clean()
        assert "YYYY-MM" in messages(exc.value)


class TestBudgetLines:
    @pytest.mark.parametrize(
        "status, amount, ok",
        [
            (BudgetStatus.AMOUNT, Decimal("1227200"), True),
            (BudgetStatus.AMOUNT, None, False),
            (BudgetStatus.NO_BUDGET, None, True),
            (BudgetStatus.NO_BUDGET, Decimal("0"), False),
            (BudgetStatus.NOT_REQUESTED, None, True),
            (BudgetStatus.AS_ALLOCATED, None, True),
            (BudgetStatus.AS_ALLOCATED, Decimal("5"), False),
            (BudgetStatus.NOT_FUNDED, Decimal("500000"), True),
        ],
    )
    def test_status_and_amount_agree(self, status, amount, ok):
        line = BudgetLineFactory.build(project=ProjectFactory(), status=status, amount=amount)
        if ok:
            line.full_clean()
        else:
            with pytest.raises(ValidationError) as exc:
                line.full_clean()
            assert "จำนวนเงิน" in messages(exc.value)

    def test_database_refuses_no_budget_with_zero(self):
        project = ProjectFactory()
        with pytest.raises(IntegrityError), transaction.atomic():
            BudgetLine.objects.create(
                project=project, fiscal_year=2567, status=BudgetStatus.NO_BUDGET, amount=0
            )


class TestUniqueness:
    def test_one_plan_per_unit_and_year(self):
        plan = PlanFactory()
        dup = Plan(
            org_unit=plan.org_unit, fiscal_year=2567, framework=plan.framework, title_th="ซ้ำ"
        )
        with pytest.raises(ValidationError) as exc:
            dup.full_clean()
        assert "หน่วยงานนี้มีแผนของปีงบประมาณนี้อยู่แล้ว" in str(exc.value)

    def test_node_codes_unique_per_framework(self):
        fw = FrameworkFactory()
        node(fw, "strategy", "3")
        dup = FrameworkNode(
            framework=fw, level=fw.levels.get(key="strategy"), code="3", name_th="ซ้ำ"
        )
        with pytest.raises(ValidationError):
            dup.full_clean()
        other = FrameworkFactory()
        node(other, "strategy", "3")  # same code in another year's framework is fine

    def test_kpi_codes_unique_per_plan(self):
        kpi = KpiFactory(code="3.1.1.2")
        dup = Kpi(plan=kpi.plan, code="3.1.1.2", name_th="ซ้ำ")
        with pytest.raises(ValidationError) as exc:
            dup.full_clean()
        assert "รหัสตัวชี้วัดนี้มีอยู่แล้วในแผน" in str(exc.value)

    def test_rubric_level_once_per_kpi(self):
        kpi = KpiFactory()
        ScaleLevel.objects.create(kpi=kpi, level=3)
        with pytest.raises(ValidationError) as exc:
            ScaleLevel(kpi=kpi, level=3).full_clean()
        assert "ระดับนี้มีอยู่แล้ว" in str(exc.value)

    def test_rubric_level_range(self):
        with pytest.raises(ValidationError):
            ScaleLevel(kpi=KpiFactory(), level=6).full_clean()


class TestFrameworkShape:
    def test_parent_must_be_at_a_higher_level(self):
        fw = FrameworkFactory()
        kr = node(fw, "kr", "3.2:KR1")
        child = FrameworkNode(
            framework=fw, level=fw.levels.get(key="strategy"), code="9", name_th="x", parent=kr
        )
        with pytest.raises(ValidationError) as exc:
            child.full_clean()
        assert "ระดับที่สูงกว่า" in messages(exc.value)

    def test_parent_may_skip_levels(self):
        fw = FrameworkFactory()
        strategy = node(fw, "strategy", "3")
        tactic_like = FrameworkNode(
            framework=fw,
            level=fw.levels.get(key="kpi"),
            code="3.1.1.1",
            name_th="x",
            parent=strategy,
        )
        tactic_like.full_clean()

    def test_policy_code_is_three_digits(self):
        with pytest.raises(ValidationError) as exc:
            Policy(code="99", name_th="x").full_clean()
        assert "3 หลัก" in messages(exc.value)

    def test_strategy_codes_are_six_digits(self):
        project = ProjectFactory.build(plan=PlanFactory(), strategy_codes=["331005", "33100"])
        with pytest.raises(ValidationError) as exc:
            project.full_clean()
        assert "33100" in messages(exc.value)
