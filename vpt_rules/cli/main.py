"""The ``vpt`` command: a thin click layer over :mod:`vpt_rules.api`.

Exit status: 0 success; 2 bad input (each problem on its own line, ``field.path: message``); 1 an
internal error (one line; the traceback only with ``--debug``).
"""

from __future__ import annotations

import functools
import json
import sys
from collections.abc import Callable, Iterable
from datetime import datetime, time, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from ..i18n.catalog import N_, _, current_language
from ..model.errors import EngineError, UserError, VptError
from . import server as server_commands
from .help import Group, lang_option, translate_click

if TYPE_CHECKING:
    from ..model.case import Case

# ``vpt --help`` loads only click and the message catalogue: everything else (the façade, pydantic, babel,
# YAML, the engine) is imported inside the command that needs it.
translate_click()
EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
AS_OF_HELP = N_("Evaluation moment (ISO 8601; no offset = Amsterdam time). Default: now.")
rules_option = click.option("--rules", "rules_dir", type=click.Path(),
                            help=N_("Use these rule files instead of the bundled ones."))
templates_option = click.option(
    "--templates", "templates_dir", type=click.Path(),
    help=N_("Use these Word templates instead of the bundled ones (env VPT_TEMPLATES_DIR)."))
jobs_option = click.option("--jobs", type=click.IntRange(1, 64),
                           help=N_("Processes for a batch (default: all cores from 16 cases)."))


class BadInput(click.exceptions.Exit):
    """Exit 2 after the problems have been printed."""

    def __init__(self) -> None:
        super().__init__(2)


def show_version(ctx: click.Context, param: click.Parameter, value: bool) -> None:
    """``--version``: the installed version, read only when asked (reading package metadata takes time)."""
    if not value or ctx.resilient_parsing:
        return
    from ..version import __version__

    click.echo(_("%(prog)s, version %(version)s") % {"prog": "vpt", "version": __version__})
    ctx.exit()


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
        except BrokenPipeError:  # the reader went away (``vpt rules | head``): nothing more to say
            sys.stderr.close()
            raise click.exceptions.Exit(0) from None
        except Exception as exc:
            if click.get_current_context().find_root().params.get("debug"):
                raise
            kind = _("internal error") if not isinstance(exc, VptError) else type(exc).__name__
            click.echo(_("{kind}: {error} (run with --debug for details)", kind=kind, error=exc), err=True)
            raise click.exceptions.Exit(1) from None

    return wrapper


@click.group(cls=Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--version", is_flag=True, expose_value=False, is_eager=True, callback=show_version,
              help=N_("Show the version and exit."))
@click.option("--debug", is_flag=True, help=N_("Show tracebacks of internal errors."))
@lang_option
def main(debug: bool) -> None:
    """vpt-rules: what follows from aggression or violence against a public worker (VPT)."""


def load_source(source: str, text: str | None) -> Case:
    """A case from a file path (text None) or from one JSON line."""
    from .. import api

    if text is not None and text.startswith("\0"):
        raise UserError(text[1:], source=source)
    return api.load_case(source) if text is None else api.parse_case(text, source)


def evaluate_job(job: tuple[str, str | None, str, str | None, bool]) -> tuple[str, str | None, list[str]]:
    """Evaluate one case for a batch: (source, printed output or None, problems)."""
    from .. import api
    from .summary import summary

    source, text, as_of, rules_dir, as_json = job
    try:
        outcome = api.evaluate(load_source(source, text), as_of=as_of, rules_dir=rules_dir)
    except (UserError, EngineError) as exc:
        return source, None, of_source(source, exc)
    if as_json == "lines":
        return source, json.dumps(outcome.to_dict(), ensure_ascii=False), []
    return source, outcome.to_json() if as_json else summary(outcome, source), []


LettersJob = tuple[str, str | None, str, str | None, str, str | None, bool, str]


def letters_job(job: LettersJob) -> tuple[str, tuple[str, list[str], list[str]], list[str]]:
    """Write the documents of one case for a batch: (source, (source, absolute paths, warnings), problems)."""
    from .. import api
    from ..api import render_documents
    from . import batch
    from .warnings import letter_warnings

    source, text, as_of, rules_dir, out_dir, templates_dir, pdf, names = job
    try:
        case = load_source(source, text)
        outcome = api.evaluate(case, as_of=as_of, rules_dir=rules_dir)
        batch.claim_name(names, case.case_id)
        written = render_documents(case, outcome, out_dir, templates_dir=templates_dir, pdf=pdf)
    except (UserError, EngineError) as exc:
        return source, (source, [], []), of_source(source, exc)
    warnings = letter_warnings(case, outcome, written) if written else []
    return source, (source, [str(p.resolve()) for p in written], warnings), []


