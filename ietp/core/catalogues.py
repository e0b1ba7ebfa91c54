"""Translation catalogues: checked and compiled in Python, so a laptop needs no GNU gettext.

``make run`` and ``make test`` compile ``locale/<lang>/LC_MESSAGES/*.po`` to ``.mo`` with polib
(``manage.py compile_catalogues``). ``--check`` (run by ``make test``) refuses a catalogue with
an untranslated or fuzzy entry, or a translation that drops, adds or changes a placeholder
(``%(name)s``, ``%s``, ``{name}``, ``{{ var }}``). That a marked string is in the catalogue at
all is checked against ``makemessages`` in tests/core/test_catalogues.py (needs xgettext: CI).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import polib
from django.conf import settings

# The languages every marked string must be translated into (directory names under locale/).
REQUIRED_LANGUAGES = ("zh_Hans", "vi")
DOMAINS = ("django", "djangojs")

PLACEHOLDER = re.compile(
    r"%\([^)]+\)[#0 +-]*\d*(?:\.\d+)?[sdifrx]"  # %(name)s
    r"|%[#0 +-]*\d*(?:\.\d+)?[sdifrx]"  # %s, %d
    r"|\{\{.*?\}\}"  # {{ var }}
    r"|\{[A-Za-z_][A-Za-z0-9_.]*\}|\{\d*\}"  # {name}, {0}, {}
)


def placeholders(text: str) -> Counter[str]:
    """The placeholders in ``text`` (a literal %% is not one), with their counts."""
    return Counter(re.sub(r"\s+", "", p) for p in PLACEHOLDER.findall(text.replace("%%", "")))


@dataclass(frozen=True)
class Problem:
    path: Path
    line: int
    msgid: str
    what: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.what}: {self.msgid[:70]!r}"


def catalogue_paths(locale_dir: Path | None = None) -> list[Path]:
    base = Path(locale_dir or settings.LOCALE_PATHS[0])
    return sorted(p for d in DOMAINS for p in base.glob(f"*/LC_MESSAGES/{d}.po"))


def _placeholder_problem(source: str, translation: str) -> str | None:
    expected, found = placeholders(source), placeholders(translation)
    if expected == found:
        return None
    missing = sorted((expected - found).elements())
    extra = sorted((found - expected).elements())
    parts = []
    if missing:
        parts.append("drops " + ", ".join(missing))
    if extra:
        parts.append("adds " + ", ".join(extra))
    return "placeholder " + " and ".join(parts)


def check_catalogue(path: Path) -> list[Problem]:
    """Every problem in one catalogue: untranslated, fuzzy, placeholders, plural forms."""
    po = polib.pofile(str(path))
    problems: list[Problem] = []

    def problem(entry: polib.POEntry, what: str) -> None:
        problems.append(Problem(path, entry.linenum, entry.msgid, what))

    match = re.search(r"nplurals\s*=\s*(\d+)", po.metadata.get("Plural-Forms", ""))
    nplurals = int(match.group(1)) if match else None
    if nplurals is None:
        problems.append(Problem(path, 1, "", "no Plural-Forms header"))
    for entry in po:
        if entry.obsolete:
            continue
        if "fuzzy" in entry.flags:
            problem(entry, "fuzzy (a guess waiting for review)")
            continue
        if entry.msgid_plural:
            forms = [entry.msgstr_plural.get(i, "") for i in range(nplurals or 1)]
            if not all(forms):
                problem(entry, "untranslated plural form")
                continue
            # With one form (Chinese, Vietnamese) it stands for the plural, so it must carry
            # the plural's placeholders; with more, form 0 is the singular.
            for index, form in enumerate(forms):
                source = entry.msgid if index == 0 and len(forms) > 1 else entry.msgid_plural
                if what := _placeholder_problem(source, form):
                    problem(entry, f"{what} (form {index})")
        elif not entry.msgstr:
            problem(entry, "untranslated")
        elif what := _placeholder_problem(entry.msgid, entry.msgstr):
            problem(entry, what)
    return problems


def check_catalogues(locale_dir: Path | None = None) -> list[Problem]:
    """Problems in every catalogue; a required language without a catalogue is one too."""
    paths = catalogue_paths(locale_dir)
    problems = [p for path in paths for p in check_catalogue(path)]
    present = {path.parent.parent.name for path in paths if path.stem == "django"}
    base = Path(locale_dir or settings.LOCALE_PATHS[0])
    for language in REQUIRED_LANGUAGES:
        if language not in present:
            path = base / language / "LC_MESSAGES" / "django.po"
            problems.append(Problem(path, 0, "", "catalogue missing"))
    return problems


def compile_catalogues(locale_dir: Path | None = None, *, force: bool = False) -> list[Path]:
    """Write the .mo beside each .po that is newer than it (all with ``force``); fuzzy and
    untranslated entries are left out, so they show in English rather than wrongly."""
    written = []
    for path in catalogue_paths(locale_dir):
        target = path.with_suffix(".mo")
        if not force and target.exists() and target.stat().st_mtime >= path.stat().st_mtime:
            continue
        polib.pofile(str(path)).save_as_mofile(str(target))
        written.append(target)
    return written
