"""Quizzes for the learner: grading every question type, attempts, and anonymous surveys.

Plain functions over a session and content objects; they flush but never commit.
Importing this package registers the built-in graders.
"""

from course_engine.quizzes import graders as _graders  # noqa: F401  (registers the graders)
