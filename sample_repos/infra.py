"""Text of the non-module files: project metadata, docs, vendored code, migrations."""

from __future__ import annotations

REQUIREMENTS: tuple[tuple[str, tuple[int, int, int]], ...] = (
    ("celery", (5, 3, 6)),
    ("gunicorn", (21, 2, 0)),
    ("redis", (5, 0, 1)),
    ("requests", (2, 31, 0)),
    ("sqlalchemy", (2, 0, 25)),
)
VENDOR_ROOT = "vendor/tinyslug"
VENDOR_FILES = (
    f"{VENDOR_ROOT}/LICENSE",
    f"{VENDOR_ROOT}/__init__.py",
    f"{VENDOR_ROOT}/_compat.py",
    f"{VENDOR_ROOT}/slugify.py",
    f"{VENDOR_ROOT}/unicode_map.py",
)
_ACCENTS = (
    ("à", "a"),
    ("é", "e"),
    ("ö", "o"),
    ("ß", "ss"),
    ("ç", "c"),
    ("ñ", "n"),
    ("ø", "o"),
    ("å", "a"),
    ("ü", "u"),
    ("ł", "l"),
    ("ž", "z"),
    ("ğ", "g"),
)


def _version(parts: tuple[int, int, int]) -> str:
    return ".".join(str(part) for part in parts)


Pins = tuple[tuple[str, tuple[int, int, int]], ...]


def requirement_versions(bumps: int, table: Pins = REQUIREMENTS) -> dict[str, tuple[int, int, int]]:
    """Pinned versions after the first ``bumps`` dependency updates."""
    versions = dict(table)
    for number in range(1, bumps + 1):
        name = table[(number * 3) % len(table)][0]
        major, minor, patch = versions[name]
        versions[name] = (major, minor + 1, 0) if number % 4 == 0 else (major, minor, patch + 1)
    return versions


def bump_message(number: int, table: Pins = REQUIREMENTS) -> str:
    """Commit message of the ``number``-th dependency update (1-based)."""
    before = requirement_versions(number - 1, table)
    after = requirement_versions(number, table)
    name = next(name for name in after if after[name] != before[name])
    return (
        f"Bump {name} from {_version(before[name])} to {_version(after[name])}\n\n"
        f"Bumps {name} from {_version(before[name])} to {_version(after[name])}.\n\n"
        "Signed-off-by: dependabot[bot] <support@github.com>"
    )


def requirements_txt(rev: int, table: Pins = REQUIREMENTS) -> str:
    versions = requirement_versions(rev - 1, table)
    return "".join(f"{name}=={_version(versions[name])}\n" for name in sorted(versions))


def pyproject_toml(package: str, description: str) -> str:
    deps = "".join(f'    "{name}>={parts[0]}.{parts[1]}",\n' for name, parts in REQUIREMENTS)
    return (
        "[project]\n"
        f'name = "{package}"\n'
        'version = "1.0.0"\n'
        f'description = "{description}"\n'
        'readme = "README.md"\n'
        'requires-python = ">=3.11"\n'
        f"dependencies = [\n{deps}]\n\n"
        "[build-system]\n"
        'requires = ["setuptools>=68"]\n'
        'build-backend = "setuptools.build_meta"\n'
    )


def readme_md(package: str, description: str, rev: int) -> str:
    notes = "".join(f"- Release notes batch {number}.\n" for number in range(1, rev))
    text = (
        f"# {package}\n\n{description}\n\n"
        "## Development\n\n"
        "```\npip install -r requirements.txt\npytest\n```\n"
    )
    return text + (f"\n## Changes\n\n{notes}" if notes else "")


def gitignore() -> str:
    return "__pycache__/\n*.pyc\n.venv/\n.pytest_cache/\ndist/\nbuild/\n"


def docs_conf(package: str, rev: int) -> str:
    return (
        '"""Sphinx configuration."""\n\n'
        f'project = "{package}"\n'
        f'author = "{package} developers"\n'
        f'release = "1.{rev - 1}"\n'
        'extensions = ["sphinx.ext.autodoc", "sphinx.ext.napoleon"]\n'
        'html_theme = "alabaster"\n'
    )


def init_module(doc: str) -> str:
    return f'"""{doc}"""\n'


def migration(number: int, title: str, table: str) -> str:
    down = f'"{number - 1:04d}"' if number > 1 else "None"
    return (
        f'"""Migration {number:04d}: {title}."""\n\n'
        f'revision = "{number:04d}"\n'
        f"down_revision = {down}\n\n\n"
        "def upgrade(conn) -> None:\n"
        f'    conn.execute("CREATE TABLE {table} (id INTEGER PRIMARY KEY, ref TEXT NOT NULL)")\n'
        "\n\n"
        "def downgrade(conn) -> None:\n"
        f'    conn.execute("DROP TABLE {table}")\n'
    )


def vendor_file(path: str, rev: int) -> str:
    """A file of the vendored ``tinyslug`` package at release 1.(rev - 1).0."""
    version = f"1.{rev - 1}.0"
    name = path.rpartition("/")[2]
    if name == "LICENSE":
        return f"MIT License\n\nCopyright (c) 2019-{2019 + rev} tinyslug authors\n"
    header = f"# tinyslug {version} (vendored, do not edit)\n"
    if name == "__init__.py":
        return (
            header + '"""Make URL slugs."""\n\nfrom .slugify import slugify\n\n'
            f'__all__ = ["slugify"]\n__version__ = "{version}"\n'
        )
    if name == "_compat.py":
        return header + "def to_text(value: object) -> str:\n    return str(value)\n"
    if name == "unicode_map.py":
        pairs = _ACCENTS[: 4 + rev]
        body = "".join(f'    "{src}": "{dst}",\n' for src, dst in pairs)
        return header + f"TABLE = {{\n{body}}}\n"
    return (
        header + "import re\n\nfrom ._compat import to_text\nfrom .unicode_map import TABLE\n\n\n"
        'def slugify(value: object, sep: str = "-") -> str:\n'
        "    text = to_text(value).lower()\n"
        "    for src, dst in TABLE.items():\n"
        "        text = text.replace(src, dst)\n"
        '    return re.sub(r"[^a-z0-9]+", sep, text).strip(sep)\n'
    )
