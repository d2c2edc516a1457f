"""Every message the content compiler reports, defined once (``str.format`` templates)."""

from __future__ import annotations

# Files and folders
FILE_TOO_LARGE = "file is larger than the {limit} KiB limit"
FILE_NOT_UTF8 = "file is not UTF-8 text"
FILE_UNREADABLE = "file cannot be read: {reason}"
PATH_ESCAPES = "'{target}' leaves the course folder"
MISSING_FOLDER = "content folder '{folder}' not found"
MISSING_COURSE_FILE = "course folder has no course.yaml"
BAD_MODULE_FILENAME = "module file name must look like NN-id.md (digits, a dash, an id)"
BAD_QUIZ_FILENAME = "quiz file name must end in .yaml"
QUIZ_FOLDER_WITHOUT_COURSE = "quiz folder has no course with the slug '{slug}'"

# YAML and front matter
YAML_SYNTAX = "invalid YAML: {problem}"
YAML_TAG = "YAML tag '{tag}' is not allowed: use plain strings, numbers, booleans, lists, mappings"
YAML_ALIAS = "YAML anchors and aliases (& and *) are not allowed"
YAML_DUPLICATE_KEY = "duplicate key '{key}'"
YAML_KEY_NOT_STRING = "keys must be plain strings"
NOT_A_MAPPING = "{what} must be a mapping of keys to values"
FRONT_MATTER_MISSING = "module file must start with YAML front matter between '---' lines"
FRONT_MATTER_UNCLOSED = "front matter is not closed: add a line '---' after it"

# Keys and values
MISSING_KEY = "missing required key '{key}'"
UNKNOWN_KEY = "unknown key '{key}'"
UNKNOWN_KEY_SUGGEST = "unknown key '{key}', did you mean '{suggestion}'?"
MUST_BE_STRING = "'{key}' must be a non-empty string"
MUST_BE_BOOL = "'{key}' must be true or false"
MUST_BE_NUMBER = "'{key}' must be a number"
MUST_BE_POSITIVE_NUMBER = "'{key}' must be a number greater than 0"
MUST_BE_NONNEGATIVE_NUMBER = "'{key}' must be a number of 0 or more"
MUST_BE_POSITIVE_INT = "'{key}' must be a whole number greater than 0"
MUST_BE_NONNEGATIVE_INT = "'{key}' must be a whole number of 0 or more"
MUST_BE_INT_RANGE = "'{key}' must be a whole number from {low} to {high}"
MUST_BE_STRING_LIST = "'{key}' must be a list of non-empty strings"
MUST_BE_LIST = "'{key}' must be a list"
MUST_BE_ONE_OF = "'{key}' must be one of: {choices}"
DID_YOU_MEAN = "; did you mean '{suggestion}'?"
BAD_ID = "'{key}' must be an id of letters, digits, '-' and '_' (got '{value}')"
TOO_FEW = "'{key}' needs at least {minimum} entries"
DUPLICATE_ENTRY = "duplicate entry '{value}' in '{key}'"

# Course
SLUG_MISMATCH = "slug '{slug}' must equal the folder name '{folder}'"
UNKNOWN_QUIZ = "'{key}' refers to quiz '{quiz}', which does not exist in {folder}/"
WRONG_QUIZ_KIND = "'{key}' must refer to a {expected} quiz, but '{quiz}' is a {actual} quiz"
UNKNOWN_COMPLETION_MODULE = "completion module '{module}' is not a module of this course"
DRAFT_COMPLETION_MODULE = "completion module '{module}' is a draft"
NEEDS_SETTING = "'{key}' needs the course to set '{needs}'"
UNKNOWN_TEMPLATE = "certificate template '{template}' does not exist in {folder}/"
BAD_URL = "'{key}' must be an address starting with https:// or http:// (got '{value}')"
BAD_EMAIL = "'{key}' must be an email address like name@example.org (got '{value}')"

# Modules
DUPLICATE_MODULE_ID = "duplicate module id '{id}' (also in {other})"
UNKNOWN_PREREQUISITE = "prerequisite '{module}' is not a module of this course"
DRAFT_PREREQUISITE = "prerequisite '{module}' is a draft module"
PREREQUISITE_CYCLE = "prerequisites form a cycle: {cycle}"
EMPTY_PAGE = "page {number} is empty"
DUPLICATE_PAGE_ID = (
    "two pages have the id '{id}' (also page {number}): give one a different heading or an "
    "anchor in its marker, <!-- page: another-id -->"
)
BAD_PAGE_ANCHOR = "page anchor '{anchor}' must use only letters, digits, '-' and '_'"
RENAMED_FROM_CURRENT = "renamed_from names '{id}', an id still in use in this course"
RENAMED_FROM_TWICE = "'{id}' is named in renamed_from of both {first} and {second}"
BAD_OBJECTIVE = "an objective must be a mapping with 'id' and 'text', or plain text"
DUPLICATE_OBJECTIVE_ID = "duplicate objective id '{id}' (also in {other})"

