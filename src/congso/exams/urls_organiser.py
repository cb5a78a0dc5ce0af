"""Organisers' screens under /to-chuc-thi/ (banks, questions, import, exams, contests)."""

from django.urls import path

from congso.exams.views_organiser import banks, contests, exams, questions, transfer

P = "to-chuc-thi/"

urlpatterns = [
    path(P, banks.dashboard, name="org-dashboard"),
    # Banks, categories, questions
    path(f"{P}ngan-hang/", banks.bank_list, name="org-banks"),
    path(f"{P}ngan-hang/tao-moi/", banks.bank_create, name="org-bank-create"),
    path(f"{P}ngan-hang/<int:pk>/", banks.bank_detail, name="org-bank"),
    path(f"{P}ngan-hang/<int:pk>/chu-de/", banks.category_create, name="org-category-create"),
    path(
        f"{P}ngan-hang/<int:pk>/cau-hoi/tao-moi/",
        questions.question_create,
        name="org-question-create",
    ),
    path(f"{P}ngan-hang/<int:pk>/nhap/", transfer.bank_import, name="org-bank-import"),
    path(f"{P}ngan-hang/<int:pk>/xuat/<str:fmt>/", transfer.bank_export, name="org-bank-export"),
    path(f"{P}mau-nhap-cau-hoi.xlsx", transfer.xlsx_template, name="org-xlsx-template"),
    path(f"{P}cau-hoi/<int:pk>/sua/", questions.question_edit, name="org-question-edit"),
    path(f"{P}cau-hoi/<int:pk>/an/", questions.question_archive, name="org-question-archive"),
    path(
        f"{P}cau-hoi/<int:pk>/phien-ban/",
        questions.question_history,
        name="org-question-history",
    ),
    path(
        f"{P}cau-hoi/<int:pk>/phien-ban/<int:number>/",
        questions.question_version,
        name="org-question-version",
    ),
    path(
        f"{P}cau-hoi/<int:pk>/phien-ban/<int:number>/khoi-phuc/",
        questions.question_restore,
        name="org-question-restore",
    ),
    path(f"{P}cau-hoi/<int:pk>/so-sanh/", questions.question_compare, name="org-question-compare"),
    # Contests
    path(f"{P}cuoc-thi/tao-moi/", contests.contest_create, name="org-contest-create"),
    path(f"{P}cuoc-thi/<int:pk>/", contests.contest_detail, name="org-contest"),
    path(f"{P}cuoc-thi/<int:pk>/sua/", contests.contest_edit, name="org-contest-edit"),
    path(f"{P}cuoc-thi/<int:pk>/cong-bo/", contests.contest_publish, name="org-contest-publish"),
    path(f"{P}cuoc-thi/<int:pk>/ket-thuc/", contests.contest_finish, name="org-contest-finish"),
    # Exams (a test or a contest round)
    path(f"{P}bai-thi/tao-moi/", exams.exam_create, name="org-exam-create"),
    path(f"{P}bai-thi/<int:pk>/", exams.exam_detail, name="org-exam"),
    path(f"{P}bai-thi/<int:pk>/sua/", exams.exam_edit, name="org-exam-edit"),
    path(f"{P}bai-thi/<int:pk>/quy-tac/", exams.exam_rules, name="org-exam-rules"),
    path(f"{P}bai-thi/<int:pk>/giai-thuong/", exams.exam_prizes, name="org-exam-prizes"),
    path(f"{P}bai-thi/<int:pk>/cong-bo/", exams.exam_publish, name="org-exam-publish"),
    path(f"{P}bai-thi/<int:pk>/ket-thuc/", exams.exam_close, name="org-exam-close"),
    path(
        f"{P}bai-thi/<int:pk>/bat-dau-ca-thi/",
        exams.exam_supervisor_start,
        name="org-exam-supervisor-start",
    ),
    path(
        f"{P}bai-thi/<int:pk>/luot-lam-bai/<int:attempt_id>/gia-han/",
        exams.attempt_extend,
        name="org-attempt-extend",
    ),
]
