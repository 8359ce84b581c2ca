"""The message catalogues: language choice, translation, and catalogues that are complete and compiled."""

from __future__ import annotations

import gettext
import os
import pickle
import subprocess
import sys
from io import BytesIO
from pathlib import Path

import pytest
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from click.testing import CliRunner
from paths import ROOT

from vpt_rules.i18n import Message, _, choose_language, current_language, set_language, translator, use_language
from vpt_rules.i18n.catalog import LOCALE_DIR

PO = {lang: LOCALE_DIR / lang / "LC_MESSAGES" / "vpt.po" for lang in ("nl", "en")}


@pytest.mark.parametrize(("option", "env", "expected"), [
    (None, {}, "nl"),
    ("en", {"VPT_LANG": "nl", "LANG": "nl_NL.UTF-8"}, "en"),
    (None, {"VPT_LANG": "en", "LANG": "nl_NL.UTF-8"}, "en"),
    (None, {"VPT_LANG": "EN"}, "en"),
    (None, {"LANG": "en_US.UTF-8"}, "en"),
    (None, {"LANG": "nl_BE.UTF-8"}, "nl"),
    (None, {"LANG": "de_DE.UTF-8"}, "nl"),
    (None, {"LANG": "C.UTF-8"}, "nl"),
    (None, {"LC_ALL": "en_GB.UTF-8", "LANG": "nl_NL.UTF-8"}, "en"),
    (None, {"LC_MESSAGES": "nl_NL", "LANG": "en_US"}, "nl"),
])
def test_the_language_is_the_option_then_vpt_lang_then_the_locale_then_dutch(option, env, expected) -> None:
    assert choose_language(option, env) == expected


def test_an_unknown_vpt_lang_is_an_error_that_names_it() -> None:
    with pytest.raises(ValueError, match="VPT_LANG: unknown language 'fr'"):
        choose_language(None, {"VPT_LANG": "fr"})


def test_dutch_is_the_default_and_english_is_there() -> None:
    assert current_language() == "nl"
    assert _("internal error") == "interne fout"
    assert translator("en").gettext("internal error") == "internal error"
    with use_language("en") as tr:
        assert tr.lang == "en" and _("internal error") == "internal error"
    assert _("internal error") == "interne fout"
    set_language("en")
    assert _("internal error") == "internal error"


def test_placeholders_are_filled_in_both_languages() -> None:
    text = "{kind}: {error} (run with --debug for details)"
    assert _(text, kind="x", error="y") == "x: y (voer opnieuw uit met --debug voor details)"
    assert translator("en").gettext(text, kind="x", error="y") == "x: y (run with --debug for details)"


def test_a_message_is_translated_when_shown_and_survives_pickling() -> None:
    message = Message("{kind}: {error} (run with --debug for details)", kind="a", error="b")
    assert message == "a: b (run with --debug for details)"  # compared as its English text
    assert str(message) == "a: b (voer opnieuw uit met --debug voor details)"
    assert f"{message}" == str(message)
    again = pickle.loads(pickle.dumps(message))
    assert isinstance(again, Message) and translator("en").message(again) == "a: b (run with --debug for details)"


def test_the_translator_is_read_once_per_language() -> None:
    assert translator("nl") is translator("nl")
    with pytest.raises(ValueError, match="unknown language 'de'"):
        translator("de")


def test_every_text_has_a_dutch_translation() -> None:
    catalogue = read_po(PO["nl"].open("rb"))
    missing = [m.id for m in catalogue if m.id and (not m.string or m.fuzzy or
                                                    (isinstance(m.string, tuple) and not all(m.string)))]
    assert missing == [], "translate these in vpt_rules/i18n/locale/nl/LC_MESSAGES/vpt.po, then bash scripts/i18n.sh"


