"""Content errors: one located problem, the exception carrying all of them, and a collector."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class ContentError:
    """One problem in a content file: a path relative to the content root, a 1-based line."""

    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


@dataclass(frozen=True, order=True)
class ContentWarning:
    """A likely problem an author should look at (a quality check, not an error): ``code`` names
    the check, as documented in docs/authoring.md."""

    path: str
    line: int
    code: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: warning: {self.message} [{self.code}]"


class ContentErrors(Exception):
    """Raised by ``load_catalog`` with every error found in one pass."""

    def __init__(self, errors: list[ContentError]) -> None:
        self.errors = sorted(errors)
        super().__init__("\n".join(str(error) for error in self.errors))


class Sink:
    """Collects the errors of one content file."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.errors: list[ContentError] = []

    def add(self, line: int, message: str) -> None:
        """Record ``message`` at ``line`` of this file."""
        self.errors.append(ContentError(self.path, line, message))

    def __bool__(self) -> bool:
        return bool(self.errors)
