"""Language: the message catalogues (nl, en; see :mod:`vpt_rules.i18n.catalog`) and Dutch formatting
of dates and money (:mod:`vpt_rules.i18n.dutch`)."""

from .catalog import (
    DEFAULT_LANGUAGE,
    LANGUAGES,
    N_,
    Message,
    Translator,
    _,
    choose_language,
    current_language,
    ngettext,
    set_language,
    translator,
    use_language,
)

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
