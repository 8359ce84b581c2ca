"""Strict loading: duplicate keys, aliases, size, depth, encodings."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from vpt_rules.model.errors import UserError
from vpt_rules.model.loading import load_file, parse_text


def test_decimals_and_dates_keep_their_text() -> None:
    data = parse_text("amount: 0.10\nday: 2026-01-01\nmoment: 2026-01-01T10:00:00+01:00\n")
    assert data == {"amount": Decimal("0.10"), "day": "2026-01-01", "moment": "2026-01-01T10:00:00+01:00"}


def test_json_is_read_with_decimals() -> None:
    assert parse_text('{"a": 1.5, "b": [1, 2]}') == {"a": Decimal("1.5"), "b": [1, 2]}


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("a: 1\nb: 2\na: 3\n", ["regel 3", "sleutel 'a' staat er twee keer in"]),
        ('{"a": 1, "a": 2}', ["sleutel 'a' staat er twee keer in"]),
        ("a: &x [1, 2]\nb: *x\n", ["ankers (&naam) zijn niet toegestaan"]),
        ("", ["het bestand is leeg"]),
        ("   \n\n", ["het bestand is leeg"]),
        ("a: [1, 2\n", ["geen geldige YAML"]),
        ("a: 'x\x00y'\n", ["geen tekstbestand (bevat NUL-tekens)"]),
        ("a:\n" + "".join("  " * i + "- \n" for i in range(1, 60)), ["dieper genest dan 32 niveaus"]),
        ("[" * 5000 + "]" * 5000, ["dieper genest dan 32 niveaus"]),
    ],
)
def test_bad_text_is_refused_with_a_reason(text: str, words: list[str]) -> None:
    with pytest.raises(UserError) as info:
        parse_text(text, "case.yaml")
    message = str(info.value)
    assert message.startswith("case.yaml")
    for word in words:
        assert word in message


def test_alias_bomb_is_refused_quickly() -> None:
    bomb = "a: &a ['x','x']\n" + "".join(f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)},*{chr(97 + i)}]\n"
                                        for i in range(9))
    with pytest.raises(UserError, match="ankers"):
        parse_text(bomb)


def test_too_large(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    path.write_text("a: '" + "x" * 2_000_000 + "'\n")
    with pytest.raises(UserError, match="groter dan 1.000.000 bytes"):
        load_file(path)


def test_binary_garbage(tmp_path: Path) -> None:
    path = tmp_path / "garbage.yaml"
    path.write_bytes(bytes(range(128, 256)) * 4)
    with pytest.raises(UserError, match="geen UTF-8-tekst"):
        load_file(path)


def test_missing_file_and_folder(tmp_path: Path) -> None:
    with pytest.raises(UserError, match="bestand bestaat niet"):
        load_file(tmp_path / "nope.yaml")
    with pytest.raises(UserError, match="is een map, geen bestand"):
        load_file(tmp_path)


def test_load_errors_are_english_on_request() -> None:
    from vpt_rules.i18n import use_language

    with pytest.raises(UserError) as info:
        parse_text("a: 1\na: 2\n", "case.yaml")
    assert str(info.value) == "case.yaml: regel 2: sleutel 'a' staat er twee keer in"
    with use_language("en"):
        assert [str(p) for p in info.value.problems] == ["case.yaml: line 2: duplicate key 'a'"]
