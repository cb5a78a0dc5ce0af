"""Organisers' screens: dashboard, banks, categories, questions of every type, versions."""

from __future__ import annotations

from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from congso.accounts.tests.factories import UserFactory
from congso.exams import questions as question_services
from congso.exams.models import (
    Question,
    QuestionBank,
    QuestionCategory,
    QuestionImage,
    QuestionType,
    QuestionVersion,
)
from congso.exams.tests.conftest import make_single

pytestmark = pytest.mark.django_db


def _choices(*rows, total=None):
    """POST data for choice rows: (text, fraction) pairs, padded with blank rows."""
    data = {"row-rows": str(total or max(6, len(rows)))}
    for index, (text, fraction) in enumerate(rows):
        data[f"row-{index}-text"] = text
        data[f"row-{index}-fraction"] = fraction
    return data


def _post_question(client, bank, category, qtype, extra, **common):
    data = {
        "loai": qtype,
        "action": "save",
        "category": category.pk,
        "text": "Luật An ninh mạng có hiệu lực từ ngày nào?",
        "default_mark": "1",
        "difficulty": "medium",
        "tags": "luật, an ninh mạng",
        **common,
        **extra,
    }
    return client.post(reverse("exams:org-question-create", args=[bank.pk]), data)


# --- who may see the screens ---------------------------------------------------------------


def test_anonymous_people_are_sent_to_sign_in(client, bank):
    for url in (
        reverse("exams:org-dashboard"),
        reverse("exams:org-bank", args=[bank.pk]),
        reverse("exams:org-bank-create"),
    ):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"] == f"/dang-nhap/?next={url}"
    response = client.post(reverse("exams:org-category-create", args=[bank.pk]), {"name": "X"})
    assert response.status_code == 302
    assert QuestionCategory.objects.count() == 0


def test_a_citizen_is_refused(client, bank, category):
    citizen = UserFactory(email="congdan@test.vn")
    client.force_login(citizen)

    assert client.get(reverse("exams:org-dashboard")).status_code == 403
    assert client.get(reverse("exams:org-bank", args=[bank.pk])).status_code == 403
    response = client.post(
        reverse("exams:org-category-create", args=[bank.pk]), {"name": "Chủ đề lạ"}
    )
    assert response.status_code == 403
    assert QuestionCategory.objects.filter(name="Chủ đề lạ").count() == 0


def test_another_agencys_organiser_gets_404_and_changes_nothing(
    client, other_organiser, bank, category, questions
):
    question = questions[0]
    client.force_login(other_organiser)

    for url in (
        reverse("exams:org-bank", args=[bank.pk]),
        reverse("exams:org-bank-import", args=[bank.pk]),
        reverse("exams:org-question-create", args=[bank.pk]) + "?loai=single",
        reverse("exams:org-question-edit", args=[question.pk]),
        reverse("exams:org-question-history", args=[question.pk]),
        reverse("exams:org-question-version", args=[question.pk, 1]),
        reverse("exams:org-question-compare", args=[question.pk]),
    ):
        assert client.get(url).status_code == 404, url
    posts = [
        (reverse("exams:org-category-create", args=[bank.pk]), {"name": "Lạ"}),
        (
            reverse("exams:org-question-create", args=[bank.pk]),
            {"loai": "truefalse", "category": category.pk, "text": "Lạ?", "correct": "true"},
        ),
        (
            reverse("exams:org-question-edit", args=[question.pk]),
            {"category": category.pk, "text": "Đã bị sửa", "difficulty": "easy"},
        ),
        (reverse("exams:org-question-archive", args=[question.pk]), {"archived": "1"}),
        (reverse("exams:org-question-restore", args=[question.pk, 1]), {}),
    ]
    for url, data in posts:
        assert client.post(url, data).status_code == 404, url

    assert QuestionCategory.objects.filter(bank=bank).count() == 1
    assert Question.objects.filter(bank=bank).count() == 30
    question.refresh_from_db()
    assert (question.is_archived, question.current_version.number) == (False, 1)
    dashboard = client.get(reverse("exams:org-dashboard"))
    assert dashboard.context["banks"] == []


# --- dashboard and banks -------------------------------------------------------------------


