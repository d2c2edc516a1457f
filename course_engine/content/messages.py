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

# Modules
DUPLICATE_MODULE_ID = "duplicate module id '{id}' (also in {other})"
UNKNOWN_PREREQUISITE = "prerequisite '{module}' is not a module of this course"
DRAFT_PREREQUISITE = "prerequisite '{module}' is a draft module"
PREREQUISITE_CYCLE = "prerequisites form a cycle: {cycle}"
EMPTY_PAGE = "page {number} is empty"

# Links and images
MISSING_MODULE_LINK = "link to '{target}', which is not a module file of this course"
MISSING_ASSET = "'{target}' does not exist in the course's assets folder"
EMPTY_ALT = "image '{target}' needs alt text: ![describe the image](...)"
BAD_IMAGE_SOURCE = "image '{target}' must be a file under assets/ or an https:// address"
BAD_LINK_TARGET = (
    "link '{target}' must be a web address, a module file (NN-id.md), a file under assets/ "
    "or a #section"
)

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
LIKERT_SCALE_AND_LABELS = "use either 'scale' or 'labels', not both"
