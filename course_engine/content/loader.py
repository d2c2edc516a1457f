"""Compiling a content root into a Catalog: every file read, checked and rendered once."""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from types import MappingProxyType
from typing import Any

from course_engine.content import messages
from course_engine.content.certificates import build_template, with_template_people
from course_engine.content.course_file import parse_course
from course_engine.content.errors import ContentError, ContentErrors, Sink
from course_engine.content.files import (
    FileCache,
    combine_hashes,
    is_inside,
    read_text,
    stat_key,
    walk_files,
)
from course_engine.content.handout_file import build_handout, handout_id
from course_engine.content.links import CourseLinks
from course_engine.content.module_file import (
    MODULE_FILE_RE,
    ModuleHead,
    ParsedModule,
    build_module,
    head_id,
    read_head,
)
from course_engine.content.objectives import check_objectives
from course_engine.content.objects import (
    Catalog,
    CatalogStats,
    CertificateTemplate,
    Course,
    Handout,
    Quiz,
)
from course_engine.content.quiz_file import ParsedQuiz, build_quiz
from course_engine.content.renames import check_renames
from course_engine.content.translated_course import translate_course
from course_engine.content.translations import translate_template, translation_of
from course_engine.content.validate import CourseParts, check_course, check_modules


@dataclass(frozen=True)
class Layout:
    """Where content lives under a root, and the URLs links are rewritten to."""

    root: Path
    modules_dir: str = "modules"
    quizzes_dir: str = "quizzes"
    certificates_dir: str = "certificates"
    module_url: str = "/courses/{course}/modules/{module}"
    asset_url: str = "/courses/{course}/assets/{path}"
    handout_url: str = "/courses/{course}/handouts/{handout}"

    @property
    def bases(self) -> list[Path]:
        """The three content folders."""
        return [self.root / d for d in (self.modules_dir, self.quizzes_dir, self.certificates_dir)]

    def rel(self, path: Path) -> str:
        """A path as reported in errors: relative to the root, POSIX style."""
        text, root = str(path), str(self.root)
        if text.startswith(root + os.sep):
            return text[len(root) + 1 :].replace(os.sep, "/")
        return path.as_posix()


def make_layout(root: Path | str, **options: str) -> Layout:
    """A Layout with an absolute root."""
    return Layout(Path(root).absolute(), **options)


def load_catalog(root: Path | str, **options: str) -> Catalog:
    """Compile the content under ``root``; raise ContentErrors listing every problem."""
    catalog, errors = check_content(root, **options)
    if catalog is None:
        raise ContentErrors(errors)
    return catalog


def check_content(root: Path | str, **options: str) -> tuple[Catalog | None, list[ContentError]]:
    """Compile the content under ``root``; return (catalog or None, sorted errors)."""
    return Compiler(make_layout(root, **options), FileCache()).run()


