"""Message catalogues: every text a user reads, in Dutch (the default) or English.

How to use it (CLI, pages, library)::

    from vpt_rules.i18n import _, N_, translator, use_language

    _("Case {case_id}", case_id="UTR-1")          # the current language (default Dutch): "Zaak UTR-1"
    tr = translator("en")                         # one language explicitly, e.g. per web request
    tr.gettext("Case {case_id}", case_id="UTR-1") # "Case UTR-1"
    tr.ngettext("{n} problem", "{n} problems", 3)  # "{n}" is filled with n
    with use_language("en"):                      # the current language for this thread / async task
        ...
    TITLE = N_("Check your answers")              # mark a module-level text; translate it where shown: _(TITLE)

Message ids are the English texts with ``{name}`` placeholders (``str.format``); the translations live in
``vpt_rules/i18n/locale/<lang>/LC_MESSAGES/vpt.po`` and are compiled to ``vpt.mo`` beside them (committed,
so a fresh clone and the wheel have them). After changing texts run ``bash scripts/i18n.sh`` (babel:
extract, update the .po files, compile); ``tests/test_i18n.py`` fails while a Dutch text is missing or a
``.mo`` is out of date. Extraction finds the first argument of ``_``, ``N_``, ``gettext``, ``Message`` and
``ngettext`` (``tr.gettext(...)`` is found, a bare ``tr(...)`` is not). Jinja pages: ``babel.cfg``'s
``[jinja2: **/templates/**.html]`` section extracts ``{{ _("...") }}``, ``{{ ngettext(...) }}`` and ``N_("...")``
from the templates, where ``vpt_rules/server/pages/render.py`` installs these functions as globals.

The current language: :func:`use_language` (a context variable: safe for threads and async requests),
else the process default set by :func:`set_language` (the CLI's ``--lang``), else the environment
(:func:`choose_language`: ``VPT_LANG``, then the ``LC_ALL`` / ``LC_MESSAGES`` / ``LANG`` locale), else Dutch.
A catalogue is read once per process, on first use; a lookup is one dict access.

A text built where the language is not yet known (a validation problem) is a :class:`Message`: it keeps
its id and values and is translated when shown (``str(message)`` in the current language, or
``translator(lang).message(message)``). This module imports nothing else of vpt_rules, so every layer may use it.
"""

from __future__ import annotations

import contextlib
import contextvars
import gettext as _gettext
import os
import string
import threading
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

LANGUAGES = ("nl", "en")
DEFAULT_LANGUAGE = "nl"
DOMAIN = "vpt"
LOCALE_DIR = Path(__file__).parent / "locale"

_current: contextvars.ContextVar[str | None] = contextvars.ContextVar("vpt_language", default=None)
_process_default: str | None = None
_translators: dict[str, Translator] = {}
_lock = threading.Lock()


class _Formatter(string.Formatter):
    """``{n:,}`` groups thousands as the language does: 1.000.000 in Dutch, 1,000,000 in English."""

    def __init__(self, lang: str) -> None:
        self.lang = lang

    def format_field(self, value: Any, format_spec: str) -> str:
        text = super().format_field(value, format_spec)
        if self.lang == "nl" and "," in format_spec and isinstance(value, int):
            text = text.replace(",", ".")
        return text


def _format(text: str, params: Mapping[str, Any], lang: str = "en") -> str:
    return _Formatter(lang).vformat(text, (), params) if params else text


class Translator:
    """The texts of one language: ``tr(msgid, **params)``; ``tr.ngettext(...)`` for counted texts."""

    def __init__(self, lang: str, catalogue: _gettext.NullTranslations) -> None:
        self.lang = lang
        self._catalogue = catalogue

    def gettext(self, msgid: str, **params: Any) -> str:
        """The text in this language, with ``{name}`` placeholders filled from ``params``."""
        return _format(self._catalogue.gettext(msgid), params, self.lang)

    __call__ = gettext

    def ngettext(self, singular: str, plural: str, n: int, **params: Any) -> str:
        """The singular or plural form for ``n`` (``n`` itself is a value too: ``{n}``)."""
        return _format(self._catalogue.ngettext(singular, plural, n), {"n": n, **params}, self.lang)

    def message(self, text: str | Message) -> str:
        """A :class:`Message` in this language; a plain string as it is."""
        if isinstance(text, Message):
            return self.gettext(text.msgid, **{k: self.message(v) if isinstance(v, Message) else v
                                               for k, v in text.params.items()})
        return str(text)

    def __repr__(self) -> str:
        return f"Translator({self.lang!r})"


