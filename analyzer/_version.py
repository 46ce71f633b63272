"""The version of Faultline, in one place."""

__version__ = "0.1.0"
