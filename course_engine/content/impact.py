"""What an edit changes for learners: the outline live against the outline on disk.

Each change names who it touches (``scope``) and the rule that applies to them; counting the
learners is the database's part (``progress.impact``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

#: Who a change touches: everyone enrolled, or those with rows under a module or quiz id.
COURSE, MODULE, QUIZ = "course", "module", "quiz"

RULES = {
    "module added": "learners who completed the course keep their completion and certificate "
    "and see it as new since they finished; everyone else completes it",
    "module removed": "its completions and visits are kept but count for nothing",
    "module renamed": "progress recorded under the old id follows the new id",
    "page inserted": "visits stay on the pages seen; the new page is unread, completion stands",
    "page removed": "visits to it are dropped; resume goes to a page that exists",
    "pages reordered": "visits and resume follow each page's id",
    "module version": "completions of an earlier version count again only if the module is "
    "completed again (requires_recompletion)",
    "quiz added": "nobody has attempted it",
    "quiz removed": "its attempts are kept, shown as they were",
    "quiz renamed": "attempts recorded under the old id follow the new id",
    "question added": "attempts already made keep their questions and score",
    "question removed": "attempts already made keep their questions and score",
    "key changed": "attempts already made keep their result, shown with the key they were "
    "graded on",
    "pass score raised": "passes already decided stand; new attempts need the new score",
    "pass score lowered": "passes already decided stand; new attempts need the new score",
    "completion score raised": "completions stand; learners in progress need the new score "
    "unless a post-test attempt already passed",
    "completion score lowered": "learners in progress need the new score",
    "course version": "completions stand",
    "course version (recompletion)": "learners who completed an earlier version are asked to "
    "complete it again (certificates already issued stay valid)",
}


@dataclass(frozen=True)
class Change:
    """One change between the live version and the files, for one course."""

    course: str
    kind: str
    subject: str  #: the module, quiz or page changed
    source: str  #: the file (relative to the content root)
    line: int
    scope: str  #: COURSE, MODULE or QUIZ
    scope_id: str  #: the module or quiz id whose learners it touches ("" for the course)

    @property
    def rule(self) -> str:
        """What happens to the learners it touches (completion is a fact in time)."""
        return RULES[self.kind]


def content_changes(live: dict[str, Any], disk: dict[str, Any]) -> list[Change]:
    """Every change from the live outline to the one on disk, course by course."""
    found: list[Change] = []
    for slug, new in disk["courses"].items():
        old = live["courses"].get(slug)
        if old is not None:
            found += _course_changes(slug, old, new)
    return found


def _course_changes(slug: str, old: dict[str, Any], new: dict[str, Any]) -> list[Change]:
    found: list[Change] = []
    source = new["source"]

    def add(kind: str, subject: str, where: str, line: int, scope: str, scope_id: str) -> None:
        found.append(Change(slug, kind, subject, where, line, scope, scope_id))

    if old["version"] != new["version"]:
        kind = "course version (recompletion)" if new["requires_recompletion"] else "course version"
        add(kind, f"{old['version']} → {new['version']}", source, 1, COURSE, "")
    old_min, new_min = old["posttest_min_score"], new["posttest_min_score"]
    if old_min is not None and new_min is not None and old_min != new_min:
        kind = "completion score raised" if new_min > old_min else "completion score lowered"
        add(kind, f"post-test {old_min}% → {new_min}%", source, 1, COURSE, "")
    old_modules = {m["id"]: m for m in old["modules"]}
    for module in new["modules"]:
        previous = old_modules.pop(module["id"], None)
        where = module["source"]
        if previous is None:
            renamed = [o for o in module["renamed_from"] if o in old_modules]
            if renamed:
                previous = old_modules.pop(renamed[0])
                add("module renamed", f"{renamed[0]} → {module['id']}", where, module["line"],
                    MODULE, renamed[0])  # fmt: skip
            elif not module["draft"]:
                add("module added", module["id"], where, 1, COURSE, "")
                continue
            else:
                continue
        found += _page_changes(slug, previous, module)
        if previous["version"] != module["version"] and module["requires_recompletion"]:
            subject = f"{module['id']} {previous['version']} → {module['version']}"
            add("module version", subject, where, 1, MODULE, previous["id"])
    for gone in old_modules.values():
        add("module removed", gone["id"], gone["source"], 1, MODULE, gone["id"])
    old_quizzes = dict(old["quizzes"])
    for quiz_id, quiz in new["quizzes"].items():
        previous = old_quizzes.pop(quiz_id, None)
        if previous is None:
            renamed = [o for o in quiz["renamed_from"] if o in old_quizzes]
            if not renamed:
                add("quiz added", quiz_id, quiz["source"], 1, QUIZ, quiz_id)
                continue
            previous = old_quizzes.pop(renamed[0])
            line = quiz["lines"]["renamed_from"]
            add("quiz renamed", f"{renamed[0]} → {quiz_id}", quiz["source"], line, QUIZ, renamed[0])
            quiz_scope = renamed[0]
        else:
            quiz_scope = quiz_id
        found += [
            Change(slug, kind, subject, quiz["source"], line, QUIZ, quiz_scope)
            for kind, subject, line in _quiz_changes(quiz_id, previous, quiz)
        ]
    for quiz_id, gone in old_quizzes.items():
        add("quiz removed", quiz_id, gone["source"], 1, QUIZ, quiz_id)
    return found


def _page_changes(slug: str, old: dict[str, Any], new: dict[str, Any]) -> list[Change]:
    before, after = old["pages"], new["pages"]
    found = []
    for number, page in enumerate(after, start=1):
        if page not in before:
            subject = f"{new['id']} page {number} ({page})"
            found.append(
                Change(slug, "page inserted", subject, new["source"], 1, MODULE, old["id"])
            )
    for number, page in enumerate(before, start=1):
        if page not in after:
            subject = f"{new['id']} page {number} ({page})"
            found.append(Change(slug, "page removed", subject, new["source"], 1, MODULE, old["id"]))
    kept_before = [p for p in before if p in after]
    kept_after = [p for p in after if p in before]
    if kept_before != kept_after:
        found.append(
            Change(slug, "pages reordered", new["id"], new["source"], 1, MODULE, old["id"])
        )
    return found


def _quiz_changes(
    quiz_id: str, old: dict[str, Any], new: dict[str, Any]
) -> list[tuple[str, str, int]]:
    found = []
    before, after = old["questions"], new["questions"]
    for question, (key, line) in after.items():
        if question not in before:
            found.append(("question added", f"{quiz_id}: {question}", line))
        elif before[question][0] != key:
            found.append(("key changed", f"{quiz_id}: {question}", line))
    for question in before:
        if question not in after:
            found.append(("question removed", f"{quiz_id}: {question}", 1))
    old_score, new_score = old["pass_score"], new["pass_score"]
    if old_score is not None and new_score is not None and old_score != new_score:
        kind = "pass score raised" if new_score > old_score else "pass score lowered"
        line = new["lines"]["pass_score"]
        found.append((kind, f"{quiz_id} {old_score}% → {new_score}%", line))
    return found
