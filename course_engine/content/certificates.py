"""Certificate templates: certificates/<id>.yaml holds a mapping of plain data."""

from __future__ import annotations

from pathlib import Path
from types import MappingProxyType
from typing import Any

from course_engine.content import messages
from course_engine.content.certificate_file import check_template
from course_engine.content.errors import ContentError, Sink
from course_engine.content.model import CertificateTemplate
from course_engine.content.yamlsource import LineDict, LineList, load_yaml


def _plain(value: Any) -> Any:
    if isinstance(value, LineDict):
        return MappingProxyType({k: _plain(v) for k, v in value.items()})
    if isinstance(value, LineList):
        return tuple(_plain(v) for v in value)
    return value


def build_template(
    text: str, rel: str, folder: Path | None = None
) -> tuple[CertificateTemplate | None, list[ContentError]]:
    """Parse certificates/<id>.yaml; with ``folder``, check its keys and files too."""
    sink = Sink(rel)
    data, problems = load_yaml(text)
    for line, message in problems:
        sink.add(line, message)
    if not problems and not isinstance(data, LineDict):
        sink.add(1, messages.NOT_A_MAPPING.format(what="a certificate template"))
    if isinstance(data, LineDict) and folder is not None:
        sink.errors.extend(check_template(data, rel, folder))
    if sink:
        return None, sink.errors
    return CertificateTemplate(Path(rel).stem, rel, _plain(data)), []