def test_the_placeholders_of_a_translation_are_those_of_its_text() -> None:
    import string

    def names(text: str) -> set[str]:
        return {f for _, f, _, _ in string.Formatter().parse(text) if f}

    wrong = []
    for lang in ("nl", "en"):
        for m in read_po(PO[lang].open("rb")):
            ids = m.id if isinstance(m.id, tuple) else (m.id,)
            strings = m.string if isinstance(m.string, tuple) else (m.string,)
            for text in strings:
                if text and names(text) - set().union(*(names(i) for i in ids)):
                    wrong.append((lang, m.id, text))
    assert wrong == []


def test_the_catalogues_hold_every_text_of_the_code(tmp_path) -> None:
    pot = tmp_path / "vpt.pot"
    pybabel = Path(sys.executable).with_name("pybabel")
    subprocess.run(["bash", "scripts/i18n.sh", "pot", str(pot)], cwd=ROOT, check=True,
                   env={**os.environ, "PYBABEL": str(pybabel) if pybabel.exists() else "pybabel"})
    in_code = {m.id for m in read_po(pot.open("rb")) if m.id}
    for lang, path in PO.items():
        in_po = {m.id for m in read_po(path.open("rb")) if m.id}
        assert in_code - in_po == set(), f"run: bash scripts/i18n.sh (then translate the new {lang} texts)"
        assert in_po - in_code == set(), "texts no longer in the code: run bash scripts/i18n.sh"


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_compiled_catalogue_is_that_of_the_po_file(lang) -> None:
    buffer = BytesIO()
    write_mo(buffer, read_po(PO[lang].open("rb")))
    fresh = gettext.GNUTranslations(BytesIO(buffer.getvalue()))
    with (PO[lang].with_suffix(".mo")).open("rb") as mo:
        shipped = gettext.GNUTranslations(mo)
    assert fresh._catalog == shipped._catalog, "run: bash scripts/i18n.sh compile"  # noqa: SLF001


def test_the_cli_speaks_dutch_by_default_and_english_on_request(tmp_path, monkeypatch) -> None:
    from vpt_rules.cli.main import main

    missing = str(tmp_path / "nope.yaml")
    dutch = CliRunner().invoke(main, ["evaluate", missing])
    english = CliRunner().invoke(main, ["--lang", "en", "evaluate", missing])
    also_english = CliRunner().invoke(main, ["evaluate", "--lang", "en", missing])
    assert dutch.exit_code == english.exit_code == also_english.exit_code == 2
    assert english.stderr == also_english.stderr != dutch.stderr
    monkeypatch.setenv("VPT_LANG", "en")
    assert CliRunner().invoke(main, ["evaluate", missing]).stderr == english.stderr
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    monkeypatch.setenv("VPT_LANG", "nl")
    assert CliRunner().invoke(main, ["evaluate", missing]).stderr == dutch.stderr


def test_a_wrong_vpt_lang_stops_the_cli_with_exit_2(monkeypatch, tmp_path) -> None:
    from vpt_rules.cli.main import main

    monkeypatch.setenv("VPT_LANG", "fr")
    result = CliRunner().invoke(main, ["evaluate", str(tmp_path / "x.yaml")])
    assert result.exit_code == 2
    assert result.stderr.strip() == "VPT_LANG: onbekende taal 'fr'; kies nl of en"


def test_the_catalogue_module_imports_nothing_else_of_the_package() -> None:
    import ast

    tree = ast.parse((ROOT / "vpt_rules" / "i18n" / "catalog.py").read_text(encoding="utf-8"))
    imported = [n.module or "" for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)]
    imported += [a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names]
    assert [m for m in imported if m.startswith("vpt_rules") or m == ""] == []


