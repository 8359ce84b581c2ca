"""After a git merge that conflicts in the message catalogues: unite both sides' .po files.

    python scripts/i18n_merge.py && bash scripts/i18n.sh && git add vpt_rules/i18n/locale

For each .po still in conflict, every text of either side is kept (ours wins where both translated it
differently); the .mo and .pot files are made again by scripts/i18n.sh.
"""

from __future__ import annotations

import io
import subprocess
from pathlib import Path

from babel.messages.pofile import read_po, write_po

LOCALE = Path(__file__).resolve().parent.parent / "vpt_rules" / "i18n" / "locale"


def side(stage: int, path: str):
    shown = subprocess.run(["git", "show", f":{stage}:{path}"], capture_output=True, check=False)
    return read_po(io.BytesIO(shown.stdout)) if shown.returncode == 0 else None


def main() -> None:
    root = subprocess.run(["git", "rev-parse", "--show-toplevel"], capture_output=True, text=True,
                          check=True).stdout.strip()
    for po in sorted(LOCALE.glob("*/LC_MESSAGES/vpt.po")):
        path = str(po.relative_to(root))
        ours, theirs = side(2, path), side(3, path)
        if ours is None or theirs is None:
            continue
        for message in theirs:
            if message.id and message.id not in ours:
                ours[message.id] = message
            elif message.id and not ours[message.id].string:
                ours[message.id].string = message.string
        with po.open("wb") as out:
            write_po(out, ours)
        print(f"united: {path}")


if __name__ == "__main__":
    main()
