"""Configuration: `[tool.gouji]` in pyproject.toml, or a gouji.toml, found upwards from the documents.

As ruff does, the search starts in the folder of the documents (their common folder when there are
several; the current folder for commands without documents) and goes up to the root; in each folder
gouji.toml wins over pyproject.toml, and a pyproject.toml without `[tool.gouji]` is passed over.
`--config FILE` names the file instead. The command line wins over the file, key by key;
`extend-select` adds to whatever `select` ends up being. An unknown key is an error that names it.

```toml
[tool.gouji]                  # in gouji.toml the same keys stand at the top level
select = ["GJ1", "GJ3"]       # run only these rule codes or prefixes
ignore = ["GJ803"]            # skip these
extend-select = ["GJ9"]       # run these besides the selection
fail-on = "warning"           # exit 1 at a warning or worse (error, warning, info, never)
lang = "en"                   # language of messages and tables (zh, en)
patterns = ["phrasings.jsonl"]  # extra claim patterns, relative to this file

[tool.gouji.per-file-ignores]
"附件/*.pdf" = ["GJ5"]        # relative to this file's folder; a pattern without / matches the file name
```
"""

from __future__ import annotations

import difflib
import fnmatch
import os
from dataclasses import dataclass, field
from pathlib import Path

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib

KEYS = ("select", "ignore", "extend-select", "per-file-ignores", "fail-on", "lang", "patterns")
FAIL_ON = ("error", "warning", "info", "never")
LANGS = ("zh", "en")


class ConfigError(Exception):
    """A configuration gouji cannot use; the message names the file and the key."""


@dataclass
class Config:
    file: Path | None = None
    select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] | None = None
    extend_select: tuple[str, ...] = ()
    per_file_ignores: dict[str, tuple[str, ...]] = field(default_factory=dict)
    fail_on: str | None = None
    lang: str | None = None
    patterns: tuple[Path, ...] | None = None  # resolved against the file's folder

    def ignores_for(self, document: Path) -> tuple[str, ...]:
        """The codes per-file-ignores adds for this document."""
        if self.file is None or not self.per_file_ignores:
            return ()
        absolute = Path(os.path.abspath(document))
        try:
            relative = absolute.relative_to(Path(os.path.abspath(self.file)).parent).as_posix()
        except ValueError:
            relative = absolute.as_posix()
        codes: list[str] = []
        for pattern, ignored in self.per_file_ignores.items():
            target = relative if "/" in pattern else absolute.name
            if fnmatch.fnmatchcase(target, pattern):
                codes += [c for c in ignored if c not in codes]
        return tuple(codes)


def find_config(start: Path) -> Path | None:
    """The nearest gouji.toml, or pyproject.toml with [tool.gouji], in `start` or a folder above it."""
    folder = Path(os.path.abspath(start))
    if not folder.is_dir():
        folder = folder.parent
    for here in (folder, *folder.parents):
        own = here / "gouji.toml"
        if own.is_file():
            return own
        pyproject = here / "pyproject.toml"
        if pyproject.is_file() and "gouji" in _read(pyproject).get("tool", {}):
            return pyproject
    return None


def _read(file: Path) -> dict:
    try:
        with file.open("rb") as fh:
            return tomllib.load(fh)
    except OSError as exc:
        raise ConfigError(f"无法读取配置文件 {file}：{exc.strerror}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"配置文件 {file} 不是有效的 TOML：{exc}") from None


def load_config(file: Path) -> Config:
    data = _read(file)
    table = data.get("tool", {}).get("gouji", {}) if file.name == "pyproject.toml" else data
    where = f"{file}" + (" [tool.gouji]" if file.name == "pyproject.toml" else "")
    if not isinstance(table, dict):
        raise ConfigError(f"{where}：gouji 的配置应为一个表")
    for key in table:
        if key not in KEYS:
            near = difflib.get_close_matches(key, KEYS, n=1)
            hint = f"，是否想写 “{near[0]}”" if near else ""
            raise ConfigError(f"{where}：未知的配置项 “{key}”{hint}（可用的配置项：{', '.join(KEYS)}）")
    folder = file.parent
    config = Config(file=file)
    if "select" in table:
        config.select = _codes(table["select"], "select", where)
    if "ignore" in table:
        config.ignore = _codes(table["ignore"], "ignore", where)
    if "extend-select" in table:
        config.extend_select = _codes(table["extend-select"], "extend-select", where)
    if "per-file-ignores" in table:
        value = table["per-file-ignores"]
        if not isinstance(value, dict):
            raise ConfigError(f"{where}：per-file-ignores 应为一个表（文件模式 = [规则编码, …]）")
        config.per_file_ignores = {str(k): _codes(v, f"per-file-ignores.{k}", where) for k, v in value.items()}
    if "fail-on" in table:
        config.fail_on = _choice(table["fail-on"], "fail-on", FAIL_ON, where)
    if "lang" in table:
        config.lang = _choice(table["lang"], "lang", LANGS, where)
    if "patterns" in table:
        names = _strings(table["patterns"], "patterns", where)
        config.patterns = tuple(Path(os.path.normpath(folder / name)) for name in names)
    return config


def _strings(value: object, key: str, where: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{where}：{key} 应为字符串列表，例如 [\"GJ1\", \"GJ301\"]")
    return tuple(value)


def _codes(value: object, key: str, where: str) -> tuple[str, ...]:
    return tuple(v.strip().upper() for v in _strings(value, key, where))


def _choice(value: object, key: str, choices: tuple[str, ...], where: str) -> str:
    if value not in choices:
        raise ConfigError(f"{where}：{key} 应为 {' / '.join(choices)} 之一，而不是 {value!r}")
    return value


def config_for(documents: list[Path], explicit: Path | None = None) -> Config:
    """The configuration that applies to these documents (no documents: the current folder)."""
    if explicit is not None:
        if not explicit.is_file():
            raise ConfigError(f"找不到配置文件：{explicit}")
        return load_config(explicit)
    folders = [Path(os.path.abspath(d)) for d in documents]
    folders = [f if f.is_dir() else f.parent for f in folders] or [Path.cwd()]
    try:
        start = Path(os.path.commonpath(folders))
    except ValueError:  # different drives
        start = folders[0]
    file = find_config(start)
    return load_config(file) if file is not None else Config()


def given(ctx, name: str) -> bool:
    """Whether the command line gave option `name` (rather than its default)."""
    source = ctx.get_parameter_source(name)
    return source is not None and source.name not in ("DEFAULT", "DEFAULT_MAP")


def selection(config: Config, select: list[str] | None, ignore: list[str] | None,
              extend_select: list[str] | None) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(select, ignore) after the command line, key by key, wins over the file."""
    chosen = tuple(select) if select else (config.select or ())
    extra = tuple(config.extend_select) + tuple(extend_select or ())
    if chosen and extra:
        chosen += tuple(c for c in extra if c not in chosen)
    skipped = tuple(ignore) if ignore else (config.ignore or ())
    return chosen, skipped
