from typing import Any

from wtforms import FileField as _FileField

class FileField(_FileField):
    data: Any
    def has_file(self) -> bool: ...

class FileRequired:
    def __init__(self, message: str | None = ...) -> None: ...

class FileAllowed:
    def __init__(self, upload_set: Any, message: str | None = ...) -> None: ...

class FileSize:
    def __init__(self, max_size: int, min_size: int = ..., message: str | None = ...) -> None: ...
