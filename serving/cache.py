"""A least-recently-used cache bounded in bytes (and entries), safe across threads.

Pages and downloads are large and their size depends on the request (a 40-slide wall is ~100 times a
KPI card), so a bound in entries alone lets a few requests take hundreds of MB; this one evicts by
the size each entry declares."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any


class ByteLRU:
    """`get_or_make(key, make)`: the cached value, or `make()` -> (value, size in bytes) stored.

    An entry larger than `max_bytes` is returned but not kept. Concurrent misses on one key wait for
    the first one's `make` (no stampede of identical renders); the cache lock itself is never held
    while making."""

    def __init__(self, max_bytes: int, max_entries: int = 256):
        self.max_bytes = max_bytes
        self.max_entries = max_entries
        self._items: OrderedDict[Hashable, tuple[Any, int]] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()
        self._making: dict[Hashable, threading.Lock] = {}
        self.hits = 0
        self.misses = 0

    @property
    def size(self) -> int:
        return self._bytes

    def __len__(self) -> int:
        return len(self._items)

    def __contains__(self, key: Hashable) -> bool:
        """Is `key` kept (no effect on the order or the hit counts)?"""
        with self._lock:
            return key in self._items

    def get(self, key: Hashable) -> Any | None:
        with self._lock:
            item = self._items.get(key)
            if item is None:
                self.misses += 1
                return None
            self._items.move_to_end(key)
            self.hits += 1
            return item[0]

    def put(self, key: Hashable, value: Any, size: int) -> None:
        if size > self.max_bytes:
            return
        with self._lock:
            old = self._items.pop(key, None)
            if old is not None:
                self._bytes -= old[1]
            self._items[key] = (value, size)
            self._bytes += size
            while self._bytes > self.max_bytes or len(self._items) > self.max_entries:
                _, (_, dropped) = self._items.popitem(last=False)
                self._bytes -= dropped

    def get_or_make(self, key: Hashable, make: Callable[[], tuple[Any, int]]) -> Any:
        value = self.get(key)
        if value is not None:
            return value
        with self._lock:
            making = self._making.get(key)
            owner = making is None
            if owner:
                making = self._making[key] = threading.Lock()
                making.acquire()
        if not owner:
            with making:  # another thread is making this entry: wait for it
                pass
            value = self.get(key)
            if value is not None:
                return value
        try:
            value, size = make()
            self.put(key, value, size)
            return value
        finally:
            if owner:
                with self._lock:
                    self._making.pop(key, None)
                making.release()

    def clear(self) -> None:
        with self._lock:
            self._items.clear()
            self._bytes = 0