def test_the_dashboard_lists_banks_contests_and_exams_with_counts(
    client, organiser, exam, django_assert_num_queries
):
    client.force_login(organiser)
    client.get(reverse("exams:org-dashboard"))  # warm the caches of the menu

    with django_assert_num_queries(14):
        response = client.get(reverse("exams:org-dashboard"))

    assert response.status_code == 200
    assert [(b.name, b.question_count) for b in response.context["banks"]] == [
        ("Pháp luật về an toàn thông tin", 31)
    ]
    assert [(e.title, e.attempt_count) for e in response.context["exams"]] == [
        ("Tìm hiểu pháp luật về an ninh mạng — Tuần 1", 0)
    ]
    assert response.context["contests"] == []
    page = response.content.decode()
    assert "Tổ chức thi trực tuyến" in page
    assert 'href="/to-chuc-thi/"' in page  # the menu item


def test_the_bank_list_counts_questions_and_categories(
    client, organiser, bank, category, questions, province
):
    question_services.category_get_or_create(actor=organiser, bank=bank, path=["Khác", "Con"])
    question_services.question_archive(actor=organiser, question=questions[0])
    question_services.bank_create(actor=organiser, org_unit=province.soyte, name="Y tế")
    client.force_login(organiser)

    response = client.get(reverse("exams:org-banks"))

    assert [(b.name, b.question_count, b.category_count) for b in response.context["page"]] == [
        ("Pháp luật về an toàn thông tin", 29, 3)
    ]


def test_create_a_bank_for_an_agency_of_the_organiser(client, organiser, province):
    client.force_login(organiser)

    response = client.post(
        reverse("exams:org-bank-create"),
        {"org_unit": province.sotttt.pk, "name": "Chuyển đổi số", "description": "Ôn tập"},
    )

    bank = QuestionBank.objects.get(name="Chuyển đổi số")
    assert response.status_code == 302
    assert response["Location"] == reverse("exams:org-bank", args=[bank.pk])
    assert (bank.org_unit, bank.created_by) == (province.sotttt, organiser)


def test_a_bank_is_not_created_for_an_agency_out_of_reach(client, organiser, province):
    client.force_login(organiser)

    response = client.post(
        reverse("exams:org-bank-create"), {"org_unit": province.soyte.pk, "name": "Y tế"}
    )

    assert response.status_code == 400
    assert (
        "Hãy chọn một lựa chọn hợp lệ" in response.content.decode()
        or response.context["form"].errors["org_unit"]
    )
    assert QuestionBank.objects.filter(name="Y tế").count() == 0


def test_a_duplicate_bank_name_is_refused(client, organiser, bank, province):
    client.force_login(organiser)

    response = client.post(
        reverse("exams:org-bank-create"),
        {"org_unit": province.sotttt.pk, "name": "pháp luật về an toàn thông tin"},
    )

    assert response.status_code == 409
    assert "đã có ngân hàng câu hỏi tên" in response.content.decode()
    assert QuestionBank.objects.count() == 1


def test_categories_and_subcategories(client, organiser, bank, category):
    client.force_login(organiser)
    url = reverse("exams:org-category-create", args=[bank.pk])

    client.post(url, {"name": "Điều 8 — hành vi bị nghiêm cấm", "parent": category.pk})
    client.post(url, {"name": "Luật Giao dịch điện tử"})
    again = client.post(url, {"name": "luật giao dịch điện tử"}, follow=True)
    slash = client.post(url, {"name": "A/B"}, follow=True)

    assert "đã có sẵn" in again.content.decode()
    assert "không được chứa dấu" in slash.content.decode()
    child = QuestionCategory.objects.get(name="Điều 8 — hành vi bị nghiêm cấm")
    assert child.parent == category
    assert QuestionCategory.objects.filter(bank=bank).count() == 3
    page = client.get(reverse("exams:org-bank", args=[bank.pk]))
    assert [(n.full_name, count) for n, count in page.context["nodes"]] == [
        ("Luật An ninh mạng", 0),
        ("Luật An ninh mạng / Điều 8 — hành vi bị nghiêm cấm", 0),
        ("Luật Giao dịch điện tử", 0),
    ]


