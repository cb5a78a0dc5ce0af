import pytest

from congso.accounts.models import Role
from congso.accounts.permissions import has_role, is_administrator, requires_two_factor
from congso.accounts.tests.factories import make_official

pytestmark = pytest.mark.django_db


def test_roles_apply_to_the_subtree(province):
    clerk = make_official(
        email="mc@test.vn", full_name="Một Cửa", unit=province.donghung, role=Role.ONE_STOP_CLERK
    )
    assert has_role(clerk, Role.ONE_STOP_CLERK, province.xa)
    assert has_role(clerk, Role.ONE_STOP_CLERK, province.donghung)
    assert not has_role(clerk, Role.ONE_STOP_CLERK, province.soyte)
    assert not has_role(clerk, Role.HANDLER, province.xa)


def test_administrators_need_two_factor(administrator, citizen):
    assert is_administrator(administrator)
    assert requires_two_factor(administrator)
    assert not is_administrator(citizen)
    assert not requires_two_factor(citizen)