class Compiler:
    """One pass over a content root, reusing per-file work from ``cache``."""

    def __init__(self, layout: Layout, cache: FileCache) -> None:
        self.layout = layout
        self.cache = cache
        self.errors: list[ContentError] = []

    def run(self) -> tuple[Catalog | None, list[ContentError]]:
        """Compile everything; the catalog is None when any error was found."""
        modules_base, quizzes_base, certificates_base = self.layout.bases
        templates = self._templates(certificates_base)
        courses: dict[str, Course] = {}
        self.translations: dict[str, dict[str, Course]] = {}
        if not modules_base.is_dir():
            message = messages.MISSING_FOLDER.format(folder=self.layout.rel(modules_base))
            self.errors.append(ContentError(self.layout.rel(modules_base), 1, message))
        for folder in _subfolders(modules_base):
            course = self._course(folder, modules_base, quizzes_base, templates)
            if course is not None:
                courses[course.slug] = course
        for folder in _subfolders(quizzes_base):
            if not (modules_base / folder.name).is_dir():
                message = messages.QUIZ_FOLDER_WITHOUT_COURSE.format(slug=folder.name)
                self.errors.append(ContentError(self.layout.rel(folder), 1, message))
        self.cache.finish()
        errors = sorted(set(self.errors))
        if errors:
            return None, errors
        parts = [(slug, c.content_hash) for slug, c in courses.items()]
        parts += [
            (f"template:{t.id}", self.cache.digest(self.layout.root / t.source))
            for t in templates.values()
        ]
        catalog = Catalog(
            courses=MappingProxyType(courses),
            templates=MappingProxyType(templates),
            content_hash=combine_hashes(parts),
            loaded_at=datetime.now(UTC),
            stats=_stats(courses.values()),
            translations=MappingProxyType(
                {k: MappingProxyType(v) for k, v in sorted(self.translations.items())}
            ),
        )
        return catalog, []

    def _read(self, path: Path, base: Path, kind: str, build: Any, context: Any = None) -> Any:
        """Read a file (escape, size and encoding checks) and build from its text, cached."""
        rel = self.layout.rel(path)
        if not is_inside(path, base):
            self.errors.append(ContentError(rel, 1, messages.PATH_ESCAPES.format(target=rel)))
            return None

        def compute() -> tuple[Any, list[ContentError]]:
            sink = Sink(rel)
            text = read_text(path, sink)
            return (build(text, rel) if text is not None else None), sink.errors

        try:
            key = (stat_key(path), context)
        except OSError:
            key = None
        result, errors = self.cache.memo(kind, path, key, compute)
        self.errors.extend(errors)
        return result

    def _templates(self, base: Path) -> dict[str, CertificateTemplate]:
        templates: dict[str, CertificateTemplate] = {}
        files = tuple(p.relative_to(base).as_posix() for p in walk_files(base))  # fonts, images
        translated: list[Path] = []
        for path in sorted(base.glob("*.yaml")) if base.is_dir() else []:
            if translation_of(path) is not None:
                translated.append(path)
                continue
            result = self._read(path, base, "template", partial(build_template, folder=base), files)
            if result is None:
                continue
            template, errors = result
            self.errors.extend(errors)
            if template is not None:
                templates[template.id] = template
        for path in translated:
            self._template_translation(path, base, templates)
        return templates

    def _template_translation(
        self, path: Path, base: Path, templates: dict[str, CertificateTemplate]
    ) -> None:
        """Lay ``<id>.xx.yaml`` over template ``<id>`` as its wording in language xx."""
        import dataclasses

        name, language = translation_of(path) or ("", "")
        template = templates.get(Path(name).stem)
        rel = self.layout.rel(path)
        if template is None:
            original = self.layout.rel(base / name)
            message = messages.TRANSLATION_WITHOUT_ORIGINAL.format(original=original)
            self.errors.append(ContentError(rel, 1, message))
            return
        text = self._read(path, base, "translation", lambda text, rel: text)
        if text is None:
            return
        wording, sink = translate_template(dict(template.data), text, rel, template.source)
        self.errors.extend(sink.errors)
        languages = {**template.translations, language: MappingProxyType(wording)}
        templates[template.id] = dataclasses.replace(
            template, translations=MappingProxyType(languages)
        )

    def _assets(self, folder: Path, base: Path) -> frozenset[str]:
        found: set[str] = set()
        for path in walk_files(folder):
            rel = self.layout.rel(path)
            if not is_inside(path, base):
                self.errors.append(ContentError(rel, 1, messages.PATH_ESCAPES.format(target=rel)))
                continue
            found.add(path.relative_to(folder).as_posix())
        return frozenset(found)

    def _course(
        self,
        folder: Path,
        modules_base: Path,
        quizzes_base: Path,
        templates: dict[str, CertificateTemplate],
    ) -> Course | None:
        rel_folder = self.layout.rel(folder)
        if not is_inside(folder, modules_base):
            message = messages.PATH_ESCAPES.format(target=rel_folder)
            self.errors.append(ContentError(rel_folder, 1, message))
            return None
        start = len(self.errors)
        assets = self._assets(folder / "assets", folder)
        module_paths = sorted(
            p
            for p in folder.glob("*.md")
            if (p.is_file() or p.is_symlink()) and translation_of(p) is None
        )
        heads: dict[Path, ModuleHead] = {}
        for path in module_paths:
            head = self._read(path, folder, "head", read_head)
            if head is not None:
                heads[path] = head
        module_files = {
            p.name: m.group(2) for p in module_paths if (m := MODULE_FILE_RE.match(p.name))
        }
        module_files.update({p.name: i for p, h in heads.items() if (i := head_id(h, p.name))})
        handout_paths = _handout_files(folder / "handouts")
        handout_ids = frozenset(i for p in handout_paths if (i := handout_id(p.name)))
        links = CourseLinks(
            folder.name,
            module_files,
            assets,
            self.layout.module_url,
            self.layout.asset_url,
            handout_ids,
            self.layout.handout_url,
        )
        context = links.key()
        course_path = folder / "course.yaml"
        if not course_path.exists():
            rel = self.layout.rel(course_path)
            self.errors.append(ContentError(rel, 1, messages.MISSING_COURSE_FILE))
            return None

        def build_course(text: str, rel: str) -> Any:
            return parse_course(text, rel, folder.name, links)

        head = self._read(course_path, folder, "course", build_course, context)
        parsed_modules: list[ParsedModule] = []
        for path, module_head in heads.items():

            def build(
                text: str, rel: str, mh: ModuleHead = module_head, name: str = path.name
            ) -> Any:
                return build_module(mh, name, rel, links)

            parsed = self._read(path, folder, "module", build, context)
            if parsed is not None:
                self.errors.extend(parsed.errors)
                parsed_modules.append(parsed)
        handouts = self._handouts(handout_paths, folder, links)
        quiz_folder = quizzes_base / folder.name
        quizzes, known_quizzes, quiz_paths = self._quizzes(quiz_folder, folder.name, links)
        if head is None:
            return None
        self.errors.extend(head.errors)
        sinks = {p.module.source: Sink(p.module.source) for p in parsed_modules if p.module}
        course_sink = Sink(self.layout.rel(course_path))
        parts = CourseParts(
            head=head,
            course_sink=course_sink,
            modules=parsed_modules,
            known_module_ids=set(module_files.values()),
            quizzes=quizzes,
            known_quiz_ids=known_quizzes,
            quiz_folder=self.layout.rel(quiz_folder),
            templates=set(templates),
            certificates_folder=self.layout.certificates_dir,
        )
        check_modules(parts, sinks)
        modules = tuple(
            sorted(
                (p.module for p in parsed_modules if p.module),
                key=lambda m: (m.order, m.source),
            )
        )
        completion, certificate = check_course(parts, modules)
        if certificate is not None:
            certificate = with_template_people(certificate, templates.get(certificate.template))
        self.errors.extend(check_objectives(modules, quizzes))
        self.errors.extend(check_renames(modules, quizzes))
        for sink in [*sinks.values(), course_sink]:
            self.errors.extend(sink.errors)
        if len(self.errors) > start or head.slug is None or head.title is None:
            return None
        files = [course_path, *module_paths, *quiz_paths, *handout_paths]
        files += [folder / "assets" / a for a in assets]
        digest = combine_hashes((self.layout.rel(p), self.cache.digest(p)) for p in files)
        course = Course(
            slug=head.slug,
            title=head.title,
            summary_html=head.summary_html,
            hours=head.hours or 0.0,
            audience=head.audience,
            objectives=head.objectives,
            version=head.version,
            pretest=_quiz_ref(head.quizzes, "pretest"),
            posttest=_quiz_ref(head.quizzes, "posttest"),
            evaluation=_quiz_ref(head.quizzes, "evaluation"),
            completion=completion,
            certificate=certificate,
            draft=head.draft,
            modules=modules,
            quizzes=MappingProxyType(quizzes),
            assets_dir=folder / "assets",
            content_hash=digest,
            source=self.layout.rel(course_path),
            lines=MappingProxyType(head.lines),
            handouts=handouts,
            requires_recompletion=head.requires_recompletion,
        )
        return self._translated(course, folder, quiz_folder, links, files)

    def _translated(
        self, course: Course, folder: Path, quiz_folder: Path, links: CourseLinks, files: list[Path]
    ) -> Course | None:
        """The course's translations (kept for the catalog); the original, or None on errors."""
        import dataclasses

        def read(path: Path) -> str | None:
            base = folder if path.parent == folder else quiz_folder
            text: str | None = self._read(path, base, "translation", lambda text, rel: text)
            return text

        merged, translated, errors, read_files = translate_course(
            course, folder, quiz_folder, links, read, self.layout.rel
        )
        self.errors.extend(errors)
        if errors:
            return None
        parts = [(self.layout.rel(p), self.cache.digest(p)) for p in [*files, *read_files]]
        digest = combine_hashes(parts)
        for language, translation in translated.items():
            translation = dataclasses.replace(translation, content_hash=digest)
            self.translations.setdefault(language, {})[course.slug] = translation
        return dataclasses.replace(merged, content_hash=digest)

    def _handouts(self, paths: list[Path], folder: Path, links: CourseLinks) -> tuple[Handout, ...]:
        """The handouts of a course, ordered by ``order`` then id."""
        found: list[Handout] = []
        for path in paths:

            def build(text: str, rel: str, name: str = path.name) -> Any:
                return build_handout(text, name, rel, links)

            result = self._read(path, folder, "handout", build, links.key())
            if result is None:
                continue
            handout, errors = result
            self.errors.extend(errors)
            if handout is not None:
                found.append(handout)
        return tuple(sorted(found, key=lambda h: (h.order, h.id)))

    def _quizzes(
        self, folder: Path, course: str, links: CourseLinks
    ) -> tuple[dict[str, Quiz], set[str], list[Path]]:
        quizzes: dict[str, Quiz] = {}
        known: dict[str, str] = {}
        paths: list[Path] = []
        for path in sorted(folder.iterdir()) if folder.is_dir() else []:
            if path.name.startswith(".") or path.is_dir():
                continue
            if path.suffix == ".yml":
                rel = self.layout.rel(path)
                self.errors.append(ContentError(rel, 1, messages.BAD_QUIZ_FILENAME))
                continue
            if path.suffix != ".yaml" or translation_of(path) is not None:
                continue
            paths.append(path)
            digest = self.cache.digest(path)

            def build(text: str, rel: str, stem: str = path.stem, digest: str = digest) -> Any:
                return build_quiz(text, stem, rel, course, links, digest)

            parsed: ParsedQuiz | None = self._read(path, folder, "quiz", build, links.key())
            if parsed is None:
                known.setdefault(path.stem, self.layout.rel(path))
                continue
            self.errors.extend(parsed.errors)
            quiz_id = parsed.quiz_id
            rel = self.layout.rel(path)
            if quiz_id in known:
                line = parsed.lines.get("id", 1)
                message = messages.DUPLICATE_QUIZ_ID.format(id=quiz_id, other=known[quiz_id])
                self.errors.append(ContentError(rel, line, message))
                continue
            known[quiz_id] = rel
            if parsed.quiz is not None:
                quizzes[quiz_id] = parsed.quiz
        return quizzes, set(known), paths


def _quiz_ref(refs: dict[str, tuple[str, int]], key: str) -> str | None:
    return refs[key][0] if key in refs else None


def _handout_files(folder: Path) -> list[Path]:
    """The Markdown files of a course's handouts/ folder (none when it is missing)."""
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.glob("*.md") if p.is_file() or p.is_symlink())


def _subfolders(base: Path) -> list[Path]:
    if not base.is_dir():
        return []
    return sorted(p for p in base.iterdir() if p.is_dir() and not p.name.startswith("."))


def _stats(courses: Any) -> CatalogStats:
    courses = list(courses)
    modules = [m for c in courses for m in c.modules]
    quizzes = [q for c in courses for q in c.quizzes.values()]
    return CatalogStats(
        courses=len(courses),
        modules=len(modules),
        pages=sum(len(m.pages) for m in modules),
        quizzes=len(quizzes),
        questions=sum(len(q.questions) for q in quizzes),
    )
