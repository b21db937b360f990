"""factory-boy factories for the domain; realistic Thai defaults from the seed plans."""

from decimal import Decimal

import factory
from django.contrib.auth import get_user_model

from accounts.services import grant_role
from frameworks.models import Framework, FrameworkLevel, FrameworkNode, Policy
from kpis.models import Kpi, ScaleLevel
from orgs.models import OrgUnit, OrgUnitKind
from plans.models import Component, Plan
from projects.models import BudgetLine, BudgetStatus, Project, WorkStep


class OrgUnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OrgUnit
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"หน่วย{n}.")
    name_th = factory.LazyAttribute(lambda o: f"สำนักทดสอบ {o.code}")
    kind = OrgUnitKind.DEPARTMENT


def bma_root() -> OrgUnit:
    return OrgUnitFactory(code="กทม.", name_th="กรุงเทพมหานคร", kind=OrgUnitKind.BMA)


class FrameworkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Framework
        django_get_or_create = ("code",)
        skip_postgeneration_save = True

    code = factory.Sequence(lambda n: f"BMA-T{n}")
    fiscal_year = 2567
    name_th = "แผนปฏิบัติราชการกรุงเทพมหานคร ประจำปีงบประมาณ พ.ศ. 2567"

    @factory.post_generation
    def levels(self, create, extracted, **kwargs):
        keys = extracted or [
            ("strategy", "ยุทธศาสตร์"),
            ("substrategy", "ยุทธศาสตร์ย่อย"),
            ("kr", "ตัววัดผลหลัก"),
            ("kpi", "ตัวชี้วัด"),
        ]
        for order, (key, label) in enumerate(keys):
            FrameworkLevel.objects.get_or_create(
                framework=self, key=key, defaults={"order": order, "label_th": label}
            )


def node(framework: Framework, level_key: str, code: str, parent=None, name_th=None):
    return FrameworkNode.objects.create(
        framework=framework,
        level=framework.levels.get(key=level_key),
        code=code,
        parent=parent,
        name_th=name_th or f"หัวข้อ {code}",
    )


class PolicyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Policy
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"{n % 1000:03d}")
    name_th = "พัฒนาต้นแบบ BKK Food Bank"
    dimension_th = "สังคมดี"


class PlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Plan

    org_unit = factory.SubFactory(OrgUnitFactory)
    fiscal_year = 2567
    framework = factory.SubFactory(FrameworkFactory)
    title_th = factory.LazyAttribute(
        lambda o: f"แผนปฏิบัติราชการประจำปีงบประมาณ พ.ศ. {o.fiscal_year} {o.org_unit.name_th}"
    )


class ComponentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Component

    plan = factory.SubFactory(PlanFactory)
    code = factory.Sequence(lambda n: f"1.{n}")
    name_th = "การประเมินประสิทธิผลการดำเนินงาน (Function Base)"
    weight = Decimal("30")


class KpiFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Kpi

    plan = factory.SubFactory(PlanFactory)
    code = factory.Sequence(lambda n: f"K{n}")
    name_th = "ร้อยละความสำเร็จของการดำเนินงานตามแผน"
    unit_th = "ร้อยละ"


def rubric(kpi: Kpi) -> list[ScaleLevel]:
    return [
        ScaleLevel.objects.create(
            kpi=kpi, level=lv, threshold_text=f"ร้อยละ {lv * 20}", criterion_th=f"ระดับ {lv}"
        )
        for lv in range(1, 6)
    ]


class ProjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Project

    plan = factory.SubFactory(PlanFactory)
    code = factory.Sequence(lambda n: f"P1-{n:03d}")
    name_th = "โครงการพัฒนาต้นแบบ BKK Food Bank ส่งต่ออาหารให้กลุ่มเปราะบาง"
    part = 1


class BudgetLineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BudgetLine

    project = factory.SubFactory(ProjectFactory)
    fiscal_year = 2567
    amount = Decimal("1227200.00")
    status = BudgetStatus.AMOUNT


class WorkStepFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WorkStep

    project = factory.SubFactory(ProjectFactory)
    order = factory.Sequence(lambda n: n + 1)
    name_th = "ดำเนินงานตามโครงการ"
    weight = Decimal("25")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.django.Password("pass-word-123")


def user_with_role(role: str, unit: OrgUnit | None = None, username: str | None = None):
    user = UserFactory(username=username) if username else UserFactory()
    grant_role(user=user, role=role, org_unit=unit)
    return user
