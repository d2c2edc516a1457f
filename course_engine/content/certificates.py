"""Certificate templates: certificates/<id>.yaml holds a mapping of plain data."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from types import MappingProxyType
from typing import Any

from course_engine.content import messages
from course_engine.content.certificate_file import TEMPLATE_KEYS, check_template, template_people
from course_engine.content.errors import ContentError, Sink
from course_engine.content.fields import Fields
from course_engine.content.objects import CertificateSettings, CertificateTemplate
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
    assert isinstance(data, LineDict)
    issuer, signatory = template_people(Fields(data, Sink(rel), TEMPLATE_KEYS))
    template = CertificateTemplate(Path(rel).stem, rel, _plain(data), issuer, signatory)
    return template, []


def with_template_people(
    settings: CertificateSettings, template: CertificateTemplate | None
) -> CertificateSettings:
    """A course's certificate settings, with the template's issuer and signatory where the
    course names none."""
    if template is None:
        return settings
    signatory = (settings.signatory_name, settings.signatory_title)
    if signatory == (None, None):
        signatory = template.signatory
    return replace(
        settings,
        issuer=settings.issuer or template.issuer,
        signatory_name=signatory[0],
        signatory_title=signatory[1],
    )
