"""Input problems are reported as one line and a reason code, never as a traceback."""

from __future__ import annotations


class InputError(Exception):
    """A file gouji cannot read. `code` is stable (for tables and exit codes); `message` is Chinese."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message

    def __str__(self) -> str:
        return f"{self.message} [{self.code}]"
