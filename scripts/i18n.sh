#!/usr/bin/env bash
# The message catalogues (babel): extract the texts from the code into vpt.pot, merge them into the .po
# file of each language, compile the .mo files that the package reads. Run after changing a text in code
# or a translation in a .po file; commit the .pot, .po and .mo files.
#   bash scripts/i18n.sh            extract, update, compile
#   bash scripts/i18n.sh compile    only compile (after editing a .po file)
set -euo pipefail
cd "$(dirname "$0")/.."
PYBABEL=${PYBABEL:-.venv/bin/pybabel}
LOCALE=vpt_rules/i18n/locale
mkdir -p "$LOCALE"
# The calls whose literal text goes into the catalogue (field_error: its second argument).
KEYWORDS=(-k _ -k N_ -k gettext -k ngettext:1,2 -k Message -k Invalid -k field_error:2)
if [ "${1:-}" = "pot" ]; then  # only extract, into the file given (the catalogue test uses this)
  exec "$PYBABEL" -q extract -F babel.cfg "${KEYWORDS[@]}" --no-location --sort-output -o "$2" vpt_rules
fi
if [ "${1:-}" != "compile" ]; then
  "$PYBABEL" -q extract -F babel.cfg "${KEYWORDS[@]}" --no-location \
    --sort-output --project vpt-rules --copyright-holder "vpt-rules" -o "$LOCALE/vpt.pot" vpt_rules
  for lang in nl en; do
    if [ -f "$LOCALE/$lang/LC_MESSAGES/vpt.po" ]; then
      "$PYBABEL" -q update -D vpt -i "$LOCALE/vpt.pot" -d "$LOCALE" -l "$lang" --no-fuzzy-matching \
        --ignore-obsolete
    else
      "$PYBABEL" -q init -D vpt -i "$LOCALE/vpt.pot" -d "$LOCALE" -l "$lang"
    fi
  done
  # Fixed dates in the headers: two branches that both add texts then differ only in their texts.
  sed -i -e 's/^"POT-Creation-Date: .*"$/"POT-Creation-Date: 2026-11-25 00:00+0000\\n"/' \
    -e 's/^"PO-Revision-Date: .*"$/"PO-Revision-Date: 2026-11-25 00:00+0000\\n"/' \
    "$LOCALE/vpt.pot" "$LOCALE"/*/LC_MESSAGES/vpt.po
fi
for lang in nl en; do
  "$PYBABEL" -q compile -D vpt -d "$LOCALE" -l "$lang" --use-fuzzy 2>/dev/null || "$PYBABEL" -q compile -D vpt -d "$LOCALE" -l "$lang"
done
