"""Errors users see. The CLI turns any PlanparseError into one line on stderr and exit status 2."""


class PlanparseError(Exception):
    """Base class of every error planparse raises on purpose."""


class InputError(PlanparseError):
    """The input cannot be read: missing, binary, undecodable, hostile or too large."""


class MissingToolError(PlanparseError):
    """A system tool needed for this input (LibreOffice, antiword) is not installed."""


class TimeBudgetError(PlanparseError):
    """One file of a folder run took longer than its time budget and was stopped (the rest go on)."""