def test_the_question_list_filters_and_pages(client, organiser, bank, category, questions):
    client.force_login(organiser)
    sub = question_services.category_get_or_create(
        actor=organiser, bank=bank, path=["Luật An ninh mạng", "Điều 8"]
    )
    hard = make_single(actor=organiser, bank=bank, category=sub, n=99, difficulty="hard")
    question_services.question_archive(actor=organiser, question=questions[0])
    url = reverse("exams:org-bank", args=[bank.pk])

    first = client.get(url)
    second = client.get(url, {"trang": 2})
    by_sub = client.get(url, {"chu_de": sub.pk})
    by_parent = client.get(url, {"chu_de": category.pk, "do_kho": "hard"})
    by_text = client.get(url, {"q": "câu hỏi số 99"})
    archived = client.get(url, {"an": "1"})
    everything = client.get(url, {"an": "tat-ca", "loai": "single"})

    assert first.context["page"].paginator.count == 30
    assert len(first.context["page"].object_list) == 30
    assert list(second.context["page"].object_list) == list(first.context["page"].object_list)
    assert [q.pk for q in by_sub.context["page"]] == [hard.pk]
    assert [q.pk for q in by_parent.context["page"]] == [hard.pk]
    assert [q.pk for q in by_text.context["page"]] == [hard.pk]
    assert [q.pk for q in archived.context["page"]] == [questions[0].pk]
    assert everything.context["page"].paginator.count == 31
    assert by_parent.context["rows"][0][1] == "Luật An ninh mạng / Điều 8"


def test_the_question_list_makes_the_same_queries_for_more_questions(
    client, organiser, bank, category, questions, django_assert_num_queries
):
    client.force_login(organiser)
    url = reverse("exams:org-bank", args=[bank.pk])
    client.get(url)

    with django_assert_num_queries(18):
        client.get(url, {"trang": 1})
    for n in range(100, 140):
        make_single(actor=organiser, bank=bank, category=category, n=n)
    with django_assert_num_queries(18):
        response = client.get(url, {"trang": 1})
    assert len(response.context["page"].object_list) == 30


# --- writing questions ---------------------------------------------------------------------


def test_the_form_of_a_choice_question_has_six_rows_and_the_negative_fractions(
    client, organiser, bank, category
):
    client.force_login(organiser)

    response = client.get(reverse("exams:org-question-create", args=[bank.pk]), {"loai": "multi"})

    assert response.status_code == 200
    assert len(response.context["form"].rows) == 6
    assert {row["fraction"].value() for row in response.context["form"].rows} == {"0"}
    page = response.content.decode()
    for label in ("-25%", "-33,33%", "-50%", "-100%", "33,33%", "100%"):
        assert f">{label}</option>" in page
    assert 'name="row-rows" value="6"' in page


def test_the_type_chooser_when_no_type_is_given(client, organiser, bank):
    client.force_login(organiser)

    response = client.get(reverse("exams:org-question-create", args=[bank.pk]))
    wrong = client.post(reverse("exams:org-question-create", args=[bank.pk]), {"loai": "essay"})

    assert response.status_code == 200
    assert "Chọn loại câu hỏi" in response.content.decode()
    assert wrong.status_code == 400


def test_add_a_row_without_javascript_keeps_what_was_typed(client, organiser, bank, category):
    client.force_login(organiser)

    response = _post_question(
        client,
        bank,
        category,
        "single",
        {**_choices(("Ngày 01/01/2019", "1"), ("Ngày 12/6/2018", "-0.5")), "action": "add-row"},
    )

    assert response.status_code == 200
    rows = response.context["form"].rows
    assert len(rows) == 9
    assert rows.forms[0]["text"].value() == "Ngày 01/01/2019"
    assert rows.forms[1]["fraction"].value() == "-0.5"
    assert 'name="row-rows" value="9"' in response.content.decode()
    assert Question.objects.count() == 0


