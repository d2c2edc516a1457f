"""Reports: completion reports and their exports, course dashboards, quiz and evaluation results.

Plain functions over a session (no Flask request); the views and CLI commands call them.
"""
