"""The ``vpt`` command: a thin click layer over :mod:`vpt_rules.api`.

Exit status: 0 success; 2 bad input (each problem on its own line, ``field.path: message``); 1 an
internal error (one line; the traceback only with ``--debug``).
"""

from __future__ import annotations

import functools
import json
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import click

from . import __version__, api
from .case import Case
from .dutch import moment
from .errors import UserError, VptError
from .evaluation import explain
from .outcome import Outcome

EXAMPLES = Path(__file__).parent / "examples"
ACTOR_NL = {"employer": "werkgever", "employee": "werknemer", "police": "politie", "prosecutor": "OM",
            "helpdesk": "helpdesk"}
AS_OF_HELP = "Evaluation moment (ISO 8601; no offset = Amsterdam time). Default: now."


class BadInput(click.exceptions.Exit):
    """Exit 2 after the problems have been printed."""

    def __init__(self) -> None:
        super().__init__(2)


def guarded(command: Callable[..., Any]) -> Callable[..., Any]:
    """Turn UserError into exit 2 with one line per problem, anything else into exit 1 with one line."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except UserError as exc:
            for problem in exc.problems:
                click.echo(str(problem), err=True)
            raise BadInput() from None
        except (click.exceptions.Exit, click.ClickException, click.Abort):
            raise
        except Exception as exc:
            if click.get_current_context().find_root().params.get("debug"):
                raise
            kind = "internal error" if not isinstance(exc, VptError) else type(exc).__name__
            click.echo(f"{kind}: {exc} (run with --debug for details)", err=True)
            raise click.exceptions.Exit(1) from None

    return wrapper


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="vpt")
@click.option("--debug", is_flag=True, help="Show tracebacks of internal errors.")
def main(debug: bool) -> None:
    """vpt-rules: what follows from aggression or violence against a public worker (VPT)."""


def read_cases(paths: tuple[str, ...]) -> Iterator[tuple[str, Case | UserError]]:
    """Each case file (or each line of a .jsonl file, or of stdin for '-'), parsed or with its error."""
    for name in paths:
        if name == "-" or name.endswith(".jsonl"):
            stream = sys.stdin if name == "-" else open(name, encoding="utf-8")  # noqa: SIM115
            with stream:
                for number, line in enumerate(stream, 1):
                    if line.strip():
                        source = f"{name}:{number}"
                        try:
                            yield source, api.parse_case(line, source)
                        except UserError as exc:
                            yield source, exc
            continue
        try:
            yield name, api.load_case(name)
        except UserError as exc:
            yield name, exc


def summary(outcome: Outcome) -> str:
    """The outcome in Dutch for a person: what to do, by when, why."""
    yes = {True: "ja", False: "nee"}
    flags = outcome.flags
    lines = [
        f"Zaak {outcome.case_id} — stand op {moment(outcome.as_of)}",
        f"VPT-zaak: {yes[outcome.vpt_case]}",
        f"Politie en OM: prioriteit {yes[flags['priority_handling']]}, VPT-markering {yes[flags['vpt_marking']]}, "
        f"strafeis +{flags['sentencing_uplift_percent']}%, dagvaarding verwacht {yes[flags['summons_expected']]}",
    ]
    if flags["statutory_aggravation"]:
        lines.append("Strafverzwaring: " + ", ".join(flags["statutory_aggravation"]))
    extra = [name for name in ("domicile_choice", "report_under_number", "perpetrator_minor", "halt_possible",
                               "complaint_required", "community_service_ban", "letter_to_representatives",
                               "letter_copy_to_representatives") if flags[name]]
    if extra:
        lines.append("Verder: " + ", ".join(extra))
    if flags["state_advance"] != "none":
        lines.append(f"Voorschotregeling: {flags['state_advance']}")
    lines.append("")
    lines.append("Wat moet er gebeuren:" if outcome.actions else "Geen acties: de regels zijn niet van toepassing.")
    for number, action in enumerate(outcome.actions, 1):
        when = f" — uiterlijk {moment(action.due)}" if action.due else ""
        late = " (TE LAAT)" if action.overdue else ""
        lines.append(f"{number:2}. [{ACTOR_NL.get(action.actor, action.actor)}] {action.title}{when}{late}")
        if action.available_from:
            lines.append(f"    Vanaf: {moment(action.available_from)}")
        lines.append(f"    Waarom: {'; '.join(action.because)}")
        lines.append(f"    Bron: {'; '.join(action.sources)}")
        if action.documents:
            lines.append(f"    Documenten: {', '.join(action.documents)}")
    return "\n".join(lines)


@main.command()
@click.argument("cases", nargs=-1, required=True)
@click.option("--json", "as_json", is_flag=True, help="The outcome as JSON (JSON lines for several cases).")
@click.option("--as-of", help=AS_OF_HELP)
@click.option("--rules", "rules_dir", type=click.Path(), help="Use these rule files instead of the bundled ones.")
@guarded
def evaluate(cases: tuple[str, ...], as_json: bool, as_of: str | None, rules_dir: str | None) -> None:
    """What must happen next in each CASE file, by when and why."""
    moment_ = api.as_moment(as_of)
    api.get_rulesets(rules_dir)  # a broken rule file stops everything at once
    bad = 0
    many = len(cases) > 1 or any(c == "-" or c.endswith(".jsonl") for c in cases)
    for source, case in read_cases(cases):
        if isinstance(case, UserError):
            bad += 1
            for problem in case.problems:
                click.echo(str(problem), err=True)
            continue
        try:
            outcome = api.evaluate(case, as_of=moment_, rules_dir=rules_dir)
        except UserError as exc:
            bad += 1
            for problem in exc.problems:
                click.echo(f"{source}: {problem}", err=True)
            continue
        if as_json:
            click.echo(json.dumps(outcome.to_dict(), ensure_ascii=False) if many else outcome.to_json())
        else:
            click.echo(summary(outcome) + ("\n" if many else ""))
    if bad:
        raise BadInput()


@main.command()
@guarded
def schema() -> None:
    """Print the JSON Schema of the case file."""
    click.echo(json.dumps(Case.model_json_schema(), ensure_ascii=False, indent=2))


@main.command()
@click.option("--explain", "case_path", type=click.Path(), help="Show for CASE why each rule did or did not fire.")
@click.option("--facts", "show_facts", is_flag=True, help="List the facts rules can test.")
@click.option("--rules", "rules_dir", type=click.Path(), help="Use these rule files instead of the bundled ones.")
@guarded
def rules(case_path: str | None, show_facts: bool, rules_dir: str | None) -> None:
    """List the rules with their sources and validity, or explain them for one case."""
    rulesets = api.get_rulesets(rules_dir)
    if show_facts:
        for name, ftype in sorted(rulesets.facts.items()):
            click.echo(f"{name:40} {ftype.describe():30} {ftype.description}")
        return
    if case_path:
        for entry in explain(api.load_case(case_path), rulesets):
            mark = "JA " if entry["fired"] else "nee"
            click.echo(f"[{mark}] {entry['rule']}: {entry['title']}")
            for reason in entry["failed"]:
                click.echo(f"        niet voldaan: {reason}")
        return
    for rule_file, rule in rulesets.rules:
        period = f"{rule.valid_from or '…'} t/m {rule.valid_to or '…'}"
        click.echo(f"{rule.id}  [{rule_file.ruleset} {rule_file.version}; geldig {period}]")
        click.echo(f"    {rule.title}")
        for source in rule.sources:
            click.echo(f"    bron: {source}")


@main.command()
@click.option("--as-of", help=AS_OF_HELP)
@click.option("--out", "out_dir", type=click.Path(file_okay=False), default="demo-output", show_default=True,
              help="Folder for the outcomes and documents.")
@guarded
def demo(as_of: str | None, out_dir: str) -> None:
    """Run the bundled examples end to end: outcome, documents."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    for path in sorted(EXAMPLES.glob("*.yaml")):
        click.echo(f"== {path.name}")
        outcome = api.evaluate(api.load_case(path), as_of=as_of)
        click.echo(summary(outcome))
        target = out / f"{outcome.case_id}_outcome.json"
        target.write_text(outcome.to_json() + "\n", encoding="utf-8")
        click.echo(f"\nUitkomst: {target}\n")


if __name__ == "__main__":  # pragma: no cover
    main()
