from collections.abc import Callable
from datetime import datetime
from typing import Any, Generic, ParamSpec, TypeVar

from huey.consumer import Consumer
from huey.storage import BaseStorage

_P = ParamSpec("_P")
_R = TypeVar("_R")
_F = TypeVar("_F", bound=Callable[..., Any])

class Result:
    id: str
    def get(
        self,
        blocking: bool = ...,
        timeout: float | None = ...,
        backoff: float = ...,
        max_delay: float = ...,
        revoke_on_timeout: bool = ...,
        preserve: bool = ...,
    ) -> Any: ...

class Task:
    id: str
    name: str
    args: tuple[Any, ...]
    kwargs: dict[str, Any]
    retries: int
    retry_delay: int

class TaskWrapper(Generic[_P, _R]):
    name: str
    def __call__(self, *args: _P.args, **kwargs: _P.kwargs) -> Result | None: ...
    def call_local(self, *args: _P.args, **kwargs: _P.kwargs) -> _R: ...
    def schedule(
        self,
        args: tuple[Any, ...] | None = ...,
        kwargs: dict[str, Any] | None = ...,
        eta: datetime | None = ...,
        delay: float | None = ...,
        priority: int | None = ...,
        retries: int | None = ...,
        retry_delay: int | None = ...,
        expires: float | datetime | None = ...,
        id: str | None = ...,
    ) -> Result | None: ...
    def s(self, *args: _P.args, **kwargs: _P.kwargs) -> Task: ...

class Huey:
    name: str
    results: bool
    storage: BaseStorage
    _immediate: bool
    def __init__(
        self,
        name: str = ...,
        results: bool = ...,
        store_none: bool = ...,
        utc: bool = ...,
        immediate: bool = ...,
        serializer: Any = ...,
        compression: bool = ...,
        use_zlib: bool = ...,
        immediate_use_memory: bool = ...,
        always_eager: bool | None = ...,
        storage_class: type[BaseStorage] | None = ...,
        **storage_kwargs: Any,
    ) -> None: ...
    def task(
        self,
        retries: int = ...,
        retry_delay: int = ...,
        retry_backoff: float = ...,
        priority: int | None = ...,
        context: bool = ...,
        name: str | None = ...,
        expires: float | datetime | None = ...,
        **kwargs: Any,
    ) -> Callable[[Callable[_P, _R]], TaskWrapper[_P, _R]]: ...
    def periodic_task(
        self,
        validate_datetime: Callable[[datetime], bool],
        retries: int = ...,
        retry_delay: int = ...,
        priority: int | None = ...,
        context: bool = ...,
        name: str | None = ...,
        expires: float | datetime | None = ...,
        **kwargs: Any,
    ) -> Callable[[Callable[_P, _R]], TaskWrapper[_P, _R]]: ...
    def on_startup(self, name: str | None = ...) -> Callable[[_F], _F]: ...
    def on_shutdown(self, name: str | None = ...) -> Callable[[_F], _F]: ...
    def create_consumer(self, **options: Any) -> Consumer: ...
    def execute(self, task: Task, timestamp: datetime | None = ...) -> Any: ...
    def put(self, key: str, data: Any) -> Any: ...
    def get(self, key: str, peek: bool = ...) -> Any: ...
    def pending_count(self) -> int: ...
    def scheduled_count(self) -> int: ...
    def flush(self) -> None: ...

def crontab(
    minute: str = ...,
    hour: str = ...,
    day: str = ...,
    month: str = ...,
    day_of_week: str = ...,
    strict: bool = ...,
) -> Callable[[datetime], bool]: ...
