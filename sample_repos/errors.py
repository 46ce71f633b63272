"""The one exception type callers of sample_repos need to handle."""


class SampleError(ValueError):
    """A sample repository could not be built because of bad input.

    The message is one sentence saying what is wrong and what to do about it.
    """
