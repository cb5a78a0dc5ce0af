"""The online form schema: checks, order of fields, values."""

from __future__ import annotations

import pytest

from congso.procedures import schema as form_schema
from congso.procedures.models import Procedure
from congso.procedures.schema import SchemaError, check_schema

SCHEMA = {
    "type": "object",
    "required": ["ten", "ngay"],
    "properties": {
        "ten": {"type": "string", "title": "Họ và tên"},
        "ngay": {"type": "string", "format": "date", "title": "Ngày sinh"},
        "a_dong_y": {"type": "boolean", "title": "Đồng ý"},
    },
}


def test_the_form_order_survives_a_database_round_trip(db):
    """PostgreSQL's jsonb sorts keys; the "order" list written on save keeps the form's order."""
    from congso.procedures.models import Field

    field = Field.objects.create(code="HT", name="Hộ tịch")
    procedure = Procedure.objects.create(
        code="1.1", name="Thử", field=field, level="commune", processing_days=1, result="-",
        legal_basis="-", form_schema=SCHEMA,
    )  # fmt: skip
    procedure.refresh_from_db()
    # what jsonb would give back: keys in another order
    procedure.form_schema["properties"] = dict(sorted(procedure.form_schema["properties"].items()))

    assert [name for name, _s, _r in form_schema.fields_of(procedure.form_schema)] == [
        "ten",
        "ngay",
        "a_dong_y",
    ]
    edited = form_schema.for_editing(procedure.form_schema)
    assert "order" not in edited
    assert list(edited["properties"]) == ["ten", "ngay", "a_dong_y"]


def test_an_edited_order_replaces_the_stored_one():
    stored = form_schema.with_order(SCHEMA)
    edited = form_schema.for_editing(stored)
    edited["properties"] = {k: edited["properties"][k] for k in ["a_dong_y", "ten", "ngay"]}

    assert form_schema.with_order(edited)["order"] == ["a_dong_y", "ten", "ngay"]


@pytest.mark.parametrize(
    ("schema", "message"),
    [
        ([], "đối tượng JSON"),
        ({"type": "array"}, '"type": "object"'),
        ({"properties": {}}, "ít nhất một trường"),
        ({"properties": {"Ten": {"type": "string", "title": "T"}}}, "chữ thường không dấu"),
        ({"properties": {"ten": {"type": "date", "title": "T"}}}, "kiểu phải là"),
        ({"properties": {"ten": {"type": "string"}}}, "nhãn"),
        ({"properties": {"ten": {"type": "string", "title": "T", "format": "x"}}}, "định dạng"),
        ({"properties": {"ten": {"type": "string", "title": "T", "enum": []}}}, "enum"),
        ({"properties": {"ten": {"type": "string", "title": "T", "minimum": 1}}}, "trường số"),
        ({"properties": {"ten": {"type": "string", "title": "T", "pattern": "("}}}, "pattern"),
        ({"properties": {"ten": {"type": "string", "title": "T", "x": 1}}}, "không hỗ trợ"),
        (
            {"properties": {"ten": {"type": "string", "title": "T"}}, "required": ["khac"]},
            "required",
        ),
        ({"properties": {"ten": {"type": "string", "title": "T"}}, "order": ["khac"]}, "order"),
        ({"properties": {"ten": {"type": "string", "title": "T"}}, "ui": {}}, "không hỗ trợ"),
    ],
)
def test_bad_schemas_are_explained_in_vietnamese(schema, message):
    with pytest.raises(SchemaError) as error:
        check_schema(schema)
    assert message in str(error.value)


def test_typed_values_survive_the_form():
    form = form_schema.dossier_form(
        SCHEMA,
        form_schema.as_form_data(SCHEMA, {"ten": "Hoa", "ngay": "20/11/2026", "a_dong_y": True}),
    )

    assert form.is_valid(), form.errors
    assert form_schema.cleaned_json(form) == {"ten": "Hoa", "ngay": "2026-11-20", "a_dong_y": True}
    assert form_schema.display_rows(SCHEMA, form_schema.cleaned_json(form)) == [
        ("Họ và tên", "Hoa"),
        ("Ngày sinh", "20/11/2026"),
        ("Đồng ý", "Có"),
    ]


def test_required_fields_get_vietnamese_messages():
    form = form_schema.dossier_form(SCHEMA, {})

    assert not form.is_valid()
    assert set(form.errors) == {"ten", "ngay"}
