"""`faultline init` (issue 15, Configuration): a commented `[tool.faultline]` section with every
setting and its default, written only where there is none; the file keys and the command-line
options agree (`ignore-author`, with `bot-patterns` still read)."""

from __future__ import annotations

import re
import tomllib
from dataclasses import fields

import pytest
from click.testing import CliRunner, Result

from analyzer.cli.base import _Context
from analyzer.cli.init import KEYS, init, section_text
from analyzer.cli.main import analyze as analyze_command
from analyzer.code.config import load_settings
from analyzer.errors import ConfigError
from analyzer.settings import Settings, settings_from_table

PROJECT = '[project]\nname = "shop"\nversion = "1.0"\n\n[tool.ruff]\nline-length = 100\n'


def run(*args: str) -> Result:
    return CliRunner().invoke(init, list(args), obj=_Context(debug=False, quiet=True))


def uncommented(section: str) -> str:
    """The section with every `# key = value` line (and the rows of a list) uncommented."""
    lines, open_list = [], False
    for line in section.splitlines():
        if open_list or re.match(r"^# [a-z-]+ = ", line):
            lines.append(line[2:])
            open_list = (open_list or line.endswith("= [")) and line != "# ]"
        elif not line.startswith("#"):
            lines.append(line)
    return "\n".join(lines) + "\n"


def test_the_section_lists_every_setting_with_its_default():
    table = tomllib.loads(uncommented(section_text()))["tool"]["faultline"]

    assert len(table) == len(fields(Settings))
    assert "ignore-author" in table and "bot-patterns" not in table
    unset_by_default = {"rev", "since", "until"}  # shown with an example value
    given = {k: v for k, v in table.items() if k not in unset_by_default}
    assert settings_from_table(given) == Settings()
    assert settings_from_table(table) == Settings(rev="main", since="2024-01-01",
                                                  until="2025-01-01")


def test_init_creates_a_pyproject_whose_section_changes_nothing(tmp_path):
    result = run(str(tmp_path))

    assert result.exit_code == 0, result.output
    assert "Created" in result.output
    text = (tmp_path / "pyproject.toml").read_text(encoding="utf-8")
    assert text == section_text()
    assert tomllib.loads(text) == {"tool": {"faultline": {}}}
    assert load_settings(tmp_path) == Settings()


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_init_appends_to_an_existing_pyproject_and_keeps_every_byte_of_it(tmp_path, newline):
    old = PROJECT.replace("\n", newline).encode()
    (tmp_path / "pyproject.toml").write_bytes(old)

    result = run(str(tmp_path))

    assert result.exit_code == 0, result.output
    new = (tmp_path / "pyproject.toml").read_bytes()
    assert new.startswith(old + newline.encode())
    assert new[len(old):].decode().replace("\r\n", "\n") == "\n" + section_text()
    if newline == "\r\n":
        assert b"\n" not in new.replace(b"\r\n", b"")
    document = tomllib.loads(new.decode())
    assert document["project"]["name"] == "shop"
    assert document["tool"] == {"ruff": {"line-length": 100}, "faultline": {}}


def test_a_file_without_a_final_newline_gets_one_before_the_section(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"', encoding="utf-8")

    assert run(str(tmp_path)).exit_code == 0

    text = (tmp_path / "pyproject.toml").read_text(encoding="utf-8")
    assert text == '[project]\nname = "x"\n\n' + section_text()


@pytest.mark.parametrize("existing", [
    "[tool.faultline]\nseed = 3\n",
    '[project]\nname = "x"\n[tool]\nfaultline.seed = 3\n',
    "tool.faultline = {}\n",
])
def test_an_existing_section_is_never_overwritten(tmp_path, existing):
    (tmp_path / "pyproject.toml").write_text(existing, encoding="utf-8")

    result = run(str(tmp_path))

    assert result.exit_code == 0
    assert "already has [tool.faultline]; left as it is" in result.stderr
    assert (tmp_path / "pyproject.toml").read_text(encoding="utf-8") == existing


def test_print_shows_the_section_and_writes_nothing(tmp_path):
    result = run(str(tmp_path), "--print")

    assert result.exit_code == 0
    assert result.stdout == section_text()
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(("existing", "message"), [
    ("[project\nname = 1\n", "is not valid TOML"),
    ("tool = {black = {line-length = 90}}\n", "cannot be appended"),
])
def test_a_pyproject_that_cannot_take_the_section_is_left_as_it_is(tmp_path, existing,
                                                                   message):
    (tmp_path / "pyproject.toml").write_text(existing, encoding="utf-8")

    result = run(str(tmp_path))

    assert result.exit_code == 2
    assert message in result.stderr
    assert (tmp_path / "pyproject.toml").read_text(encoding="utf-8") == existing


def test_a_path_that_is_not_a_folder_is_refused(tmp_path):
    result = run(str(tmp_path / "missing"))

    assert result.exit_code == 2
    assert "is not a folder" in result.stderr


def test_every_command_line_option_is_named_as_its_file_key():
    """The section's [--option] for each key is an option of `faultline analyze` that sets
    that key's field, and every option of analyze that sets a setting is listed."""
    options = {opt: param.name for param in analyze_command.params
               for opt in param.opts if opt.startswith("--")}
    negated = {"--no-default-excludes": "default_excludes", "--no-history": "history",
               "--no-boundaries": "boundaries"}
    listed = set()
    for key in KEYS:
        if key.option is None:
            continue
        flag = key.option.split()[0]
        assert flag in options, key
        assert negated.get(flag, options[flag]) == key.field, key
        if flag not in negated:  # the option and the key share a name
            assert flag[2:].rstrip("s") == key.name.rstrip("s"), key
        listed.add(flag)
    fields_set = {f.name for f in fields(Settings)}
    setting_options = {flag for flag, name in options.items()
                       if negated.get(flag, name) in fields_set}
    assert setting_options == listed


def test_ignore_author_is_the_file_key_and_bot_patterns_still_works(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[tool.faultline]\nignore-author = ["ci-*"]\n',
                                             encoding="utf-8")
    assert load_settings(tmp_path).bot_patterns == ("ci-*",)
    assert settings_from_table({"bot-patterns": ["old*"]}).bot_patterns == ("old*",)
    assert settings_from_table({"ignore_author": "one*"}).bot_patterns == ("one*",)


def test_both_names_of_one_setting_are_refused():
    with pytest.raises(ConfigError, match="one setting under two names; keep 'ignore-author'"):
        settings_from_table({"ignore-author": ["a"], "bot-patterns": ["b"]})
    with pytest.raises(ConfigError, match=r"'ignore-author' .* must be a list of strings"):
        settings_from_table({"ignore-author": 3})
    with pytest.raises(ConfigError, match="ignore-author"):  # named among the known settings
        settings_from_table({"ignore-authors": ["a"]})


def test_init_is_a_faultline_command():
    """Registered in analyzer/cli/main.py (`COMMANDS`, imported when it is looked up)."""
    import click

    from analyzer.cli.main import cli

    assert "init" in cli.list_commands(click.Context(cli))
    assert cli.get_command(click.Context(cli), "init") is init
