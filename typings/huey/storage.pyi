from typing import Any

class BaseStorage:
    name: str
    def __init__(self, name: str = ..., **storage_kwargs: Any) -> None: ...

class MemoryStorage(BaseStorage): ...

class SqliteStorage(BaseStorage):
    def __init__(
        self,
        name: str = ...,
        filename: str = ...,
        cache_mb: int = ...,
        fsync: bool | None = ...,
        timeout: float = ...,
        strict_fifo: bool = ...,
        **kwargs: Any,
    ) -> None: ...

class RedisStorage(BaseStorage):
    conn: Any
    def __init__(
        self,
        name: str = ...,
        blocking: bool = ...,
        read_timeout: int = ...,
        connection_pool: Any = ...,
        url: str | None = ...,
        client_name: str | None = ...,
        **connection_params: Any,
    ) -> None: ...
