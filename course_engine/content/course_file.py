"""The course.yaml file: course settings, before they are checked against modules and quizzes."""

from __future__ import annotations

from dataclasses import dataclass, field

from course_engine.content import messages
from course_engine.content.errors import ContentError, Sink
from course_engine.content.fields import Fields
from course_engine.content.issuer_file import read_accreditation, read_issuer
from course_engine.content.links import CourseLinks
from course_engine.content.markdown import render_markdown
from course_engine.content.objects import Accreditation, Issuer
from course_engine.content.yamlsource import LineDict, load_yaml

COURSE_KEYS = (
    "slug", "title", "summary", "hours", "audience", "objectives", "version", "pretest",
    "posttest", "evaluation", "completion", "certificate", "draft", "requires_recompletion",
)  # fmt: skip
COMPLETION_KEYS = ("modules", "posttest_min_score", "evaluation_required", "pretest_required")
CERTIFICATE_KEYS = ("template", "signatory", "valid_for_days", "issuer", "accreditation")
SIGNATORY_KEYS = ("name", "title")
QUIZ_REFERENCES = ("pretest", "posttest", "evaluation")


@dataclass
class CourseHead:
    """The values of course.yaml with the lines needed to report reference problems."""

    slug: str | None = None
    title: str | None = None
    summary_html: str = ""
    hours: float | None = None
    audience: tuple[str, ...] = ()
    objectives: tuple[str, ...] = ()
    version: str = "1"
    draft: bool = False
    requires_recompletion: bool = False
    quizzes: dict[str, tuple[str, int]] = field(default_factory=dict)  #: key -> (id, line)
    completion_modules: list[tuple[str, int]] | None = None  #: None = all
    posttest_min_score: tuple[int, int] | None = None
    evaluation_required: tuple[bool, int] = (False, 0)
    pretest_required: tuple[bool, int] | None = None
    template: tuple[str, int] | None = None
    signatory: tuple[str | None, str | None] = (None, None)
    valid_for_days: int | None = None
    issuer: Issuer | None = None
    accreditation: Accreditation | None = None
    errors: tuple[ContentError, ...] = ()
    lines: dict[str, int] = field(default_factory=dict)  #: line of each top-level key


def parse_course(text: str, rel: str, folder: str, links: CourseLinks) -> CourseHead:
    """Read and check course.yaml on its own (references are checked later)."""
    sink = Sink(rel)
    head = CourseHead()
    data, problems = load_yaml(text)
    for line, message in problems:
        sink.add(line, message)
    if not problems and not isinstance(data, LineDict):
        sink.add(1, messages.NOT_A_MAPPING.format(what="course.yaml"))
    if not isinstance(data, LineDict):
        head.errors = tuple(sink.errors)
        return head
    fields = Fields(data, sink, COURSE_KEYS)
    fields.check_unknown()
    head.lines = {key: fields.line(key) for key in COURSE_KEYS}
    head.slug = fields.ident("slug", required=True)
    if head.slug is not None and head.slug != folder:
        fields.error("slug", messages.SLUG_MISMATCH.format(slug=head.slug, folder=folder))
    head.title = fields.string("title", required=True)
    summary = fields.string("summary", required=True)
    if summary:
        resolve = links.resolver(sink)
        offset = fields.line("summary") - 1
        head.summary_html = render_markdown(summary, resolve=resolve, line_offset=offset)
    head.hours = fields.number("hours", required=True, minimum="positive")
    head.audience = tuple(text for text, _ in fields.strings("audience"))
    head.objectives = tuple(text for text, _ in fields.strings("objectives"))
    head.version = fields.string("version", default="1") or "1"
    head.draft = fields.boolean("draft", False)
    head.requires_recompletion = fields.boolean("requires_recompletion", False)
    for key in QUIZ_REFERENCES:
        quiz_id = fields.ident(key)
        if quiz_id is not None:
            head.quizzes[key] = (quiz_id, fields.line(key))
    _completion(fields, head)
    _certificate(fields, head)
    head.errors = tuple(sink.errors)
    return head


def _completion(fields: Fields, head: CourseHead) -> None:
    section = fields.mapping("completion", COMPLETION_KEYS)
    if section is None:
        return
    if section.data.get("modules", "all") != "all":
        head.completion_modules = section.strings("modules")
    score = section.integer("posttest_min_score", low=0, high=100)
    if score is not None:
        head.posttest_min_score = (score, section.line("posttest_min_score"))
    required = section.boolean("evaluation_required", False)
    head.evaluation_required = (required, section.line("evaluation_required"))
    if section.has("pretest_required"):
        pretest = section.boolean("pretest_required", True)
        head.pretest_required = (pretest, section.line("pretest_required"))


def _certificate(fields: Fields, head: CourseHead) -> None:
    section = fields.mapping("certificate", CERTIFICATE_KEYS)
    if section is None:
        return
    template = section.ident("template", required=True)
    if template is not None:
        head.template = (template, section.line("template"))
    head.valid_for_days = section.integer("valid_for_days")
    signatory = section.mapping("signatory", SIGNATORY_KEYS)
    if signatory is not None:
        head.signatory = (signatory.string("name"), signatory.string("title"))
    head.issuer = read_issuer(section)
    head.accreditation = read_accreditation(section)
    if head.accreditation is not None and not section.has("issuer"):
        section.error(
            "accreditation",
            messages.NEEDS_SETTING.format(key="accreditation", needs="certificate: issuer"),
        )
