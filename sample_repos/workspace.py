"""Current content of every file while the history is replayed."""

from __future__ import annotations

from dataclasses import dataclass

from sample_repos.model import CREATE, EDIT, FORMAT_ALL, LINT, RENAME, FileDef, Op


@dataclass(frozen=True)
class Modify:
    path: str
    text: str


@dataclass(frozen=True)
class Rename:
    old: str
    new: str


Change = Modify | Rename


@dataclass
class _State:
    path: str
    rev: int
    formatted: bool
    lint: int
    text: str


class Workspace:
    """Applies file operations and reports the resulting changes."""

    def __init__(self, files: list[FileDef]) -> None:
        self._defs = {f.fid: f for f in files}
        self._states: dict[str, _State] = {}
        self._formatter_on = False

    def path(self, fid: str) -> str:
        return self._states[fid].path

    def text(self, fid: str) -> str:
        return self._states[fid].text

    def apply(self, op: Op) -> list[Change]:
        if op.verb == FORMAT_ALL:
            return self._format_all()
        if op.verb == CREATE:
            if op.fid in self._states:
                raise RuntimeError(f"{op.fid} is created twice")
            state = _State(op.fid, 1, self._formatter_on, 0, "")
            self._states[op.fid] = state
            return [self._rerender(op.fid, state)]
        state = self._states[op.fid]
        if op.verb == EDIT:
            state.rev += 1
        elif op.verb == LINT:
            state.lint += 1
        elif op.verb == RENAME:
            old, state.path = state.path, op.arg
            return [Rename(old, op.arg)]
        else:
            raise RuntimeError(f"unknown file operation {op.verb}")
        return [self._rerender(op.fid, state)]

    def _rerender(self, fid: str, state: _State) -> Modify:
        definition = self._defs[fid]
        state.text = definition.render(
            state.rev, state.formatted or not definition.formattable, state.lint
        )
        return Modify(state.path, state.text)

    def _format_all(self) -> list[Change]:
        self._formatter_on = True
        changes: list[Change] = []
        for fid, state in self._states.items():
            if state.formatted or not self._defs[fid].formattable:
                continue
            before = state.text
            state.formatted = True
            change = self._rerender(fid, state)
            if change.text != before:
                changes.append(change)
        return changes
