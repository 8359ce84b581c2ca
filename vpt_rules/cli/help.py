"""The command line in the user's language: help texts, and click's own words ("Usage:", "Error: …").

Commands and options are made with the classes here (:class:`Group`, whose commands are
:class:`Command`); the help texts of their options are catalogue ids (``help=N_(...)``), translated when the help is
shown, so ``--lang en`` (which is read before) applies. Click's own texts go through the catalogue too
(:func:`translate_click`); the few that are not in it stay English.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager

import click

from ..i18n.catalog import LANGUAGES, N_, _, choose_language, ngettext, set_language, translator

# The help of each command (its docstring is for readers of the code).
COMMAND_HELP = {
    "main": N_("vpt-rules: what follows from aggression or violence against a public worker (VPT)."),
    "evaluate": N_("What must happen next in each CASE file, by when and why.\n\nCASE may be a YAML or JSON file, "
                   "a .jsonl file with one case per line, or '-' for JSON lines on stdin."),
    "schema": N_("Print the JSON Schema of the case file, with a description and an example for every field."),
    "rules": N_("List the rules with their sources and validity, or explain them for one case."),
    "demo": N_("Run the bundled examples end to end: outcome, claim and documents into --out."),
    "claim": N_("What can be claimed in each CASE: per party the items, smartengeld, statutory interest, the "
                "routes.\n\nCASE may be a YAML or JSON file, a .jsonl file with one case per line, or '-' for JSON "
                "lines on stdin."),
    "letters": N_("Write the letters and forms of each CASE into --out, and print their paths.\n\nA case with a "
                  "problem writes no file (the others are still done; exit 2). CASE may be a YAML or JSON file, a "
                  ".jsonl file with one case per line, or '-' for JSON lines on stdin."),
    "serve": N_("Start the web pages and the HTTP API (/api/v1) over the case register."),
    "admin": N_("Manage the case register: organisations, users, API keys and its schema."),
    "create-organisation": N_("Add an organisation."),
    "create-user": N_("Add a person who logs in to the pages; the password is asked (or read from stdin with "
                      "--password-stdin)."),
    "create-api-key": N_("Make an API key for a system of an organisation; it is shown once and stored only as a "
                         "hash."),
    "set-password": N_("Give a person a new password (it also lifts a lock after failed logins)."),
    "list": N_("List the organisations with their users, API keys (names only) and number of cases."),
    "migrate": N_("Bring the register's schema up to this version of vpt-rules (back it up first)."),
    "intake": N_("Ask for the facts of an incident; review; write the case file; show the actions; make the "
                 "letters.\n\nCtrl-C or Ctrl-D keeps the answers as a draft (exit 130); continue it with --resume."),
}


@contextmanager
def _translated(params: list[click.Parameter]) -> Iterator[None]:
    """Within the block, each option's help is in the current language."""
    kept = [(p, getattr(p, "help", None)) for p in params]
    try:
        for param, text in kept:
            if text:
                param.help = _(text)  # type: ignore[attr-defined]
        yield
    finally:
        for param, text in kept:
            if text is not None:
                param.help = text  # type: ignore[attr-defined]


class Command(click.Command):
    """A command whose help texts are shown in the current language."""

    def _help(self) -> str | None:
        text = COMMAND_HELP.get(self.name or "")
        return _(text) if text else self.help

    def format_help_text(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        kept, self.help = self.help, self._help()
        try:
            super().format_help_text(ctx, formatter)
        finally:
            self.help = kept

    def get_short_help_str(self, limit: int = 45) -> str:
        kept, self.help = self.help, self._help()
        try:
            return super().get_short_help_str(limit)
        finally:
            self.help = kept

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        with _translated(self.get_params(ctx)):
            super().format_options(ctx, formatter)


class Group(Command, click.Group):
    """The ``vpt`` group: its commands are :class:`Command`."""

    command_class = Command

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        """Start from the environment's language, so that ``--help`` (read before ``--lang`` when it comes
        first) is in it too."""
        if ctx.parent is None:
            try:
                set_language(choose_language())
            except ValueError:
                set_language(None)
        return super().parse_args(ctx, args)

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        with _translated(self.get_params(ctx)):
            click.Command.format_options(self, ctx, formatter)
        self.format_commands(ctx, formatter)


def _set_language(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """``--lang`` on the group or on a command; without it, VPT_LANG, else the locale, else Dutch."""
    if value is not None or ctx.parent is None:
        try:
            set_language(choose_language(value))
        except ValueError:  # only VPT_LANG can be wrong here: click checks --lang itself
            set_language(None)
            click.echo(_("VPT_LANG: unknown language {value}; choose nl or en",
                         value=repr(os.environ.get("VPT_LANG", ""))), err=True)
            raise click.exceptions.Exit(2) from None
    return value


LANG_HELP = N_("Language of what vpt writes: nl (default) or en. Else VPT_LANG, else the LANG locale.")
lang_option = click.option("--lang", type=click.Choice(LANGUAGES), expose_value=False, is_eager=True,
                           callback=_set_language, help=LANG_HELP)


# Click's own texts that a user meets, for the catalogue (click formats them itself).
CLICK_TEXTS = (
    N_("Usage:"), N_("Options"), N_("Commands"), N_("Show this message and exit."), N_("Show the version and exit."),
    N_("Error: {message}"), N_("Try '{command} {option}' for help."), N_("Missing argument"), N_("Missing option"),
    N_("Missing parameter"), N_("Missing command."), N_("No such command {name!r}."), N_("No such option {name!r}."),
    N_("Invalid value for {param_hint}: {message}"), N_("Invalid value: {message}"), N_("Aborted!"),
    N_("default: {default}"), N_("{value} is not in the range {range}."),
    N_("{value!r} is not a valid {number_type}."), N_("{name} {filename!r} does not exist."),
    N_("{name} {filename!r} is a directory."), N_("{name} {filename!r} is a file."), N_("file"), N_("path"),
    N_("directory"), N_("%(prog)s, version %(version)s"), N_("Option {name!r} does not take a value."),
    N_("env var: {var}"),
)


def _click_plurals() -> None:  # pragma: no cover - only read by the catalogue extraction
    ngettext("Got unexpected extra argument ({args})", "Got unexpected extra arguments ({args})", 1)
    ngettext("Option {name!r} requires an argument.", "Option {name!r} requires {nargs} arguments.", 1)
    ngettext("{value!r} is not {choice}.", "{value!r} is not one of {choices}.", 1)
    ngettext("Did you mean {possibility}?", "(Did you mean one of: {possibilities}?)", 1)


def _click_gettext(message: str) -> str:
    return translator().gettext(message) if message in _KNOWN else message


def _click_ngettext(singular: str, plural: str, n: int) -> str:
    return translator()._catalogue.ngettext(singular, plural, n)  # noqa: SLF001 - click formats it itself


_KNOWN = set(CLICK_TEXTS)


def translate_click() -> None:
    """Let click's own texts ("Usage:", "Error: …") come from the catalogue, in the current language."""
    import click.core
    import click.decorators
    import click.exceptions
    import click.formatting
    import click.parser
    import click.types

    for module in (click.core, click.decorators, click.exceptions, click.formatting, click.parser, click.types):
        if hasattr(module, "_"):
            module._ = _click_gettext  # type: ignore[attr-defined]
        if hasattr(module, "ngettext"):
            module.ngettext = _click_ngettext  # type: ignore[attr-defined]