def translator(lang: str | None = None) -> Translator:
    """The translator of ``lang`` (``nl`` or ``en``; None: the current language). Cached per process."""
    lang = lang or current_language()
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}; choose one of {', '.join(LANGUAGES)}")
    found = _translators.get(lang)
    if found is None:
        with _lock:
            found = _translators.get(lang)
            if found is None:
                catalogue = _gettext.translation(DOMAIN, LOCALE_DIR, languages=[lang], fallback=True)
                found = _translators[lang] = Translator(lang, catalogue)
    return found


def _language_of_locale(value: str) -> str | None:
    """``en_US.UTF-8`` → ``en``; None for ``C``/``POSIX`` or a language this package does not have."""
    code = value.split(".")[0].split("@")[0].split("_")[0].split("-")[0].lower()
    return code if code in LANGUAGES else None


def choose_language(option: str | None = None, environ: Mapping[str, str] | None = None) -> str:
    """The language to use: ``option`` (``--lang``), else ``VPT_LANG``, else the locale, else Dutch.

    Raises ValueError for an ``option`` or ``VPT_LANG`` that is not ``nl`` or ``en`` (a locale of another
    language simply gives Dutch).
    """
    env = os.environ if environ is None else environ
    for chosen, where in ((option, "--lang"), (env.get("VPT_LANG"), "VPT_LANG")):
        if chosen:
            if chosen.lower() not in LANGUAGES:
                raise ValueError(f"{where}: unknown language {chosen!r}; choose one of {', '.join(LANGUAGES)}")
            return chosen.lower()
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        if env.get(name):
            return _language_of_locale(env[name]) or DEFAULT_LANGUAGE
    return DEFAULT_LANGUAGE


def set_language(lang: str | None) -> None:
    """Set the process's default language (None: choose again from the environment)."""
    global _process_default
    if lang is not None and lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}; choose one of {', '.join(LANGUAGES)}")
    _process_default = lang


def current_language() -> str:
    """The language texts are shown in now (see the module docstring for the order)."""
    global _process_default
    lang = _current.get()
    if lang is not None:
        return lang
    if _process_default is None:
        try:
            _process_default = choose_language()
        except ValueError:
            _process_default = DEFAULT_LANGUAGE
    return _process_default


@contextlib.contextmanager
def use_language(lang: str) -> Iterator[Translator]:
    """Within the block, the current language of this thread or task is ``lang``."""
    tr = translator(lang)
    token = _current.set(lang)
    try:
        yield tr
    finally:
        _current.reset(token)


def _(msgid: str, **params: Any) -> str:
    """``msgid`` in the current language, placeholders filled."""
    return translator().gettext(msgid, **params)


def ngettext(singular: str, plural: str, n: int, **params: Any) -> str:
    """The counted text in the current language."""
    return translator().ngettext(singular, plural, n, **params)


def N_(msgid: str) -> str:  # noqa: N802 - the gettext convention
    """Mark a text for the catalogue without translating it now."""
    return msgid


class Message(str):
    """A text translated when shown: its English form as a ``str``, with ``msgid`` and ``params`` kept.

    ``str(m)`` / ``format(m)`` give the current language; compare and search it as the English text.
    """

    msgid: str
    params: dict[str, Any]

    def __new__(cls, msgid: str, **params: Any) -> Message:
        english = _format(msgid, {k: str.__str__(v) if isinstance(v, Message) else v for k, v in params.items()})
        self = super().__new__(cls, english)
        self.msgid = msgid
        self.params = params
        return self

    def __str__(self) -> str:
        return translator().message(self)

    def __format__(self, spec: str) -> str:
        return format(str(self), spec)

    def __reduce__(self) -> tuple[Any, ...]:  # pickled into batch worker processes
        return (_rebuild, (self.msgid, self.params))


def _rebuild(msgid: str, params: dict[str, Any]) -> Message:
    return Message(msgid, **params)


__all__ = [
    "DEFAULT_LANGUAGE",
    "LANGUAGES",
    "Message",
    "N_",
    "Translator",
    "_",
    "choose_language",
    "current_language",
    "ngettext",
    "set_language",
    "translator",
    "use_language",
]
