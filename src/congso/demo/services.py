"""Seed the demo province and its accounts. Safe to run again: it only fills in what is missing.

Agencies are matched by code and people by e-mail. An existing agency whose demo fields differ
is brought back in line through `org_unit_update`; one that matches is not touched, so a second
run writes nothing and adds no audit rows. Existing accounts (and their passwords) are left
alone; a missing role is granted. Then the catalogue of administrative procedures
(`congso.procedures.demo`) and the e-portal: the main portal, a component portal per
agency and district, with news, agency pages and feature demo data (see `congso.demo.portals`);
the demo dossiers and the online exams' demo banks, contest and test (`congso.exams.demo`).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from congso.accounts.models import OrgUnit, RoleAssignment, User
from congso.accounts.services import (
    official_create,
    org_unit_create,
    org_unit_update,
    role_grant,
    user_register,
)
from congso.demo.accounts import DEMO_PASSWORD, DEMO_PEOPLE, DemoPerson
from congso.demo.data import UnitSpec, all_units

ACTOR = "congso demo"


@dataclass
class SeedResult:
    units: int = 0
    units_created: int = 0
    units_updated: int = 0
    users: int = 0
    users_created: int = 0
    roles_granted: int = 0
    procedures: int = 0
    procedures_created: int = 0
    procedure_rows_created: int = 0
    dossiers_created: int = 0
    exam_objects_created: int = 0
    portals: int = 0
    portals_created: int = 0
    articles: int = 0
    articles_created: int = 0

    @property
    def changed(self) -> bool:
        return bool(
            self.units_created
            or self.units_updated
            or self.users_created
            or self.roles_granted
            or self.procedure_rows_created
            or self.dossiers_created
            or self.exam_objects_created
            or self.portals_created
            or self.articles_created
        )

    def summary(self) -> str:
        units = f"{self.units} cơ quan ({self.units_created} mới"
        if self.units_updated:
            units += f", {self.units_updated} cập nhật"
        users = f"{self.users} tài khoản ({self.users_created} mới"
        if self.roles_granted:
            users += f", {self.roles_granted} vai trò được giao"
        text = f"Tỉnh mẫu: {units}), {users})"
        text += f", {self.procedures} thủ tục hành chính ({self.procedures_created} mới)"
        if self.dossiers_created:
            text += f", {self.dossiers_created} hồ sơ mẫu"
        if self.exam_objects_created:
            text += f", {self.exam_objects_created} đối tượng thi trực tuyến mẫu"
        if self.portals:
            text += f", {self.portals} cổng thông tin ({self.portals_created} mới), {self.articles} tin bài"
            if self.articles_created and self.articles_created != self.articles:
                text += f" ({self.articles_created} mới)"
        return text


@transaction.atomic
def demo_seed(*, portals: bool = True) -> SeedResult:
    result = SeedResult()
    for spec in all_units():
        _seed_unit(spec, result)
    for person in DEMO_PEOPLE:
        _seed_person(person, result)
    _seed_procedures(result)
    from congso.dossiers.demo import seed_dossiers

    result.dossiers_created = seed_dossiers()
    from congso.exams.demo import seed_exams

    result.exam_objects_created = seed_exams()
    if portals:
        _seed_portals(result)
    return result


def _seed_procedures(result: SeedResult) -> None:
    from congso.procedures.demo import seed_procedure_catalogue

    catalogue = seed_procedure_catalogue()
    result.procedures = catalogue.procedures
    result.procedures_created = catalogue.procedures_created
    result.procedure_rows_created = catalogue.rows_created


def _seed_portals(result: SeedResult) -> None:
    from congso.demo.portals import seed_portals

    portals = seed_portals()
    result.portals = portals.portals
    result.portals_created = portals.portals_created
    result.articles = portals.articles
    result.articles_created = portals.articles_created


def _seed_unit(spec: UnitSpec, result: SeedResult) -> None:
    result.units += 1
    fields = spec.fields()
    unit = OrgUnit.objects.filter(code=spec.code).first()
    if unit is None:
        # Fetch the parent afresh: treebeard computes the new path from the parent's numchild,
        # which is stale on an instance loaded before its previous child was added.
        parent = OrgUnit.objects.get(code=spec.parent_code) if spec.parent_code else None
        org_unit_create(actor=ACTOR, parent=parent, code=spec.code, **fields)
        result.units_created += 1
    elif any(getattr(unit, name) != value for name, value in fields.items()):
        org_unit_update(actor=ACTOR, unit=unit, **fields)
        result.units_updated += 1


def _seed_person(person: DemoPerson, result: SeedResult) -> None:
    result.users += 1
    user = User.objects.filter(email__iexact=person.email).first()
    if user is None:
        if person.kind == User.Kind.CITIZEN:
            user = user_register(
                email=person.email, password=DEMO_PASSWORD, full_name=person.full_name,
                phone=person.phone, citizen_id=person.citizen_id,
            )  # fmt: skip
        else:
            user = official_create(
                actor=ACTOR, email=person.email, full_name=person.full_name,
                password=DEMO_PASSWORD, phone=person.phone,
            )  # fmt: skip
        result.users_created += 1
    for demo_role in person.roles:
        unit = OrgUnit.objects.get(code=demo_role.org_unit_code)
        if RoleAssignment.objects.filter(user=user, org_unit=unit, role=demo_role.role).exists():
            continue
        role_grant(
            actor=ACTOR, user=user, org_unit=unit, role=demo_role.role, title=demo_role.title
        )
        result.roles_granted += 1