def claim_job(job: tuple[str, str | None, str, str | None, str | None, str]) -> tuple[str, str, list[str]]:
    """Compute the claim of one case for a batch: (source, printed output, problems)."""
    from ..api import compute_claim

    source, text, as_of, data_dir, rules_dir, mode = job
    try:
        result = compute_claim(load_source(source, text), as_of=as_of, data_dir=data_dir, rules_dir=rules_dir)
    except (UserError, EngineError) as exc:
        return source, "", of_source(source, exc)
    if mode == "lines":
        return source, json.dumps(result.to_dict(), ensure_ascii=False), []
    return source, result.to_json() if mode == "json" else result.to_text(), []


class EngineFailure(str):
    """A batch problem that is the engine's fault, not the input's: the batch ends with exit 1, not 2."""


def of_source(source: str, exc: UserError | EngineError) -> list[str]:
    """The problems of one case in a batch, each starting with the case's source."""
    if isinstance(exc, EngineError):
        return [EngineFailure(f"{source}: " + _("internal error in the rule engine: {error}", error=str(exc)))]
    return [str(p) if str(p).startswith(source) else f"{source}: {p}" for p in exc.problems]


def is_batch(cases: tuple[str, ...]) -> bool:
    """Several cases (or a .jsonl file, or stdin): one line of output per case."""
    return len(cases) > 1 or any(c == "-" or c.endswith(".jsonl") for c in cases)


def report(problems: list[str]) -> None:
    """Print problems on stderr, one per line."""
    for problem in problems:
        click.echo(problem, err=True)


def run_batch(job: Callable[[Any], tuple[str, Any, list[str]]], work: Iterable[Any], jobs: int | None, label: str,
              show: Callable[[Any], None], cases: tuple[str, ...] = ()) -> None:
    """Run ``job`` on each item of ``work`` (in ``jobs`` processes); ``show`` each result, report each case's
    problems; exit 2 (:class:`BadInput`) at the end when a case had problems, 1 when the engine failed on one."""
    from . import batch

    bad = failed = 0
    streamed = any(c == "-" or c.endswith(".jsonl") for c in cases)
    length = None if streamed else len(cases)
    processes = jobs or batch.default_jobs(length)
    for _source, result, problems in batch.run(job, work, processes, label, length):
        if problems:
            bad += 1
            failed += any(isinstance(p, EngineFailure) for p in problems)
            report(problems)
        else:
            show(result)
    if failed:
        raise click.exceptions.Exit(1)
    if bad:
        raise BadInput()


@main.command()
@lang_option
@click.argument("cases", nargs=-1, required=True)
@click.option("--json", "as_json", is_flag=True, help=N_("The outcome as JSON (JSON lines for several cases)."))
@click.option("--as-of", help=AS_OF_HELP)
@rules_option
@jobs_option
@guarded
def evaluate(cases: tuple[str, ...], as_json: bool, as_of: str | None, rules_dir: str | None,
             jobs: int | None) -> None:
    """What must happen next in each CASE file, by when and why.

    CASE may be a YAML or JSON file, a .jsonl file with one case per line, or '-' for JSON lines on stdin.
    """
    from .. import api
    from . import batch

    moment_ = api.as_moment(as_of).isoformat()
    api.get_rulesets(rules_dir)  # a broken rule file stops everything at once
    found = batch.sources(cases)
    many = is_batch(cases)
    mode: bool | str = ("lines" if many else True) if as_json else False
    work = ((source, text, moment_, rules_dir, mode) for source, text in found)

    def show(output: str | None) -> None:
        if output is not None:
            click.echo(output + ("\n" if many and not as_json else ""))

    run_batch(evaluate_job, work, jobs, _("Evaluating"), show, cases)


@main.command()
@lang_option
@guarded
def schema() -> None:
    """Print the JSON Schema of the case file, with a description and an example for every field."""
    from ..model.fields import case_schema

    click.echo(json.dumps(case_schema(), ensure_ascii=False, indent=2))


