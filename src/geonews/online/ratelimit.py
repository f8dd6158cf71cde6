"""Request pacing for online geocoders, with a clock and a sleep that tests can replace."""

from __future__ import annotations

from collections.abc import Callable

Clock = Callable[[], float]
Sleep = Callable[[float], None]


class RateLimiter:
    """Keeps request starts at least ``min_interval`` seconds apart.

    ``defer`` pushes the next start further out (for ``Retry-After`` and back-off). Time
    comes from ``clock`` and passes through ``sleep``, both injectable for tests.
    """

    def __init__(self, min_interval: float, *, clock: Clock, sleep: Sleep) -> None:
        self.min_interval = min_interval
        self._clock = clock
        self._sleep = sleep
        self._next_start: float | None = None

    def wait(self) -> None:
        """Sleep until a request may start, then count one as started."""
        if self._next_start is not None:
            delay = self._next_start - self._clock()
            if delay > 0:
                self._sleep(delay)
        self._next_start = self._clock() + self.min_interval

    def defer(self, seconds: float) -> None:
        """Let no request start for ``seconds`` from now."""
        until = self._clock() + seconds
        if self._next_start is None or until > self._next_start:
            self._next_start = until
