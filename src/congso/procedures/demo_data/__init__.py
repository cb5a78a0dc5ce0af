"""The demo catalogue of administrative procedures, one module per group of fields.

`PROCEDURES` is what `congso.procedures.demo.seed_procedures` writes; `FIELDS` names the fields.
"""

from __future__ import annotations

from congso.procedures.demo_data import chung_thuc, khac, kinh_doanh, thong_tin, tu_phap, xay_dung
from congso.procedures.demo_data.base import FIELDS, ProcedureSpec

PROCEDURES: list[ProcedureSpec] = [
    *tu_phap.PROCEDURES,
    *chung_thuc.PROCEDURES,
    *kinh_doanh.PROCEDURES,
    *xay_dung.PROCEDURES,
    *thong_tin.PROCEDURES,
    *khac.PROCEDURES,
]

__all__ = ["FIELDS", "PROCEDURES", "ProcedureSpec"]