@main.command()
@lang_option
@click.option("--explain", "case_path", type=click.Path(), help=N_("Show for CASE why each rule did or did not fire."))
@click.option("--facts", "show_facts", is_flag=True, help=N_("List the facts rules can test."))
@rules_option
@guarded
def rules(case_path: str | None, show_facts: bool, rules_dir: str | None) -> None:
    """List the rules with their sources and validity, or explain them for one case."""
    from .. import api
    from ..rules.evaluation import explain
    from ..rules.phrases import phrases_for
    from .summary import fact_kind, validity

    rulesets = api.get_rulesets(rules_dir)
    phrases = phrases_for(rulesets, current_language())
    if show_facts:
        for name, ftype in sorted(rulesets.facts.items()):
            click.echo(f"{name:40} {phrases.label(name)}")
            click.echo(f"{'':40} " + _("values: {kind}", kind=fact_kind(ftype)))
        return
    if case_path:
        for entry in explain(api.load_case(case_path), rulesets):
            mark = _("YES") if entry["fired"] else _("no")
            click.echo(f"[{mark:3}] {entry['rule']}: {entry['title']}")
            for reason in entry["because"]:
                click.echo("        " + _("met: {reason}", reason=reason))
            for reason in entry["failed"]:
                click.echo("        " + _("not met: {reason}", reason=reason))
        return
    for rule_file, rule in rulesets.rules:
        click.echo(f"{rule.id}  [{rule_file.ruleset} {rule_file.version}; {validity(rule.valid_from, rule.valid_to)}]")
        click.echo(f"    {rule.title}")
        for source in rule.source_texts():
            click.echo("    " + _("source: {source}", source=source))


def example_moment(case: Case) -> datetime:
    """An hour after the last moment an example records (incident, report, damage), so that its deadlines
    are shown as they stand then, not all overdue years later."""
    from ..terms.calendar import AMSTERDAM

    moments = [case.incident.occurred_at, case.incident.known_at]
    if case.report and case.report.filed_at:
        moments.append(case.report.filed_at)
    for item in case.damages.items if case.damages else []:
        moments.append(datetime.combine(item.incurred_on, time(17, 0), tzinfo=AMSTERDAM))
    return max(moments).astimezone(AMSTERDAM) + timedelta(hours=1)


@main.command()
@lang_option
@click.option("--as-of", help=AS_OF_HELP)
@click.option("--out", "out_dir", type=click.Path(file_okay=False), default="demo-output", show_default=True,
              help=N_("Folder for the outcomes and documents."))
@guarded
def demo(as_of: str | None, out_dir: str) -> None:
    """Run the bundled examples end to end: outcome, claim and documents into --out."""
    from .. import api
    from ..api import compute_claim, render_documents
    from ..documents.files import file_stem, write_atomically
    from .summary import summary

    out = Path(out_dir)
    for path in sorted(EXAMPLES.glob("*.yaml")):
        click.echo(f"== {path.name}\n")
        case = api.load_case(path)
        moment_ = api.as_moment(as_of) if as_of else example_moment(case)
        if not as_of:
            click.echo(_("The example is shown as it stands one hour after its last recorded event; choose "
                         "another moment with --as-of.") + "\n")
        outcome = api.evaluate(case, as_of=moment_)
        click.echo(summary(outcome, str(path)))
        out.mkdir(parents=True, exist_ok=True)
        target = out / f"{file_stem(outcome.case_id, 'outcome')}.json"
        write_atomically(target, (outcome.to_json() + "\n").encode("utf-8"))
        written = [target]
        if case.damages:
            result = compute_claim(case, as_of=moment_)
            click.echo("\n" + result.to_text())
            claim_file = out / f"{file_stem(outcome.case_id, 'claim')}.json"
            write_atomically(claim_file, (result.to_json() + "\n").encode("utf-8"))
            written.append(claim_file)
        written += render_documents(case, outcome, out)
        click.echo("\n" + _("Written:"))
        for file in written:
            click.echo(f"  {file}")
        click.echo("")


@main.command()
@lang_option
@click.argument("cases", nargs=-1, required=True)
@click.option("--json", "as_json", is_flag=True, help=N_("The claim as JSON (JSON lines for several cases)."))
@click.option("--as-of", help=N_("Evaluation moment (ISO 8601; no offset = Amsterdam time). Default: now. "
                                 "Interest runs up to this day."))
