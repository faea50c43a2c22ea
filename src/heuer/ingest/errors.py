"""The one error type of ingest: a problem with one input, said in one line."""

from __future__ import annotations


class InputError(Exception):
    """A bad input. ``str()`` is the line the user sees: the input's name, then what is wrong.

    Readers yield these instead of raising them when they can go on with the rest of an input (a bad line
    in a JSON Lines file, a bad entry in a feed), so one bad item never hides the good ones.
    """

    def __init__(self, origin: str, problem: str):
        super().__init__(f"{origin}: {problem}")
        self.origin = origin
        self.problem = problem
