"""The Chinese and Vietnamese catalogues are complete, and the check that says so catches what it
must: a missing translation, a fuzzy guess, a dropped or changed placeholder."""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.core.management.commands import makemessages
from django.utils import translation

from ietp.core.catalogues import (
    REQUIRED_LANGUAGES,
    catalogue_paths,
    check_catalogue,
    check_catalogues,
    compile_catalogues,
)
from tests.conftest import require

HEADER = textwrap.dedent(
    """\
    msgid ""
    msgstr ""
    "Content-Type: text/plain; charset=UTF-8\\n"
    "Plural-Forms: nplurals=1; plural=0;\\n"

    """
)


def _catalogue(tmp_path: Path, body: str, language: str = "zh_Hans") -> Path:
    path = tmp_path / language / "LC_MESSAGES" / "django.po"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(HEADER + textwrap.dedent(body), encoding="utf-8")
    return path


def _whats(path: Path) -> list[str]:
    return [problem.what for problem in check_catalogue(path)]


def test_every_marked_string_has_a_chinese_and_a_vietnamese_translation():
    problems = check_catalogues()
    assert problems == [], "\n".join(str(p) for p in problems)
    languages = {p.parent.parent.name for p in catalogue_paths() if p.stem == "django"}
    assert set(REQUIRED_LANGUAGES) <= languages
    # Sanity: these are real, full catalogues (the issue counts about 900 strings).
    for language in REQUIRED_LANGUAGES:
        po = polib.pofile(str(settings.LOCALE_PATHS[0] / language / "LC_MESSAGES" / "django.po"))
        assert len(po) > 850 and po.percent_translated() == 100


def test_a_missing_translation_is_refused(tmp_path):
    path = _catalogue(tmp_path, 'msgid "Corrective actions"\nmsgstr ""\n')
    assert _whats(path) == ["untranslated"]


def test_a_fuzzy_guess_is_refused_even_when_filled_in(tmp_path):
    path = _catalogue(tmp_path, '#, fuzzy\nmsgid "Saved"\nmsgstr "已保存"\n')
    assert _whats(path) == ["fuzzy (a guess waiting for review)"]


@pytest.mark.parametrize(
    ("msgid", "msgstr", "what"),
    [
        ("Due %(d)s", "截止日期", "placeholder drops %(d)s"),
        ("Due %(d)s", "截止日期 %(day)s", "placeholder drops %(d)s and adds %(day)s"),
        ("%s of %s", "%s", "placeholder drops %s"),
        ("Hello {name}", "您好", "placeholder drops {name}"),
        ("until {{ end }}", "至", "placeholder drops {{end}}"),
    ],
)
def test_a_translation_that_drops_or_changes_a_placeholder_is_refused(
    tmp_path, msgid, msgstr, what
):
    path = _catalogue(tmp_path, f'msgid "{msgid}"\nmsgstr "{msgstr}"\n')
    assert _whats(path) == [what]


def test_placeholders_may_move_and_a_literal_percent_is_no_placeholder(tmp_path):
    path = _catalogue(
        tmp_path,
        """\
        msgid "%(f)s at %(s)s"
        msgstr "%(s)s 的 %(f)s"

        msgid "100%% of %(n)s"
        msgstr "%(n)s 的 100%%"
        """,
    )
    assert _whats(path) == []


def test_the_one_plural_form_of_chinese_must_carry_the_plural_placeholders(tmp_path):
    path = _catalogue(
        tmp_path,
        """\
        msgid "One finding"
        msgid_plural "%(n)s findings"
        msgstr[0] "一个发现项"
        """,
    )
    assert _whats(path) == ["placeholder drops %(n)s (form 0)"]


def test_a_required_language_without_a_catalogue_is_a_problem(tmp_path):
    _catalogue(tmp_path, 'msgid "Saved"\nmsgstr "已保存"\n', language="zh_Hans")
    problems = check_catalogues(tmp_path)
    assert [(p.path.parent.parent.name, p.what) for p in problems] == [("vi", "catalogue missing")]


def test_the_check_command_fails_and_names_the_problem(tmp_path, settings, capsys):
    _catalogue(tmp_path, 'msgid "Saved"\nmsgstr ""\n', language="zh_Hans")
    _catalogue(tmp_path, 'msgid "Saved"\nmsgstr "Đã lưu"\n', language="vi")
    settings.LOCALE_PATHS = [tmp_path]
    with pytest.raises(CommandError, match="1 translation problem"):
        call_command("compile_catalogues", "--check")
    assert "untranslated: 'Saved'" in capsys.readouterr().err


def test_catalogues_compile_without_gnu_gettext_and_leave_out_fuzzy_entries(tmp_path):
    path = _catalogue(
        tmp_path,
        """\
        msgid "Saved"
        msgstr "已保存"

        #, fuzzy
        msgid "Not saved."
        msgstr "已保存。"
        """,
    )
    [mo] = compile_catalogues(tmp_path)
    entries = {e.msgid: e.msgstr for e in polib.mofile(str(mo))}
    assert entries["Saved"] == "已保存" and "Not saved." not in entries
    assert mo == path.with_suffix(".mo")
    assert compile_catalogues(tmp_path) == []  # up to date: nothing written again


def test_the_compiled_catalogues_are_what_django_reads():
    with translation.override("zh-hans"):
        assert translation.gettext("Corrective actions") == "纠正措施"
        assert translation.gettext("Zero Tolerance") == "零容忍"
    with translation.override("vi"):
        assert translation.gettext("Corrective actions") == "Hành động khắc phục"
        assert translation.gettext("Seal of Compliance") == "Dấu chứng nhận tuân thủ"


class _ExtractInto(makemessages.Command):
    """makemessages that writes every extracted string into ``target`` and never touches the
    project's own catalogues (Django would put files under the repository into locale/)."""

    target = ""

    def find_files(self, root):
        files = super().find_files(root)
        for file in files:
            file.locale_dir = self.target
        return files


def test_every_marked_string_in_the_code_is_in_the_catalogues(tmp_path, settings):
    """makemessages (GNU xgettext: CI has it) over the code, compared with the catalogues: a
    string marked but never added to them would show in English, so it fails here."""
    require(shutil.which("xgettext") is not None, "GNU gettext (xgettext)")
    catalogues = Path(settings.LOCALE_PATHS[0])
    before = {p: p.read_bytes() for p in catalogue_paths(catalogues)}
    settings.LOCALE_PATHS = [tmp_path]
    command = _ExtractInto()
    command.target = str(tmp_path)
    call_command(
        command,
        locale=["vi"],
        ignore_patterns=[".venv/*", "tests/*", "staticfiles/*", "static/vendor/*", "locale/*"],
        verbosity=0,
    )
    assert {p: p.read_bytes() for p in catalogue_paths(catalogues)} == before
    extracted = polib.pofile(str(tmp_path / "vi" / "LC_MESSAGES" / "django.po"))
    marked = {(e.msgctxt, e.msgid) for e in extracted if not e.obsolete}
    assert len(marked) > 850
    for language in REQUIRED_LANGUAGES:
        po = polib.pofile(str(catalogues / language / "LC_MESSAGES" / "django.po"))
        present = {(e.msgctxt, e.msgid) for e in po if not e.obsolete}
        missing = sorted(msgid for _ctx, msgid in marked - present)
        assert not missing, f"not in {language}: {missing[:10]} (run `make messages`)"