def test_a_broken_rule_file_is_explained_in_dutch(tmp_path) -> None:
    import shutil

    from vpt_rules.cli.main import main
    from vpt_rules.resources import bundled

    folder = tmp_path / "rules"
    shutil.copytree(bundled("rules"), folder)
    (folder / "zz_extra.yaml").write_text(
        'ruleset: extra\ntitle: "Extra"\nversion: "1"\nrules:\n  - id: extra.check\n    title: "Controle"\n'
        '    description: "Een regel om te testen."\n    valid_from: 2020-01-01\n    valid_to: 2019-01-01\n'
        '    when:\n      - {fact: vpt_kase, is: true}\n    then:\n      flags: {halt_possibel: true}\n'
        '    sources: ["test"]\n', encoding="utf-8")
    result = CliRunner().invoke(main, ["rules", "--rules", str(folder)])
    assert result.exit_code == 2
    assert result.stderr.strip() == "zz_extra.yaml: regel extra.check.valid_to: ligt vóór valid_from"
    (folder / "zz_extra.yaml").write_text(
        (folder / "zz_extra.yaml").read_text(encoding="utf-8").replace("valid_to: 2019-01-01", "valid_to: 2021-01-01"),
        encoding="utf-8")
    lines = CliRunner().invoke(main, ["rules", "--rules", str(folder)]).stderr.strip().splitlines()
    assert lines == ["zz_extra.yaml: regel extra.check.when.0.fact: onbekend feit 'vpt_kase'; zie 'vpt rules --facts'",
                     "zz_extra.yaml: regel extra.check.then.flags.halt_possibel: onbekende flag; bekend: "
                     "priority_handling, vpt_marking, sentencing_uplift_percent, summons_expected, "
                     "employer_report_allowed, domicile_choice, report_under_number, statutory_aggravation, "
                     "perpetrator_minor, halt_possible, halt_prosecutor_decides, criminal_route_closed, state_advance, "
                     "complaint_required, community_service_ban, "
                     "letter_to_representatives, letter_copy_to_representatives"]


def test_the_help_is_dutch_by_default_and_english_on_request() -> None:
    from vpt_rules.cli.main import main

    dutch = CliRunner().invoke(main, ["evaluate", "--help"], prog_name="vpt").stdout
    english = CliRunner().invoke(main, ["--lang", "en", "evaluate", "--help"], prog_name="vpt").stdout
    assert dutch.startswith("Gebruik: vpt evaluate [OPTIONS] CASES...\n\n  Wat er nu moet gebeuren in elke ZAAK")
    assert "Opties:" in dutch and "Toon deze hulp en stop." in dutch and "--as-of TEXT" in dutch
    assert "Moment van beoordelen (ISO 8601; zonder tijdzone = Amsterdamse tijd). Standaard: nu." in " ".join(
        dutch.split())
    assert english.startswith("Usage: vpt evaluate [OPTIONS] CASES...\n\n  What must happen next in each CASE file")
    top = CliRunner().invoke(main, ["--help"]).stdout
    assert "Opdrachten:" in top and "  intake    Vraag de feiten van een incident uit" in top


def test_a_usage_error_is_dutch_and_exit_2() -> None:
    from vpt_rules.cli.main import main

    result = CliRunner().invoke(main, ["evaluate"])
    assert result.exit_code == 2
    assert "Fout: Ontbrekend argument 'CASES...'." in result.stderr
    wrong = CliRunner().invoke(main, ["--lang", "fr", "rules"])
    assert wrong.exit_code == 2 and "Fout: Ongeldige waarde voor '--lang': 'fr' is niet een van 'nl', 'en'." in wrong.stderr


def test_every_command_and_option_has_a_dutch_help() -> None:
    from vpt_rules.cli.help import COMMAND_HELP
    from vpt_rules.cli.main import main

    nl = translator("nl")
    commands = [("main", main), *main.commands.items()]
    commands += [item for _, group in commands[1:] for item in getattr(group, "commands", {}).items()]  # vpt admin …
    assert {name for name, _ in commands} == set(COMMAND_HELP)
    untranslated = []
    for name, command in commands:
        assert nl.gettext(COMMAND_HELP[name]) != COMMAND_HELP[name], name
        for param in command.params:
            text = getattr(param, "help", None)
            if param.name == "version":  # click's own, in the catalogue as "Show the version and exit."
                continue
            if isinstance(param, __import__("click").Option) and (not text or nl.gettext(text) == text):
                untranslated.append(f"{name} {param.opts[0]}")
    assert untranslated == [], "give these options help=N_('...') and a Dutch text in the catalogue"


