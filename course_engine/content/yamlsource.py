"""A safe, line-aware YAML loader: plain data only, every key and item remembers its line."""

from __future__ import annotations

import re
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from course_engine.content import messages

_YAML = "tag:yaml.org,2002:"
_PLAIN_SCALARS = {f"{_YAML}{name}" for name in ("str", "int", "float", "bool", "null")}
_AS_TEXT = {f"{_YAML}timestamp"}  # dates stay the text the author wrote
#: YAML 1.2 core schema: only these plain words are booleans. YAML 1.1 (PyYAML) also reads
#: yes/no/on/off/y/n as booleans, which turns ``labels: [No, Maybe, Yes]`` into
#: ``[False, 'Maybe', True]``; here those words stay the text the author wrote.
_BOOLEANS = {"true": True, "True": True, "TRUE": True, "false": False, "False": False}
_BOOLEANS["FALSE"] = False
#: YAML 1.1 number forms that YAML 1.2 reads as text (``1:30``, ``1_000``) or as decimal (``010``).
_OCTAL_1_1 = re.compile(r"^[-+]?0[0-7]+$")


class LineDict(dict[str, Any]):
    """A mapping from YAML that knows its own line and the line of each key."""

    line: int
    key_lines: dict[str, int]

    def __init__(self, line: int) -> None:
        super().__init__()
        self.line = line
        self.key_lines = {}

    def line_of(self, key: str) -> int:
        """The line of ``key``, or of the mapping itself when the key is absent."""
        return self.key_lines.get(key, self.line)


class LineList(list[Any]):
    """A sequence from YAML that knows its own line and the line of each item."""

    line: int
    item_lines: list[int]

    def __init__(self, line: int) -> None:
        super().__init__()
        self.line = line
        self.item_lines = []


class _Refused(yaml.YAMLError):
    def __init__(self, mark: yaml.Mark, message: str) -> None:
        super().__init__(message)
        self.mark = mark
        self.message = message


class _Loader(yaml.SafeLoader):
    """Composes nodes only; refuses anchors and aliases before they are expanded."""

    def compose_node(self, parent: Node | None, index: object) -> Node | None:
        event = self.peek_event()  # type: ignore[no-untyped-call]
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            raise _Refused(event.start_mark, messages.YAML_ALIAS)
        return super().compose_node(parent, index)  # type: ignore[arg-type]


def load_yaml(text: str, *, line_offset: int = 0) -> tuple[Any, list[tuple[int, str]]]:
    """Parse ``text`` into plain data; return (value, [(line, message), ...])."""
    try:
        loader = _Loader(text)  # checks every character at once: control characters raise
    except yaml.reader.ReaderError as exc:
        line = text.count("\n", 0, exc.position) + 1 + line_offset
        problem = f"character #x{exc.character:04x} is not allowed in YAML"
        return None, [(line, messages.YAML_SYNTAX.format(problem=problem))]
    try:
        node = loader.get_single_node()
    except _Refused as exc:
        return None, [(exc.mark.line + 1 + line_offset, exc.message)]
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = (mark.line + 1 if mark else 1) + line_offset
        problem = exc.problem or exc.context or "syntax error"
        return None, [(line, messages.YAML_SYNTAX.format(problem=problem))]
    except yaml.YAMLError as exc:
        return None, [(1 + line_offset, messages.YAML_SYNTAX.format(problem=exc))]
    finally:
        loader.dispose()
    if node is None:
        return None, []
    errors: list[tuple[int, str]] = []
    value = _convert(node, _Loader(""), errors, line_offset)
    return value, errors


def _convert(node: Node, loader: _Loader, errors: list[tuple[int, str]], offset: int) -> Any:
    line = node.start_mark.line + 1 + offset
    if isinstance(node, MappingNode):
        if node.tag != f"{_YAML}map":
            errors.append((line, messages.YAML_TAG.format(tag=node.tag)))
            return None
        mapping = LineDict(line)
        for key_node, value_node in node.value:
            key_line = key_node.start_mark.line + 1 + offset
            if not isinstance(key_node, ScalarNode) or key_node.tag != f"{_YAML}str":
                errors.append((key_line, messages.YAML_KEY_NOT_STRING))
                continue
            key = key_node.value
            if key in mapping.key_lines:
                errors.append((key_line, messages.YAML_DUPLICATE_KEY.format(key=key)))
                continue
            mapping[key] = _convert(value_node, loader, errors, offset)
            mapping.key_lines[key] = key_line
        return mapping
    if isinstance(node, SequenceNode):
        if node.tag != f"{_YAML}seq":
            errors.append((line, messages.YAML_TAG.format(tag=node.tag)))
            return None
        sequence = LineList(line)
        for item in node.value:
            sequence.append(_convert(item, loader, errors, offset))
            sequence.item_lines.append(item.start_mark.line + 1 + offset)
        return sequence
    if node.tag in _AS_TEXT:
        return node.value
    if isinstance(node, ScalarNode) and node.style is None:
        plain = _yaml_1_2_scalar(node)
        if plain is not _NOT_SPECIAL:
            return plain
    if node.tag not in _PLAIN_SCALARS:
        errors.append((line, messages.YAML_TAG.format(tag=node.tag)))
        return None
    try:
        return loader.construct_object(node)
    except yaml.YAMLError as exc:
        errors.append((line, messages.YAML_SYNTAX.format(problem=exc)))
        return None


_NOT_SPECIAL = object()


def _yaml_1_2_scalar(node: ScalarNode) -> Any:
    """The YAML 1.2 reading of a plain scalar that YAML 1.1 reads differently."""
    value = node.value
    if node.tag == f"{_YAML}bool":
        return _BOOLEANS.get(value, value)
    if node.tag in (f"{_YAML}int", f"{_YAML}float"):
        if ":" in value or "_" in value:
            return value
        if node.tag == f"{_YAML}int" and _OCTAL_1_1.match(value):
            return int(value, 10)
    return _NOT_SPECIAL
