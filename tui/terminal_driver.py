"""Textual's terminal driver, except that a terminal that has gone (SSH dropped, tmux session killed) or takes no
output never holds the app.

Textual writes the screen through one thread behind a 30-item queue, and both its `write` and its `close` wait
for room in that queue without a timeout. The first write after the terminal hangs up fails (EIO) and ends that
thread; from then on nothing empties the queue, so the 31st write — a search's next frames, or the escape codes
that leave the alternate screen as the app quits — blocked the event loop forever: the app never exited and
stayed on the machine holding its data dir (5 of 9 `tmux kill-session` in session six's bench). Here a write
to a writer thread that has ended is dropped (there is no terminal to draw on), and once the app is quitting a
write or `close` waits at most a moment for room.
"""
from __future__ import annotations

import queue

from textual.drivers.linux_driver import LinuxDriver

ROOM_WAIT_S = 0.25  # one wait for room in the output queue; the writer thread is looked at between waits
CLOSE_WAIT_S = 2.0  # quitting: what is still queued for a live terminal may take this long to be written


class HangupSafeDriver(LinuxDriver):
    """LinuxDriver whose writes never block on a writer thread that is gone, nor for long once quitting."""

    quitting = False  # set as the app starts to quit (a signal, `q`): from then on output may be dropped
    _stalled = False  # quitting, a write found the queue full for CLOSE_WAIT_S: later ones are not waited for

    def write(self, data: str) -> None:
        writer = self._writer_thread
        assert writer is not None, "Driver must be in application mode"
        self._put(writer, data, forever=not self.quitting)

    def close(self) -> None:
        """Stop the writer thread: what is queued is written if the terminal takes it, else dropped."""
        writer = self._writer_thread
        if writer is None:
            return
        self._put(writer, None, forever=False)
        writer.join(timeout=CLOSE_WAIT_S)  # a daemon thread: if the terminal blocks it, the process still ends

    def disable_input(self) -> None:
        self.quitting = True  # Textual calls this first when the app shuts down
        super().disable_input()

    def _put(self, writer, item, *, forever: bool) -> bool:
        """Queue `item` for the writer thread: False if it was dropped (the thread has ended: the terminal went;
        or, with `forever` off, the queue stayed full for CLOSE_WAIT_S — after which, quitting, nothing more is
        waited for)."""
        waited = 0.0
        while writer.is_alive():
            try:
                writer._queue.put(item, block=not self._stalled, timeout=ROOM_WAIT_S)
                return True
            except queue.Full:
                if self._stalled:
                    return False
                waited += ROOM_WAIT_S
                if not forever and waited >= CLOSE_WAIT_S:
                    self._stalled = True  # the terminal takes no output: the rest is dropped at once
                    return False
            if self.quitting:
                forever = False
        return False
