"""Organisers' screens under /to-chuc-thi/: a module per screen set (dashboard, banks,
questions, import/export, contests, exams). Each view fetches through `permissions.access_*`,
validates with a form from `congso.exams.forms` and calls one service."""
