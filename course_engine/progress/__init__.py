"""Enrolment and progress: pages reached, modules completed, what is left.

Plain functions over a session and content objects; they flush but never commit.
"""
