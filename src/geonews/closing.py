"""A base for objects that hold something open (a database, an HTTP session)."""

from __future__ import annotations

from types import TracebackType
from typing import Self


class Closing:
    """``with thing:`` gives ``thing`` and calls its :meth:`close` on the way out."""

    def close(self) -> None:
        """Release what the object holds; subclasses say what that is."""
        raise NotImplementedError

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()
