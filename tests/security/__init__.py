"""Security suites: completion integrity, answer leakage, XSS, authentication, content."""