@click.option("--data", "data_dir", type=click.Path(),
              help=N_("Use these data tables instead of the bundled smartengeld/."))
@rules_option
@jobs_option
@guarded
def claim(cases: tuple[str, ...], as_json: bool, as_of: str | None, data_dir: str | None,
          rules_dir: str | None, jobs: int | None) -> None:
    """What can be claimed in each CASE: per party the items, smartengeld, statutory interest, the routes.

    CASE may be a YAML or JSON file, a .jsonl file with one case per line, or '-' for JSON lines on stdin.
    """
    from .. import api
    from ..claims.parameters import get_data
    from . import batch

    moment_ = api.as_moment(as_of).isoformat()
    api.get_rulesets(rules_dir)  # broken rules or data stop everything at once
    get_data(data_dir)
    found = batch.sources(cases)
    many = is_batch(cases)
    mode = ("lines" if many else "json") if as_json else "text"
    work = ((source, text, moment_, data_dir, rules_dir, mode) for source, text in found)

    def show(output: str) -> None:
        click.echo(output + ("\n" if many and mode == "text" else ""))

    run_batch(claim_job, work, jobs, _("Claims"), show, cases)


@main.command()
@lang_option
@click.argument("cases", nargs=-1, required=True)
@click.option("--out", "out_dir", type=click.Path(file_okay=False), required=True,
              help=N_("Folder for the documents (<case_id>_<document>.docx)."))
@click.option("--pdf", is_flag=True, help=N_("Also write a PDF of each document (needs LibreOffice)."))
@templates_option
@click.option("--as-of", help=N_("Evaluation moment (ISO 8601; no offset = Amsterdam time). Default: now. "
                                 "The letter is dated on this day."))
@rules_option
@jobs_option
@guarded
def letters(cases: tuple[str, ...], out_dir: str, pdf: bool, templates_dir: str | None, as_of: str | None,
            rules_dir: str | None, jobs: int | None) -> None:
    """Write the letters and forms of each CASE into --out, and print their paths.

    A case with a problem writes no file (the others are still done; exit 2). CASE may be a YAML or JSON
    file, a .jsonl file with one case per line, or '-' for JSON lines on stdin.
    """
    import shutil
    import tempfile

    from .. import api
    from ..documents.pdf import find_libreoffice
    from ..documents.render import check_templates
    from . import batch

    moment_ = api.as_moment(as_of).isoformat()
    api.get_rulesets(rules_dir)
    check_templates(templates_dir)  # a broken template stops everything at once
    if pdf:
        find_libreoffice()
    names = tempfile.mkdtemp(prefix="vpt-names-")  # the output names this run has used, across its workers
    work = ((source, text, moment_, rules_dir, out_dir, templates_dir, pdf, names)
            for source, text in batch.sources(cases))

    def show(result: tuple[str, list[str], list[str]]) -> None:
        source, written, warnings = result
        for path in written:
            click.echo(path)
        for warning in warnings:
            click.echo(_("{source}: warning: {warning}", source=source, warning=warning), err=True)
        if not written:
            click.echo(_("{source}: no documents: the rules ask no letter or form for this case (see 'vpt "
                         "evaluate' for why)", source=source), err=True)

    try:
        run_batch(letters_job, work, jobs, _("Letters"), show, cases)
    finally:
        shutil.rmtree(names, ignore_errors=True)


@main.command()
@lang_option
@click.option("--out", "out_file", type=click.Path(dir_okay=False),
              help=N_("Where to write the case file (YAML). Default: asked, <case_id>.yaml."))
@click.option("--resume", is_flag=True, help=N_("Continue the draft kept when an intake was stopped (Ctrl-C)."))
@click.option("--draft", "draft", type=click.Path(dir_okay=False),
              help=N_("Where the draft is kept (env VPT_INTAKE_DRAFT; default: the user's data folder)."))
@templates_option
@guarded
def intake(out_file: str | None, resume: bool, draft: str | None, templates_dir: str | None) -> None:
    """Ask, in Dutch, for the facts of an incident; review; write the case file; show the actions; make the letters.

    Ctrl-C or Ctrl-D keeps the answers as a draft (exit 130); continue it with --resume.
    """
    from .intake import run_intake

    run_intake(out_file, templates_dir=templates_dir, resume=resume, draft=draft)


main.add_command(server_commands.serve)
main.add_command(server_commands.admin)


if __name__ == "__main__":  # pragma: no cover
    main()