def test_no_catalogue_holds_a_merge_conflict() -> None:
    """babel reads a .po file with conflict markers with only a warning: refuse them here."""
    from pathlib import Path

    import vpt_rules.i18n.catalog as catalog

    for po in Path(catalog.LOCALE_DIR).glob("*/LC_MESSAGES/*.po"):
        markers = [line for line in po.read_text(encoding="utf-8").splitlines()
                   if line.startswith(("<<<<<<<", "=======", ">>>>>>>"))]
        assert markers == [], po


def test_a_problem_gives_its_texts_in_a_language_for_json() -> None:
    from vpt_rules import UserError, load_case

    with pytest.raises(UserError) as info:
        load_case({"case_id": "x y"})
    problem = next(p for p in info.value.problems if p.path == "case_id")
    assert problem.texts() == ("case_id", "gebruik 1 tot 64 letters, cijfers en . _ / - (geen spaties)")
    assert problem.texts("en") == ("case_id", "use 1 to 64 letters, digits and . _ / - (no spaces)")


def test_document_errors_are_dutch(tmp_path) -> None:
    from vpt_rules.cli.main import main

    case = Path(__file__).resolve().parents[2] / "vpt_rules" / "examples" / "counter_threat.yaml"
    result = CliRunner().invoke(main, ["letters", str(case), "--out", str(tmp_path / "out"), "--templates",
                                       str(tmp_path / "geen")])
    assert result.exit_code == 2
    assert result.stderr.strip().splitlines()[0] == f"templates: map bestaat niet: {tmp_path / 'geen'}"


def test_the_claim_table_uses_the_document_names_in_dutch_and_speaks_english_on_request() -> None:
    from vpt_rules.claims import text

    nl = translator("nl")
    assert {k: nl.gettext(v) for k, v in text.KIND_TEXT.items()} == text.KIND_NL
    assert {k: nl.gettext(v) for k, v in text.PARTY_TEXT.items()} == text.PARTY_NL
    assert {k: nl.gettext(v) for k, v in text.BASIS_TEXT.items()} == text.BASIS_NL
    assert nl.gettext(text.NOT_APPLICABLE_TEXT) == text.NOT_APPLICABLE

    from vpt_rules.cli.main import main

    case = Path(__file__).resolve().parents[2] / "vpt_rules" / "examples" / "conductor_assault_claim.yaml"
    args = ["claim", str(case), "--as-of", "2025-10-01T12:00:00+02:00"]
    dutch = CliRunner().invoke(main, args).stdout
    english = CliRunner().invoke(main, ["--lang", "en", *args]).stdout
    assert dutch.startswith("Zaak EX-OV-2025-311 — schadeberekening per woensdag 1 oktober 2025 12:00\n")
    assert english.startswith("Case EX-OV-2025-311 — damage calculation as of Wednesday 1 October 2025 12:00\n")
    assert "Fysiotherapie, eigen risico (medische kosten, 20 februari 2025)" in dutch
    assert "Fysiotherapie, eigen risico (medical expenses, 20 February 2025)" in english
    assert "€120.50" in english and "€\u00a0120,50" in dutch
    assert "Total of both parties:" in english and "Routes:" in english


def test_large_numbers_are_grouped_as_the_language_does() -> None:
    assert translator("nl").gettext("larger than {limit:,} bytes", limit=1_000_000) == "groter dan 1.000.000 bytes"
    assert translator("en").gettext("larger than {limit:,} bytes", limit=1_000_000) == "larger than 1,000,000 bytes"