def test_create_a_single_answer_question(client, organiser, bank, category):
    client.force_login(organiser)

    response = _post_question(
        client,
        bank,
        category,
        "single",
        _choices(
            ("Ngày 01/01/2019", "1"),
            ("Ngày 12/6/2018", "-0.25"),
            ("", "0"),
            ("Ngày 01/7/2019", "-0.3333333"),
        ),
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("exams:org-bank", args=[bank.pk])
    question = Question.objects.get()
    version = question.current_version
    assert (question.qtype, question.created_by, version.number) == ("single", organiser, 1)
    assert [(c["text"], c["fraction"]) for c in version.data["choices"]] == [
        ("Ngày 01/01/2019", 1.0),
        ("Ngày 12/6/2018", -0.25),
        ("Ngày 01/7/2019", -0.3333333),
    ]
    assert version.tags == ["an ninh mạng", "luật"]


def test_create_a_multi_answer_question_with_negative_fractions(client, organiser, bank, category):
    client.force_login(organiser)

    response = _post_question(
        client,
        bank,
        category,
        "multi",
        _choices(
            ("Bảo vệ dữ liệu cá nhân", "0.3333333"),
            ("Phòng chống khủng bố mạng", "0.3333333"),
            ("Bảo vệ hệ thống thông tin quan trọng", "0.3333333"),
            ("Quảng cáo trực tuyến", "-1"),
        ),
    )

    assert response.status_code == 302
    data = Question.objects.get().current_version.data
    assert [c["fraction"] for c in data["choices"]] == [0.3333333, 0.3333333, 0.3333333, -1.0]


@pytest.mark.parametrize(
    ("qtype", "extra", "message"),
    [
        ("single", _choices(("A", "0"), ("B", "0")), "cần một phương án đúng (100% điểm)"),
        ("single", _choices(("A", "1.5"), ("B", "0")), "tỉ lệ điểm phải từ -100% đến 100%"),
        ("single", _choices(("A", "mười"), ("B", "1")), "không phải là số"),
        ("single", _choices(("Chỉ một", "1")), "ít nhất hai phương án"),
        ("multi", _choices(("A", "0.5"), ("B", "0.25")), "phải bằng 100%"),
        ("truefalse", {}, "Câu Đúng/Sai cần chọn đáp án đúng"),
        ("shortanswer", {"row-rows": "3", "row-0-text": "Hà Nội", "row-0-fraction": "0.5"}, "ít nhất một đáp án được 100%"),
        ("numeric", {"row-rows": "3", "row-0-value": "ba phẩy mười bốn", "row-0-fraction": "1"}, "Giá trị phải là số"),
        ("numeric", {"row-rows": "3"}, "ít nhất một đáp án được 100%"),
    ],
)  # fmt: skip
def test_bad_answers_re_render_with_the_reason_and_save_nothing(
    client, organiser, bank, category, qtype, extra, message
):
    client.force_login(organiser)

    response = _post_question(client, bank, category, qtype, extra)

    assert response.status_code == 400
    assert message in response.content.decode()
    assert Question.objects.count() == 0


@pytest.mark.parametrize(
    ("common", "message"),
    [
        ({"text": "  "}, "Câu hỏi chưa có nội dung."),
        ({"text": "<script>alert(1)</script>"}, "Câu hỏi chưa có nội dung."),
        ({"default_mark": "0"}, "Điểm phải lớn hơn 0."),
        ({"default_mark": "một"}, "Điểm phải là số"),
        ({"default_mark": "101"}, "Điểm không được quá 100."),
        ({"difficulty": "impossible"}, "Hãy chọn một lựa chọn hợp lệ"),
    ],
)
def test_bad_common_fields_re_render_and_save_nothing(
    client, organiser, bank, category, common, message
):
    client.force_login(organiser)

    response = _post_question(client, bank, category, "truefalse", {"correct": "true"}, **common)

    assert response.status_code == 400
    assert message in response.content.decode()
    assert Question.objects.count() == 0


def test_create_true_false_short_answer_numeric_and_prediction(client, organiser, bank, category):
    client.force_login(organiser)

    responses = [
        _post_question(client, bank, category, "truefalse", {"correct": "false"}),
        _post_question(
            client,
            bank,
            category,
            "shortanswer",
            {
                "row-rows": "3",
                "row-0-text": "Hà Nội",
                "row-0-fraction": "1",
                "row-1-text": "Ha Noi",
                "row-1-fraction": "0.5",
                "accent_sensitive": "on",
            },
        ),
        _post_question(
            client,
            bank,
            category,
            "numeric",
            {
                "row-rows": "3",
                "row-0-value": "3,14",
                "row-0-tolerance": "0,01",
                "row-0-fraction": "1",
                "row-2-value": "3",
                "row-2-fraction": "0.5",
            },
        ),
        _post_question(client, bank, category, "prediction", {}, text="Bao nhiêu người dự thi?"),
    ]

    assert [r.status_code for r in responses] == [302, 302, 302, 302]
    data = {
        q.qtype: (q.current_version.data, q.current_version.default_mark)
        for q in Question.objects.select_related("current_version")
    }
    assert data["truefalse"][0] == {"correct": False}
    assert data["shortanswer"][0] == {
        "answers": [{"text": "Hà Nội", "fraction": 1.0}, {"text": "Ha Noi", "fraction": 0.5}],
        "case_sensitive": False,
        "accent_sensitive": True,
    }
    assert data["numeric"][0] == {
        "answers": [
            {"value": "3.14", "tolerance": "0.01", "fraction": 1.0},
            {"value": "3", "tolerance": "0", "fraction": 0.5},
        ]
    }
    assert data["prediction"] == ({}, 0)


def test_the_short_answer_form_is_accent_sensitive_by_default(client, organiser, bank, category):
    client.force_login(organiser)

    response = client.get(
        reverse("exams:org-question-create", args=[bank.pk]), {"loai": "shortanswer"}
    )

    assert response.context["form"]["accent_sensitive"].value() is True
    assert response.context["form"]["case_sensitive"].value() is False


def _png() -> SimpleUploadedFile:
    from PIL import Image

    buffer = BytesIO()
    Image.new("RGB", (8, 6), "blue").save(buffer, "PNG")
    return SimpleUploadedFile("so-do.png", buffer.getvalue(), content_type="image/png")


def test_upload_an_image_into_the_text(client, organiser, bank, category, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(organiser)
    url = reverse("exams:org-question-create", args=[bank.pk])

    response = client.post(
        url,
        {
            "loai": "truefalse",
            "action": "upload",
            "category": category.pk,
            "text": "Biển báo sau có nghĩa là cấm dừng?",
            "image": _png(),
            "image_alt": "Biển báo tròn viền đỏ",
        },
    )

    image = QuestionImage.objects.get()
    assert response.status_code == 200
    text = response.context["form"]["text"].value()
    assert text.startswith('Biển báo sau có nghĩa là cấm dừng?\n<p><img src="/media/exams/images/')
    assert 'alt="Biển báo tròn viền đỏ"' in text
    assert image.bank == bank
    assert Question.objects.count() == 0
    saved = client.post(
        url,
        {
            "loai": "truefalse",
            "category": category.pk,
            "text": text,
            "correct": "true",
            "default_mark": "1",
            "difficulty": "easy",
        },
    )
    assert saved.status_code == 302
    assert f'<img src="{image.image.url}"' in Question.objects.get().current_version.text


def test_a_file_that_is_not_a_picture_is_refused(client, organiser, bank, category):
    client.force_login(organiser)

    response = client.post(
        reverse("exams:org-question-create", args=[bank.pk]),
        {
            "loai": "truefalse",
            "action": "upload",
            "category": category.pk,
            "text": "Câu hỏi",
            "image": SimpleUploadedFile("a.png", b"not a picture", content_type="image/png"),
        },
    )

    assert response.status_code == 400
    assert QuestionImage.objects.count() == 0
    assert response.context["upload_error"]


# --- editing, versions ---------------------------------------------------------------------


@pytest.fixture
def question(organiser, bank, category):
    return make_single(actor=organiser, bank=bank, category=category, n=1)


def _edit_data(question, **changes):
    data = {
        "category": question.category_id,
        "text": "Câu hỏi số 1: điều nào đúng?",
        "default_mark": "1",
        "difficulty": "medium",
        "tags": "",
        "reason": "Sửa lỗi chính tả",
        **_choices(
            ("Đáp án đúng 1", "1"),
            ("Phương án sai 1.1", "0"),
            ("Phương án sai 1.2", "0"),
            ("Phương án sai 1.3", "0"),
        ),
    }
    for index, choice_id in enumerate("abcd"):
        data[f"row-{index}-id"] = choice_id
    data.update(changes)
    return data


def test_the_edit_form_shows_the_current_version(client, organiser, question):
    client.force_login(organiser)

    response = client.get(reverse("exams:org-question-edit", args=[question.pk]))

    form = response.context["form"]
    assert form["text"].value() == "Câu hỏi số 1: điều nào đúng?"
    assert [r["text"].value() for r in form.rows.forms[:4]] == [
        "Đáp án đúng 1",
        "Phương án sai 1.1",
        "Phương án sai 1.2",
        "Phương án sai 1.3",
    ]
    assert [r["fraction"].value() for r in form.rows.forms[:4]] == ["1", "0", "0", "0"]
    assert len(form.rows) == 6


def test_editing_makes_a_new_version_and_keeps_the_old_one(client, organiser, question):
    client.force_login(organiser)

    response = client.post(
        reverse("exams:org-question-edit", args=[question.pk]),
        _edit_data(question, text="Câu hỏi số 1: điều nào là đúng nhất?", difficulty="hard"),
    )

    assert response.status_code == 302
    question.refresh_from_db()
    assert question.current_version.number == 2
    assert question.difficulty == "hard"
    assert [c["id"] for c in question.current_version.data["choices"]] == ["a", "b", "c", "d"]
    assert QuestionVersion.objects.get(question=question, number=1).text == (
        "Câu hỏi số 1: điều nào đúng?"
    )
    from congso.core.models import AuditLog

    assert AuditLog.objects.get(action="exams.question_update").reason == "Sửa lỗi chính tả"


def test_saving_without_a_change_makes_no_version(client, organiser, question):
    client.force_login(organiser)

    response = client.post(
        reverse("exams:org-question-edit", args=[question.pk]), _edit_data(question), follow=True
    )

    assert "Không có thay đổi nào" in response.content.decode()
    assert question.versions.count() == 1


def test_the_edit_returns_to_the_filtered_list(client, organiser, question, bank):
    client.force_login(organiser)
    back = reverse("exams:org-bank", args=[bank.pk]) + "?do_kho=hard&trang=2"

    response = client.post(
        reverse("exams:org-question-edit", args=[question.pk]),
        {**_edit_data(question, text="Khác"), "next": back},
    )
    evil = client.post(
        reverse("exams:org-question-edit", args=[question.pk]),
        {**_edit_data(question, text="Khác nữa"), "next": "https://example.com/"},
    )

    assert response["Location"] == back
    assert evil["Location"] == reverse("exams:org-bank", args=[bank.pk])


def test_history_version_compare_and_restore(client, organiser, question):
    client.force_login(organiser)
    client.post(
        reverse("exams:org-question-edit", args=[question.pk]),
        _edit_data(question, text="Câu hỏi số 1: điều nào là đúng nhất?"),
    )

    history = client.get(reverse("exams:org-question-history", args=[question.pk]))
    version = client.get(reverse("exams:org-question-version", args=[question.pk, 1]))
    compare = client.get(reverse("exams:org-question-compare", args=[question.pk]))
    missing = client.get(reverse("exams:org-question-version", args=[question.pk, 9]))

    assert [v.number for v in history.context["versions"]] == [2, 1]
    assert organiser.full_name in history.content.decode()
    assert version.context["is_current"] is False
    assert "Khôi phục phiên bản này" in version.content.decode()
    assert (compare.context["a"].number, compare.context["b"].number) == (1, 2)
    text_row = compare.context["rows"][1]
    assert text_row["changed"] is True
    assert ("del", "đúng?") in text_row["diff"]
    assert ("ins", "là đúng nhất?") in text_row["diff"]
    assert "<ins>là đúng nhất?</ins>" in compare.content.decode()
    assert missing.status_code == 404

    restored = client.post(
        reverse("exams:org-question-restore", args=[question.pk, 1]), {"reason": "Bản cũ đúng"}
    )

    assert restored.status_code == 302
    question.refresh_from_db()
    assert question.current_version.number == 3
    assert question.current_version.text == "Câu hỏi số 1: điều nào đúng?"
    from congso.core.models import AuditLog

    assert AuditLog.objects.filter(action="exams.question_update").order_by("id").last().reason == (
        "Khôi phục nội dung phiên bản 1: Bản cũ đúng"
    )


def test_compare_ignores_unknown_version_numbers(client, organiser, question):
    client.force_login(organiser)

    response = client.get(
        reverse("exams:org-question-compare", args=[question.pk]), {"a": "99", "b": "x"}
    )

    assert response.status_code == 200
    assert (response.context["a"].number, response.context["b"].number) == (1, 1)


def test_archive_and_restore_a_question(client, organiser, question, bank):
    client.force_login(organiser)
    url = reverse("exams:org-question-archive", args=[question.pk])

    hidden = client.post(url, {"archived": "1", "reason": "Trùng câu 5"})
    question.refresh_from_db()
    assert (hidden.status_code, question.is_archived) == (302, True)

    client.post(url, {"archived": "0"})
    question.refresh_from_db()
    assert question.is_archived is False


def test_the_editor_needs_a_category_first(client, organiser, bank):
    client.force_login(organiser)

    response = client.get(
        reverse("exams:org-question-create", args=[bank.pk]), {"loai": "single"}, follow=True
    )

    assert response.redirect_chain[-1][0] == reverse("exams:org-bank", args=[bank.pk])
    assert "hãy thêm một chủ đề" in response.content.decode()


def test_every_question_type_has_its_form(client, organiser, bank, category):
    client.force_login(organiser)

    for qtype in QuestionType.values:
        response = client.get(reverse("exams:org-question-create", args=[bank.pk]), {"loai": qtype})
        assert response.status_code == 200, qtype
