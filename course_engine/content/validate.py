"""Course-level checks: references between course.yaml, modules, quizzes and templates."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from course_engine.content import messages
from course_engine.content.course_file import CourseHead
from course_engine.content.errors import Sink
from course_engine.content.module_file import ParsedModule
from course_engine.content.objects import CertificateSettings, Completion, Module, Quiz, QuizKind

EXPECTED_KINDS = {
    "pretest": QuizKind.PRETEST,
    "posttest": QuizKind.POSTTEST,
    "evaluation": QuizKind.SURVEY,
}


@dataclass(frozen=True)
class CourseParts:
    """Everything compiled for one course, ready to be cross-checked."""

    head: CourseHead
    course_sink: Sink  #: errors reported against course.yaml
    modules: list[ParsedModule]
    known_module_ids: set[str]  #: ids of every module file, even broken ones
    quizzes: Mapping[str, Quiz]
    known_quiz_ids: set[str]  #: ids of every quiz file, even broken ones
    quiz_folder: str
    templates: set[str]
    certificates_folder: str


def check_modules(parts: CourseParts, sinks: Mapping[str, Sink]) -> None:
    """Duplicate ids, prerequisites (existing, not drafts, no cycles) and module quizzes."""
    seen: dict[str, str] = {}
    modules = {p.module.id: p for p in parts.modules if p.module}
    for parsed in parts.modules:
        module = parsed.module
        if module is None:
            continue
        sink = sinks[module.source]
        if module.id in seen:
            other = seen[module.id]
            sink.add(
                parsed.lines["id"], messages.DUPLICATE_MODULE_ID.format(id=module.id, other=other)
            )
        seen.setdefault(module.id, module.source)
        for name, line in zip(module.prerequisites, parsed.prerequisite_lines, strict=True):
            if name not in parts.known_module_ids:
                sink.add(line, messages.UNKNOWN_PREREQUISITE.format(module=name))
            elif name in modules and modules[name].module.draft and not module.draft:  # type: ignore[union-attr]
                sink.add(line, messages.DRAFT_PREREQUISITE.format(module=name))
        if module.quiz is not None:
            _check_quiz(
                parts, sink, "quiz", module.quiz, parsed.lines["quiz"], QuizKind.KNOWLEDGE_CHECK
            )
    _check_cycles(modules, sinks)


def _check_quiz(
    parts: CourseParts, sink: Sink, key: str, quiz_id: str, line: int, kind: QuizKind
) -> None:
    if quiz_id not in parts.known_quiz_ids:
        sink.add(
            line, messages.UNKNOWN_QUIZ.format(key=key, quiz=quiz_id, folder=parts.quiz_folder)
        )
        return
    quiz = parts.quizzes.get(quiz_id)
    if quiz is not None and quiz.kind is not kind:
        sink.add(
            line,
            messages.WRONG_QUIZ_KIND.format(
                key=key, expected=kind.value, quiz=quiz_id, actual=quiz.kind.value
            ),
        )


def _check_cycles(modules: Mapping[str, ParsedModule], sinks: Mapping[str, Sink]) -> None:
    state: dict[str, int] = {}  # 1 = on the current path, 2 = done
    reported: set[frozenset[str]] = set()

    def visit(name: str, path: list[str]) -> None:
        state[name] = 1
        path.append(name)
        parsed = modules[name]
        for prerequisite in parsed.module.prerequisites:  # type: ignore[union-attr]
            if prerequisite not in modules:
                continue
            if state.get(prerequisite) == 1:
                cycle = path[path.index(prerequisite) :] + [prerequisite]
                if frozenset(cycle) not in reported:
                    reported.add(frozenset(cycle))
                    first = modules[cycle[0]]
                    sinks[first.module.source].add(  # type: ignore[union-attr]
                        first.lines["prerequisites"],
                        messages.PREREQUISITE_CYCLE.format(cycle=" -> ".join(cycle)),
                    )
            elif prerequisite not in state:
                visit(prerequisite, path)
        path.pop()
        state[name] = 2

    for name in modules:
        if name not in state:
            visit(name, [])


def check_course(
    parts: CourseParts, modules: tuple[Module, ...]
) -> tuple[Completion, CertificateSettings | None]:
    """Quiz references, completion rules and the certificate template of course.yaml."""
    head, sink = parts.head, parts.course_sink
    for key, (quiz_id, line) in head.quizzes.items():
        _check_quiz(parts, sink, key, quiz_id, line, EXPECTED_KINDS[key])
    drafts = {m.id for m in modules if m.draft}
    if head.completion_modules is None:
        required = tuple(m.id for m in modules if not m.draft)
    else:
        required = tuple(name for name, _ in head.completion_modules)
        for name, line in head.completion_modules:
            if name not in parts.known_module_ids:
                sink.add(line, messages.UNKNOWN_COMPLETION_MODULE.format(module=name))
            elif name in drafts:
                sink.add(line, messages.DRAFT_COMPLETION_MODULE.format(module=name))
    posttest = head.quizzes.get("posttest")
    min_score = None
    if head.posttest_min_score is not None:
        min_score, line = head.posttest_min_score
        if posttest is None:
            sink.add(
                line, messages.NEEDS_SETTING.format(key="posttest_min_score", needs="posttest")
            )
    elif posttest is not None and posttest[0] in parts.quizzes:
        min_score = parts.quizzes[posttest[0]].pass_score
    evaluation_required, line = head.evaluation_required
    if evaluation_required and "evaluation" not in head.quizzes:
        sink.add(line, messages.NEEDS_SETTING.format(key="evaluation_required", needs="evaluation"))
    pretest_required = "pretest" in head.quizzes
    if head.pretest_required is not None:
        pretest_required, line = head.pretest_required
        if pretest_required and "pretest" not in head.quizzes:
            sink.add(line, messages.NEEDS_SETTING.format(key="pretest_required", needs="pretest"))
    completion = Completion(required, min_score, evaluation_required, pretest_required)
    certificate = None
    if head.template is not None:
        template, line = head.template
        if template not in parts.templates:
            sink.add(
                line,
                messages.UNKNOWN_TEMPLATE.format(
                    template=template, folder=parts.certificates_folder
                ),
            )
        signatory_name, signatory_title = head.signatory
        certificate = CertificateSettings(
            template,
            signatory_name,
            signatory_title,
            head.valid_for_days,
            head.issuer,
            head.accreditation,
        )
    return completion, certificate
