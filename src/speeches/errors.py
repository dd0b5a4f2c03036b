"""Exceptions raised by speeches; the CLI turns each into a one-line error."""

from __future__ import annotations


class SpeechesError(Exception):
    """Base class of every error speeches reports to the user."""


class NoCorpus(SpeechesError):
    """A path given to ingest holds no readable text files."""


class NoTable(SpeechesError):
    """A store lacks a table a command needs (run `speeches ingest` first)."""


class BadRule(SpeechesError):
    """A rule file is malformed; the message names the file and the rule."""


class BadRegistry(SpeechesError):
    """A speaker registry file is malformed."""


class UndecodableFile(SpeechesError):
    """A file is not text in any encoding speeches can read."""


class UnknownSpeaker(SpeechesError):
    """A --speaker name matches nobody in the registry or the store."""


class StoreLocked(SpeechesError):
    """Another process holds the store's lock."""


class MissingExtra(SpeechesError):
    """An optional feature needs a package extra that is not installed."""