# Links and images
MISSING_MODULE_LINK = "link to '{target}', which is not a module file of this course"
MISSING_ASSET = "'{target}' does not exist in the course's assets folder"
EMPTY_ALT = "image '{target}' needs alt text: ![describe the image](...)"
BAD_IMAGE_SOURCE = "image '{target}' must be a file under assets/ or an https:// address"
BAD_LINK_TARGET = (
    "link '{target}' must be a web address, a module file (NN-id.md), a handout "
    "(handouts/<id>.md or .pdf), a file under assets/ or a #section"
)

MISSING_HANDOUT_LINK = (
    "link to '{target}', which is not a handout of this course (handouts/<id>.md)"
)

# Handouts
BAD_HANDOUT_FILENAME = "a handout file is named <id>.md (letters, digits, '-' and '_')"
BAD_HANDOUT_DATE = "'updated' must be a date written YYYY-MM-DD (found '{value}')"
EMPTY_HANDOUT = "the handout has no text after its front matter"

# Quizzes and questions
DUPLICATE_QUIZ_ID = "duplicate quiz id '{id}' (also in {other})"
DUPLICATE_QUESTION_ID = "duplicate question id '{id}' (also on line {other})"
UNKNOWN_QUESTION_TYPE = "unknown question type '{type}'; known types: {types}"
UNKNOWN_QUESTION_TYPE_SUGGEST = "unknown question type '{type}', did you mean '{suggestion}'?"
# A message, not a password (bandit B105, ruff S105).
PASS_SCORE_NOT_ALLOWED = "'pass_score' is not allowed in a {kind} quiz"  # noqa: S105  # nosec B105
DRAW_OUT_OF_RANGE = "'draw' must be a whole number from 1 to {pool} (the number of questions)"
SURVEY_ONLY_TYPE = "question type '{type}' is only allowed in survey quizzes"
SINGLE_NEEDS_ONE_CORRECT = "a 'single' question needs exactly one correct choice (found {count})"
MULTIPLE_NEEDS_CORRECT = "a 'multiple' question needs at least one correct choice"
UNKNOWN_OBJECTIVE = "objective '{id}' is not an objective id of any module of this course"
UNKNOWN_OBJECTIVE_SUGGEST = "objective '{id}' does not exist, did you mean '{suggestion}'?"
FIXED_WITHOUT_CHOICES = (
    "'fixed' keeps choices in place, but a '{type}' question has no choices "
    "(use it on 'single' or 'multiple' questions)"
)
LIKERT_SCALE_AND_LABELS = "use either 'scale' or 'labels', not both"

# Translations (NN-id.es.md, id.es.yaml, course.es.yaml, certificates/<id>.es.yaml)
TRANSLATION_WITHOUT_ORIGINAL = "translation of '{original}', which does not exist"
TRANSLATION_UNKNOWN_ID = "'{id}' is not a question of the original ({original})"
TRANSLATION_MISSING_ID = "question '{id}' of the original ({original}:{line}) has no translation"
TRANSLATION_CHANGED = (
    "'{key}' differs from the original ({original}:{line}): structure comes from the original "
    "only; leave it out or copy it unchanged"
)
TRANSLATION_CHANGED_TYPE = (
    "question '{id}' is of type '{type}' here but '{expected}' in the original ({original}:{line})"
)
TRANSLATION_CHANGED_ANSWER_KEY = (
    "the answer key of question '{id}' differs from the original ({original}:{line}): "
    "'{key}' comes from the original only"
)
TRANSLATION_COUNT = (
    "'{key}' has {count} entries where the original has {expected} ({original}:{line})"
)
TRANSLATION_MISSING_TEXT = "'{key}' is not translated: the original has it ({original}:{line})"
TRANSLATION_PAGES = "{count} pages where the original has {expected} ({original})"
TRANSLATION_OBJECTIVE_ID = (
    "objective {number} is '{id}' here but '{expected}' in the original ({original}:{line})"
)
