class HueyException(Exception): ...

class RetryTask(Exception):
    delay: float | None
    eta: object
    def __init__(
        self, msg: str | None = ..., eta: object = ..., delay: float | None = ...
    ) -> None: ...

class TaskException(Exception):
    metadata: dict[str, object]
