"""Learner accounts: registration, login, profile, password change and reset."""
