"""Every CONGSO_* variable the settings read is documented in .env.example and docs/configuration.md."""

import re
from pathlib import Path

import pytest

from congso import env

ROOT = Path(__file__).resolve().parents[4]


def _read_variables() -> set[str]:
    source = (ROOT / "src/congso/settings.py").read_text(encoding="utf-8")
    return set(re.findall(r'env\.get_\w+\(\s*"([A-Z_]+)"', source))


def test_settings_read_the_documented_variables():
    names = _read_variables()
    assert {"DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL"} <= names
    example = (ROOT / ".env.example").read_text(encoding="utf-8")
    docs = (ROOT / "docs/configuration.md").read_text(encoding="utf-8")
    missing_example = sorted(n for n in names if f"CONGSO_{n}=" not in example)
    missing_docs = sorted(n for n in names if f"`CONGSO_{n}`" not in docs)
    assert missing_example == []
    assert missing_docs == []


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("true", True), ("1", True), ("On", True), ("false", False), ("0", False), ("", False)],
)
def test_get_bool(raw, expected):
    assert env.get_bool("X", environ={"CONGSO_X": raw}) is expected


def test_typed_readers_refuse_garbage_in_one_sentence():
    with pytest.raises(env.ConfigurationError, match="CONGSO_PORT phải là một số nguyên"):
        env.get_int("PORT", 25, environ={"CONGSO_PORT": "hai lăm"})
    with pytest.raises(env.ConfigurationError, match="CONGSO_X phải là true hoặc false"):
        env.get_bool("X", environ={"CONGSO_X": "maybe"})


def test_get_list_and_defaults():
    assert env.get_list("H", environ={"CONGSO_H": " a.vn, ,.b.vn "}) == ["a.vn", ".b.vn"]
    assert env.get_list("H", ["x"], environ={}) == ["x"]
    assert env.get_int("P", 25, environ={}) == 25
    assert env.get_str("S", "d", environ={"CONGSO_S": "  v "}) == "v"
