"""Demo users, one per role, so a visitor of ``make demo`` can try every part of the app."""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import transaction

from accounts.models import Role
from accounts.services import grant_role
from orgs.models import OrgUnit

DEMO_PASSWORD = "bmaplan-demo-2567"


@dataclass(frozen=True)
class DemoUser:
    username: str
    full_name: str
    role: str
    unit_code: str | None = None


DEMO_USERS = [
    DemoUser("admin", "ผู้ดูแลระบบ", Role.ADMIN),
    DemoUser("analyst", "นักวิเคราะห์ สยป.", Role.ANALYST),
    DemoUser("executive", "ผู้บริหาร กทม.", Role.EXECUTIVE),
    DemoUser("planner_sps", "ผู้จัดทำแผน สพส.", Role.PLANNER, "สพส."),
    DemoUser("evaluator_sps", "ผู้รายงานผล สพส.", Role.EVALUATOR, "สพส."),
    DemoUser("planner_bangna", "ผู้จัดทำแผน เขตบางนา", Role.PLANNER, "สนข.บางนา"),
    DemoUser("evaluator_bangna", "ผู้รายงานผล เขตบางนา", Role.EVALUATOR, "สนข.บางนา"),
]


@transaction.atomic
def create_demo_users() -> list[tuple[DemoUser, bool]]:
    """Create (or reset) the demo users; skip unit-scoped ones whose unit is not loaded."""
    User = get_user_model()
    result = []
    for demo in DEMO_USERS:
        unit = None
        if demo.unit_code:
            unit = OrgUnit.objects.filter(code=demo.unit_code).first()
            if unit is None:
                result.append((demo, False))
                continue
        first, _, last = demo.full_name.partition(" ")
        user, _ = User.objects.get_or_create(username=demo.username)
        user.first_name, user.last_name = first, last
        user.email = f"{demo.username}@example.org"
        user.is_superuser = demo.role == Role.ADMIN
        user.is_staff = demo.role in (Role.ADMIN, Role.ANALYST)
        user.set_password(DEMO_PASSWORD)
        user.save()
        grant_role(user=user, role=demo.role, org_unit=unit)
        result.append((demo, True))
    return result
