"""Errors that reach the user as one line in Chinese (exit code 2), never as a traceback."""


class NarrativeQAError(Exception):
    """Base class: `str(error)` is the Chinese message shown to the user."""

    exit_code = 2


class InputError(NarrativeQAError):
    """The input cannot be read: missing, empty, binary, scanned PDF, unknown format."""


class UsageError(NarrativeQAError):
    """Options or configuration that do not make sense."""


class ModelError(NarrativeQAError):
    """A model folder that is missing, altered, truncated or of another format version."""
